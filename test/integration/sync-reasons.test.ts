import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeApp, type TestApp } from '../support/app';
import { startHqWithMoroni } from '../support/hq';
import { faultyProxy, type Fault } from '../support/proxy';
import { bacSubmission } from '../support/submissions';
import { enrolAndSync } from '../support/syncRun';

let hq: Awaited<ReturnType<typeof startHqWithMoroni>>;
let t: TestApp;

beforeEach(async () => {
  hq = await startHqWithMoroni();
});
afterEach(async () => {
  await t.close();
  await hq.close();
});

const outboxErrors = async () =>
  (
    (await t.app.store.em.query(`SELECT DISTINCT last_error AS e FROM outbox WHERE state = 'retry'`)) as {
      e: string;
    }[]
  ).map((r) => r.e);

describe('why a sync failed', () => {
  it('is kept as a code the page translates, with the network library’s words in the log only, and no token', async () => {
    t = await makeApp({ fileLog: true });
    await t.login();
    let fault: Fault = 'none';
    const proxy = await faultyProxy(hq.url, () => fault);
    const { json } = await hq.admin('/admin/enrolment-codes', { officeCode: 'MOR' });
    await enrolAndSync(t, proxy.url, json.code as string);
    const token = JSON.parse(
      (
        (await t.app.store.em.query(`SELECT value_json FROM setting WHERE key = 'sync.token'`)) as {
          value_json: string;
        }[]
      )[0]!.value_json,
    ) as string;
    await t.must('registrations.submit', bacSubmission(1));

    fault = 'error500';
    const broken = await t.must('sync.now', {});
    expect(await outboxErrors()).toEqual(['server_500']);
    expect(broken.lastError).toMatch(/^records: server_500 · /);

    await proxy.close();
    const down = await t.must('sync.now', {});
    expect(await outboxErrors()).toEqual(['network']);
    expect(down.lastError).toMatch(/^records: network · files: not_attempted/);

    const { base64 } = await t.must('maintenance.exportLogs', {});
    const log = Buffer.from(base64, 'base64').toString('utf8');
    const failures = log
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { msg: string; details?: string[] })
      .filter((l) => l.msg === 'sync failed');
    expect(failures.map((l) => l.details?.[0])).toEqual([
      'records: server answered 500',
      // The kept-alive connection dies under the request, or the next one is refused.
      expect.stringMatching(/^records: (connect ECONNREFUSED 127\.0\.0\.1:\d+|socket hang up)$/),
    ]);
    expect(log).not.toContain(token);
  });

  it('keeps, for the status bar, when HQ last answered and since when it has not', async () => {
    t = await makeApp();
    await t.login();
    await t.must('settings.update', { idleLockMinutes: 240 });
    expect(await t.must('sync.status', {})).toMatchObject({ lastAttemptAt: null, unreachableSince: null });
    let fault: Fault = 'none';
    let proxy = await faultyProxy(hq.url, () => fault);
    const { json } = await hq.admin('/admin/enrolment-codes', { officeCode: 'MOR' });
    const enrolled = await enrolAndSync(t, proxy.url, json.code as string);
    expect(enrolled).toMatchObject({ lastAttemptAt: t.clock.now().toISOString(), unreachableSince: null });

    await proxy.close();
    const firstMiss = t.clock.now().toISOString();
    await t.must('sync.now', {});
    t.clock.advance(600_000);
    const still = await t.must('sync.now', {});
    // Since the first run without an answer, not the latest one.
    expect(still).toMatchObject({ lastAttemptAt: t.clock.now().toISOString(), unreachableSince: firstMiss });

    // An HQ that answers, even with an error, is reachable.
    proxy = await faultyProxy(hq.url, () => fault);
    await t.app.store.em.query(`UPDATE setting SET value_json = ? WHERE key = 'sync.serverUrl'`, [
      JSON.stringify(proxy.url),
    ]);
    fault = 'error500';
    expect(await t.must('sync.now', {})).toMatchObject({ unreachableSince: null });
    await proxy.close();
  });
});
