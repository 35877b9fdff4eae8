import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeApp, type TestApp } from '../support/app';
import { BEPC, fillTemplate, lettersOf, pupil, toBase64 } from '../support/excel';

let t: TestApp;
let template: string;
beforeEach(async () => {
  t = await makeApp({ now: '2026-03-02T08:00:00Z' });
  await t.login();
  template = (await t.must('excel.template', BEPC)).base64;
});
afterEach(() => t.close());

const fileOf = async (rows: Parameters<typeof fillTemplate>[1]) => toBase64(await fillTemplate(template, rows));

describe('importing a school list', () => {
  it('previews valid rows and rows in error, naming row, column and the French reason', async () => {
    const file = await fileOf([pupil(0), pupil(1, { 'Date de naissance': '' }), pupil(2)]);
    const p = await t.must('excel.preview', { ...BEPC, fileBase64: file });
    expect(p).toMatchObject({ total: 3, valid: 2, inError: 1 });
    expect(p.rows[1]!.errors).toEqual([
      expect.objectContaining({
        row: 3,
        column: 'D',
        header: 'Date de naissance',
        message: 'Date de naissance : Ce champ est obligatoire.',
      }),
    ]);
    expect(await t.app.store.em.query(`SELECT COUNT(*) AS n FROM registration`)).toEqual([{ n: 0 }]);
  });

  it('refuses a centre of another office’s region, naming the centres of this one', async () => {
    const p = await t.must('excel.preview', {
      ...BEPC,
      fileBase64: await fileOf([pupil(0, { 'Centre d’examen': 'MUT-01' })]),
    });
    expect(p.rows[0]!.errors.map((e) => e.message)).toEqual([
      'Centre d’examen : valeur « MUT-01 » absente de la liste (Lycée Saïd Mohamed Cheikh — Moroni (MOR-01), Collège de Mitsamiouli — Mitsamiouli (MOR-02)).',
    ]);
  });

  it('commits the valid rows as registrations like the counter, then refuses the same file again', async () => {
    const file = await fileOf([pupil(0), pupil(1, { Sexe: 'X' }), pupil(2)]);
    const r = await t.must('excel.commit', { ...BEPC, fileBase64: file, fileName: 'cmit.xlsx', mode: 'valid-only' });
    expect(r).toMatchObject({ imported: 2, inError: 1 });
    const outbox = await t.app.store.em.query(
      `SELECT entity, COUNT(*) AS n FROM outbox GROUP BY entity ORDER BY entity`,
    );
    expect(outbox).toEqual([
      { entity: 'candidate', n: 2 },
      { entity: 'registration', n: 2 },
    ]);
    const again = await t.call('excel.commit', {
      ...BEPC,
      fileBase64: file,
      fileName: 'cmit.xlsx',
      mode: 'valid-only',
    });
    expect(again).toMatchObject({
      ok: false,
      error: { code: 'conflict', fields: { file: { code: 'already_imported' } } },
    });
    expect((await t.must('audit.verify', {})).ok).toBe(true);
    // The refused second import left no record: the history holds the list once.
    expect(await t.must('excel.imports', {})).toEqual([
      expect.objectContaining({
        fileName: 'cmit.xlsx',
        examCode: 'BEPC',
        etablissementCode: 'CMIT',
        mode: 'valid-only',
        totalRows: 3,
        imported: 2,
        inError: 1,
        clerk: 'admin',
      }),
    ]);
  });

  it('commits the list given with the commit, whatever list was previewed before', async () => {
    const previewed = await fileOf([pupil(0), pupil(1)]);
    const committed = await fileOf([pupil(2), pupil(3, { Sexe: 'X' }), pupil(4)]);
    expect(await t.must('excel.preview', { ...BEPC, fileBase64: previewed })).toMatchObject({ total: 2, valid: 2 });
    const r = await t.must('excel.commit', { ...BEPC, fileBase64: committed, fileName: 'b.xlsx', mode: 'valid-only' });
    expect(r).toMatchObject({ imported: 2, inError: 1 });
    const names = (await t.app.store.em.query(`SELECT given_names FROM candidate ORDER BY rowid`)) as {
      given_names: string;
    }[];
    expect(names.map((n) => n.given_names)).toEqual([pupil(2)['Prénoms'], pupil(4)['Prénoms']]);
  });

  it('checks a previewed list again at the commit: a window closed since then refuses every row', async () => {
    const file = await fileOf([pupil(0), pupil(1)]);
    // The BEPC window of the demo catalogue closes at 20:59 UTC on 31 December.
    t.clock.set(new Date('2026-12-31T20:55:00Z'));
    await t.login();
    expect(await t.must('excel.preview', { ...BEPC, fileBase64: file })).toMatchObject({ valid: 2, inError: 0 });
    t.clock.advance(5 * 60_000);
    const late = await t.call('excel.commit', { ...BEPC, fileBase64: file, fileName: 'c.xlsx', mode: 'valid-only' });
    expect(late).toMatchObject({ ok: false, error: { fields: { file: { code: 'nothing_to_import' } } } });
    const preview = await t.must('excel.preview', { ...BEPC, fileBase64: file });
    expect(preview.rows.flatMap((r) => r.errors.map((e) => e.code))).toEqual(['window_closed', 'window_closed']);
  });

  it('agrees between preview and commit on close names, in the file and already registered', async () => {
    const born = new Date(Date.UTC(2011, 4, 17));
    // Close names with the same birth date: the clerk's "maybe the same person", not an exact twin.
    // 300 rows: the pair sits in different chunks of the workbook thread, so the commit has saved
    // the first before it checks the second. Its own rows must not count as "already registered".
    const first = await fileOf([
      pupil(0, { Prénoms: 'Fatima Zahra', 'Date de naissance': born }),
      ...Array.from({ length: 298 }, (_, i) => pupil(i + 2)),
      pupil(1, { Prénoms: 'Fatima Zahraa', 'Date de naissance': born }),
    ]);
    const seen = await t.must('excel.preview', { ...BEPC, fileBase64: first });
    const saved = await t.must('excel.commit', { ...BEPC, fileBase64: first, fileName: 'a.xlsx', mode: 'valid-only' });
    expect([seen.valid, saved.imported]).toEqual([300, 300]);

    const second = await fileOf([pupil(2, { Prénoms: 'Fatima Zahrah', 'Date de naissance': born })]);
    const p = await t.must('excel.preview', { ...BEPC, fileBase64: second });
    expect(p.rows[0]!.errors.map((e) => e.code)).toEqual(['possible_duplicate_db']);
    const refused = await t.call('excel.commit', {
      ...BEPC,
      fileBase64: second,
      fileName: 'b.xlsx',
      mode: 'valid-only',
    });
    expect(refused).toMatchObject({ ok: false, error: { fields: { file: { code: 'nothing_to_import' } } } });
  });

  it('finds pupils already registered in every chunk of a long list, each birth day read once for all', async () => {
    await t.must('excel.commit', {
      ...BEPC,
      fileBase64: await fileOf([pupil(0), pupil(1)]),
      fileName: 'a.xlsx',
      mode: 'valid-only',
    });
    // 600 rows over three chunks of the thread. The others are all born on one other day, under other
    // names; the birth day of the pupil at row 552 first appears in the third chunk.
    const other = (n: number) =>
      pupil(n, {
        Nom: 'Toybou',
        Prénoms: `Youssouf ${lettersOf(n)}`,
        'Date de naissance': new Date(Date.UTC(2011, 5, 15)),
      });
    const rows = Array.from({ length: 600 }, (_, i) => (i === 10 ? pupil(1) : i === 550 ? pupil(0) : other(i + 2)));
    const file = await fileOf(rows);
    const p = await t.must('excel.preview', { ...BEPC, fileBase64: file });
    const flagged = p.rows.filter((r) => r.errors.length);
    expect(flagged.map((r) => [r.row, r.errors.map((e) => e.code)])).toEqual([
      [12, ['possible_duplicate_db']],
      [552, ['possible_duplicate_db']],
    ]);
    const saved = await t.must('excel.commit', { ...BEPC, fileBase64: file, fileName: 'b.xlsx', mode: 'valid-only' });
    expect(saved).toMatchObject({ imported: 598, inError: 2 });
  });
});
