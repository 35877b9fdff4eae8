import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeApp, type TestApp } from '../support/app';
import { readBack } from '../support/excel';
import { readPdf } from '../support/pdf';
import { bacSubmission } from '../support/submissions';
import { inTimeZone } from '../support/timeZone';

// An office in Moroni, UTC+3 all year: what people read is its own time, while records keep UTC.
inTimeZone('Indian/Comoro');

let t: TestApp;
beforeEach(async () => {
  // 20:30 UTC is 23:30 in Moroni, still 2 March there.
  t = await makeApp({ now: '2026-03-02T20:30:00Z' });
  await t.login();
});
afterEach(() => t.close());

/** Later that night: the idle lock has closed the session meanwhile, so the clerk signs in again. */
async function at(iso: string) {
  t.clock.set(new Date(iso));
  await t.login();
}

const evening = async (n: number) => (await t.must('registrations.submit', bacSubmission(n))).registration;

describe('times in the office’s time zone', () => {
  it('prints the receipt and the fiche with the time of the counter, not UTC', async () => {
    const reg = await evening(0);
    const paid = await t.must('payments.take', { registrationId: reg.id, mode: 'cash' });
    const receipt = readPdf((await t.must('printing.receipt', { paymentId: paid.id })).pdfBase64).text();
    expect(receipt).toContain('02/03/2026 à 23:30');
    expect(receipt).not.toContain('20:30');
    const fiche = readPdf((await t.must('printing.fiche', { registrationId: reg.id })).pdfBase64).text();
    expect(fiche).toContain('du 02/03/2026 à 23:30');
  });

  it('prints a piece’s deadline on the day it falls in the office, not in UTC', async () => {
    const catalogue = JSON.parse(readFileSync('src-main/modules/reference/catalogues/comores-2026.json', 'utf8')) as {
      version: number;
      pieces: { deadline?: string }[];
    };
    catalogue.version += 1;
    // Midnight starting 16 January in Moroni, still 15 January in UTC.
    for (const p of catalogue.pieces) if (p.deadline) p.deadline = '2027-01-15T21:00:00Z';
    await t.must('reference.import', { json: JSON.stringify(catalogue) });
    const reg = await evening(0);
    for (const kind of ['printing.confirmation', 'printing.fiche'] as const) {
      const text = readPdf((await t.must(kind, { registrationId: reg.id })).pdfBase64).text();
      expect(text).toContain('16/01/2027');
      expect(text).not.toContain('15/01/2027');
    }
  });

  it('counts a payment taken after local midnight on the new day, as the cash desk lived it', async () => {
    const first = await evening(0);
    await t.must('payments.take', { registrationId: first.id, mode: 'cash' });
    await at('2026-03-02T22:30:00Z'); // 01:30 on 3 March in Moroni, still 2 March in UTC
    const second = await evening(1);
    await t.must('payments.take', { registrationId: second.id, mode: 'cash' });
    expect((await t.must('payments.list', { day: '2026-03-02' })).map((p) => p.registrationId)).toEqual([first.id]);
    expect((await t.must('payments.list', { day: '2026-03-03' })).map((p) => p.registrationId)).toEqual([second.id]);
  });

  it('puts each registration on its local day in the figures, and its local time in the export', async () => {
    await evening(0);
    await at('2026-03-02T22:30:00Z');
    await evening(1);
    const counts = await t.must('reports.counts', {});
    expect(counts.counts.day.map((c) => [c.key, c.count])).toEqual([
      ['2026-03-02', 1],
      ['2026-03-03', 1],
    ]);
    expect((await t.must('reports.counts', { from: '2026-03-03', to: '2026-03-03' })).total).toBe(1);
    expect((await t.must('reports.counts', { to: '2026-03-02' })).total).toBe(1);
    // The same day for the registrations list and the fiches printed by batch.
    expect((await t.must('registrations.list', { from: '2026-03-03', to: '2026-03-03' })).total).toBe(1);
    expect((await t.must('registrations.list', { to: '2026-03-02' })).total).toBe(1);
    expect(await t.must('printing.batchCount', { day: '2026-03-02' })).toEqual({ count: 1 });
    expect(await t.must('printing.batchCount', { day: '2026-03-03' })).toEqual({ count: 1 });
    const file = await t.must('excel.export', { kind: 'registrations', format: 'xlsx' });
    const sheet = (await readBack(file.base64)).getWorksheet('Inscriptions')!;
    const column = (sheet.getRow(1).values as unknown[]).indexOf('Inscrit le');
    const times = [2, 3].map((r) => (sheet.getRow(r).getCell(column).value as Date).toISOString().slice(0, 16)).sort();
    expect(times).toEqual(['2026-03-02T23:30', '2026-03-03T01:30']);
    const csv = Buffer.from((await t.must('excel.export', { kind: 'registrations', format: 'csv' })).base64, 'base64');
    expect(csv.toString('utf8')).toContain('03/03/2026 01:30');
  });

  it('refuses a day that is not one at its field, instead of reading 31 February as 3 March', async () => {
    await evening(0);
    for (const day of ['2026-02-31', '31/02/2026', '']) {
      const counts = await t.call('reports.counts', { from: day });
      expect(counts.ok || counts.error.fields).toEqual({ from: { code: 'date_invalid' } });
      const cash = await t.call('payments.list', { day });
      expect(cash.ok || cash.error.fields).toEqual({ day: { code: 'date_invalid' } });
    }
  });

  it('says at « Au » that it is before « Du », on the list, its exports and the figures alike', async () => {
    await evening(0);
    const reversed = { from: '2026-03-28', to: '2026-03-01' };
    const refused = { to: { code: 'to_before_from' } };
    for (const r of [
      await t.call('registrations.list', reversed),
      await t.call('excel.export', { ...reversed, kind: 'registrations', format: 'csv' }),
      await t.call('reports.counts', reversed),
      await t.call('reports.pdf', reversed),
    ])
      expect(r.ok || r.error.fields).toEqual(refused);
    expect((await t.must('registrations.list', { from: '2026-03-02', to: '2026-03-02' })).total).toBe(1);
  });

  it('names a backup with the office’s time, and lists backups by when they were made, whatever their names', async () => {
    const older = await t.must('maintenance.backupNow', {});
    expect(older.name).toBe('guichet-20260302-233000.sqlite');
    // What the version before this one wrote an hour later: its name in UTC sorts before the local one.
    const { folder } = await t.must('maintenance.backups', {});
    const utcNamed = 'guichet-20260302-213000.sqlite';
    copyFileSync(join(folder, older.name), join(folder, utcNamed));
    const manifest = JSON.parse(readFileSync(join(folder, older.name.replace('.sqlite', '.json')), 'utf8')) as object;
    writeFileSync(
      join(folder, utcNamed.replace('.sqlite', '.json')),
      JSON.stringify({ ...manifest, name: utcNamed, createdAt: '2026-03-02T21:30:00.000Z' }),
    );
    expect((await t.must('maintenance.backups', {})).backups.map((b) => b.name)).toEqual([utcNamed, older.name]);
  });
});
