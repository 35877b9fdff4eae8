import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { filesWaitingCount } from '../../shared/contract/sync';
import { SYSTEM_ACTOR } from '../../src-main/db/store';
import catalogue from '../../src-main/modules/reference/catalogues/comores-2026.json';
import { readState } from '../../src-main/modules/sync/state';
import { makeApp, type TestApp } from '../support/app';
import { eachHqBackend, startHqWithMoroni } from '../support/hq';
import { faultyProxy } from '../support/proxy';
import { startS3 } from '../support/s3';
import { bacSubmission } from '../support/submissions';
import { backgroundRun, enrolAndSync } from '../support/syncRun';

let hq: Awaited<ReturnType<typeof startHqWithMoroni>>;
const apps: TestApp[] = [];

async function workstation(code = 'G1', serverUrl = hq.url) {
  const t = await makeApp({ setupOverride: { workstationCode: code } });
  apps.push(t);
  await t.login();
  // These tests move the clock by hours to pass the backoff; keep the session open meanwhile.
  await t.must('settings.update', { idleLockMinutes: 240 });
  const { json } = await hq.admin('/admin/enrolment-codes', { officeCode: 'MOR' });
  await enrolAndSync(t, serverUrl, json.code as string);
  return t;
}

const registerMany = async (t: TestApp, from: number, count: number) => {
  for (let i = from; i < from + count; i++) await t.must('registrations.submit', bacSubmission(i));
};
const serverCount = () => hq.count('hq_record');

/** A scan in the workstation's file store and a record naming it, as the dossier area writes them. */
async function attach(t: TestApp, bytes: Buffer | null, sha = createHash('sha256').update(bytes!).digest('hex')) {
  if (bytes) {
    mkdirSync(join(t.dir, 'files', sha.slice(0, 2)), { recursive: true });
    writeFileSync(join(t.dir, 'files', sha.slice(0, 2), sha), bytes);
  }
  await t.app.store.change(SYSTEM_ACTOR, (tx) =>
    tx.enqueue({ entity: 'piece', entityId: randomUUID(), version: 1, payload: { code: 'PHOTO', fileSha256: sha } }),
  );
  return sha;
}

eachHqBackend((backend) => {
  beforeEach(async () => {
    hq = await startHqWithMoroni({ backend });
  });
  afterEach(async () => {
    for (const a of apps.splice(0)) await a.close();
    await hq.close();
  });

  describe('sync with headquarters', () => {
    it('enrols, pushes every record once, and pulls a newer catalogue', async () => {
      await hq.admin('/admin/catalogues', { ...catalogue, version: 2 });
      const t = await workstation();
      expect((await t.must('sync.status', {})).catalogueVersion).toBe(2);
      await registerMany(t, 1, 5);
      const status = await t.must('sync.now', {});
      expect(status.counts).toEqual({ synced: 10 });
      expect(await serverCount()).toBe(10);
      await t.must('sync.now', {});
      expect(await serverCount()).toBe(10);
      // A version published mid-day reaches the counter at the next run; what was registered stays as it was.
      await hq.admin('/admin/catalogues', { ...catalogue, version: 3 });
      expect((await t.must('sync.now', {})).catalogueVersion).toBe(3);
      expect(await serverCount()).toBe(10);
    });

    it('installs HQ’s first catalogue over the built-in one although both are version 1, and never an older one after it', async () => {
      const fromHq = { ...catalogue, version: 1, session: { ...catalogue.session, label: 'Session 2026 (siège)' } };
      await hq.admin('/admin/catalogues', fromHq);
      const t = await workstation();
      const label = async () => (await t.must('reference.catalogue', {})).catalogue as { session: { label: string } };
      expect((await t.must('sync.status', {})).catalogueVersion).toBe(1);
      expect((await label()).session.label).toBe('Session 2026 (siège)');
      expect(t.app.services.reference.builtIn).toBe(false);

      // Known to come from HQ after a restart: asked from its own number, so nothing is installed twice.
      await t.restart();
      await t.login();
      expect(t.app.services.reference.builtIn).toBe(false);
      const again = await t.must('sync.now', {});
      expect(again.lastError).toBeNull();
      expect((await label()).session.label).toBe('Session 2026 (siège)');

      await hq.admin('/admin/catalogues', { ...fromHq, version: 2 });
      expect((await t.must('sync.now', {})).catalogueVersion).toBe(2);
      await expect(t.app.services.reference.install(SYSTEM_ACTOR, fromHq, 'hq')).rejects.toThrow(/not newer/);
      expect(t.app.services.reference.version).toBe(2);
    });

    it('keeps everything while the server is down, then catches up', async () => {
      const proxy = await faultyProxy(hq.url, () => 'none');
      const t = await workstation('G1', proxy.url);
      await proxy.close();
      await registerMany(t, 1, 3);
      const down = await t.must('sync.now', {});
      expect(down.counts).toEqual({ retry: 6 });
      // No connection: the phases after the push are not tried in this run.
      expect(down.lastError).toBe(
        'records: network · files: not_attempted · catalogue: not_attempted · preregistrations: not_attempted · verdicts: not_attempted',
      );
      const again = await faultyProxy(hq.url, () => 'none');
      await t.app.store.em.query(`UPDATE setting SET value_json = ? WHERE key = 'sync.serverUrl'`, [
        JSON.stringify(again.url),
      ]);
      t.clock.advance(2 * 3_600_000);
      expect((await t.must('sync.now', {})).counts).toEqual({ synced: 6 });
      expect(await serverCount()).toBe(6);
      await again.close();
    });

    it('survives a 500 on every third request and a response lost after commit, with no duplicate', async () => {
      const proxy = await faultyProxy(hq.url, (n) => (n % 3 === 0 ? 'error500' : n === 4 ? 'dropResponse' : 'none'));
      const t = await workstation('G1', proxy.url);
      for (let round = 0; round < 6; round++) {
        await registerMany(t, round * 2 + 1, 2);
        await t.must('sync.now', {});
        t.clock.advance(2 * 3_600_000);
      }
      for (let i = 0; i < 6 && (await t.must('sync.status', {})).counts.synced !== 24; i++) {
        await t.must('sync.now', {});
        t.clock.advance(2 * 3_600_000);
      }
      expect((await t.must('sync.status', {})).counts).toEqual({ synced: 24 });
      expect(await serverCount()).toBe(24);
      await proxy.close();
    });

    it('resends what a killed run left in "sending" and the server keeps one copy', async () => {
      const t = await workstation();
      await registerMany(t, 1, 2);
      await t.must('sync.now', {});
      await registerMany(t, 3, 2);
      // As if the process died after sending: rows stuck in 'sending', some of them already stored at HQ.
      await t.app.store.em.query(`UPDATE outbox SET state = 'sending'`);
      await t.restart();
      await t.login();
      expect((await t.must('sync.now', {})).counts).toEqual({ synced: 8 });
      expect(await serverCount()).toBe(8);
    });

    it('sends a corrected identity as the next version of the candidate and of its registration', async () => {
      const t = await workstation();
      const input = bacSubmission(1);
      const { candidate } = await t.must('registrations.submit', input);
      await t.must('sync.now', {});
      await t.must('candidates.correct', {
        id: candidate.id,
        // Born in Caen after all: the department and the category go to HQ with the new version.
        identity: {
          ...input.identity!,
          surname: 'Abdourahamane',
          birthPlace: 'Caen',
          birthCountry: 'FR',
          birthDepartment: '014',
          socioCategory: '5',
        },
        confirmation: { ...input.confirmation!, surname: 'Abdourahamane' },
      });
      expect((await t.must('sync.now', {})).counts).toEqual({ synced: 4 });
      const stored = (await hq.ds.query(
        `SELECT entity, version, payload_json FROM hq_record ORDER BY entity, version`,
      )) as { entity: string; version: number; payload_json: string }[];
      expect(stored.map((r) => `${r.entity} v${r.version}`)).toEqual([
        'candidate v1',
        'candidate v2',
        'registration v1',
        'registration v2',
      ]);
      const latest = (entity: string) => JSON.parse(stored.filter((r) => r.entity === entity).at(-1)!.payload_json);
      expect(latest('candidate')).toMatchObject({
        surname: 'Abdourahamane',
        birthDepartment: '014',
        socioCategory: '5',
        version: 2,
      });
      expect(latest('registration')).toMatchObject({ candidateName: 'Abdourahamane Saïd Ali B', version: 2 });
    });

    it('holds the union of two workstations synced in either order, with no number collision', async () => {
      const a = await workstation('G1');
      const b = await workstation('G2');
      await registerMany(a, 1, 3);
      await registerMany(b, 100, 3);
      await b.must('sync.now', {});
      await a.must('sync.now', {});
      expect(await serverCount()).toBe(12);
      const numbers = (
        (await hq.ds.query(`SELECT payload_json FROM hq_record WHERE entity = 'candidate'`)) as {
          payload_json: string;
        }[]
      ).map((r) => (JSON.parse(r.payload_json) as { number: string }).number);
      expect(new Set(numbers).size).toBe(6);
      expect(numbers.filter((n) => n.startsWith('MORG1')).length).toBe(3);
    });

    it('stores a conflict as a rejection shown to the clerk, and the other records still go', async () => {
      const t = await workstation();
      await registerMany(t, 1, 2);
      const [row] = (await t.app.store.em.query(
        `SELECT id, payload_json FROM outbox WHERE entity = 'registration' LIMIT 1`,
      )) as { id: string; payload_json: string }[];
      await t.must('sync.now', {});
      // The same (uuid, version) with another payload, as a workstation with a corrupted copy would send.
      const tampered = row!.payload_json.replace('"consentPublish":true', '"consentPublish":false');
      const { createHash } = await import('node:crypto');
      await t.app.store.em.query(
        `UPDATE outbox SET state = 'pending', payload_json = ?, payload_hash = ? WHERE id = ?`,
        [tampered, createHash('sha256').update(tampered).digest('hex'), row!.id],
      );
      await registerMany(t, 3, 1);
      const status = await t.must('sync.now', {});
      expect(status.counts).toEqual({ synced: 5, rejected: 1 });
      expect(status.rejections[0]).toMatchObject({ entity: 'registration', reason: 'different_payload_same_version' });
      // Sent again (a history resent to the same HQ): refused again, and HQ keeps one conflict to look at, not two.
      await t.app.store.em.query(`UPDATE outbox SET state = 'pending' WHERE id = ?`, [row!.id]);
      const again = await t.must('sync.now', {});
      expect(again.counts).toEqual({ synced: 5, rejected: 1 });
      expect(await hq.count('hq_conflict')).toBe(1);
    });

    it('sends files after their records, once per content, and sets aside a file missing here', async () => {
      const proxy = await faultyProxy(hq.url, () => 'none');
      const t = await workstation('G1', proxy.url);
      const photo = Buffer.alloc(50_000, 3);
      const sha = await attach(t, photo);
      await attach(t, photo);
      await attach(t, null, 'f'.repeat(64));
      await proxy.close();
      const down = await t.must('sync.now', {});
      expect(down.fileCounts).toEqual({});
      expect(await hq.count('hq_file')).toBe(0);

      const again = await faultyProxy(hq.url, () => 'none');
      await t.app.store.em.query(`UPDATE setting SET value_json = ? WHERE key = 'sync.serverUrl'`, [
        JSON.stringify(again.url),
      ]);
      const status = await t.must('sync.now', {});
      expect(status.counts).toEqual({ synced: 3 });
      expect(status.fileCounts).toEqual({ synced: 1, rejected: 1 });
      expect(await hq.count('hq_file', `sha256 = '${sha}'`)).toBe(1);
      await again.close();
    });

    it('counts a scan as waiting from its attachment, before HQ has accepted the record naming it', async () => {
      let filesFail = true;
      const proxy = await faultyProxy(hq.url, (_n, req) =>
        filesFail && req.method === 'PUT' && req.url?.startsWith('/files/') ? 'error500' : 'none',
      );
      const t = await workstation('G1', proxy.url);
      const scan = Buffer.alloc(20_000, 9);
      await attach(t, scan);
      // Another record naming the same content: one file to send.
      await attach(t, scan);
      await attach(t, Buffer.alloc(20_000, 8));
      const before = await t.must('sync.status', {});
      expect(before.fileCounts).toEqual({});
      expect(before.filesAwaitingRecord).toBe(2);
      expect(filesWaitingCount(before)).toBe(2);

      // Records accepted, files refused by a failing HQ: queued now, counted once.
      const half = await t.must('sync.now', {});
      expect(half.counts).toEqual({ synced: 3 });
      expect(half).toMatchObject({ fileCounts: { retry: 2 }, filesAwaitingRecord: 0 });
      expect(filesWaitingCount(half)).toBe(2);

      filesFail = false;
      const done = await t.must('sync.now', {});
      expect(done).toMatchObject({ fileCounts: { synced: 2 }, filesAwaitingRecord: 0 });
      expect(filesWaitingCount(done)).toBe(0);
      await proxy.close();
    });

    it('sends its files to an instance that keeps them in an S3 bucket, and retries them while the bucket is down', async () => {
      const s3 = await startS3();
      try {
        const t = await workstation('G1', await hq.instance(s3.options));
        const photo = Buffer.alloc(40_000, 5);
        const sha = await attach(t, photo);
        await s3.stop();
        const down = await t.must('sync.now', {});
        expect(down.counts).toEqual({ synced: 1 });
        expect(down.fileCounts).toEqual({ retry: 1 });
        expect(await hq.count('hq_file')).toBe(0);

        await s3.start();
        t.clock.advance(2 * 3_600_000);
        expect((await t.must('sync.now', {})).fileCounts).toEqual({ synced: 1 });
        expect(await s3.object(`files/${sha}`)).toEqual(photo);
        expect(await hq.count('hq_file', `sha256 = '${sha}'`)).toBe(1);
      } finally {
        await s3.close();
      }
    });

    it('brings back a verdict set at headquarters', async () => {
      const t = await workstation();
      const { registration } = await t.must('registrations.submit', bacSubmission(1));
      await t.must('sync.now', {});
      await hq.admin('/admin/verdicts', {
        registrationUuid: registration.id,
        kind: 'rejected',
        reason: 'Photo non conforme',
      });
      const status = await t.must('sync.now', {});
      expect(status.verdicts).toMatchObject([
        { registrationNumber: registration.number, kind: 'rejected', reason: 'Photo non conforme' },
      ]);
      expect(await t.must('sync.verdicts', { registrationIds: [registration.id] })).toMatchObject([
        { candidateId: registration.candidateId, kind: 'rejected' },
      ]);
      expect(await t.must('sync.verdicts', { registrationIds: ['other'] })).toEqual([]);
    });

    it('is refused, with what to do, when another machine is enrolled under the same workstation code', async () => {
      const first = await workstation('G1');
      const other = await makeApp({ setupOverride: { workstationCode: 'G1' } });
      apps.push(other);
      await other.login();
      const { json } = await hq.admin('/admin/enrolment-codes', { officeCode: 'MOR' });
      const refused = await other.call('sync.enrol', { serverUrl: hq.url, code: json.code as string });
      expect(refused).toMatchObject({
        ok: false,
        error: { fields: { code: { code: 'workstation_active', params: { office: 'MOR', workstation: 'G1' } } } },
      });
      expect((await other.must('sync.status', {})).enrolled).toBe(false);
      // The first machine enrols again (it lost its token, say): the same workstation at HQ.
      const { workstationId } = (await hq.ds.query(`SELECT id AS "workstationId" FROM hq_workstation`))[0] as {
        workstationId: string;
      };
      const again = await hq.admin('/admin/enrolment-codes', { officeCode: 'MOR' });
      await enrolAndSync(first, hq.url, again.json.code as string);
      expect(await hq.ds.query(`SELECT id AS "workstationId" FROM hq_workstation`)).toEqual([{ workstationId }]);
      // Revoked at HQ, G1 is free for the other machine, with the code it was refused with.
      await hq.admin(`/admin/workstations/${workstationId}/revoke`, {});
      expect((await other.must('sync.enrol', { serverUrl: hq.url, code: json.code as string })).enrolled).toBe(true);
      await backgroundRun(other);
    });

    it('shows each workstation the verdicts on its own registrations only', async () => {
      const g1 = await workstation('G1');
      const g2 = await workstation('G2');
      const mine = (await g1.must('registrations.submit', bacSubmission(1))).registration;
      const theirs = (await g2.must('registrations.submit', bacSubmission(2))).registration;
      await g1.must('sync.now', {});
      await g2.must('sync.now', {});
      for (const [registrationUuid, reason] of [
        [theirs.id, 'Photo floue'],
        [mine.id, 'Acte illisible'],
        [theirs.id, 'Signature absente'],
      ])
        await hq.admin('/admin/verdicts', { registrationUuid, kind: 'rejected', reason });
      expect((await g1.must('sync.now', {})).verdicts).toMatchObject([
        { registrationNumber: mine.number, reason: 'Acte illisible' },
      ]);
      expect((await g2.must('sync.now', {})).verdicts.map((v) => [v.registrationNumber, v.reason])).toEqual([
        [theirs.number, 'Signature absente'],
        [theirs.number, 'Photo floue'],
      ]);
      // HQ sent G1 nothing of G2's.
      expect(await g1.app.store.em.query(`SELECT registration_id AS id FROM verdict`)).toEqual([{ id: mine.id }]);

      // One HQ sent before, on a registration this workstation does not hold, is not listed nor counted.
      await g1.app.store.change(SYSTEM_ACTOR, async (tx) =>
        g1.app.services.sync.saveVerdicts(
          tx,
          [
            {
              seq: 9999,
              registrationUuid: theirs.id,
              kind: 'rejected',
              reason: 'Photo floue',
              pieceCode: null,
              createdAt: '2026-03-02T09:00:00.000Z',
            },
          ],
          (await readState(tx.em)).token,
        ),
      );
      expect((await g1.must('sync.status', {})).verdicts).toMatchObject([{ registrationNumber: mine.number }]);
      expect(await g1.must('sync.verdicts', { registrationIds: [theirs.id] })).toEqual([]);
    });

    it('reports a revoked token clearly and drops nothing from the outbox', async () => {
      const t = await workstation();
      const ws = ((await hq.ds.query(`SELECT id FROM hq_workstation`)) as { id: string }[])[0]!;
      await hq.admin(`/admin/workstations/${ws.id}/revoke`, {});
      await registerMany(t, 1, 1);
      const status = await t.must('sync.now', {});
      expect(status.lastError).toContain('token_revoked');
      expect(status.counts).toEqual({ retry: 2 });

      // Enrolled again: what waited for the token goes at once, not after its backoff.
      const { json } = await hq.admin('/admin/enrolment-codes', { officeCode: 'MOR' });
      const enrolled = await enrolAndSync(t, hq.url, json.code as string);
      expect(enrolled).toMatchObject({ counts: { synced: 2 }, lastError: null });
      expect(enrolled.lastSuccessAt).toBe(t.clock.now().toISOString());
      expect(await serverCount()).toBe(2);
    });

    it('reports a workstation clock far from the server’s', async () => {
      const t = await workstation();
      const before = (await t.must('sync.now', {})).clockSkewSeconds!;
      t.clock.advance(-24 * 3_600_000);
      const after = (await t.must('sync.now', {})).clockSkewSeconds!;
      expect(Math.abs(after - before + 86_400)).toBeLessThan(120);
    });
  });
});
