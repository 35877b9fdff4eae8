import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeApp, type TestApp } from '../support/app';
import { BEPC, fillTemplate, pupil, readBack, toBase64 } from '../support/excel';
import { b64, makePdf, photoLike } from '../support/files';
import { bacSubmission } from '../support/submissions';

const FORMULA = '=HYPERLINK("http://x.example","clic")';

let t: TestApp;
let judged: string;
let complete: string;
let untouched: string;
beforeEach(async () => {
  t = await makeApp({ now: '2026-03-02T08:00:00Z' });
  await t.login();
  const submit = async (n: number) => (await t.must('registrations.submit', bacSubmission(n))).registration.number;
  [judged, complete, untouched] = [await submit(0), await submit(1), await submit(2)];
  const ids = new Map((await t.must('registrations.list', { limit: 10 })).items.map((r) => [r.number, r.id]));
  const attach = async (number: string, pieceCode: string) =>
    t.must('dossier.attach', {
      registrationId: ids.get(number)!,
      pieceCode,
      fileName: `${pieceCode}.pdf`,
      base64: b64(await makePdf(1, pieceCode)),
    });
  const judge = (
    number: string,
    pieceCode: string,
    status: 'conforme' | 'non_conforme' | 'non_applicable',
    comment?: string,
  ) => t.must('dossier.setStatus', { registrationId: ids.get(number)!, pieceCode, status, comment: comment ?? null });

  for (const code of ['NAISSANCE', 'IDENTITE', 'SCOLARITE']) await attach(judged, code);
  await judge(judged, 'NAISSANCE', 'conforme');
  await judge(judged, 'IDENTITE', 'non_conforme', FORMULA);
  await judge(judged, 'MEDICAL', 'non_applicable');
  for (const code of ['NAISSANCE', 'IDENTITE', 'SCOLARITE']) {
    await attach(complete, code);
    await judge(complete, code, 'conforme');
  }
  await t.must('dossier.photo', {
    registrationId: ids.get(complete)!,
    base64: (await photoLike(600, 800)).toString('base64'),
    photoNumber: null,
  });
  // A BEPC pupil from a school list: the Bac's school-record piece does not apply to it.
  const template = (await t.must('excel.template', BEPC)).base64;
  await t.must('excel.commit', {
    ...BEPC,
    fileBase64: await toBase64(await fillTemplate(template, [pupil(0)])),
    mode: 'valid-only',
  });
});
afterEach(() => t.close());

/** The sheet as header → value maps, keyed by registration number. */
async function xlsxRows(base64: string) {
  const sheet = (await readBack(base64)).getWorksheet('Dossiers')!;
  const headers = (sheet.getRow(1).values as unknown[]).slice(1) as string[];
  const rows = new Map<string, Record<string, unknown>>();
  for (let r = 2; r <= sheet.rowCount; r++) {
    const values = (sheet.getRow(r).values as unknown[]).slice(1);
    const row = Object.fromEntries(headers.map((h, i) => [h, values[i] ?? null]));
    rows.set(String(row['N° inscription']), row);
  }
  return { sheet, headers, rows };
}

describe('the dossier-state export', () => {
  it('writes each piece’s status and comment, the photo and "Dossier complet" to .xlsx', async () => {
    const out = await t.must('excel.export', { kind: 'dossiers', format: 'xlsx' });
    expect(out.fileName).toBe('dossiers-2026-03-02.xlsx');
    expect(out.rows).toBe(4);
    const { sheet, headers, rows } = await xlsxRows(out.base64);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.autoFilter).toBeTruthy();
    expect(headers.slice(0, 9)).toEqual([
      'N° inscription',
      'Candidat',
      'Examen',
      'Intitulé de l’examen',
      'Centre',
      'Nom du centre',
      'Établissement',
      'Nom de l’établissement',
      'Statut',
    ]);
    expect(headers.slice(-2)).toEqual(['Photo d’examen', 'Dossier complet']);

    const piece = (number: string, label: string) => [rows.get(number)![label], rows.get(number)![`${label} — motif`]];
    const [birth, id, school, medical] = [
      'Acte de naissance',
      'Copie de la pièce',
      'Certificat de scolarité',
      'Certificat médical',
    ].map((label) => headers.find((h) => h.startsWith(label) && !h.endsWith('motif'))!);
    expect([birth, id, school, medical].every(Boolean)).toBe(true);
    expect(piece(judged, birth!)).toEqual(['Conforme', null]);
    // The comment comes back as typed, as text (a formula would read back as an object), without an apostrophe.
    expect(piece(judged, id!)).toEqual(['Non conforme', FORMULA]);
    expect(piece(judged, school!)).toEqual(['Reçue', null]);
    expect(piece(judged, medical!)).toEqual(['Non applicable', null]);
    expect(rows.get(judged)).toMatchObject({ 'Photo d’examen': 'Manquante', 'Dossier complet': 'Non', Examen: 'BAC' });
    expect(rows.get(complete)).toMatchObject({ 'Photo d’examen': 'Fournie', 'Dossier complet': 'Oui' });
    expect(piece(untouched, birth!)).toEqual(['Manquante', null]);
    expect(rows.get(untouched)).toMatchObject({ 'Dossier complet': 'Non', Statut: 'Inscrit' });

    const bepc = [...rows.values()].find((r) => r.Examen === 'BEPC')!;
    expect(bepc).toMatchObject({ [birth!]: 'Manquante', [school!]: null, Établissement: 'CMIT' });
  });

  it('agrees with the dossier list on which dossiers are complete', async () => {
    const listed = await t.must('dossier.list', { state: 'complet' });
    const { rows } = await xlsxRows((await t.must('excel.export', { kind: 'dossiers', format: 'xlsx' })).base64);
    const yes = [...rows.values()].filter((r) => r['Dossier complet'] === 'Oui').map((r) => r['N° inscription']);
    expect(yes).toEqual(listed.map((d) => d.number));
  });

  it('takes the registrations export’s filters', async () => {
    const bepc = await t.must('excel.export', { kind: 'dossiers', format: 'xlsx', examCode: 'BEPC' });
    expect(bepc.rows).toBe(1);
    const { headers } = await xlsxRows(bepc.base64);
    expect(headers.some((h) => h.startsWith('Certificat de scolarité'))).toBe(false);
    expect((await t.must('excel.export', { kind: 'dossiers', format: 'xlsx', etablissementCode: 'LSMC' })).rows).toBe(
      3,
    );
    expect((await t.must('excel.export', { kind: 'dossiers', format: 'csv', status: 'withdrawn' })).rows).toBe(0);
  });

  it('writes CSV in UTF-8 with a BOM, semicolons, and the comment neutralised', async () => {
    const out = await t.must('excel.export', { kind: 'dossiers', format: 'csv', examCode: 'BAC' });
    expect(out.fileName).toBe('dossiers-2026-03-02.csv');
    const bytes = Buffer.from(out.base64, 'base64');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).trim().split('\r\n');
    expect(lines).toHaveLength(4);
    const header = lines[0]!.split(';');
    const line = lines.find((l) => l.startsWith(`${judged};`))!;
    // The comment holds quotes and no semicolon, so its cell is quoted and splitting on ";" keeps it whole.
    const cells = Object.fromEntries(line.split(';').map((c, i) => [header[i], c]));
    expect(cells['Dossier complet']).toBe('Non');
    expect(Object.values(cells)).toContain('Non conforme');
    expect(Object.values(cells)).toContain('"\'=HYPERLINK(""http://x.example"",""clic"")"');
    expect(Object.values(cells)).toContain('Reçue');
    expect(lines.every((l) => !l.split(';').some((c) => /^"?[=+\-@]/.test(c)))).toBe(true);
  });
});
