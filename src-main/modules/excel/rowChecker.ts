import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AppError } from '../../core/errors';
import type { RowError } from '../../../shared/contract/excel';
import { bufferOf, type CheckReply, type CheckRequest, type ReportRequest, type WorkerMessage } from './checkProtocol';
import type { Column, ColumnKey } from './columns';
import type { RuledRow } from './validate';

export interface CheckHandlers {
  /** The header is read: where each column sits, and about how many rows follow (for a progress bar). */
  onRead(read: { estimate: number; positions: Map<ColumnKey, number> }): Promise<void> | void;
  /** The next rows, in file order. Throwing stops the check (a cancel, a failed save). */
  onRows(rows: RuledRow[]): Promise<void> | void;
  /** Every row was handed over: how many, and how many blank rows lay between them. */
  onEnd?(end: { total: number; emptyRows: number }): Promise<void> | void;
}

type Handlers = Partial<CheckHandlers> & { onReport?(bytes: Buffer): void };
type Request = Omit<CheckRequest, 'job'> | Omit<ReportRequest, 'job'>;

/** Run from source (tests, benchmarks), the thread is the TypeScript file beside this one; a build passes its bundle. */
const sourceEntry = () => fileURLToPath(new URL('./checkWorker.ts', import.meta.url));

/**
 * A workbook built to exhaust memory stops this thread at this size, with a message for the clerk,
 * instead of the whole application: a 20,000-row list needs about a tenth of it.
 */
const THREAD_HEAP_MB = 1024;

function spawn(entry: string, heapMb: number): Worker {
  const resourceLimits = { maxOldGenerationSizeMb: heapMb };
  if (!entry.endsWith('.ts')) return new Worker(entry, { resourceLimits });
  return new Worker(`require('tsx/cjs/api').register(); require(${JSON.stringify(entry)});`, {
    eval: true,
    resourceLimits,
  });
}

const outOfMemory = (e: Error) =>
  (e as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY'
    ? new AppError('invalid_input', 'Workbook too large to read', { file: { code: 'xlsx_too_large' } })
    : e;

/**
 * The workbook thread, seen from the main process: one check at a time, rows handed over in
 * chunks while the thread reads on, and the error reports, so that the main process never parses
 * a workbook. The thread is started once and kept; it does not keep the process alive, and a
 * thread that dies is replaced at the next check.
 */
export class RowChecker {
  private worker: Worker | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private jobs = 0;

  constructor(
    private readonly entry: string = sourceEntry(),
    private readonly heapMb = THREAD_HEAP_MB,
  ) {}

  /** Starts the thread ahead of the first list, so exceljs is loaded by the time the clerk picks a file. */
  warm(): void {
    this.thread();
  }

  /** `keepForReport`: the thread keeps the workbook it read for a `report` of the same file that follows. */
  check(
    bytes: Buffer,
    columns: Column[],
    rules: CheckRequest['rules'],
    handlers: CheckHandlers,
    keepForReport = false,
  ): Promise<void> {
    return this.enqueue({ type: 'check', bytes, columns, rules, keepForReport }, handlers);
  }

  /** The school's workbook with an "Erreurs" column and the faulty cells marked, written in the thread. */
  async report(bytes: Buffer, columns: Column[], errors: RowError[]): Promise<Buffer> {
    let written: Buffer | null = null;
    await this.enqueue({ type: 'report', bytes, columns, errors }, { onReport: (b) => (written = b) });
    return written!;
  }

  private enqueue(request: Request, handlers: Handlers): Promise<void> {
    const run = this.queue.then(() => this.run(request, handlers));
    this.queue = run.catch(() => undefined);
    return run;
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    await worker?.terminate();
  }

  private thread(): Worker {
    if (!this.worker) {
      const worker = spawn(this.entry, this.heapMb);
      worker.unref();
      const forget = () => {
        if (this.worker === worker) this.worker = null;
      };
      worker.on('error', forget).on('exit', forget);
      this.worker = worker;
    }
    return this.worker;
  }

  private run(request: Request, handlers: Handlers) {
    const worker = this.thread();
    const job = ++this.jobs;
    return new Promise<void>((resolve, reject) => {
      // Replies are handled one after the other, each after the previous one's saves.
      let chain = Promise.resolve();
      let settled = false;
      const finish = (error?: unknown) => {
        if (settled) return;
        settled = true;
        worker.unref();
        worker.off('message', onMessage).off('error', onError).off('exit', onExit);
        if (error === undefined) resolve();
        else reject(error);
      };
      const handle = async (m: CheckReply) => {
        if (settled) return;
        if (m.type === 'read') await handlers.onRead?.(m);
        else if (m.type === 'rows') await handlers.onRows?.(m.rows);
        else if (m.type === 'report') {
          handlers.onReport?.(bufferOf(m.bytes));
          finish();
        } else if (m.type === 'end') {
          await handlers.onEnd?.(m);
          finish();
        } else finish(new AppError(m.error.code, m.error.message, m.error.fields, m.error.details));
      };
      const onMessage = (m: CheckReply) => {
        if (m.job !== job) return;
        chain = chain
          .then(() => handle(m))
          .catch((e: unknown) => {
            worker.postMessage({ type: 'cancel', job } satisfies WorkerMessage);
            finish(e);
          });
      };
      const onError = (e: Error) => finish(outOfMemory(e));
      const onExit = (code: number) => finish(new Error(`Workbook thread stopped (${code})`));
      worker.on('message', onMessage).on('error', onError).on('exit', onExit);
      // Idle, the thread must not keep a process alive; working, it must, or a script could end mid-list.
      worker.ref();
      worker.postMessage({ ...request, job } as WorkerMessage);
    });
  }
}
