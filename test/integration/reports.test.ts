import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeApp, type TestApp } from '../support/app';
import { BEPC, fillTemplate, pupil, readBack, toBase64 } from '../support/excel';
import { readPdf } from '../support/pdf';
import { bacSubmission } from '../support/submissions';

let t: TestApp;
beforeEach(async () => {
  t = await makeApp({ now: '2026-03-02T08:00:00Z' });
  await t.login();
  const template = (await t.must('excel.template', BEPC)).base64;
  const file = await toBase64(await fillTemplate(template, [pupil(0), pupil(1), pupil(2)]));
  await t.must('excel.commit', { ...BEPC, fileBase64: file, mode: 'all-or-nothing' });
  const foreign = bacSubmission(1);
  foreign.identity!.nationality = 'MG';
  await t.must('registrations.submit', foreign);
});
afterEach(() => t.close());

describe('office figures', () => {
  it('counts active registrations by exam, series, sex, nationality, centre, établissement and day, with filters', async () => {
    const all = await t.must('reports.counts', {});
    expect(all.total).toBe(4);
    expect(all.counts.exam.map((c) => [c.key, c.count])).toEqual([
      ['BEPC', 3],
      ['BAC', 1],
    ]);
    expect(all.counts.sex.map((c) => [c.label, c.count])).toEqual([
      ['Féminin', 2],
      ['Masculin', 2],
    ]);
    expect(all.counts.nationality).toEqual([
      { key: 'KM', label: 'Comores', count: 3 },
      { key: 'MG', label: 'Madagascar', count: 1 },
    ]);
    expect(all.counts.day).toEqual([{ key: '2026-03-02', label: '02/03/2026', count: 4 }]);
    const bepc = await t.must('reports.counts', { examCode: 'BEPC' });
    expect(bepc.counts.etablissement).toEqual([{ key: 'CMIT', label: 'Collège de Mitsamiouli', count: 3 }]);
    expect((await t.must('reports.counts', { from: '2026-03-03' })).total).toBe(0);
  });

  it('prints the figures as a PDF and exports them to Excel', async () => {
    const pdf = await t.must('reports.pdf', { examCode: 'BEPC' });
    const text = readPdf(pdf.base64).text();
    expect(text).toContain('Statistiques des inscriptions');
    expect(text).toMatch(/Collège de Mitsamiouli\s+3/);
    const dated = readPdf((await t.must('reports.pdf', { from: '2026-03-01', to: '2026-03-02' })).base64).text();
    expect(dated).toMatch(/du 01\/03\/2026 au 02\/03\/2026 — 4 inscriptions — édité le 02\/03\/2026 à \d\d:\d\d/);
    const sheet = (await readBack((await t.must('reports.xlsx', {})).base64)).getWorksheet('Statistiques')!;
    expect(sheet.getCell('A1').value).toBe('Statistiques des inscriptions — Office régional de Moroni');
    expect(sheet.getCell('A2').value).toMatch(
      /^Toutes les inscriptions actives — 4 inscriptions — édité le 02\/03\/2026 à \d\d:\d\d$/,
    );
    expect(sheet.getRow(4).values).toEqual([undefined, 'Répartition', 'Valeur', 'Code', 'Nombre']);
    expect(sheet.getRow(5).values).toEqual([undefined, 'Examen', "Brevet d'études du premier cycle", 'BEPC', 3]);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 4 });
    // Figures filtered by exam, établissement and days say so, as the PDF does, by name and code.
    const filtered = await t.must('reports.xlsx', {
      examCode: 'BEPC',
      etablissementCode: 'CMIT',
      from: '2026-03-01',
      to: '2026-03-02',
    });
    const stated = (await readBack(filtered.base64)).getWorksheet('Statistiques')!.getCell('A2').value;
    expect(stated).toMatch(
      /^Examen Brevet d'études du premier cycle \(BEPC\), établissement Collège de Mitsamiouli \(CMIT\), du 01\/03\/2026 au 02\/03\/2026 — 3 inscriptions — édité le /,
    );
    const pdfFiltered = readPdf((await t.must('reports.pdf', { examCode: 'BEPC', etablissementCode: 'CMIT' })).base64);
    expect(pdfFiltered.text()).toMatch(/Examen Brevet d'études du premier cycle \(BEPC\), établissement Collège de/);
  });
});
