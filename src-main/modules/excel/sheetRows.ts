import type ExcelJS from 'exceljs';
import { toCountryCode } from '../../../shared/domain/countries';
import { isCalendarDate, parseCalendar } from '../../../shared/domain/localTime';
import { AppError } from '../../core/errors';
import { listCode, normaliseHeader, type Column, type ColumnKey } from './columns';

/** Above this a list is split: one school class list is a few hundred rows. */
export const MAX_ROWS = 20_000;
/** The header is looked for in the first rows: a school may put a title or a class label above it. */
export const HEADER_SCAN = 10;

export interface CellIssue {
  key: ColumnKey | null;
  code: string;
  params?: Record<string, string | number>;
}

export interface SheetRow {
  row: number;
  values: Partial<Record<ColumnKey, string>>;
  /** A date cell's text as typed, when it is no day (31/02/2011, 8 mars 2011): the preview shows it back so. */
  typed?: Partial<Record<ColumnKey, string>>;
  issues: CellIssue[];
}

export const fileError = (code: string, params?: Record<string, string | number>) =>
  new AppError('invalid_input', `Unreadable workbook: ${code}`, { file: params ? { code, params } : { code } });

export const columnNumber = (letters: string) => [...letters].reduce((n, c) => n * 26 + c.charCodeAt(0) - 64, 0);

export interface Header {
  row: number;
  /** Column key → 1-based column index in the file. */
  positions: Map<ColumnKey, number>;
}

/**
 * The header among the sheet's first rows (the one naming most columns), or the file's error
 * naming the required columns it lacks: missing, or present under another name.
 */
export function findHeader(first: ExcelJS.Row[], columns: Column[]): Header {
  const wanted = new Map(columns.map((c) => [normaliseHeader(c.header), c.key]));
  let best = { row: 1, positions: new Map<ColumnKey, number>(), unknown: [] as string[] };
  for (const row of first) {
    const positions = new Map<ColumnKey, number>();
    const unknown: string[] = [];
    row.eachCell((cell, col) => {
      const text = cellText(cell.value).trim();
      if (!text) return;
      const key = wanted.get(normaliseHeader(text));
      if (key && !positions.has(key)) positions.set(key, col);
      else unknown.push(text);
    });
    if (positions.size > best.positions.size) best = { row: row.number, positions, unknown };
  }
  const missing = columns.filter((c) => c.required && !best.positions.has(c.key)).map((c) => `« ${c.header} »`);
  if (missing.length)
    throw fileError(best.unknown.length ? 'xlsx_columns_renamed' : 'xlsx_missing_columns', {
      columns: missing.join(', '),
      unknown: best.unknown.map((u) => `« ${u} »`).join(', '),
    });
  return { row: best.row, positions: best.positions };
}

/**
 * Reads the rows under the header, one at a time and in order, whichever way the workbook is read
 * (whole for an error report, streamed for a check): both see the same rows with the same issues.
 * `merges` are the sheet's merged ranges (`A5:A7`); each row they cover below the header is named.
 */
export function rowReader(columns: Column[], header: Header, merges: readonly string[]) {
  const { row: headerRow, positions } = header;
  const byIndex = new Map([...positions].map(([k, i]) => [i, k]));
  /** The cell_merged issues of each row below the header that a merged range covers. */
  const merged = new Map<number, CellIssue[]>();
  /**
   * Merged ranges by the rows they cover, and by their first row: each of their cells reads the
   * top-left cell's value, as Excel shows it in each. Indexed, since a sheet may hold thousands.
   */
  const covering = new Map<number, Range[]>();
  const starting = new Map<number, Range[]>();
  for (const range of merges) {
    const m = /^([A-Z]+)(\d+):([A-Z]+)(\d+)$/.exec(range);
    if (!m) continue;
    const [top, bottom, left, right] = [Number(m[2]), Number(m[4]), columnNumber(m[1]!), columnNumber(m[3]!)];
    const merge: Range = { top, bottom, left, right, value: null };
    add(starting, top, merge);
    for (let r = top; r <= bottom; r++) {
      add(covering, r, merge);
      if (r > headerRow) add(merged, r, { key: byIndex.get(left) ?? null, code: 'cell_merged', params: { range } });
    }
  }
  const valueAt = (row: ExcelJS.Row, col: number): ExcelJS.CellValue => {
    const r = row.number;
    const range = covering.get(r)?.find((m) => col >= m.left && col <= m.right);
    return range && !(r === range.top && col === range.left) ? range.value : row.getCell(col).value;
  };
  const defs = columns.filter((c) => positions.has(c.key));
  let lastFilled = headerRow;
  let emptyRows = 0;
  let count = 0;
  return {
    /** The row as checked rows need it, or null for a row above the header or with nothing in it. */
    read(row: ExcelJS.Row): SheetRow | null {
      const r = row.number;
      for (const m of starting.get(r) ?? []) m.value = row.getCell(m.left).value;
      if (r <= headerRow) return null;
      const values: SheetRow['values'] = {};
      const typed: SheetRow['typed'] = {};
      const issues: CellIssue[] = [...(merged.get(r) ?? [])];
      for (const c of defs) {
        const col = positions.get(c.key)!;
        const v = readCell(valueAt(row, col), row.getCell(col).address, c, issues, typed);
        if (v) values[c.key] = v;
      }
      if (!Object.keys(values).length && issues.every((i) => i.code === 'cell_merged')) return null;
      // Empty rows count only between filled ones: trailing blank lines of a template are not news.
      emptyRows += r - lastFilled - 1;
      lastFilled = r;
      // The sheet's own size can be missing or false: the rows read are what counts.
      if (++count > MAX_ROWS) throw fileError('xlsx_too_many_rows', { rows: count, max: MAX_ROWS });
      return Object.keys(typed).length ? { row: r, values, typed, issues } : { row: r, values, issues };
    },
    get emptyRows() {
      return emptyRows;
    },
  };
}

const add = <T>(map: Map<number, T[]>, r: number, item: T) => map.set(r, [...(map.get(r) ?? []), item]);

interface Range {
  top: number;
  bottom: number;
  left: number;
  right: number;
  /** The top-left cell's value, once its row is read. */
  value: ExcelJS.CellValue;
}

const pad = (n: number) => String(n).padStart(2, '0');
const isoOf = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;

export function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'Oui' : 'Non';
  if (v instanceof Date) return isoOf(v);
  if ('richText' in v) return v.richText.map((t) => t.text).join('');
  if ('hyperlink' in v) return typeof v.text === 'string' ? v.text : cellText(v.text as ExcelJS.CellValue);
  if ('error' in v) return '';
  return '';
}

function readCell(
  v: ExcelJS.CellValue,
  address: string,
  c: Column,
  issues: CellIssue[],
  typed: NonNullable<SheetRow['typed']>,
): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object' && ('formula' in v || 'sharedFormula' in v)) {
    issues.push({ key: c.key, code: 'cell_formula', params: { cell: address } });
    return '';
  }
  if (typeof v === 'object' && 'error' in v) {
    issues.push({ key: c.key, code: 'cell_error', params: { cell: address } });
    return '';
  }
  if (c.kind === 'date') {
    if (v instanceof Date) return isoOf(v);
    // A date serial: what a streamed read gives for a date cell, or a date typed without a date format.
    if (typeof v === 'number' && v > 0 && v < 80_000) return isoOf(new Date(Math.round((v - 25569) * 86400_000)));
    const text = cellText(v).trim();
    // Dates typed as text are read as at the counter; anything else is named.
    const iso = parseCalendar(text);
    if (!iso && text) issues.push({ key: c.key, code: 'date_text', params: { value: text } });
    // What names no day is shown back as the school typed it, not as the 2011-02-31 read from it.
    if (text && !(iso && isCalendarDate(iso))) typed[c.key] = text;
    return iso ?? '';
  }
  const text = cellText(v).replace(/\s+/g, ' ').trim();
  if (c.kind === 'country' && text) {
    const code = toCountryCode(text);
    if (!code) issues.push({ key: c.key, code: 'country_text', params: { value: text } });
    return code ?? '';
  }
  if (c.kind === 'list' && text) {
    const found = listCode(c, text);
    if (!found) {
      issues.push({ key: c.key, code: 'list_value', params: { value: text, allowed: c.values!.join(', ') } });
      return '';
    }
    return found;
  }
  return text;
}
