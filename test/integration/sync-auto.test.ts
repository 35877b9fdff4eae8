import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readLogs } from '../../src-main/modules/maintenance/logs';
import { makeApp, type TestApp } from '../support/app';
import { hangingHq } from '../support/hanging';
import { startHqWithMoroni } from '../support/hq';
import { bacSubmission } from '../support/submissions';
import { enrolAndSync } from '../support/syncRun';

let hq: Awaited<ReturnType<typeof startHqWithMoroni>>;
let hanging: Awaited<ReturnType<typeof hangingHq>>;
let t: TestApp;

beforeEach(async () => {
  hq = await startHqWithMoroni();
  hanging = await hangingHq();
});
afterEach(async () => {
  await t.close();
  await hanging.close();
  await hq.close();
});

const pointAt = (url: string) =>
  t.app.store.em.query(`UPDATE setting SET value_json = ? WHERE key = 'sync.serverUrl'`, [JSON.stringify(url)]);

const logLines = () =>
  readLogs(t.dir)
    .toString('utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { level: string; msg: string });

/** A registration recorded, then HQ stops answering: the next run holds its records at POST /records. */
async function enrolledWithARegistrationWaiting() {
  t = await makeApp({ fileLog: true });
  await t.login();
  const { json } = await hq.admin('/admin/enrolment-codes', { officeCode: 'MOR' });
  await enrolAndSync(t, hq.url, json.code as string);
  await t.must('registrations.submit', bacSubmission(1));
  await pointAt(hanging.url);
}

/** Restarts the app while the run waits on HQ; what the log says from the close on, and how long closing took. */
async function restartDuringTheRun() {
  await vi.waitFor(() => expect(hanging.requests()).toContain('POST /records'), { timeout: 5_000, interval: 20 });
  const before = logLines().length;
  const started = Date.now();
  await t.restart();
  const took = Date.now() - started;
  // HQ drops what it held, as a lost network: a run still going would now write its failure.
  await hanging.close();
  await new Promise((r) => setTimeout(r, 300));
  return { took, logged: logLines().slice(before) };
}

/** After the restart: the records wait as not yet sent, then reach a working HQ. */
async function sentAfterRestart() {
  await t.login();
  const status = await t.must('sync.status', {});
  expect(status.running).toBe(false);
  // Closing is nobody's failure: no error shown, no backoff, not « being sent ».
  expect(status.counts).toEqual({ pending: 2 });
  expect(status.lastError).toBeNull();
  await pointAt(hq.url);
  expect((await t.must('sync.now', {})).counts).toEqual({ synced: 2 });
  expect(await hq.count('hq_record')).toBe(2);
}

describe('closing the app while a sync run waits on headquarters', () => {
  it('stops the automatic sync at once, writes nothing after the close, and sends its records after the restart', async () => {
    await enrolledWithARegistrationWaiting();
    t.app.services.sync.startAuto(50);
    const { took, logged } = await restartDuringTheRun();
    expect(took).toBeLessThan(3_000);
    expect(logged.filter((l) => l.level !== 'info')).toEqual([]);
    expect(logged.map((l) => l.msg)).toContain('sync run stopped: the app is closing');
    await sentAfterRestart();
  });

  it('does not keep the window open for the clerk’s « Synchroniser maintenant » in progress', async () => {
    await enrolledWithARegistrationWaiting();
    const clerk = t.call('sync.now', {});
    const { took, logged } = await restartDuringTheRun();
    // The door waits up to 5 s for calls in progress; the sync run is cut instead of waited out.
    expect(took).toBeLessThan(3_000);
    expect((await clerk).ok).toBe(true);
    expect(logged.filter((l) => l.level !== 'info')).toEqual([]);
    await sentAfterRestart();
  });
});

describe('the automatic sync after a start', () => {
  it('runs soon after the app opens, not a whole interval later, and sends what yesterday left', async () => {
    // Yesterday's registration, never sent: HQ is back by the time the office opens again.
    await enrolledWithARegistrationWaiting();
    await pointAt(hq.url);
    await t.restart();
    t.app.services.sync.startAuto(60 * 60_000, 100);
    await vi.waitFor(async () => expect(await hq.count('hq_record')).toBe(2), { timeout: 5_000, interval: 50 });
    await t.login();
    expect((await t.must('sync.status', {})).counts).toEqual({ synced: 2 });
  });
});
