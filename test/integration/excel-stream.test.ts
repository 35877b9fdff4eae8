import type ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findExam } from '../../shared/domain/catalogue';
import { columnsFor, type Column } from '../../src-main/modules/excel/columns';
import { readSheet, streamSheet, type StreamedSheet } from '../../src-main/modules/excel/reader';
import { makeApp, type TestApp } from '../support/app';
import { BEPC, fillTemplate, pupil, toBase64 } from '../support/excel';

/**
 * The preview and the commit stream the school's workbook; the error report reads it whole to write
 * it back. Both must see the same rows, with the same issues at the same cells, or the report
 * would mark other cells than the preview named.
 */
let t: TestApp;
let template: string;
let columns: Column[];
beforeAll(async () => {
  t = await makeApp({ now: '2026-03-02T08:00:00Z' });
  await t.login();
  template = (await t.must('excel.template', BEPC)).base64;
  const catalogue = t.app.services.reference.catalogue;
  columns = columnsFor(catalogue, findExam(catalogue, 'BEPC')!, 'MOR');
});
afterAll(() => t.close());

const drain = async (s: StreamedSheet) => {
  const rows = [];
  for await (const row of s.rows) rows.push(row);
  return { positions: s.positions, rows, emptyRows: s.emptyRows() };
};

async function bothReads(bytes: Buffer) {
  const whole = await readSheet(bytes, columns);
  const streamed = await drain(await streamSheet(bytes, columns));
  return { whole: { positions: whole.positions, rows: whole.rows, emptyRows: whole.emptyRows }, streamed };
}

/** A list with every cell a school gets wrong, under a title, with blank rows, beside other sheets. */
async function awkwardList(): Promise<ExcelJS.Workbook> {
  const wb = await fillTemplate(template, [
    pupil(0),
    pupil(1, { Sexe: 'H', 'Date de naissance': '31/02/2011' }),
    null,
    pupil(2, { 'Date de naissance': '8 mars 2011', Nationalité: 'Comorienne' }),
    pupil(3, { Nom: { richText: [{ text: 'Aha' }, { font: { bold: true }, text: 'mada' }] } }),
    null,
    pupil(4, { 'Date de naissance': 40_700, 'Lieu de naissance': { text: 'Moroni', hyperlink: 'https://km.example' } }),
    pupil(5, { Nom: { formula: 'UPPER("x")', result: 'X' }, Prénoms: { error: '#N/A' } as ExcelJS.CellValue }),
    pupil(6, { Nationalité: 'Atlantide' }),
  ]);
  const sheet = wb.getWorksheet('Candidats')!;
  sheet.mergeCells('E3:F3');
  // A title above the header: the reader looks for the header in the first rows.
  sheet.spliceRows(1, 0, ['Collège de Mitsamiouli — 3e A'], []);
  return wb;
}

const rezip = async (bytes: Buffer, order: (names: string[]) => string[], edit?: (zip: JSZip) => Promise<void>) => {
  const source = await JSZip.loadAsync(bytes);
  if (edit) await edit(source);
  const target = new JSZip();
  for (const name of order(Object.keys(source.files).filter((n) => !source.files[n]!.dir)))
    target.file(name, await source.file(name)!.async('nodebuffer'));
  return target.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
};

describe('the streamed read of a school list', () => {
  it('sees the rows, issues and blank rows the whole read sees, on an awkward list', async () => {
    const bytes = Buffer.from(await toBase64(await awkwardList()), 'base64');
    const { whole, streamed } = await bothReads(bytes);
    expect(streamed).toEqual(whole);
    // Not two empty reads agreeing: the list and each kind of trouble are there.
    expect(whole.rows.map((r) => r.row)).toEqual([4, 5, 7, 8, 10, 11, 12]);
    expect(whole.emptyRows).toBe(2);
    const codes = whole.rows.flatMap((r) => r.issues.map((i) => `${r.row}:${i.key}:${i.code}`));
    expect(codes).toEqual([
      // Excel shows a merged range's value in each of its cells: the country column reads the place.
      '5:birthPlace:cell_merged',
      '5:sex:list_value',
      '5:birthCountry:country_text',
      '7:birthDate:date_text',
      '11:surname:cell_formula',
      '11:givenNames:cell_error',
      '12:nationality:country_text',
    ]);
    expect(whole.rows.find((r) => r.row === 8)!.values.surname).toBe('Ahamada');
    expect(whole.rows.find((r) => r.row === 10)!.values).toMatchObject({
      birthDate: '2011-06-06',
      birthPlace: 'Moroni',
    });
  });

  it('names merged cells from the sheet’s XML, which comes after the rows', async () => {
    const wb = await fillTemplate(template, [pupil(0), pupil(1), pupil(2, { 'Lieu de naissance': 'Foumbouni' })]);
    wb.getWorksheet('Candidats')!.mergeCells('E3:F4');
    const { whole, streamed } = await bothReads(Buffer.from(await toBase64(wb), 'base64'));
    expect(streamed).toEqual(whole);
    expect(whole.rows.flatMap((r) => r.issues.map((i) => `${r.row}:${i.key}:${i.code}`))).toEqual([
      '3:birthPlace:cell_merged',
      '3:birthCountry:country_text',
      '4:birthPlace:cell_merged',
      '4:birthCountry:country_text',
    ]);
    // The row below the range's top reads its value too, as the whole read does.
    expect(whole.rows.find((r) => r.row === 4)!.values.birthPlace).toBe('Moroni');
  });

  it('reads the list whatever order its zip holds the parts in, and finds it on a sheet named by the school', async () => {
    const wb = await fillTemplate(template, [pupil(0), pupil(1, { Sexe: 'X' })]);
    wb.getWorksheet('Candidats')!.name = 'Élèves 3e A & B';
    const bytes = Buffer.from(await toBase64(wb), 'base64');
    const byName = (names: string[]) => [...names].sort();
    const reversed = (names: string[]) => [...names].reverse();
    for (const order of [byName, reversed]) {
      const { whole, streamed } = await bothReads(await rezip(bytes, order));
      expect(streamed).toEqual(whole);
      expect(whole.rows.map((r) => r.row)).toEqual([2, 3]);
      expect(whole.rows[1]!.issues).toMatchObject([{ key: 'sex', code: 'list_value' }]);
    }
  });

  it('reads a list whole when exceljs cannot stream it: a sheet that comes before the workbook part', async () => {
    // exceljs's stream then fails on the sheet's name (a TypeError, not a damaged file); it also did
    // once in CI on an ordinary list, where unpacking ran ahead of the workbook part's parsing.
    const wb = await fillTemplate(template, [
      pupil(0),
      ...Array.from({ length: 298 }, (_, i) => pupil(i + 2)),
      pupil(1),
    ]);
    const workbookLast = (names: string[]) => [
      ...names.filter((n) => n !== 'xl/workbook.xml').sort(),
      'xl/workbook.xml',
    ];
    const bytes = await rezip(Buffer.from(await toBase64(wb), 'base64'), workbookLast);
    const { whole, streamed } = await bothReads(bytes);
    expect(streamed).toEqual(whole);
    expect(whole.rows).toHaveLength(300);
    const p = await t.must('excel.preview', { ...BEPC, fileBase64: bytes.toString('base64') });
    expect(p).toMatchObject({ total: 300, valid: 300 });
  });

  it('gives the clerk the same preview as before: a list with a title row, checked row by row', async () => {
    const p = await t.must('excel.preview', { ...BEPC, fileBase64: await toBase64(await awkwardList()) });
    expect(p).toMatchObject({ total: 7, emptyRows: 2 });
    expect(p.rows.filter((r) => !r.errors.length).map((r) => r.row)).toEqual([4, 8, 10]);
  });
});
