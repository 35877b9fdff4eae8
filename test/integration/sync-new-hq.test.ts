import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { waitingCount } from '../../shared/contract/sync';
import { SYSTEM_ACTOR } from '../../src-main/db/store';
import { runCli } from '../../src-server/cli';
import { makeApp, type TestApp } from '../support/app';
import { hangingHq } from '../support/hanging';
import { eachHqBackend, MORONI, startHq, type HqBackend } from '../support/hq';
import { preregFixture } from '../support/prereg';
import { faultyProxy, type Fault } from '../support/proxy';
import { bacSubmission } from '../support/submissions';
import { backgroundRun, enrolAndSync } from '../support/syncRun';

type Hq = Awaited<ReturnType<typeof startHq>>;
const hqs: Hq[] = [];
const apps: TestApp[] = [];
const CLERK = { username: 'zaina', displayName: 'Zaïna Ali', role: 'clerk' as const, password: 'Guichet#26' };

async function headquarters(backend: HqBackend) {
  const hq = await startHq({ backend });
  hqs.push(hq);
  await hq.admin('/admin/offices', MORONI);
  return hq;
}
async function enrol(t: TestApp, hq: Hq) {
  const { json } = await hq.admin('/admin/enrolment-codes', { officeCode: 'MOR' });
  return enrolAndSync(t, hq.url, json.code as string);
}
const verdict = (hq: Hq, registrationUuid: string, reason: string | null = null) =>
  hq.admin('/admin/verdicts', { registrationUuid, kind: reason ? 'rejected' : 'accepted', reason });
async function importPreregs(hq: Hq, ns: number[]) {
  const file = join(hq.filesDir, 'prereg.json');
  mkdirSync(hq.filesDir, { recursive: true });
  writeFileSync(file, JSON.stringify(ns.map((n) => preregFixture(n))));
  await runCli(hq.ds, 'import-prereg', ['--file', file]);
}
/** What the workstation pulls next from: HQ's numbering, read where the sync keeps it. */
const cursors = async (t: TestApp) =>
  Object.fromEntries(
    (
      (await t.app.store.em.query(
        `SELECT key, value_json FROM setting WHERE key IN ('sync.verdictCursor', 'prereg.cursor') ORDER BY key`,
      )) as { key: string; value_json: string }[]
    ).map((r) => [r.key, JSON.parse(r.value_json) as number]),
  );
const lastEnrolment = async (t: TestApp) => (await t.must('audit.list', { action: 'sync.enrol', limit: 1 }))[0]?.after;

/**
 * A workstation that sent HQ three registrations (candidate and registration each), one of them
 * withdrawn since (its version 2), and a scan: 7 records, 6 of them latest versions, and 1 file.
 */
async function workstationWithHistory(hq: Hq) {
  const t = await makeApp({ setupOverride: { workstationCode: 'G1' } });
  apps.push(t);
  await t.login();
  await enrol(t, hq);
  const saved = [];
  for (const n of [1, 2, 3]) saved.push(await t.must('registrations.submit', bacSubmission(n)));
  const withdrawn = saved[0]!.registration.id;
  await t.must('registrations.withdraw', { id: withdrawn, reason: 'Désistement du candidat' });
  const scan = Buffer.alloc(30_000, 7);
  const sha = createHash('sha256').update(scan).digest('hex');
  mkdirSync(join(t.dir, 'files', sha.slice(0, 2)), { recursive: true });
  writeFileSync(join(t.dir, 'files', sha.slice(0, 2), sha), scan);
  await t.app.store.change(SYSTEM_ACTOR, (tx) =>
    tx.enqueue({ entity: 'piece', entityId: randomUUID(), version: 1, payload: { code: 'CNI', fileSha256: sha } }),
  );
  const status = await t.must('sync.now', {});
  expect(status.counts).toEqual({ synced: 8 });
  expect(status.fileCounts).toEqual({ synced: 1 });
  return { t, sha, withdrawn, registrations: saved.map((s) => s.registration) };
}

eachHqBackend((backend) => {
  afterEach(async () => {
    for (const a of apps.splice(0)) await a.close();
    for (const h of hqs.splice(0)) await h.close();
  });

  describe('history sent again to another headquarters', () => {
    let a: Hq;
    beforeEach(async () => {
      a = await headquarters(backend);
    });

    it('sends a fresh HQ every record’s latest version and every file at the enrolment’s sync', async () => {
      const { t, sha, withdrawn } = await workstationWithHistory(a);
      expect(await a.count('hq_record')).toBe(8);

      const b = await headquarters(backend);
      const status = await enrol(t, b);
      expect(await b.count('hq_record')).toBe(7);
      expect(await b.count('hq_file', `sha256 = '${sha}'`)).toBe(1);
      // The withdrawal only: version 1 is not sent after it.
      expect(await b.ds.query(`SELECT version FROM hq_record WHERE uuid = '${withdrawn}'`)).toEqual([{ version: 2 }]);
      expect(await b.count('hq_conflict')).toBe(0);
      expect(status.counts).toEqual({ synced: 8 });
      expect(status.fileCounts).toEqual({ synced: 1 });
      expect(status.lastSuccessAt).not.toBeNull();
      expect(await lastEnrolment(t)).toMatchObject({ serverUrl: b.url, historyRequeued: { records: 7, files: 1 } });

      // The same HQ again: nothing to send again.
      await enrol(t, b);
      expect(await lastEnrolment(t)).not.toHaveProperty('historyRequeued');
      expect((await t.must('sync.status', {})).counts).toEqual({ synced: 8 });
    });

    it('answers the enrolment once the history is queued, and sends it in the background', async () => {
      const { t, sha } = await workstationWithHistory(a);
      const b = await headquarters(backend);
      // B holds the records pushed until the test lets them through: the enrolment must not wait for them.
      let release!: () => void;
      const released = new Promise<void>((r) => (release = r));
      const proxy = await faultyProxy(b.url, async (_n, req): Promise<Fault> => {
        if (req.url?.startsWith('/records')) await released;
        return 'none';
      });
      try {
        const { json } = await b.admin('/admin/enrolment-codes', { officeCode: 'MOR' });
        const enrolled = await t.must('sync.enrol', { serverUrl: proxy.url, code: json.code as string });
        expect(enrolled).toMatchObject({ enrolled: true, running: true, serverUrl: proxy.url });
        expect(waitingCount(enrolled.counts)).toBe(7);
        expect(await b.count('hq_record')).toBe(0);
        expect(await lastEnrolment(t)).toMatchObject({ historyRequeued: { records: 7, files: 1 } });

        release();
        const ended = await backgroundRun(t);
        expect(ended).toMatchObject({
          running: false,
          counts: { synced: 8 },
          fileCounts: { synced: 1 },
          lastError: null,
        });
        expect(await b.count('hq_record')).toBe(7);
        expect(await b.count('hq_file', `sha256 = '${sha}'`)).toBe(1);
      } finally {
        release();
        await proxy.close();
      }
    });

    it('re-enrolling with the same HQ, even at another address, sends nothing again', async () => {
      const { t } = await workstationWithHistory(a);
      await enrol(t, a);
      await t.must('sync.status', {});
      expect(await lastEnrolment(t)).not.toHaveProperty('historyRequeued');
      const other = await a.instance();
      const { json } = await a.admin('/admin/enrolment-codes', { officeCode: 'MOR' });
      await enrolAndSync(t, other, json.code as string);
      expect(await lastEnrolment(t)).not.toHaveProperty('historyRequeued');
    });

    it('sends everything again on a supervisor’s demand to an HQ restored from an old backup, and refuses a clerk', async () => {
      const { t, sha } = await workstationWithHistory(a);
      // HQ restored from a backup taken before this workstation's records: same keys, nothing of them.
      for (const table of ['hq_conflict', 'hq_number', 'hq_record', 'hq_file'])
        await a.ds.query(`DELETE FROM ${table}`);
      await enrol(t, a);
      expect(await lastEnrolment(t)).not.toHaveProperty('historyRequeued');
      expect(await a.count('hq_record')).toBe(0);

      await t.addUser(CLERK);
      await t.addUser({ username: 'chef', displayName: 'Chef', role: 'supervisor', password: 'Visa#2026' });
      await t.login(CLERK.username, CLERK.password);
      expect(await t.call('sync.resendHistory', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      expect((await t.must('sync.status', {})).counts).toEqual({ synced: 8 });
      await t.login('chef', 'Visa#2026');
      const { requeued } = await t.must('sync.resendHistory', {});
      expect(requeued).toEqual({ records: 7, files: 1 });
      // The run it started goes on in the background; « Synchroniser maintenant » waits for its end.
      const status = await t.must('sync.now', {});
      expect(status.counts).toEqual({ synced: 8 });
      expect(status.fileCounts).toEqual({ synced: 1 });
      expect(status.rejections).toEqual([]);
      expect(await a.count('hq_record')).toBe(7);
      expect(await a.count('hq_file', `sha256 = '${sha}'`)).toBe(1);

      // Again, to an HQ that holds it all: duplicates only, no conflict, no refusal.
      await t.must('sync.resendHistory', {});
      const again = await t.must('sync.now', {});
      expect(again.counts).toEqual({ synced: 8 });
      expect(again.lastError).toBeNull();
      expect(await a.count('hq_record')).toBe(7);
      expect(await a.count('hq_conflict')).toBe(0);
      const [entry] = await t.must('audit.list', { action: 'sync.resend', limit: 1 });
      expect(entry).toMatchObject({ actorName: 'chef', after: { historyRequeued: { records: 7, files: 1 } } });
    });
  });

  describe('history sent again to an HQ that does not answer', () => {
    it('answers at once with what it queued, the sync going on in the background', async () => {
      const { t } = await workstationWithHistory(await headquarters(backend));
      const hanging = await hangingHq();
      try {
        await t.app.store.em.query(`UPDATE setting SET value_json = ? WHERE key = 'sync.serverUrl'`, [
          JSON.stringify(hanging.url),
        ]);
        const { requeued, status } = await t.must('sync.resendHistory', {});
        expect(requeued).toEqual({ records: 7, files: 1 });
        // Queued (whether already being sent or not), the withdrawn registration's version 1 aside.
        expect(waitingCount(status.counts)).toBe(7);
        expect(status.counts.synced).toBe(1);
        expect(status.running).toBe(true);
        // HQ holds the records sent and says nothing: the page reads the run as still in progress.
        await vi.waitFor(() => expect(hanging.requests()).toEqual(['POST /records']));
        expect((await t.must('sync.status', {})).running).toBe(true);
        await hanging.close();
        const ended = await t.must('sync.now', {});
        expect(ended).toMatchObject({ running: false, counts: { retry: 7, synced: 1 } });
        expect(ended.lastError).toMatch(/^records: network · files: not_attempted/);
      } finally {
        await hanging.close();
      }
    });
  });

  describe('verdicts and pre-registrations from another headquarters', () => {
    it('pulls a fresh HQ’s from its number 1 and keeps showing the old HQ’s; the same HQ again keeps its place', async () => {
      const a = await headquarters(backend);
      const { t, registrations } = await workstationWithHistory(a);
      const [, second, third] = registrations;
      await verdict(a, second!.id);
      await verdict(a, third!.id, 'Photo floue');
      await verdict(a, second!.id, 'Relevé de notes manquant');
      await importPreregs(a, [1, 2]);
      expect((await t.must('sync.now', {})).verdicts).toHaveLength(3);
      expect(await cursors(t)).toEqual({ 'prereg.cursor': 2, 'sync.verdictCursor': 3 });

      // A rebuilt HQ numbers its verdicts and pre-registrations from 1 again.
      const b = await headquarters(backend);
      await importPreregs(b, [3]);
      await enrol(t, b);
      expect(await lastEnrolment(t)).toMatchObject({ pullCursorsReset: { verdicts: 3, preregistrations: 2 } });
      await verdict(b, second!.id, 'Pièce d’identité illisible');
      const status = await t.must('sync.now', {});
      expect(status.verdicts.map((v) => [v.registrationNumber, v.reason])).toEqual([
        [second!.number, 'Pièce d’identité illisible'],
        [second!.number, 'Relevé de notes manquant'],
        [third!.number, 'Photo floue'],
        [second!.number, null],
      ]);
      expect((await t.must('sync.verdicts', { registrationIds: [second!.id] })).map((v) => v.reason)).toEqual([
        'Pièce d’identité illisible',
        'Relevé de notes manquant',
        null,
      ]);
      expect((await t.must('prereg.search', { query: 'PRE-26-000003' })).map((p) => p.number)).toEqual([
        'PRE-26-000003',
      ]);
      expect(await t.must('prereg.search', { query: 'PRE-26-000001' })).toHaveLength(1);
      expect(await cursors(t)).toEqual({ 'prereg.cursor': 1, 'sync.verdictCursor': 1 });

      // Enrolling with B again: nothing to pull again, and its next verdict comes once.
      await enrol(t, b);
      expect(await lastEnrolment(t)).not.toHaveProperty('pullCursorsReset');
      expect(await cursors(t)).toEqual({ 'prereg.cursor': 1, 'sync.verdictCursor': 1 });
      await verdict(b, third!.id);
      const again = await t.must('sync.now', {});
      expect(again.verdicts.map((v) => [v.registrationNumber, v.reason])).toEqual([
        [third!.number, null],
        ...status.verdicts.map((v) => [v.registrationNumber, v.reason]),
      ]);
    });

    it('drops the verdicts of a pull a re-enrolment with another HQ overtook, and pulls the new HQ’s from its number 1', async () => {
      const a = await headquarters(backend);
      // The workstation reaches A through a man in the middle that can hold A's answer to a verdicts pull.
      let hold = false;
      let asked!: () => void;
      const pulling = new Promise<void>((r) => (asked = r));
      let release!: () => void;
      const released = new Promise<void>((r) => (release = r));
      const proxy = await faultyProxy(a.url, async (_n, req): Promise<Fault> => {
        if (hold && req.url?.startsWith('/verdicts')) {
          asked();
          await released;
        }
        return 'none';
      });
      try {
        const t = await makeApp();
        apps.push(t);
        await t.login();
        const { json } = await a.admin('/admin/enrolment-codes', { officeCode: 'MOR' });
        await enrolAndSync(t, proxy.url, json.code as string);
        const [first, second] = [
          (await t.must('registrations.submit', bacSubmission(1))).registration,
          (await t.must('registrations.submit', bacSubmission(2))).registration,
        ];
        await t.must('sync.now', {});
        await verdict(a, first.id, 'Photo floue');
        await verdict(a, second.id);

        // A's verdicts 1 and 2 are on their way when the workstation enrols with B, a rebuilt HQ.
        hold = true;
        const run = t.must('sync.now', {});
        await pulling;
        const b = await headquarters(backend);
        const enrolled = enrol(t, b);
        await vi.waitFor(async () => expect(await lastEnrolment(t)).toMatchObject({ serverUrl: b.url }));
        release();
        expect((await run).verdicts).toEqual([]);
        expect((await enrolled).verdicts).toEqual([]);
        expect(await cursors(t)).toMatchObject({ 'sync.verdictCursor': 0 });

        // The enrolment's sync ran after the held one, under B: B has the history, then gives its verdict 1.
        expect(await b.count('hq_record')).toBe(4);
        expect(await verdict(b, second.id, 'Pièce d’identité illisible')).toMatchObject({ status: 200 });
        const status = await t.must('sync.now', {});
        expect(status.verdicts.map((v) => [v.registrationNumber, v.reason])).toEqual([
          [second.number, 'Pièce d’identité illisible'],
        ]);
        expect(await cursors(t)).toMatchObject({ 'sync.verdictCursor': 1 });
      } finally {
        release();
        await proxy.close();
      }
    });

    it('takes a fresh HQ’s verdicts from its USB acknowledgement, once', async () => {
      const a = await headquarters(backend);
      const { t, registrations } = await workstationWithHistory(a);
      const [, second] = registrations;
      await verdict(a, second!.id, 'Photo floue');
      await t.must('sync.now', {});
      const b = await headquarters(backend);
      await enrol(t, b);
      await verdict(b, second!.id);
      // The network is gone: the acknowledgement comes on a USB key.
      await t.app.store.em.query(`UPDATE setting SET value_json = ? WHERE key = 'sync.serverUrl'`, [
        JSON.stringify('http://127.0.0.1:9'),
      ]);
      const [ws] = (await b.ds.query(`SELECT id FROM hq_workstation`)) as { id: string }[];
      const file = join(t.dir, 'ack.json');
      await runCli(b.ds, 'export-ack', ['--workstation', ws!.id, '--file', file]);
      const ack = readFileSync(file).toString('base64');
      expect(await t.must('transfer.importAck', { base64: ack })).toMatchObject({ verdicts: 1 });
      expect(await t.must('transfer.importAck', { base64: ack })).toMatchObject({ verdicts: 0 });
      expect((await t.must('sync.verdicts', { registrationIds: [second!.id] })).map((v) => v.reason)).toEqual([
        null,
        'Photo floue',
      ]);
    });
  });
});
