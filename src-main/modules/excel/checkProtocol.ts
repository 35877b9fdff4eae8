import type { RowError } from '../../../shared/contract/excel';
import type { AppErrorShape } from '../../../shared/contract/result';
import type { Column, ColumnKey } from './columns';
import type { RowContext, RuledRow } from './validate';

/** A workbook's bytes as they arrive on either side: structured cloning turns a Buffer into a plain Uint8Array. */
export const bufferOf = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** Messages between the main process and the workbook thread; every value survives structured cloning. */
export interface CheckRequest {
  type: 'check';
  job: number;
  bytes: Uint8Array;
  columns: Column[];
  rules: Omit<RowContext, 'columns' | 'positions'>;
  /** Read the workbook whole and keep it for the error report that follows, instead of reading it again. */
  keepForReport?: boolean;
}

/** The school's workbook, to be written back with the errors found marked in it. */
export interface ReportRequest {
  type: 'report';
  job: number;
  bytes: Uint8Array;
  columns: Column[];
  errors: RowError[];
}

export type WorkerMessage = CheckRequest | ReportRequest | { type: 'cancel'; job: number };

export type CheckReply =
  | { type: 'read'; job: number; estimate: number; positions: Map<ColumnKey, number> }
  | { type: 'rows'; job: number; rows: RuledRow[] }
  | { type: 'end'; job: number; total: number; emptyRows: number }
  | { type: 'report'; job: number; bytes: Uint8Array }
  | { type: 'fail'; job: number; error: AppErrorShape };
