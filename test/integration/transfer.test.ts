import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src-main/db/store';
import { runCli } from '../../src-server/cli';
import { makeApp, type TestApp } from '../support/app';
import { startHq, startHqWithMoroni } from '../support/hq';
import { startS3 } from '../support/s3';
import { bacSubmission } from '../support/submissions';
import { exportBundleTo } from '../support/transfer';
import { enrolAndSync } from '../support/syncRun';

let hq: Awaited<ReturnType<typeof startHq>>;
const apps: TestApp[] = [];
const OFFLINE = 'http://127.0.0.1:9';

/** An enrolled workstation whose network then goes away: only the USB key reaches headquarters. */
async function offlineWorkstation(code = 'G1') {
  const t = await makeApp({ setupOverride: { workstationCode: code } });
  apps.push(t);
  await t.login();
  const { json } = await hq.admin('/admin/enrolment-codes', { officeCode: 'MOR' });
  await enrolAndSync(t, hq.url, json.code as string);
  await setServer(t, OFFLINE);
  return t;
}
const setServer = (t: TestApp, url: string) =>
  t.app.store.em.query(`UPDATE setting SET value_json = ? WHERE key = 'sync.serverUrl'`, [JSON.stringify(url)]);

/** A photo in the workstation's file store and a piece naming it, as the dossier area writes them. */
async function photo(t: TestApp, fill: number) {
  const bytes = Buffer.alloc(50_000, fill);
  const sha = createHash('sha256').update(bytes).digest('hex');
  mkdirSync(join(t.dir, 'files', sha.slice(0, 2)), { recursive: true });
  writeFileSync(join(t.dir, 'files', sha.slice(0, 2), sha), bytes);
  await t.app.store.change(SYSTEM_ACTOR, (tx) =>
    tx.enqueue({ entity: 'piece', entityId: randomUUID(), version: 1, payload: { code: 'PHOTO', fileSha256: sha } }),
  );
  return sha;
}

const importBundle = (path: string, extra: string[] = []) =>
  runCli(hq.ds, 'import-bundle', ['--file', path, ...extra], new Date(), { filesDir: hq.filesDir });
const readWs = async (t: TestApp) =>
  JSON.parse(
    (
      (await t.app.store.em.query(`SELECT value_json FROM setting WHERE key = 'sync.workstationId'`)) as {
        value_json: string;
      }[]
    )[0]!.value_json,
  ) as string;
async function ackFor(t: TestApp) {
  const file = join(t.dir, 'ack.json');
  await runCli(hq.ds, 'export-ack', ['--workstation', await readWs(t), '--file', file]);
  return readFileSync(file).toString('base64');
}
const counts = async (t: TestApp) => (await t.must('sync.status', {})).counts;

beforeEach(async () => {
  hq = await startHqWithMoroni();
});
afterEach(async () => {
  for (const a of apps.splice(0)) await a.close();
  await hq.close();
});

describe('USB transfer to headquarters', () => {
  it('imports a bundle twice and then the network push without storing anything twice', async () => {
    const a = await offlineWorkstation();
    for (let i = 1; i <= 3; i++) await a.must('registrations.submit', bacSubmission(i));
    const sha = await photo(a, 7);
    const { path, summary } = await exportBundleTo(a);
    expect(summary).toMatchObject({ records: 7, files: 1, missingFiles: 0 });
    // Exporting changes nothing at the counter: the entries wait for HQ's answer.
    expect(await counts(a)).toEqual({ pending: 7 });

    expect(await importBundle(path)).toMatch(/records 7 new, 0 already held.*files 1 new/);
    expect(await importBundle(path)).toMatch(/records 0 new, 7 already held.*files 0 new, 1 already held/);
    expect(await hq.count('hq_record')).toBe(7);
    expect(await hq.count('hq_file', `sha256 = '${sha}'`)).toBe(1);

    await setServer(a, hq.url);
    const status = await a.must('sync.now', {});
    expect(status.counts).toEqual({ synced: 7 });
    expect(status.fileCounts).toEqual({ synced: 1 });
    expect(await hq.count('hq_record')).toBe(7);
    expect(await hq.count('hq_conflict')).toBe(0);
    // HQ's acknowledgement afterwards brings nothing the network did not.
    expect(await a.must('transfer.importAck', { base64: await ackFor(a) })).toEqual({
      entries: 0,
      files: 0,
      verdicts: 0,
    });
  });

  it('files a bundle’s scans in the bucket when headquarters keeps them in S3', async () => {
    const s3 = await startS3();
    try {
      const a = await offlineWorkstation();
      await a.must('registrations.submit', bacSubmission(1));
      const sha = await photo(a, 9);
      const { path } = await exportBundleTo(a);
      const viaBucket = { filesDir: hq.filesDir, s3: s3.options };
      expect(await runCli(hq.ds, 'import-bundle', ['--file', path], new Date(), viaBucket)).toMatch(/files 1 new/);
      expect(await s3.object(`files/${sha}`)).toEqual(Buffer.alloc(50_000, 9));
      // The disk store of the single-box mode never saw it.
      expect(existsSync(join(hq.filesDir, sha))).toBe(false);
      // An instance on the same bucket already holds it.
      const url = await hq.instance(s3.options);
      await setServer(a, url);
      expect((await a.must('sync.now', {})).fileCounts).toEqual({ synced: 1 });
      expect(await hq.count('hq_file', `sha256 = '${sha}'`)).toBe(1);
    } finally {
      await s3.close();
    }
  });

  it('marks the entries synced from HQ’s acknowledgement, with the verdicts', async () => {
    const a = await offlineWorkstation();
    const { registration } = await a.must('registrations.submit', bacSubmission(1));
    await photo(a, 9);
    await importBundle((await exportBundleTo(a)).path);
    await hq.admin('/admin/verdicts', { registrationUuid: registration.id, kind: 'accepted' });
    const ack = await ackFor(a);

    expect(await a.must('transfer.importAck', { base64: ack })).toEqual({ entries: 3, files: 1, verdicts: 1 });
    const status = await a.must('sync.status', {});
    expect(status.counts).toEqual({ synced: 3 });
    expect(status.fileCounts).toEqual({ synced: 1 });
    expect(status.verdicts).toMatchObject([{ registrationNumber: registration.number, kind: 'accepted' }]);
    // The same acknowledgement again is harmless and says it taught nothing new.
    expect(await a.must('transfer.importAck', { base64: ack })).toEqual({ entries: 0, files: 0, verdicts: 0 });
    // A later one counts only what it adds: here one more decision.
    await hq.admin('/admin/verdicts', { registrationUuid: registration.id, kind: 'rejected', reason: 'Photo floue' });
    expect(await a.must('transfer.importAck', { base64: await ackFor(a) })).toEqual({
      entries: 0,
      files: 0,
      verdicts: 1,
    });
    expect((await a.must('sync.status', {})).verdicts).toHaveLength(2);
    // The next bundle holds only what came after it.
    await a.must('registrations.submit', bacSubmission(2));
    expect((await exportBundleTo(a, 'b.bundle')).summary).toMatchObject({ records: 2, files: 0 });
  });

  it('refuses a bundle with one flipped byte, a truncated one, one for another HQ key or another office', async () => {
    const a = await offlineWorkstation();
    await a.must('registrations.submit', bacSubmission(1));
    await photo(a, 5);
    const { path } = await exportBundleTo(a);
    const good = readFileSync(path);

    const flipped = Buffer.from(good);
    flipped[Math.floor(good.length / 2)]! ^= 0x01;
    writeFileSync(join(a.dir, 'flipped.bundle'), flipped);
    await expect(importBundle(join(a.dir, 'flipped.bundle'))).rejects.toThrow(/altered or damaged: nothing imported/);

    writeFileSync(join(a.dir, 'cut.bundle'), good.subarray(0, good.length - 40));
    await expect(importBundle(join(a.dir, 'cut.bundle'))).rejects.toThrow(/incomplete.*nothing imported/);

    await expect(importBundle(path, ['--office', 'ANJ'])).rejects.toThrow(/from office MOR, not ANJ/);

    const other = await startHq();
    try {
      await expect(
        runCli(other.ds, 'import-bundle', ['--file', path], new Date(), { filesDir: other.filesDir }),
      ).rejects.toThrow(/encrypted for another headquarters key/);
    } finally {
      await other.close();
    }
    expect(await hq.count('hq_record')).toBe(0);
    expect(await hq.count('hq_file')).toBe(0);
    // The untouched bundle still goes in.
    expect(await importBundle(path)).toMatch(/records 3 new/);
  });

  it('refuses an acknowledgement for entries never sent from here, for another workstation, or not signed by HQ', async () => {
    const a = await offlineWorkstation('G1');
    const b = await offlineWorkstation('G2');
    await a.must('registrations.submit', bacSubmission(1));
    await b.must('registrations.submit', bacSubmission(2));
    await importBundle((await exportBundleTo(a)).path);
    await importBundle((await exportBundleTo(b, 'b.bundle')).path);
    const before = await counts(a);

    const refusal = async (base64: string) => {
      const r = await a.call('transfer.importAck', { base64 });
      expect(r.ok).toBe(false);
      return r.ok ? null : r.error.fields?.file?.code;
    };
    expect(await refusal(await ackFor(b))).toBe('transfer_ack_other_workstation');

    // HQ holding a record from this workstation that the workstation never had.
    const payloadJson = JSON.stringify({ id: 'x' });
    await hq.ds.query(
      `INSERT INTO hq_record (uuid, version, entity, payload_hash, payload_json, office_code, workstation_id, received_at)
       VALUES (?, 1, 'candidate', ?, ?, 'MOR', ?, '2026-03-02T08:00:00Z')`,
      [randomUUID(), createHash('sha256').update(payloadJson).digest('hex'), payloadJson, await readWs(a)],
    );
    const ack = await ackFor(a);
    expect(await refusal(ack)).toBe('transfer_ack_unknown_entries');

    const file = JSON.parse(Buffer.from(ack, 'base64').toString('utf8')) as { payload: string };
    const forged = Buffer.from(file.payload, 'base64').toString('utf8').replace('"MOR"', '"MOR" ');
    const tampered = { ...file, payload: Buffer.from(forged).toString('base64') };
    expect(await refusal(Buffer.from(JSON.stringify(tampered)).toString('base64'))).toBe('transfer_ack_bad_signature');
    expect(await refusal(Buffer.from('not an ack').toString('base64'))).toBe('transfer_ack_malformed');
    expect(await counts(a)).toEqual(before);
  });
});
