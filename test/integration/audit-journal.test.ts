import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeApp, type TestApp } from '../support/app';
import { readBack } from '../support/excel';
import { bacSubmission } from '../support/submissions';
import { inTimeZone } from '../support/timeZone';
import { createI18n } from 'vue-i18n';
import { messages } from '../../shared/i18n';
import { auditFieldLabelKey } from '../../src-renderer/composables/useAuditLabels';

// An office in Moroni (UTC+3): the journal's days are the office's.
inTimeZone('Indian/Comoro');

let t: TestApp;
beforeEach(async () => {
  t = await makeApp({ now: '2026-03-02T20:30:00Z' });
  await t.login();
  await t.addUser({ username: 'clerk1', displayName: 'Zaïna Ali', role: 'clerk', password: 'Clerk#2026' });
});
afterEach(() => t.close());

describe('the audit journal, as an administrator searches it', () => {
  it('finds what a user did, an operation, a day of the office, and pages back without a gap', async () => {
    await t.login('clerk1', 'Clerk#2026');
    const first = await t.must('registrations.submit', bacSubmission(0)); // 23:30 on 2 March in Moroni
    t.clock.set(new Date('2026-03-02T22:30:00Z')); // 01:30 on 3 March in Moroni, still 2 March in UTC
    await t.login();
    const second = await t.must('registrations.submit', bacSubmission(1));

    const byClerk = await t.must('audit.list', { actor: 'clerk1' });
    expect(byClerk.length).toBeGreaterThan(0);
    expect(new Set(byClerk.map((e) => e.actorName))).toEqual(new Set(['clerk1']));
    expect(byClerk.filter((e) => e.action === 'registrations.submit').map((e) => e.entityId)).toEqual([
      first.registration.id,
    ]);

    const submits = await t.must('audit.list', { action: 'registrations.submit' });
    expect(submits.map((e) => e.entityId)).toEqual([second.registration.id, first.registration.id]);

    const thirdOfMarch = await t.must('audit.list', { day: '2026-03-03', action: 'registrations.submit' });
    expect(thirdOfMarch.map((e) => e.entityId)).toEqual([second.registration.id]);

    const all = await t.must('audit.list', { limit: 500 });
    const paged: number[] = [];
    for (let page = await t.must('audit.list', { limit: 3 }); page.length;) {
      paged.push(...page.map((e) => e.seq));
      page = await t.must('audit.list', { limit: 3, beforeSeq: page.at(-1)!.seq });
    }
    expect(paged).toEqual(all.map((e) => e.seq));
  });

  it('refuses an unknown operation or a day that is not one, at the field', async () => {
    const action = await t.call('audit.list', { action: 'candidates.explode' as never });
    expect(action.ok || Object.keys(action.error.fields ?? {})).toEqual(['action']);
    const day = await t.call('audit.list', { day: '2026-02-30' });
    expect(day.ok || day.error.fields).toEqual({ day: { code: 'date_invalid' } });
  });

  it('is not open to a clerk', async () => {
    await t.login('clerk1', 'Clerk#2026');
    const r = await t.call('audit.list', {});
    expect(r.ok || r.error.code).toBe('forbidden');
  });
});

describe('the journal exported', () => {
  it('holds the entries as filtered on screen, in French and in the office’s time, newest first', async () => {
    await t.login('clerk1', 'Clerk#2026');
    await t.must('registrations.submit', bacSubmission(0)); // 23:30 on 2 March in Moroni
    await t.login();
    const shown = await t.must('audit.list', { actor: 'clerk1' });
    const out = await t.must('audit.export', { actor: 'clerk1', format: 'xlsx' });
    expect([out.fileName, out.rows, out.truncated]).toEqual(['journal-2026-03-02.xlsx', shown.length, false]);
    const sheet = (await readBack(out.base64)).getWorksheet('Journal')!;
    expect(sheet.getRow(1).values).toEqual([
      undefined,
      'N°',
      'Date et heure',
      'Utilisateur',
      'Opération',
      'Élément',
      'Identifiant',
      'Avant',
      'Après',
      'Empreinte',
    ]);
    expect(sheet.rowCount).toBe(shown.length + 1);
    const row = (n: number) => sheet.getRow(n + 2).values as unknown[];
    expect(shown.map((e, n) => row(n)[1])).toEqual(shown.map((e) => e.seq));
    const submit = shown.findIndex((e) => e.action === 'registrations.submit');
    expect(row(submit).slice(3, 6)).toEqual(['clerk1', 'Enregistrement d’une inscription', 'Inscription']);
    // The wall clock of the office, as the Audit page shows it.
    expect((row(submit)[2] as Date).toISOString()).toBe('2026-03-02T23:30:00.000Z');
    expect(JSON.parse(row(submit)[8] as string)).toMatchObject({ examCode: 'BAC' });

    const csv = Buffer.from((await t.must('audit.export', { actor: 'clerk1', format: 'csv' })).base64, 'base64');
    expect(csv.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(csv.toString('utf8').split('\r\n')[0]).toBe(
      '\uFEFFN°;Date et heure;Utilisateur;Opération;Élément;Identifiant;Avant;Après;Empreinte',
    );
  });

  it('keeps the newest entries and says so when more match than a file holds', async () => {
    const all = await t.must('audit.list', { limit: 500 });
    const out = await t.app.services.audit.export({}, 'xlsx', 2);
    expect([out.rows, out.truncated]).toEqual([2, true]);
    const sheet = (await readBack(out.base64)).getWorksheet('Journal')!;
    expect([sheet.getRow(2).getCell(1).value, sheet.getRow(3).getCell(1).value]).toEqual([all[0]!.seq, all[1]!.seq]);
  });

  it('is not open to a clerk', async () => {
    await t.login('clerk1', 'Clerk#2026');
    const r = await t.call('audit.export', { format: 'csv' });
    expect(r.ok || r.error.code).toBe('forbidden');
  });
});

describe('the detail of an audit entry', () => {
  it('names every value a day at the counter records in French and in English, not by its stored name', async () => {
    const reg = (await t.must('registrations.submit', bacSubmission(0))).registration;
    const paid = await t.must('payments.take', { registrationId: reg.id, mode: 'cash' });
    await t.must('payments.cancel', { paymentId: paid.id, reason: 'Erreur de montant' });
    await t.must('registrations.withdraw', { id: reg.id, reason: 'Le candidat renonce' });
    await t.must('settings.update', { idleLockMinutes: 15, backupKeep: 5 });
    const [clerk] = await t.must('users.list', {}).then((users) => users.filter((u) => u.username === 'clerk1'));
    await t.must('users.resetPassword', { userId: clerk!.id, password: 'Reprise#2026' });
    await t.call('auth.login', { username: 'clerk1', password: 'Wrong#2026' });
    await t.login();
    await t.must('maintenance.backupNow', {});

    const entries = await t.must('audit.list', { limit: 500 });
    const keys = new Set(
      entries.flatMap((e) =>
        [e.before, e.after].flatMap((v) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.keys(v) : [])),
      ),
    );
    expect(keys.size).toBeGreaterThan(40);
    const { te } = createI18n({ legacy: false, locale: 'fr', messages }).global;
    for (const locale of ['fr', 'en'] as const)
      expect([...keys].filter((key) => !te(auditFieldLabelKey(key), locale))).toEqual([]);
  });
});
