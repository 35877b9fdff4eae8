import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeApp, type TestApp } from '../support/app';
import { BEPC, fillTemplate, pupil, readBack, toBase64 } from '../support/excel';

let t: TestApp;
let template: string;
beforeEach(async () => {
  t = await makeApp({ now: '2026-03-02T08:00:00Z' });
  await t.login();
  template = (await t.must('excel.template', BEPC)).base64;
});
afterEach(() => t.close());

const preview = (fileBase64: string) => t.call('excel.preview', { ...BEPC, fileBase64 });
const fileError = async (fileBase64: string) => {
  const r = await preview(fileBase64);
  if (r.ok) throw new Error('expected a refusal');
  return r.error.fields!.file!;
};
const b64 = (b: Buffer) => b.toString('base64');
const OLE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
/** The school's file with its candidates sheet edited as XML: what exceljs itself would refuse to write. */
const withSheetXml = async (fileBase64: string, edit: (xml: string) => string) => {
  const zip = await JSZip.loadAsync(Buffer.from(fileBase64, 'base64'));
  const path = 'xl/worksheets/sheet1.xml';
  const xml = await zip.file(path)!.async('string');
  const edited = edit(xml);
  expect(edited).not.toBe(xml);
  zip.file(path, edited);
  return b64(await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
};
const errorsOf = async (rows: Parameters<typeof fillTemplate>[1]) => {
  const p = await t.must('excel.preview', { ...BEPC, fileBase64: await toBase64(await fillTemplate(template, rows)) });
  return p.rows.flatMap((r) => r.errors);
};

describe('files that are not a usable workbook', () => {
  it('names a renamed PDF, an old .xls, a password-protected workbook and a CSV', async () => {
    expect(await fileError(b64(Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\n')))).toEqual({ code: 'xlsx_pdf' });
    expect(await fileError(b64(Buffer.concat([OLE, Buffer.alloc(1024)])))).toEqual({ code: 'xlsx_old_xls' });
    const encrypted = Buffer.concat([
      OLE,
      Buffer.alloc(512),
      Buffer.from('EncryptionInfo', 'utf16le'),
      Buffer.alloc(512),
    ]);
    expect(await fileError(b64(encrypted))).toEqual({ code: 'xlsx_encrypted' });
    const csv = Buffer.from('\uFEFFNom;Prénoms;Sexe\nAhamada;Fatima;F\n', 'utf8');
    expect(await fileError(b64(csv))).toEqual({ code: 'xlsx_text' });
  });

  it('lists a deleted column, and a renamed one with the name it was given', async () => {
    const wb = await fillTemplate(template, [pupil(0)]);
    wb.getWorksheet('Candidats')!.spliceColumns(4, 1);
    expect(await fileError(await toBase64(wb))).toMatchObject({
      code: 'xlsx_missing_columns',
      params: { columns: '« Date de naissance »' },
    });
    const renamed = await fillTemplate(template, [pupil(0)]);
    renamed.getWorksheet('Candidats')!.getCell('D1').value = 'Né(e) le';
    expect(await fileError(await toBase64(renamed))).toMatchObject({
      code: 'xlsx_columns_renamed',
      params: { columns: '« Date de naissance »', unknown: '« Né(e) le »' },
    });
  });

  it('refuses a list above 20,000 rows before reading it', async () => {
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('Candidats');
    sheet.addRow(['Nom']);
    for (let i = 0; i < 20_001; i++) sheet.addRow(['Ahamada']);
    expect(await fileError(await toBase64(wb))).toMatchObject({
      code: 'xlsx_too_many_rows',
      params: { rows: 20_001, max: 20_000 },
    });
  });
});

// Each of these took gigabytes and minutes in the workbook thread, or the whole process, before
// being refused: a fuzzer mutating the template's XML found the first two.
describe('workbooks that would exhaust the memory', () => {
  const threeRows = () => fillTemplate(template, [pupil(0), pupil(1), pupil(2)]).then(toBase64);

  it('refuses cells merged over a whole column, naming the range, before reading the sheet', async () => {
    const file = await withSheetXml(await threeRows(), (xml) =>
      xml.replace('</sheetData>', '</sheetData><mergeCells count="1"><mergeCell ref="S2:S1048576"/></mergeCells>'),
    );
    expect(await fileError(file)).toEqual({
      code: 'xlsx_merged_area',
      params: { range: 'S2:S1048576', max: 10_000 },
    });
  });

  it('refuses a column range or a row past Excel’s last one as a damaged workbook', async () => {
    const columns = await withSheetXml(await threeRows(), (xml) =>
      xml.replace(/<col min="(\d+)" max="\d+"/, '<col min="$1" max="99999999"'),
    );
    expect(await fileError(columns)).toEqual({ code: 'xlsx_corrupt' });
    const row = await withSheetXml(await threeRows(), (xml) =>
      xml.replace('<row r="4"', '<row r="99999999"').replace(/r="([A-Z]+)4"/g, 'r="$199999999"'),
    );
    expect(await fileError(row)).toEqual({ code: 'xlsx_corrupt' });
  });

  it('reads a pupil typed in Excel’s last row as one row, not a million', async () => {
    const file = await withSheetXml(await threeRows(), (xml) =>
      xml.replace('<row r="4"', '<row r="1048576"').replace(/r="([A-Z]+)4"/g, 'r="$11048576"'),
    );
    const p = await t.must('excel.preview', { ...BEPC, fileBase64: file });
    expect(p).toMatchObject({ total: 3, valid: 3, emptyRows: 1_048_572 });
    expect(p.rows.map((r) => r.row)).toEqual([2, 3, 1_048_576]);
  });

  it('reads a list whose drop-down lists cover whole columns, and reports its errors without those lists', async () => {
    const file = await withSheetXml(
      await fillTemplate(template, [pupil(0), pupil(1, { Sexe: 'X' })]).then(toBase64),
      (xml) => xml.replace(/(sqref="[A-Z]+\d+:[A-Z]+)2001"/g, '$11048576"'),
    );
    expect(await t.must('excel.preview', { ...BEPC, fileBase64: file })).toMatchObject({ total: 2, valid: 1 });
    const report = await readBack((await t.must('excel.errorReport', { ...BEPC, fileBase64: file })).base64);
    const sheet = report.getWorksheet('Candidats')!;
    expect(sheet.getRow(3).values).toContain('Sexe : valeur « X » absente de la liste (M, F).');
    expect((sheet as unknown as { dataValidations: { model: object } }).dataValidations.model).toEqual({});
  });

  it('refuses a workbook that says it unpacks to more than 256 MB, before unpacking it', async () => {
    const zip = await JSZip.loadAsync(Buffer.from(await threeRows(), 'base64'));
    zip.file('xl/media/scan.bin', Buffer.alloc(1024));
    const bytes = Buffer.from(await zip.generateAsync({ type: 'nodebuffer', compression: 'STORE' }));
    // Its entry in the central directory (the name's last place, 46 bytes in) says 300 MB, as a zip bomb would.
    const at = bytes.lastIndexOf('xl/media/scan.bin') - 46;
    expect(bytes.readUInt32LE(at)).toBe(0x02014b50);
    bytes.writeUInt32LE(300 * 1024 * 1024, at + 24);
    expect(await fileError(b64(bytes))).toEqual({ code: 'xlsx_too_large' });
  });
});

describe('rows a school may get wrong', () => {
  it('reads dates typed as text in three formats and names the unreadable one at its cell', async () => {
    const p = await t.must('excel.preview', {
      ...BEPC,
      fileBase64: await toBase64(
        await fillTemplate(template, [
          pupil(0, { 'Date de naissance': '05/03/2011' }),
          pupil(1, { 'Date de naissance': '2011-03-06' }),
          pupil(2, { 'Date de naissance': '07-03-2011' }),
          pupil(3, { 'Date de naissance': '8 mars 2011' }),
          pupil(4, { 'Date de naissance': '31/02/2011' }),
          pupil(5, { 'Date de naissance': new Date(Date.UTC(2011, 2, 9)) }),
        ]),
      ),
    });
    // A day reads yyyy-mm-dd (the page shows it dd/mm/yyyy); what names no day is shown as typed,
    // 31/02/2011 as 31/02/2011 and not as the 2011-02-31 read from it.
    expect(p.rows.map((r) => r.birthDate)).toEqual([
      '2011-03-05',
      '2011-03-06',
      '2011-03-07',
      '8 mars 2011',
      '31/02/2011',
      '2011-03-09',
    ]);
    expect(p.rows[4]!.errors.map((e) => e.message)).toEqual(['Date de naissance : Date invalide.']);
    expect(p.valid).toBe(4);
    expect(p.rows[3]!.errors).toEqual([
      expect.objectContaining({
        row: 5,
        column: 'D',
        message: 'Date de naissance : date illisible « 8 mars 2011 » : saisissez-la sous la forme jj/mm/aaaa.',
      }),
    ]);
  });

  it('reads a nationality as the country chosen in the list, its code, its three-letter code or its adjective, and names a word that is none', async () => {
    const file = await toBase64(
      await fillTemplate(template, [
        pupil(0, { Nationalité: 'Comores', 'Pays de naissance': 'France' }),
        pupil(1, { Nationalité: 'km' }),
        pupil(2, { Nationalité: 'COM' }),
        pupil(3, { Nationalité: 'Comorie' }),
        pupil(4, { Nationalité: 'Comorienne' }),
      ]),
    );
    const p = await t.must('excel.preview', { ...BEPC, fileBase64: file });
    expect(p.valid).toBe(4);
    expect(p.rows[3]!.errors).toEqual([
      expect.objectContaining({
        row: 5,
        column: 'G',
        message: 'Nationalité : pays « Comorie » inconnu : choisissez-le dans la liste (par exemple Comores ou KM).',
      }),
    ]);
    await t.must('excel.commit', { ...BEPC, fileBase64: file, fileName: 'n.xlsx', mode: 'valid-only' });
    expect(await t.app.store.em.query(`SELECT DISTINCT nationality FROM candidate`)).toEqual([{ nationality: 'KM' }]);
    // The birth country is optional: left empty, it is not said rather than guessed.
    expect(await t.app.store.em.query(`SELECT birth_country AS b FROM candidate ORDER BY rowid`)).toEqual([
      { b: 'FR' },
      { b: null },
      { b: null },
      { b: null },
    ]);
  });

  it('refuses formulas and merged cells, naming the cell', async () => {
    const wb = await fillTemplate(template, [pupil(0), pupil(1), pupil(2)]);
    const sheet = wb.getWorksheet('Candidats')!;
    sheet.getCell('A2').value = { formula: 'UPPER("ahamada")', result: 'AHAMADA' };
    sheet.mergeCells('E4:F4');
    const p = await t.must('excel.preview', { ...BEPC, fileBase64: await toBase64(wb) });
    const errors = p.rows.flatMap((r) => r.errors);
    expect(errors).toContainEqual(
      expect.objectContaining({
        row: 2,
        column: 'A',
        message: 'Nom : formule dans la cellule A2 : saisissez la valeur elle-même.',
      }),
    );
    expect(errors).toContainEqual(
      expect.objectContaining({
        row: 4,
        column: 'E',
        message: 'Lieu de naissance : cellules fusionnées (E4:F4) : annulez la fusion.',
      }),
    );
  });

  it('skips empty rows in the middle and keeps the Excel row numbers', async () => {
    const wb = await fillTemplate(template, [pupil(0), null, null, pupil(1, { Sexe: 'H' })]);
    wb.addWorksheet('Notes de l’école').addRow(['Liste transmise par le directeur']);
    const p = await t.must('excel.preview', { ...BEPC, fileBase64: await toBase64(wb) });
    expect(p).toMatchObject({ total: 2, valid: 1, emptyRows: 2 });
    expect(p.rows.map((r) => r.row)).toEqual([2, 5]);
    expect(p.rows[1]!.errors[0]).toMatchObject({
      row: 5,
      column: 'C',
      message: 'Sexe : valeur « H » absente de la liste (M, F).',
    });
  });

  it('applies the counter’s identity and eligibility rules', async () => {
    const errors = await errorsOf([
      pupil(0, { 'Nom du tuteur': '', 'Téléphone du tuteur': '' }),
      pupil(1, { 'Date de naissance': new Date(Date.UTC(2020, 0, 1)) }),
      pupil(2, { Prénoms: 'Fatima 2' }),
      pupil(3, {
        'Centre d’examen': 'MOR-01',
        Catégorie: 'individuel',
        'Type de pièce': 'NIN_KM',
        'N° de pièce': '12',
      }),
    ]);
    expect(errors.map((e) => [e.row, e.column, e.message])).toEqual([
      [2, 'M', 'Nom du tuteur : Candidat mineur : le tuteur légal est obligatoire.'],
      [3, 'D', 'Date de naissance : Le candidat a 6 ans : l’âge minimum pour cet examen est 13 ans.'],
      [4, 'B', 'Prénoms : Lettres, espaces, apostrophes et traits d’union uniquement.'],
      [5, 'I', 'N° de pièce : Ce numéro ne correspond pas au format de la pièce choisie.'],
    ]);
  });

  it('enforces what the Instructions sheet says: a number for an ID type chosen, a phone for a minor’s guardian', async () => {
    const errors = await errorsOf([
      pupil(0, { 'Type de pièce': 'NIN_KM' }),
      pupil(1, { 'Téléphone du tuteur': '' }),
      pupil(2, { 'Nom du tuteur': '' }),
      pupil(3, { 'Type de pièce': 'NIN_KM', 'N° de pièce': 'KM7654321' }),
    ]);
    expect(errors.map((e) => [e.row, e.column, e.message])).toEqual([
      [2, 'I', 'N° de pièce : Saisissez le numéro de la pièce choisie.'],
      [3, 'N', 'Téléphone du tuteur : Candidat mineur : le téléphone du tuteur légal est obligatoire.'],
      [4, 'M', 'Nom du tuteur : Ce champ est obligatoire.'],
    ]);
    const instructions = (await readBack(template)).getWorksheet('Instructions')!;
    const text = instructions.getColumn(2).values.join('\n');
    expect(text).toContain('Obligatoire si un type de pièce est choisi.');
    expect(text).toContain('Un candidat mineur doit avoir un tuteur légal (nom et téléphone).');
  });

  it('finds the same pupil twice in the file and a pupil already registered', async () => {
    const first = await fillTemplate(template, [pupil(0, { 'Type de pièce': 'NIN_KM', 'N° de pièce': 'KM1234567' })]);
    await t.must('excel.commit', { ...BEPC, fileBase64: await toBase64(first), mode: 'valid-only' });
    const errors = await errorsOf([
      pupil(0, { 'Type de pièce': 'NIN_KM', 'N° de pièce': 'KM1234567' }),
      pupil(5),
      pupil(5),
    ]);
    expect(errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [2, 'I', 'duplicate_national_id_db'],
      [4, 'A', 'duplicate_in_file'],
    ]);
    expect(errors[1]!.message).toBe('Nom : même candidat que la ligne 3 du fichier.');
  });

  it('keeps individual exams at the counter', async () => {
    const r = await t.call('excel.template', { ...BEPC, examCode: 'BAC' });
    expect(r).toMatchObject({ ok: false, error: { fields: { examCode: { code: 'individual_only' } } } });
  });

  it('says at the exam that no list can be imported by an office no centre of the catalogue serves', async () => {
    const other = await makeApp({ now: '2026-03-02T08:00:00Z', setupOverride: { officeCode: 'NGZ' } });
    try {
      await other.login();
      const refused = { fields: { examCode: { code: 'no_centre_for_office', params: { office: 'NGZ' } } } };
      expect(await other.call('excel.template', BEPC)).toMatchObject({ ok: false, error: refused });
      // A school's file made at another office is refused the same way, before any row is read.
      const r = await other.call('excel.preview', {
        ...BEPC,
        fileBase64: await toBase64(await fillTemplate(template, [pupil(1)])),
      });
      expect(r).toMatchObject({ ok: false, error: refused });
    } finally {
      await other.close();
    }
  });
});

describe('committing', () => {
  it('imports nothing in all-or-nothing mode while a row is wrong', async () => {
    const file = await toBase64(await fillTemplate(template, [pupil(0), pupil(1, { Sexe: '' })]));
    const r = await t.call('excel.commit', { ...BEPC, fileBase64: file, mode: 'all-or-nothing' });
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'rule_refused', fields: { file: { code: 'import_has_errors', params: { count: 1 } } } },
    });
    expect(await t.app.store.em.query(`SELECT COUNT(*) AS n FROM candidate`)).toEqual([{ n: 0 }]);
  });

  it('turns 1,000 rows into 1,000 registrations with unique numbers, audit and outbox entries', async () => {
    const rows = Array.from({ length: 1000 }, (_, i) => pupil(i));
    const file = await toBase64(await fillTemplate(template, rows));
    const r = await t.must('excel.commit', {
      ...BEPC,
      fileBase64: file,
      fileName: 'cmit.xlsx',
      mode: 'all-or-nothing',
    });
    expect(r.imported).toBe(1000);
    expect(new Set(r.numbers).size).toBe(1000);
    const q = (sql: string) => t.app.store.em.query(sql);
    expect(await q(`SELECT COUNT(DISTINCT number) AS n FROM registration WHERE exam_code = 'BEPC'`)).toEqual([
      { n: 1000 },
    ]);
    expect(await q(`SELECT COUNT(*) AS n FROM outbox WHERE entity = 'registration'`)).toEqual([{ n: 1000 }]);
    expect(await q(`SELECT COUNT(*) AS n FROM audit_log WHERE action = 'registrations.submit'`)).toEqual([{ n: 1000 }]);
    expect(await q(`SELECT imported, in_error, clerk FROM excel_import`)).toEqual([
      { imported: 1000, in_error: 0, clerk: 'admin' },
    ]);
    expect((await t.must('audit.verify', {})).ok).toBe(true);
  }, 60_000);

  it('follows a big commit and cancels it with nothing saved', async () => {
    const file = await toBase64(
      await fillTemplate(
        template,
        Array.from({ length: 600 }, (_, i) => pupil(i)),
      ),
    );
    const jobId = '0190a5a4-0000-7000-8000-000000000001';
    const running = t.call('excel.commit', { ...BEPC, fileBase64: file, mode: 'valid-only', jobId });
    let seen = { phase: 'checking', done: 0, total: 0, running: false };
    while (!(seen.phase === 'saving' && seen.done >= 100)) {
      await new Promise((resolve) => setImmediate(resolve));
      seen = await t.must('excel.progress', { jobId });
    }
    expect(seen.total).toBe(600);
    expect(await t.must('excel.cancel', { jobId })).toEqual({ cancelled: true });
    expect(await running).toMatchObject({ ok: false, error: { fields: { file: { code: 'import_cancelled' } } } });
    const q = (sql: string) => t.app.store.em.query(sql);
    expect(await q(`SELECT COUNT(*) AS n FROM registration`)).toEqual([{ n: 0 }]);
    expect(await q(`SELECT COUNT(*) AS n FROM outbox`)).toEqual([{ n: 0 }]);
    expect(await q(`SELECT COUNT(*) AS n FROM excel_import`)).toEqual([{ n: 0 }]);
    expect((await t.must('excel.progress', { jobId })).running).toBe(false);
  }, 60_000);
});
