import type { Database } from 'better-sqlite3';
import { Worker } from 'node:worker_threads';
import type { Logger } from '../core/logger';
import { sqliteDriverPath } from './driverPath';

/** Plain CommonJS, as for quick_check: a connection of the thread's own, one checkpoint per message. */
const SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const db = new (require(workerData.driver))(workerData.file, { fileMustExist: true });
parentPort.on('message', () => {
  try {
    const [r] = db.pragma('wal_checkpoint(PASSIVE)');
    parentPort.postMessage({ ok: true, busy: r.busy, log: r.log, checkpointed: r.checkpointed });
  } catch (e) {
    parentPort.postMessage({ ok: false, error: String((e && e.message) || e) });
  }
});
`;

/** SQLite's answer: pages in the log, and how many of them are now in the database file. */
export interface CheckpointResult {
  log: number;
  checkpointed: number;
}

type Reply = ({ ok: true; busy: number } & CheckpointResult) | { ok: false; error: string };

/** The checkpoint follows a write this long after it: a burst of saves costs one checkpoint, not one each. */
const AFTER_WRITE_MS = 1000;
/** SQLite's own default, which the main connection goes back to should the thread fail. */
const AUTOCHECKPOINT_PAGES = 1000;

/**
 * SQLite copies its write-ahead log back into the database file (a checkpoint) at the end of the
 * commit that takes the log past 1,000 pages, on the connection that commits. For a school list of
 * 10,000 pupils that was 0.4–0.5 s of a 2 s commit on the main thread, where every window waits, and
 * more on an office PC's slow disk, since a checkpoint syncs the file. So the main connection never
 * checkpoints: a thread does, on a connection of its own, PASSIVE (it neither waits for nor blocks
 * the main connection), a moment after writes. Closing the database still checkpoints the rest.
 * Should the thread fail, the main connection checkpoints by itself again, as before.
 */
export class Checkpointer {
  private worker: Worker | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<CheckpointResult | null> | null = null;
  private stopped = false;
  /** The first checkpoint the thread makes is logged: support can tell it runs, without a line per save. */
  private announced = false;

  constructor(
    private readonly db: Database,
    private readonly logger: Logger,
    private readonly options: { afterWriteMs?: number; driver?: string } = {},
  ) {
    db.pragma('wal_autocheckpoint = 0');
  }

  /** A write was committed: a checkpoint follows shortly, unless one is already due. */
  noteWrite(): void {
    if (this.timer || this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.checkpoint();
    }, this.options.afterWriteMs ?? AFTER_WRITE_MS);
    this.timer.unref();
  }

  /** A checkpoint now on the thread, or the one running; null once stopped or fallen back. */
  checkpoint(): Promise<CheckpointResult | null> {
    if (this.stopped) return Promise.resolve(null);
    this.running ??= this.onThread()
      .then((r) => {
        if (!this.announced) this.logger.info('checkpoints run on their own thread', { ...r });
        this.announced = true;
        return r;
      })
      .catch((e: unknown) => {
        this.fallBack(e);
        return null;
      })
      .finally(() => (this.running = null));
    return this.running;
  }

  async close(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
    await this.worker?.terminate();
    this.worker = null;
  }

  private thread(): Worker {
    if (!this.worker) {
      const worker = new Worker(SOURCE, {
        eval: true,
        workerData: { driver: this.options.driver ?? sqliteDriverPath(), file: this.db.name },
      });
      // Between checkpoints the thread waits for messages: that must not keep a process alive.
      worker.unref();
      this.worker = worker;
    }
    return this.worker;
  }

  private onThread(): Promise<CheckpointResult> {
    const worker = this.thread();
    return new Promise<CheckpointResult>((resolve, reject) => {
      const done = () => worker.off('message', onMessage).off('error', onError).off('exit', onExit);
      const onMessage = (r: Reply) => {
        done();
        if (r.ok) resolve({ log: r.log, checkpointed: r.checkpointed });
        else reject(new Error(r.error));
      };
      const onError = (e: Error) => {
        done();
        reject(e);
      };
      const onExit = (code: number) => {
        done();
        reject(new Error(`checkpoint thread stopped (${code})`));
      };
      worker.on('message', onMessage).on('error', onError).on('exit', onExit);
      worker.postMessage('checkpoint');
    });
  }

  /** The log must not grow without end: the main connection takes checkpoints back, starting with this one. */
  private fallBack(e: unknown): void {
    this.stopped = true;
    void this.worker?.terminate();
    this.worker = null;
    this.logger.warn('background checkpoint failed; the main connection checkpoints again', {
      error: e instanceof Error ? e.message : String(e),
    });
    try {
      this.db.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
      this.db.pragma('wal_checkpoint(PASSIVE)');
    } catch (again) {
      this.logger.warn('checkpoint failed', { error: again instanceof Error ? again.message : String(again) });
    }
  }
}
