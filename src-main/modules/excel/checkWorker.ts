/**
 * The worker thread that reads a school's workbook and runs the row rules that need no database.
 * exceljs parsing and zod checks are most of an import's CPU; here they run beside the main
 * process, which stays free to answer the screens and saves each chunk as soon as it arrives.
 */
import { createHash } from 'node:crypto';
import { parentPort } from 'node:worker_threads';
import { setImmediate as turn } from 'node:timers/promises';
import { AppError } from '../../core/errors';
import { loadExcelJS } from '../../core/lazyDeps';
import { readSheet, streamSheet, type ReadSheet, type SheetRow, type StreamedSheet } from './reader';
import { bufferOf, type CheckReply, type CheckRequest, type ReportRequest, type WorkerMessage } from './checkProtocol';
import { errorReport } from './report';
import { checkRow, type RuledRow } from './validate';

/** Rows per message: large enough that posting costs nothing, small enough that saving starts early. */
const CHUNK = 250;

const port = parentPort!;
// The thread starts ahead of the first list (see RowChecker.warm): exceljs loads now, not with the list.
// A failure here is the first list's to report, where it is caught.
loadExcelJS().catch(() => undefined);
const cancelled = new Set<number>();

/** The same bytes read for the same columns: the error report may use the check's reading. */
const keyOf = (bytes: Uint8Array, columns: CheckRequest['columns']) =>
  createHash('sha256').update(bytes).update(JSON.stringify(columns)).digest('hex');
/** The last check's workbook, read whole, until its error report is written (or another check starts). */
let kept: { key: string; read: ReadSheet } | null = null;
/**
 * The rows of the last list read to its end, as read and before any rule. The clerk previews a list
 * and then commits it: the commit checks these rows again (against the rules and the database as they
 * are then) instead of unpacking the workbook a second time, and its saving starts at once.
 */
let lastRead: { key: string; sheet: StreamedSheet } | null = null;
const post = (m: CheckReply) => port.postMessage(m);

function fail(job: number, e: unknown) {
  const error =
    e instanceof AppError
      ? e.toShape()
      : { code: 'internal' as const, message: e instanceof Error ? e.message : String(e) };
  post({ type: 'fail', job, error });
}

/** The workbook whole when an error report follows (it is written back into it), else the rows just read, else streamed. */
async function open(bytes: Buffer, columns: CheckRequest['columns'], keepForReport: boolean): Promise<StreamedSheet> {
  const key = keyOf(bytes, columns);
  if (lastRead?.key !== key) lastRead = null;
  if (keepForReport) {
    const read = await readSheet(bytes, columns, 'everything');
    kept = { key, read };
    // Not `streamed(read)`: its closure would hold the whole workbook for as long as the rows are kept.
    lastRead = { key, sheet: readRows(read.positions, read.rows, read.emptyRows) };
    return lastRead.sheet;
  }
  return lastRead?.sheet ?? remembered(key, await streamSheet(bytes, columns));
}

/** The sheet's rows as they stream by, kept as `lastRead` once the last one is read (not after a cancel or a failure). */
function remembered(key: string, sheet: StreamedSheet): StreamedSheet {
  const rows: SheetRow[] = [];
  async function* all(): AsyncGenerator<SheetRow> {
    for await (const row of sheet.rows) {
      rows.push(row);
      yield row;
    }
    lastRead = { key, sheet: readRows(sheet.positions, rows, sheet.emptyRows()) };
  }
  return { ...sheet, rows: all() };
}

const readRows = (positions: StreamedSheet['positions'], rows: SheetRow[], emptyRows: number): StreamedSheet => ({
  positions,
  estimate: rows.length,
  rows,
  emptyRows: () => emptyRows,
});

async function check({ job, bytes, columns, rules, keepForReport = false }: CheckRequest): Promise<void> {
  kept = null;
  try {
    const sheet = await open(bufferOf(bytes), columns, keepForReport);
    post({ type: 'read', job, estimate: sheet.estimate, positions: sheet.positions });
    const ctx = { ...rules, columns, positions: sheet.positions };
    const seen = new Map<string, number>();
    let chunk: RuledRow[] = [];
    let total = 0;
    const send = async () => {
      post({ type: 'rows', job, rows: chunk });
      chunk = [];
      // A turn of the event loop lets a cancel message in between two chunks.
      await turn();
      return !cancelled.has(job);
    };
    for await (const row of sheet.rows) {
      chunk.push(checkRow(ctx, row, seen));
      total++;
      if (chunk.length === CHUNK && !(await send())) return;
    }
    if (chunk.length && !(await send())) return;
    post({ type: 'end', job, total, emptyRows: sheet.emptyRows() });
  } catch (e) {
    fail(job, e);
  } finally {
    cancelled.delete(job);
  }
}

/** The report annotates the school's own workbook, drop-down lists included: the check's, or read again whole. */
async function report({ job, bytes, columns, errors }: ReportRequest): Promise<void> {
  const reading = kept?.key === keyOf(bytes, columns) ? kept.read : null;
  kept = null;
  try {
    const read = reading ?? (await readSheet(bufferOf(bytes), columns, 'everything'));
    post({ type: 'report', job, bytes: await errorReport(read.workbook, read.sheet, read.headerRow, errors) });
  } catch (e) {
    fail(job, e);
  }
}

port.on('message', (m: WorkerMessage) => {
  if (m.type === 'cancel') cancelled.add(m.job);
  else if (m.type === 'report') void report(m);
  else void check(m);
});
