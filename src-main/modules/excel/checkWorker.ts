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
import { readSheet, type ReadSheet } from './reader';
import { bufferOf, type CheckReply, type CheckRequest, type ReportRequest, type WorkerMessage } from './checkProtocol';
import { errorReport } from './report';
import { checkRow } from './validate';

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
const post = (m: CheckReply) => port.postMessage(m);

function fail(job: number, e: unknown) {
  const error =
    e instanceof AppError
      ? e.toShape()
      : { code: 'internal' as const, message: e instanceof Error ? e.message : String(e) };
  post({ type: 'fail', job, error });
}

async function check({ job, bytes, columns, rules, keepForReport }: CheckRequest): Promise<void> {
  kept = null;
  try {
    const read = await readSheet(bufferOf(bytes), columns, keepForReport ? 'everything' : 'values');
    if (keepForReport) kept = { key: keyOf(bytes, columns), read };
    post({ type: 'read', job, total: read.rows.length, emptyRows: read.emptyRows, positions: read.positions });
    const ctx = { ...rules, columns, positions: read.positions };
    const seen = new Map<string, number>();
    for (let i = 0; i < read.rows.length; i += CHUNK) {
      // A turn of the event loop lets a cancel message in between two chunks.
      await turn();
      if (cancelled.has(job)) return;
      post({ type: 'rows', job, rows: read.rows.slice(i, i + CHUNK).map((r) => checkRow(ctx, r, seen)) });
    }
    post({ type: 'end', job });
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
