import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { columnLetter } from '../../src-main/modules/excel/columns';
import { makeApp, type TestApp } from '../support/app';
import { fillTemplate, pupil, readBack, toBase64 } from '../support/excel';
import { bacSubmission } from '../support/submissions';

const CATALOGUE = join(__dirname, '../../src-main/modules/reference/catalogues/comores-2026.json');
/** A Bac registered by school lists, with one option for every series and one per series pair, one at most. */
const BAC = { sessionId: 'KM-2026', examCode: 'BAC', etablissementCode: 'LSMC' };
const LV3 = 'Option Langue vivante 3 (facultative)';
const MUS = 'Option Musique';
const INFO = 'Option Informatique (facultative)';

type Exam = { code: string; kind: string; maxOptional?: number; epreuves: object[] };

let t: TestApp;
let template: string;
beforeEach(async () => {
  t = await makeApp({ now: '2026-03-02T08:00:00Z' });
  await t.login();
  const catalogue = JSON.parse(readFileSync(CATALOGUE, 'utf8')) as { version: number; exams: Exam[] };
  catalogue.version += 1;
  const bac = catalogue.exams.find((e) => e.code === 'BAC')!;
  bac.kind = 'collective';
  bac.maxOptional = 1;
  bac.epreuves.push({ code: 'MUS', label: 'Musique', type: 'facultative', forme: 'ponctuel' });
  await t.must('reference.import', { json: JSON.stringify(catalogue) });
  template = (await t.must('excel.template', BAC)).base64;
});
afterEach(() => t.close());

const headersOf = async (base64: string) =>
  ((await readBack(base64)).getWorksheet('Candidats')!.getRow(1).values as unknown[])
    .slice(1)
    .map((h) => String(h).replace(/ \*$/, ''));
const letterOf = async (header: string) => columnLetter((await headersOf(template)).indexOf(header) + 1);
const lycee = (n: number, series: string, over: Record<string, string> = {}) => pupil(n, { Série: series, ...over });

describe('options in a school list', () => {
  it('the template has an Oui/Non list column per optional épreuve, explained on the instructions sheet', async () => {
    const headers = await headersOf(template);
    expect(headers.filter((h) => h.startsWith('Option '))).toEqual([MUS, LV3, INFO]);
    const wb = await readBack(template);
    const validations = (
      wb.getWorksheet('Candidats') as unknown as {
        dataValidations: { model: Record<string, { type: string; formulae: string[] }> };
      }
    ).dataValidations.model;
    for (const h of [MUS, LV3, INFO]) {
      const letter = await letterOf(h);
      expect(validations[`${letter}2`], h).toMatchObject({
        type: 'list',
        formulae: [`Listes!$${letter}$2:$${letter}$3`],
      });
      const lists = wb.getWorksheet('Listes')!;
      expect([lists.getCell(`${letter}2`).value, lists.getCell(`${letter}3`).value]).toEqual(['Oui', 'Non']);
    }
    const notes = (wb.getWorksheet('Instructions')!.getColumn(2).values as unknown[]).filter(
      (v) => typeof v === 'string',
    );
    expect(notes.find((n) => (n as string).includes('(LV3)'))).toMatch(
      /Séries : A1, A2\. Options : 1 au plus par candidat/,
    );
  });

  it('imports a chosen option into the registration', async () => {
    const file = await toBase64(await fillTemplate(template, [lycee(0, 'A1', { [LV3]: 'Oui', [INFO]: 'Non' })]));
    const r = await t.must('excel.commit', { ...BAC, fileBase64: file, mode: 'all-or-nothing' });
    expect(r.imported).toBe(1);
    const [reg] = (await t.must('registrations.list', { examCode: 'BAC', limit: 5 })).items;
    const detail = await t.must('registrations.get', { id: reg!.id });
    expect(detail.details.epreuves).toEqual({ optional: ['LV3'], exemptions: [] });
  });

  it('names the row and column of an option not offered, one too many, and a value off the list', async () => {
    const file = await toBase64(
      await fillTemplate(template, [
        lycee(0, 'A1', { [MUS]: 'Non' }),
        lycee(1, 'C', { [LV3]: 'Oui' }),
        lycee(2, 'A2', { [MUS]: 'Oui', [LV3]: 'Oui' }),
        lycee(3, 'D', { [INFO]: 'Peut-être' }),
      ]),
    );
    const p = await t.must('excel.preview', { ...BAC, fileBase64: file });
    expect(p).toMatchObject({ total: 4, valid: 1, inError: 3 });
    const at = (row: number) => p.rows.find((r) => r.row === row)!.errors;
    expect(at(3)).toEqual([
      expect.objectContaining({
        column: await letterOf(LV3),
        header: LV3,
        code: 'option_not_offered',
        message: `${LV3} : Épreuve facultative LV3 non proposée pour cet examen ou cette série.`,
      }),
    ]);
    expect(at(4)).toEqual([
      expect.objectContaining({
        column: await letterOf(LV3),
        code: 'too_many_options',
        message: `${LV3} : Trop d’épreuves facultatives : 1 au plus.`,
      }),
    ]);
    expect(at(5)).toEqual([
      expect.objectContaining({
        column: await letterOf(INFO),
        code: 'list_value',
        params: { value: 'Peut-être', allowed: 'Oui, Non' },
      }),
    ]);
    const committed = await t.must('excel.commit', { ...BAC, fileBase64: file, mode: 'valid-only' });
    expect(committed).toMatchObject({ imported: 1, inError: 3 });
  });
});

describe('the series list', () => {
  it('offers the series by name, and reads a name or a code back as the series code', async () => {
    const wb = await readBack(template);
    const letter = await letterOf('Série');
    const offered = (wb.getWorksheet('Listes')!.getColumn(letter).values.slice(2) as string[]).filter(Boolean);
    expect(offered).toEqual([
      'Série A1 — Lettres et langues',
      'Série A2 — Lettres et sciences humaines',
      'Série C — Mathématiques et sciences physiques',
      'Série D — Mathématiques et sciences de la nature',
      'Série G — Techniques de gestion',
    ]);
    const validations = (
      wb.getWorksheet('Candidats') as unknown as {
        dataValidations: { model: Record<string, { type: string; errorStyle?: string; formulae: string[] }> };
      }
    ).dataValidations.model;
    // A warning, not a refusal: a code typed by hand (C) is read too.
    expect(validations[`${letter}2`]).toMatchObject({
      type: 'list',
      errorStyle: 'warning',
      formulae: [`Listes!$${letter}$2:$${letter}$6`],
    });
    let note = '';
    wb.getWorksheet('Instructions')!.eachRow((row) => {
      if (row.getCell(1).value === 'Série *') note = String(row.getCell(2).value);
    });
    expect(note).toContain('Le code est lu aussi : A1 pour Série A1 — Lettres et langues, A2 pour Série A2');

    const file = await toBase64(
      await fillTemplate(template, [
        lycee(0, 'Série C — Mathématiques et sciences physiques'),
        // A list filled from an older template, or from an export, holds the codes.
        lycee(1, 'a2'),
        lycee(2, 'Série Z'),
      ]),
    );
    const p = await t.must('excel.preview', { ...BAC, fileBase64: file });
    expect(p.rows.find((r) => r.row === 4)!.errors).toEqual([
      expect.objectContaining({
        column: letter,
        code: 'list_value',
        params: expect.objectContaining({ value: 'Série Z' }),
      }),
    ]);
    expect(await t.must('excel.commit', { ...BAC, fileBase64: file, mode: 'valid-only' })).toMatchObject({
      imported: 2,
    });
    // Numbers are given in row order: the first row is the Série C pupil.
    expect(await t.app.store.em.query(`SELECT series_code AS series FROM registration ORDER BY number`)).toEqual([
      { series: 'C' },
      { series: 'A2' },
    ]);
  });
});

describe('the same rule at the counter', () => {
  it('refuses an option the series does not offer, at its place in the list', async () => {
    const counter = await makeApp({ now: '2026-03-02T08:00:00Z' });
    try {
      await counter.login();
      const r = await counter.call(
        'registrations.submit',
        bacSubmission(0, { epreuves: { optional: ['LV3', 'INFO'], exemptions: [] } }),
      );
      expect(r.ok || r.error.fields).toEqual({
        'epreuves.optional.1': { code: 'option_not_offered', params: { option: 'INFO' } },
      });
      const ok = await counter.must(
        'registrations.submit',
        bacSubmission(0, { epreuves: { optional: ['LV3'], exemptions: [] } }),
      );
      expect((await counter.must('registrations.get', { id: ok.registration.id })).details.epreuves.optional).toEqual([
        'LV3',
      ]);
    } finally {
      await counter.close();
    }
  });
});
