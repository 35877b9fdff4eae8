import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeApp, type TestApp } from '../support/app';
import { startHqWithMoroni } from '../support/hq';
import { faultyProxy, type Fault } from '../support/proxy';
import { bacSubmission } from '../support/submissions';
import { enrolAndSync } from '../support/syncRun';

let hq: Awaited<ReturnType<typeof startHqWithMoroni>>;
let t: TestApp;
const DAY = 86_400_000;
const CLERK = { username: 'clerk1', password: 'Clerk#2026' };
const SUPERVISOR = { username: 'chef1', password: 'Chef#20266' };

/** Moves the workstation's clock; the session does not survive days, so the clerk signs in again. */
async function daysLater(days: number) {
  t.clock.set(new Date(t.clock.now().getTime() + days * DAY));
  await t.login(CLERK.username, CLERK.password);
}

beforeEach(async () => {
  hq = await startHqWithMoroni();
  t = await makeApp({ now: '2026-03-02T08:00:00Z' });
  await t.login();
  await t.addUser({ ...CLERK, displayName: 'Zaïna Ali', role: 'clerk' });
  await t.addUser({ ...SUPERVISOR, displayName: 'Chef de centre', role: 'supervisor' });
  const { json } = await hq.admin('/admin/enrolment-codes', { officeCode: 'MOR' });
  await enrolAndSync(t, hq.url, json.code as string);
  await t.login(CLERK.username, CLERK.password);
});
afterEach(async () => {
  await t.close();
  await hq.close();
});

/** From now on the workstation reaches HQ through a proxy that answers as `decide` says. */
async function throughProxy(decide: Parameters<typeof faultyProxy>[1]) {
  const proxy = await faultyProxy(hq.url, decide);
  await t.app.store.em.query(`UPDATE setting SET value_json = ? WHERE key = 'sync.serverUrl'`, [
    JSON.stringify(proxy.url),
  ]);
  return proxy;
}
/** `fault` for requests to `path` (read at each request), the others forwarded. */
const only =
  (path: string, fault: () => Fault): Parameters<typeof faultyProxy>[1] =>
  (_n, req) =>
    req.url?.startsWith(path) ? fault() : 'none';

describe('offline limits', () => {
  it('warns past half the limit, then refuses new registrations unless a supervisor passes it with a reason', async () => {
    expect((await t.must('offline.status', {})).level).toBe('ok');
    await daysLater(4);
    const warn = await t.must('offline.status', {});
    expect(warn).toMatchObject({ level: 'warn', maxOfflineDays: 7, days: 4 });
    expect((await t.call('registrations.submit', bacSubmission(1))).ok).toBe(true);

    await daysLater(4);
    expect((await t.must('offline.status', {})).level).toBe('over');
    const { issues } = await t.must('registrations.check', bacSubmission(2));
    expect(issues).toContainEqual(
      expect.objectContaining({
        code: 'offline_too_long',
        overridable: true,
        params: { days: 8, max: 7, last: '02/03/2026' },
      }),
    );
    const refused = await t.call('registrations.submit', bacSubmission(2));
    expect(refused.ok ? null : refused.error.code).toBe('rule_refused');

    // The clerk alone cannot pass it; a supervisor's credentials and a reason can, and the audit says so.
    const noSupervisor = await t.call('registrations.submit', {
      ...bacSubmission(2),
      overrides: [{ code: 'offline_too_long', reason: 'Réseau coupé depuis le cyclone' }],
    });
    expect(noSupervisor.ok ? null : noSupervisor.error.fields?.['supervisor.username']?.code).toBe(
      'supervisor_required',
    );
    const passed = await t.must('registrations.submit', {
      ...bacSubmission(2),
      overrides: [{ code: 'offline_too_long', reason: 'Réseau coupé depuis le cyclone' }],
      supervisor: SUPERVISOR,
    });
    const detail = await t.must('registrations.get', { id: passed.registration.id });
    expect(detail.overrides).toEqual([
      {
        code: 'offline_too_long',
        reason: 'Réseau coupé depuis le cyclone',
        approvedBy: 'chef1',
        approvedByName: 'Chef de centre',
      },
    ]);
    await t.login();
    const audit = await t.must('audit.list', { entity: 'registration', entityId: passed.registration.id });
    expect(audit.find((a) => a.action === 'rules.override')).toBeTruthy();

    // A successful sync resets the count.
    await t.must('sync.now', {});
    expect((await t.must('offline.status', {})).level).toBe('ok');
    await t.login(CLERK.username, CLERK.password);
    expect((await t.call('registrations.submit', bacSubmission(3))).ok).toBe(true);
  });

  it('counts from the last run that delivered everything, whatever the pre-registrations answer', async () => {
    // An HQ without the pre-registration route: every record still reaches it.
    const proxy = await throughProxy(only('/preregistrations', () => 'notFound'));
    try {
      for (let round = 1; round <= 2; round++) {
        await daysLater(4);
        expect((await t.call('registrations.submit', bacSubmission(round))).ok).toBe(true);
        const status = await t.must('sync.now', {});
        expect(status.lastError).toBe('preregistrations: refused_404');
        expect(status.counts).toEqual({ synced: round * 2 });
        expect(status.lastSuccessAt).toBe(t.clock.now().toISOString());
      }
      expect((await t.must('offline.status', {})).level).toBe('ok');
    } finally {
      await proxy.close();
    }
  });

  it('does not count a run that left records waiting out their backoff as successful', async () => {
    const sync = t.app.services.sync;
    const lastSuccess = async () => (await sync.status()).lastSuccessAt;
    const enrolled = await lastSuccess();
    expect(enrolled).toBe(t.clock.now().toISOString());
    let push: Fault = 'error500';
    const proxy = await throughProxy(only('/records', () => push));
    try {
      for (let i = 1; i <= 3; i++) await t.must('registrations.submit', bacSubmission(i));
      t.clock.advance(5_000);
      expect((await sync.syncNow()).counts).toEqual({ retry: 6 });
      expect(await lastSuccess()).toBe(enrolled);

      // HQ answers again, but the records wait out their backoff: the automatic run fails nowhere
      // and sends nothing, and HQ still does not have them.
      push = 'none';
      t.clock.advance(5_000);
      const waiting = await sync.syncNow();
      expect(waiting).toMatchObject({ lastError: null, counts: { retry: 6 } });
      expect(await lastSuccess()).toBe(enrolled);

      t.clock.advance(3_600_000);
      expect((await sync.syncNow()).counts).toEqual({ synced: 6 });
      expect(await lastSuccess()).toBe(t.clock.now().toISOString());
    } finally {
      await proxy.close();
    }
  });

  it('follows the office setting', async () => {
    await t.login();
    await t.must('settings.update', { maxOfflineDays: 2 });
    await daysLater(3);
    expect((await t.must('offline.status', {})).level).toBe('over');
  });

  it('refuses registrations against a catalogue past its validity date, unless a supervisor passes it', async () => {
    t.clock.set(new Date('2027-07-01T08:00:00Z'));
    await t.login(SUPERVISOR.username, SUPERVISOR.password);
    await t.must('sync.now', {}); // in contact with HQ: only the catalogue is at fault
    const status = await t.must('offline.status', {});
    expect(status).toMatchObject({ level: 'ok', catalogueExpired: true, catalogueValidUntil: '2027-06-30T23:59:59Z' });
    const { issues } = await t.must('registrations.check', bacSubmission(1));
    expect(issues).toContainEqual(
      expect.objectContaining({ code: 'catalogue_expired', overridable: true, params: { validUntil: '30/06/2027' } }),
    );
    const overrides = issues
      .filter((i) => i.severity === 'refusal')
      .map((i) => ({ code: i.code, reason: 'Catalogue du siège pas encore reçu' }));
    expect((await t.call('registrations.submit', bacSubmission(1))).ok).toBe(false);
    expect((await t.call('registrations.submit', { ...bacSubmission(1), overrides })).ok).toBe(true);
  });
});
