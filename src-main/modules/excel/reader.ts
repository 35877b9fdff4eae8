import type ExcelJS from 'exceljs';
import type JSZip from 'jszip';
import { Readable } from 'node:stream';
import { AppError } from '../../core/errors';
import { columnLetter, type Column, type ColumnKey } from './columns';
import { loadExcelJS, loadJSZip } from '../../core/lazyDeps';
import {
  columnNumber,
  fileError,
  findHeader,
  HEADER_SCAN,
  MAX_ROWS,
  rowReader,
  type Header,
  type SheetRow,
} from './sheetRows';

export { MAX_ROWS, type CellIssue, type SheetRow } from './sheetRows';

export interface ReadSheet {
  workbook: ExcelJS.Workbook;
  sheet: ExcelJS.Worksheet;
  headerRow: number;
  /** Column key → 1-based column index in the file. */
  positions: Map<ColumnKey, number>;
  rows: SheetRow[];
  emptyRows: number;
}

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

/** A sheet as its XML tells before any reading: what picking it and streaming it need. */
interface SheetFacts {
  name: string;
  /** Some cell holds a value (or an inline string): an empty sheet is not the list. */
  hasValues: boolean;
  /** Merged ranges, `A5:A7`: they sit after the rows in the XML, too late for a streamed read. */
  merges: string[];
  /** Rows the XML holds (blank formatted ones included): the progress bar's first estimate. */
  rows: number;
}

/** What reading the file will ask of exceljs, found before it reads it. */
interface Shape {
  /** Cells covered by drop-down lists (data validations), every sheet together. */
  validatedCells: number;
  /** The worksheets in the workbook's order. */
  sheets: SheetFacts[];
}

const unpackedSize = (f: JSZip.JSZipObject) =>
  (f as unknown as { _data?: { uncompressedSize?: number } })._data?.uncompressedSize ?? 0;

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
  let validatedCells = 0;
  const byPath = new Map<string, Omit<SheetFacts, 'name'>>();
  for (const f of zip.file(/^xl\/worksheets\/sheet\d+\.xml$/)) {
    // The row count first, from the head: a 100,000-row list is refused before it is unpacked.
    const dim = /<dimension ref="[A-Z]+\d+:[A-Z]+(\d+)"/.exec(await headOf(f));
    if (dim && Number(dim[1]) - 1 > MAX_ROWS)
      throw fileError('xlsx_too_many_rows', { rows: Number(dim[1]) - 1, max: MAX_ROWS });
    const xml = await f.async('string');
    const rows = xml.match(/<row\b/g)?.length ?? 0;
    if (!dim && rows - 1 > MAX_ROWS) throw fileError('xlsx_too_many_rows', { rows: rows - 1, max: MAX_ROWS });
    for (const m of xml.matchAll(/<col\b[^>]*?\bmax="(\d+)"/g))
      if (Number(m[1]) > MAX_COLUMN) throw fileError('xlsx_corrupt');
    // Only numbers of seven digits can be past the last row: the scan matches nothing in a school's list.
    for (const m of xml.matchAll(/<(?:row|c)\b[^>]*?\br="[A-Z]*(\d{7,})"/g))
      if (Number(m[1]) > MAX_SHEET_ROW) throw fileError('xlsx_corrupt');
    let merged = 0;
    const merges: string[] = [];
    for (const [, range] of xml.matchAll(/<mergeCell\b[^>]*?\bref="([^"]*)"/g)) {
      merged += areaOf(range!);
      if (merged > MAX_MERGED_CELLS) throw fileError('xlsx_merged_area', { range: range!, max: MAX_MERGED_CELLS });
      merges.push(range!);
    }
    for (const [, sqref] of xml.matchAll(/<dataValidation\b[^>]*?\bsqref="([^"]*)"/g))
      for (const range of sqref!.split(/\s+/)) validatedCells += areaOf(range);
    byPath.set(f.name, { hasValues: /<(?:v|is)>/.test(xml), merges, rows });
  }
  const sheets = (await sheetFiles(zip)).flatMap(({ name, path }) => {
    const facts = byPath.get(path);
    return facts ? [{ name, ...facts }] : [];
  });
  return { validatedCells, sheets };
}

const XML_ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&apos;': "'" };
const attributes = (tag: string) =>
  new Map(
    [...tag.matchAll(/([\w:]+)="([^"]*)"/g)].map(([, k, v]) => [
      k!,
      v!.replace(/&(amp|lt|gt|quot|apos);/g, (e) => XML_ENTITIES[e]!),
    ]),
  );

/** The worksheets' names and files, in the workbook's order (its <sheets> and their relationships). */
async function sheetFiles(zip: JSZip): Promise<{ name: string; path: string }[]> {
  const rels = (await zip.file('xl/_rels/workbook.xml.rels')?.async('string')) ?? '';
  const targets = new Map(
    [...rels.matchAll(/<Relationship\b[^>]*>/g)].map(([tag]) => {
      const a = attributes(tag);
      const target = (a.get('Target') ?? '').replace(/^\//, '');
      return [a.get('Id'), target.startsWith('xl/') ? target : `xl/${target}`];
    }),
  );
  const workbook = await zip.file('xl/workbook.xml')!.async('string');
  return [...workbook.matchAll(/<sheet\b[^>]*>/g)].flatMap(([tag]) => {
    const a = attributes(tag);
    const path = targets.get(a.get('r:id'));
    return path ? [{ name: a.get('name') ?? '', path }] : [];
  });
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

const NOT_THE_LIST = ['instructions', 'listes'];

/** The office's template names its sheet; a school's own file has the list on its first sheet with anything in it. */
const pickSheet = (wb: ExcelJS.Workbook) =>
  wb.getWorksheet('Candidats') ??
  wb.worksheets.find((w) => !NOT_THE_LIST.includes(w.name.toLowerCase()) && w.actualRowCount > 0);

const pickSheetFacts = (sheets: SheetFacts[]) =>
  sheets.find((s) => s.name === 'Candidats') ??
  sheets.find((s) => !NOT_THE_LIST.includes(s.name.toLowerCase()) && s.hasValues);

/** The whole workbook in memory, for an error report written back into it. */
export async function readSheet(bytes: Buffer, columns: Column[], reading: Reading = 'values'): Promise<ReadSheet> {
  const workbook = await loadWorkbook(bytes, reading);
  const sheet = pickSheet(workbook);
  if (!sheet) throw fileError('xlsx_empty');
  // Past Excel's last row the file was not written by a spreadsheet (and rows would be walked by the million).
  if (sheet.rowCount > MAX_SHEET_ROW) throw fileError('xlsx_corrupt');
  const first = Array.from({ length: Math.min(HEADER_SCAN, sheet.rowCount) }, (_, i) => sheet.getRow(i + 1));
  const header = findHeader(first, columns);
  const reader = rowReader(columns, header, sheet.model.merges ?? []);
  const rows: SheetRow[] = [];
  // Only the rows the file holds: one value typed in Excel's last row must not make a million.
  sheet.eachRow((row) => {
    const read = reader.read(row);
    if (read) rows.push(read);
  });
  return { workbook, sheet, headerRow: header.row, positions: header.positions, rows, emptyRows: reader.emptyRows };
}

/** A sheet read as it unpacks: its header first, then its rows one by one. */
export interface StreamedSheet {
  positions: Map<ColumnKey, number>;
  /** Rows the sheet's XML holds under the header, blank formatted ones included: for a progress bar. */
  estimate: number;
  rows: AsyncIterable<SheetRow> | SheetRow[];
  /** Blank rows between filled ones, known once `rows` is done. */
  emptyRows(): number;
}

/**
 * The sheet's rows as exceljs's streaming reader unpacks them: checking and saving start with the
 * first rows instead of after the whole workbook is built in memory, and a list takes a fraction
 * of the memory. Same header search and same row reading as `readSheet`; the merged ranges come
 * from the sheet's XML, read beforehand, since they follow the rows.
 */
export async function streamSheet(bytes: Buffer, columns: Column[]): Promise<StreamedSheet> {
  sniff(bytes);
  const target = pickSheetFacts((await inspect(bytes)).sheets);
  if (!target) throw fileError('xlsx_empty');
  const ExcelJS = await loadExcelJS();
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([bytes]), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    // Dates come as serial numbers without the styles, which the date columns read as such.
    styles: 'ignore',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  const seen = { sheet: false };
  const source = sheetRows(reader, target.name, seen)[Symbol.asyncIterator]();
  const first: ExcelJS.Row[] = [];
  let next: IteratorResult<ExcelJS.Row> = { done: true, value: undefined };
  let header: Header | null = null;
  let failure: unknown = null;
  try {
    for (next = await source.next(); !next.done && next.value.number <= HEADER_SCAN; next = await source.next())
      first.push(next.value);
    if (seen.sheet) header = findHeader(first, columns);
  } catch (e) {
    failure = e;
  }
  if (!header) {
    await source.return(undefined);
    if (seen.sheet && !(failure instanceof StreamBroke)) throw failure;
    // A workbook whose sheet names come after the sheets in the zip (exceljs cannot tell which is
    // which), or one the stream cannot unpack: read whole, which says it when the file is damaged.
    return streamed(await readSheet(bytes, columns));
  }
  const rows = rowReader(columns, header, target.merges);
  const pending = next.done ? [] : [next.value];
  let whole: ReadSheet | null = null;
  async function* all(): AsyncGenerator<SheetRow> {
    let last = header!.row;
    try {
      for (const row of [...first, ...pending]) {
        const read = rows.read(row);
        if (read) yield read;
        last = row.number;
      }
      for (let n = await source.next(); !n.done; n = await source.next()) {
        const read = rows.read(n.value);
        if (read) yield read;
        last = n.value.number;
      }
    } catch (e) {
      if (!(e instanceof StreamBroke)) throw e;
      // The whole read goes on from the row the stream stopped after: the same rows, in the same order.
      whole = await readSheet(bytes, columns);
      for (const read of whole.rows) if (read.row > last) yield read;
    } finally {
      await source.return(undefined);
    }
  }
  return {
    positions: header.positions,
    estimate: Math.max(0, target.rows - header.row),
    rows: all(),
    emptyRows: () => whole?.emptyRows ?? rows.emptyRows,
  };
}

/** A whole read seen as a streamed one. */
export const streamed = (read: ReadSheet): StreamedSheet => ({
  positions: read.positions,
  estimate: read.rows.length,
  rows: read.rows,
  emptyRows: () => read.emptyRows,
});

/** The named sheet's rows; the others are read through (the zip is one stream) and dropped. */
async function* sheetRows(
  reader: ExcelJS.stream.xlsx.WorkbookReader,
  name: string,
  seen: { sheet: boolean },
): AsyncGenerator<ExcelJS.Row> {
  try {
    for await (const sheet of reader) {
      const mine = (sheet as unknown as { name: string }).name === name;
      seen.sheet ||= mine;
      for await (const row of sheet as unknown as AsyncIterable<ExcelJS.Row>) if (mine) yield row;
    }
  } catch (e) {
    if (e instanceof AppError) throw e;
    // exceljs parks a sheet that precedes its shared strings in a temporary file: the disk can be full.
    if ((e as { code?: string } | null)?.code === 'ENOSPC') throw new AppError('storage_full', 'Disk full');
    throw new StreamBroke(e);
  }
}

/**
 * exceljs's stream could not go through the workbook, which is not to say it is damaged: it throws
 * on a sheet met before the workbook part is parsed (a zip order some tools write, and once in CI
 * an ordinary list), where the whole read takes it.
 */
class StreamBroke extends Error {
  constructor(cause: unknown) {
    super('exceljs could not stream the workbook', { cause });
  }
}

export { columnLetter };
