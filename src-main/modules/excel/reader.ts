import type ExcelJS from 'exceljs';
import type JSZip from 'jszip';
import { toCountryCode } from '../../../shared/domain/countries';
import { isCalendarDate, parseCalendar } from '../../../shared/domain/localTime';
import { AppError } from '../../core/errors';
import { columnLetter, listCode, normaliseHeader, type Column, type ColumnKey } from './columns';
import { loadExcelJS, loadJSZip } from '../../core/lazyDeps';

/** Above this a list is split: one school class list is a few hundred rows. */
export const MAX_ROWS = 20_000;

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

export interface ReadSheet {
  workbook: ExcelJS.Workbook;
  sheet: ExcelJS.Worksheet;
  headerRow: number;
  /** Column key → 1-based column index in the file. */
  positions: Map<ColumnKey, number>;
  rows: SheetRow[];
  emptyRows: number;
}

const fileError = (code: string, params?: Record<string, string | number>) =>
  new AppError('invalid_input', `Unreadable workbook: ${code}`, { file: params ? { code, params } : { code } });

const startsWith = (b: Buffer, bytes: number[]) => bytes.every((x, i) => b[i] === x);
const utf16 = (s: string) => Buffer.from(s, 'utf16le');

/** What the file really is, from its first bytes: the name and extension prove nothing. */
export function sniff(bytes: Buffer): void {
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return;
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46])) throw fileError('xlsx_pdf');
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    // A password-protected .xlsx is an OLE container holding EncryptionInfo + EncryptedPackage.
    const encrypted = bytes.includes(utf16('EncryptionInfo')) || bytes.includes(utf16('EncryptedPackage'));
    throw fileError(encrypted ? 'xlsx_encrypted' : 'xlsx_old_xls');
  }
  if (!bytes.subarray(0, 4096).includes(0)) throw fileError('xlsx_text');
  throw fileError('xlsx_not_xlsx');
}

/** Excel's own last column (XFD) and row: a file that goes beyond was not written by a spreadsheet. */
const MAX_COLUMN = 16_384;
const MAX_SHEET_ROW = 1_048_576;
/** Cells merged in all: a title or a class label merges tens; the reader expands each one. */
const MAX_MERGED_CELLS = 10_000;
/** A 20,000-row list unpacks to about 20 MB; far more is a file that would exhaust the memory. */
const MAX_UNPACKED_BYTES = 256 * 1024 * 1024;
/**
 * exceljs keeps a drop-down list once per cell: the template's lists cover 32,000 cells, a list a
 * school applies to a whole column a million (17 s and 1.2 GB for eight of them, measured).
 */
const MAX_VALIDATED_CELLS = 200_000;

/** What reading the file will ask of exceljs, found before it reads it. */
interface Shape {
  /** Cells covered by drop-down lists (data validations), every sheet together. */
  validatedCells: number;
}

const unpackedSize = (f: JSZip.JSZipObject) =>
  (f as unknown as { _data?: { uncompressedSize?: number } })._data?.uncompressedSize ?? 0;

const columnNumber = (letters: string) => [...letters].reduce((n, c) => n * 26 + c.charCodeAt(0) - 64, 0);

/** Cells in a range such as `S2:S1048576`, or 1 for a single cell. */
function areaOf(range: string): number {
  const m = /^([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?$/.exec(range);
  if (!m) return 0;
  const [, c1, r1, c2 = c1!, r2 = r1!] = m as unknown as [string, string, string, string?, string?];
  return (Math.abs(columnNumber(c2) - columnNumber(c1)) + 1) * (Math.abs(Number(r2) - Number(r1)) + 1);
}

/**
 * What the workbook would cost to read, from its zip directory and sheet XML, before exceljs
 * builds it in memory: too many rows, a column range past Excel's last column, cells merged or
 * drop-down lists over whole columns would take gigabytes and minutes there (README, "A workbook
 * cannot take the memory").
 */
async function inspect(bytes: Buffer): Promise<Shape> {
  const zipReader = await loadJSZip();
  let zip: JSZip;
  try {
    zip = await zipReader.loadAsync(bytes);
  } catch {
    throw fileError('xlsx_corrupt');
  }
  if (!zip.file('xl/workbook.xml')) throw fileError('xlsx_not_xlsx');
  const unpacked = Object.values(zip.files).reduce((n, f) => n + unpackedSize(f), 0);
  if (unpacked > MAX_UNPACKED_BYTES) throw fileError('xlsx_too_large');
  const shape: Shape = { validatedCells: 0 };
  for (const f of zip.file(/^xl\/worksheets\/sheet\d+\.xml$/)) {
    // The row count first, from the head: a 100,000-row list is refused before it is unpacked.
    const dim = /<dimension ref="[A-Z]+\d+:[A-Z]+(\d+)"/.exec(await headOf(f));
    if (dim && Number(dim[1]) - 1 > MAX_ROWS)
      throw fileError('xlsx_too_many_rows', { rows: Number(dim[1]) - 1, max: MAX_ROWS });
    const xml = await f.async('string');
    const rows = dim ? 0 : (xml.match(/<row /g)?.length ?? 0);
    if (rows - 1 > MAX_ROWS) throw fileError('xlsx_too_many_rows', { rows: rows - 1, max: MAX_ROWS });
    for (const m of xml.matchAll(/<col\b[^>]*?\bmax="(\d+)"/g))
      if (Number(m[1]) > MAX_COLUMN) throw fileError('xlsx_corrupt');
    // Only numbers of seven digits can be past the last row: the scan matches nothing in a school's list.
    for (const m of xml.matchAll(/<(?:row|c)\b[^>]*?\br="[A-Z]*(\d{7,})"/g))
      if (Number(m[1]) > MAX_SHEET_ROW) throw fileError('xlsx_corrupt');
    let merged = 0;
    for (const [, range] of xml.matchAll(/<mergeCell\b[^>]*?\bref="([^"]*)"/g)) {
      merged += areaOf(range!);
      if (merged > MAX_MERGED_CELLS) throw fileError('xlsx_merged_area', { range: range!, max: MAX_MERGED_CELLS });
    }
    for (const [, sqref] of xml.matchAll(/<dataValidation\b[^>]*?\bsqref="([^"]*)"/g))
      for (const range of sqref!.split(/\s+/)) shape.validatedCells += areaOf(range);
  }
  return shape;
}

/** The first few kilobytes of a sheet, where the <dimension> element sits, without inflating the rest. */
function headOf(f: JSZip.JSZipObject): Promise<string> {
  return new Promise((resolve, reject) => {
    let head = '';
    const stream = f.nodeStream('nodebuffer');
    stream.on('data', (chunk: Buffer) => {
      head += chunk.toString('utf8');
      if (head.length >= 4096) {
        stream.pause();
        resolve(head);
      }
    });
    stream.on('end', () => resolve(head));
    stream.on('error', reject);
  });
}

/**
 * `values` is all a check needs; `everything` keeps the school's drop-down lists too, for the error
 * report written back into its own workbook, unless there are so many that reading them would
 * take the memory (the school's own file keeps them).
 */
export type Reading = 'values' | 'everything';

export async function loadWorkbook(bytes: Buffer, reading: Reading = 'values'): Promise<ExcelJS.Workbook> {
  sniff(bytes);
  const shape = await inspect(bytes);
  const keepLists = reading === 'everything' && shape.validatedCells <= MAX_VALIDATED_CELLS;
  const workbook = new (await loadExcelJS()).Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer, { ignoreNodes: keepLists ? [] : ['dataValidations'] });
  } catch {
    throw fileError('xlsx_corrupt');
  }
  return workbook;
}

const pickSheet = (wb: ExcelJS.Workbook) =>
  wb.getWorksheet('Candidats') ??
  wb.worksheets.find((w) => !['instructions', 'listes'].includes(w.name.toLowerCase()) && w.actualRowCount > 0);

function findHeader(sheet: ExcelJS.Worksheet, columns: Column[]) {
  const wanted = new Map(columns.map((c) => [normaliseHeader(c.header), c.key]));
  let best = { row: 1, positions: new Map<ColumnKey, number>(), unknown: [] as string[] };
  for (let r = 1; r <= Math.min(10, sheet.rowCount); r++) {
    const positions = new Map<ColumnKey, number>();
    const unknown: string[] = [];
    sheet.getRow(r).eachCell((cell, col) => {
      const text = cellText(cell.value).trim();
      if (!text) return;
      const key = wanted.get(normaliseHeader(text));
      if (key && !positions.has(key)) positions.set(key, col);
      else unknown.push(text);
    });
    if (positions.size > best.positions.size) best = { row: r, positions, unknown };
  }
  return best;
}

export async function readSheet(bytes: Buffer, columns: Column[], reading: Reading = 'values'): Promise<ReadSheet> {
  const workbook = await loadWorkbook(bytes, reading);
  const sheet = pickSheet(workbook);
  if (!sheet) throw fileError('xlsx_empty');
  const { row: headerRow, positions, unknown } = findHeader(sheet, columns);
  const missing = columns.filter((c) => c.required && !positions.has(c.key)).map((c) => `« ${c.header} »`);
  if (missing.length)
    throw fileError(unknown.length ? 'xlsx_columns_renamed' : 'xlsx_missing_columns', {
      columns: missing.join(', '),
      unknown: unknown.map((u) => `« ${u} »`).join(', '),
    });

  const byIndex = new Map([...positions].map(([k, i]) => [i, k]));
  const merged = new Map<number, CellIssue[]>();
  for (const range of sheet.model.merges ?? []) {
    const m = /^([A-Z]+)(\d+):[A-Z]+(\d+)$/.exec(range);
    if (!m || Number(m[3]) <= headerRow) continue;
    const col = sheet.getColumn(m[1]!).number;
    for (let r = Math.max(Number(m[2]), headerRow + 1); r <= Number(m[3]); r++)
      merged.set(r, [
        ...(merged.get(r) ?? []),
        { key: byIndex.get(col) ?? null, code: 'cell_merged', params: { range } },
      ]);
  }

  // Past Excel's last row the file was not written by a spreadsheet (and rows would be walked by the million).
  if (sheet.rowCount > MAX_SHEET_ROW) throw fileError('xlsx_corrupt');
  const rows: SheetRow[] = [];
  let lastFilled = headerRow;
  let emptyRows = 0;
  const defs = columns.filter((c) => positions.has(c.key));
  // Only the rows the file holds: one value typed in Excel's last row must not make a million.
  sheet.eachRow((row, r) => {
    if (r <= headerRow) return;
    const values: SheetRow['values'] = {};
    const typed: SheetRow['typed'] = {};
    const issues: CellIssue[] = [...(merged.get(r) ?? [])];
    for (const c of defs) {
      const cell = row.getCell(positions.get(c.key)!);
      const v = readCell(cell, c, issues, typed);
      if (v) values[c.key] = v;
    }
    if (!Object.keys(values).length && issues.every((i) => i.code === 'cell_merged')) return;
    // Empty rows count only between filled ones: trailing blank lines of a template are not news.
    emptyRows += r - lastFilled - 1;
    lastFilled = r;
    rows.push(Object.keys(typed).length ? { row: r, values, typed, issues } : { row: r, values, issues });
  });
  // The sheet's own size can be missing or false: the rows read are what counts.
  if (rows.length > MAX_ROWS) throw fileError('xlsx_too_many_rows', { rows: rows.length, max: MAX_ROWS });
  return { workbook, sheet, headerRow, positions, rows, emptyRows };
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

function readCell(cell: ExcelJS.Cell, c: Column, issues: CellIssue[], typed: NonNullable<SheetRow['typed']>): string {
  const v = cell.value;
  if (v === null || v === undefined) return '';
  if (typeof v === 'object' && ('formula' in v || 'sharedFormula' in v)) {
    issues.push({ key: c.key, code: 'cell_formula', params: { cell: cell.address } });
    return '';
  }
  if (typeof v === 'object' && 'error' in v) {
    issues.push({ key: c.key, code: 'cell_error', params: { cell: cell.address } });
    return '';
  }
  if (c.kind === 'date') {
    if (v instanceof Date) return isoOf(v);
    // A date serial without a date format: days since 1899-12-30.
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

export { columnLetter };
