import { spawn } from 'node:child_process';
import { createHash, generateKeyPairSync, randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import catalogue from '../../../src-main/modules/reference/catalogues/comores-2026.json';
import { hqMigrations } from '../../../src-server/db/dataSource';
import { HqVerdictEntity } from '../../../src-server/db/entities';
import { newEnrolmentCode } from '../../../src-server/modules/enrolment';
import { exportAck } from '../../../src-server/modules/transfer';
import { pruneRateLimits } from '../../../src-server/modules/rateLimits';
import { eachHqBackend, emptyHqDatabase, pgQuery, startHqWithMoroni } from '../../support/hq';
import { faultyProxy } from '../../support/proxy';
import { startS3 } from '../../support/s3';

let hq: Awaited<ReturnType<typeof startHqWithMoroni>>;
const sha = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');

/** What a workstation sends to enrol: an enrolment code, and the machine's own signing key when given. */
const enrolAt = (url: string, code: unknown, ws: string, signingPublicKey?: string) =>
  fetch(`${url}/enrol`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code, officeCode: 'MOR', workstationCode: ws, signingPublicKey }),
  });
/** A machine's Ed25519 public key (PEM), as a workstation sends it at enrolment. */
const machineKey = () => generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();

async function enrolled(ws = 'G1', signingPublicKey?: string) {
  const { json } = await hq.admin('/admin/enrolment-codes', { officeCode: 'MOR' });
  const res = await enrolAt(hq.url, json.code, ws, signingPublicKey);
  const body = (await res.json()) as { token: string; workstationId: string };
  const call = (path: string, init: RequestInit = {}) =>
    fetch(hq.url + path, { ...init, headers: { authorization: `Bearer ${body.token}`, ...(init.headers ?? {}) } });
  return { ...body, code: json.code as string, call };
}

const entry = (payload: unknown, uuid = randomUUID(), version = 1) => {
  const payloadJson = JSON.stringify(payload);
  return { uuid, entity: 'registration', version, payloadHash: sha(payloadJson), payloadJson };
};
const push = (ws: Awaited<ReturnType<typeof enrolled>>, entries: unknown[]) =>
  ws.call('/records', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ entries }),
  });

/**
 * Another administrator's publication of `version`, written and not yet committed: on PostgreSQL
 * from another connection, on SQLite from another process (the CLI beside the server), since a
 * connection in this process would stop it while SQLite waits for the lock.
 */
async function uncommittedCatalogue(version: number) {
  const insert = `INSERT INTO hq_catalogue (version, json, published_at) VALUES (${version}, '{}', '2026-03-02')`;
  if (hq.pgUrl) {
    const client = new pg.Client({ connectionString: hq.pgUrl });
    await client.connect();
    await client.query('BEGIN');
    await client.query(insert);
    return {
      waitedFor: () =>
        expect
          .poll(() =>
            pgQuery(
              hq.pgUrl!,
              `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
            ),
          )
          .toHaveLength(1),
      commit: () => client.query('COMMIT').then(() => undefined),
      end: () => client.end(),
    };
  }
  // The server runs in this process, and SQLite's wait for the lock blocks it: the other process
  // commits on its own, half a second after its write, while the insert here is waiting.
  const script = `const db = new (require('better-sqlite3'))(${JSON.stringify(hq.sqliteFile)});
    db.exec('BEGIN IMMEDIATE'); db.exec(${JSON.stringify(insert)}); console.log('written');
    setTimeout(() => { db.exec('COMMIT'); console.log('committed'); }, 500);`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = () => new Promise((resolve) => child.stdout.once('data', resolve));
  await line();
  const committed = line();
  return {
    waitedFor: async () => undefined,
    commit: () => committed.then(() => undefined),
    end: async () => void child.kill(),
  };
}

eachHqBackend((backend) => {
  beforeEach(async () => {
    hq = await startHqWithMoroni({ backend });
  });
  afterEach(() => hq.close());

  it('refuses an office it could not serve, saying which field, instead of failing with a 500', async () => {
    for (const body of [
      {},
      { code: 'mor', name: 'Office', region: 'Ngazidja' },
      { code: 'MUT', name: ' ', region: 'X' },
    ])
      expect(await hq.admin('/admin/offices', body)).toMatchObject({ status: 400, json: { code: 'invalid_request' } });
    expect((await hq.admin('/admin/offices', {})).json).toMatchObject({ message: expect.stringMatching(/^code: /) });
    expect(await hq.count('hq_office')).toBe(1);
  });

  it('lets several instances start together on a new database, the schema made once', async () => {
    const db = await emptyHqDatabase(backend);
    try {
      const instances = await Promise.all([db.open(), db.open(), db.open()]);
      const [row] = (await instances[0]!.query(`SELECT COUNT(*) AS n FROM migrations`)) as { n: string | number }[];
      expect(Number(row!.n)).toBe(hqMigrations.length);
      for (const ds of instances) await ds.destroy();
    } finally {
      await db.drop();
    }
  });

  describe('enrolment', () => {
    it('gives a token once per code; a used, wrong or expired code is refused with a clear code', async () => {
      const ws = await enrolled();
      expect(ws.token.length).toBeGreaterThan(20);
      const again = await fetch(`${hq.url}/enrol`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code: ws.code, officeCode: 'MOR', workstationCode: 'G2' }),
      });
      expect(again.status).toBe(400);
      expect(await again.json()).toMatchObject({ code: 'code_used' });
      // Made two hours ago for one hour (a code cannot be made already expired).
      const expired = await newEnrolmentCode(hq.ds, 'MOR', 1, new Date(Date.now() - 2 * 3_600_000));
      const late = await enrolAt(hq.url, expired, 'G3');
      expect(await late.json()).toMatchObject({ code: 'code_expired' });
    });

    it('makes codes valid 1 to 720 hours only', async () => {
      for (const validHours of [0, -1, 721, 100_000_000, 1.5, 'abc', '48'])
        expect(await hq.admin('/admin/enrolment-codes', { officeCode: 'MOR', validHours })).toEqual({
          status: 400,
          json: {
            code: 'invalid_request',
            message: `validHours must be a whole number of hours from 1 to 720 (30 days), not ${validHours}`,
          },
        });
      for (const [i, validHours] of [1, 720].entries()) {
        const { json } = await hq.admin('/admin/enrolment-codes', { officeCode: 'MOR', validHours });
        expect((await enrolAt(hq.url, json.code, `H${i}`)).status).toBe(200);
      }
      expect(await hq.count('enrolment_code')).toBe(2);
    });

    it('gives one token for a code sent twice at once, to two instances', async () => {
      const other = await hq.instance();
      for (let round = 0; round < 5; round++) {
        const { json } = await hq.admin('/admin/enrolment-codes', { officeCode: 'MOR' });
        // Workstation codes not enrolled yet, so that only the enrolment code is in question.
        const answers = await Promise.all([hq.url, other].map((url, i) => enrolAt(url, json.code, `G${round}${i}`)));
        expect(answers.map((r) => r.status).sort()).toEqual([200, 400]);
      }
      expect(await hq.count('hq_workstation')).toBe(5);
    });

    it('refuses a second machine under a workstation code still active, and leaves its enrolment code unused', async () => {
      const first = await enrolled('G1', machineKey());
      const { json } = await hq.admin('/admin/enrolment-codes', { officeCode: 'MOR' });
      for (const key of [machineKey(), undefined]) {
        const refused = await enrolAt(hq.url, json.code, 'G1', key);
        expect(refused.status).toBe(409);
        expect(await refused.json()).toMatchObject({
          code: 'workstation_active',
          message: expect.stringMatching(
            /^Workstation MOR G1 is already enrolled and active at headquarters: revoke it/,
          ),
        });
      }
      expect(await hq.count('hq_workstation')).toBe(1);
      expect(await hq.count('enrolment_code', 'used_at IS NULL')).toBe(1);
      // Another workstation code of the office is free; the first workstation still works.
      expect((await enrolAt(hq.url, json.code, 'G2')).status).toBe(200);
      expect((await first.call('/verdicts')).status).toBe(200);
    });

    it('lets the same machine enrol again under its code: same workstation, new token, the old one refused', async () => {
      const key = machineKey();
      const first = await enrolled('G1', key);
      const again = await enrolled('G1', key);
      expect(again.workstationId).toBe(first.workstationId);
      expect(again.token).not.toBe(first.token);
      expect(await hq.count('hq_workstation')).toBe(1);
      expect((await first.call('/verdicts')).status).toBe(401);
      expect((await again.call('/verdicts')).status).toBe(200);
    });

    it('enrols another machine under a code once HQ has revoked the workstation that held it', async () => {
      const old = await enrolled('G1', machineKey());
      const { json } = await hq.admin('/admin/enrolment-codes', { officeCode: 'MOR' });
      const replacement = machineKey();
      expect((await enrolAt(hq.url, json.code, 'G1', replacement)).status).toBe(409);
      await hq.admin(`/admin/workstations/${old.workstationId}/revoke`, {});
      // The code refused a moment ago still works, once.
      const res = await enrolAt(hq.url, json.code, 'G1', replacement);
      expect(res.status).toBe(200);
      expect(((await res.json()) as { workstationId: string }).workstationId).not.toBe(old.workstationId);
      expect(
        await hq.count('hq_workstation', `code = 'G1' AND revoked = ${backend === 'postgres' ? 'false' : '0'}`),
      ).toBe(1);
      // A revoked workstation stays revoked, even for its own machine: HQ staff revoked it on purpose.
      expect((await old.call('/verdicts')).status).toBe(401);
    });

    it('enrols one machine when two claim the same workstation code at once, through two instances', async () => {
      const other = await hq.instance();
      for (let round = 0; round < 5; round++) {
        const codes = await Promise.all([0, 1].map(() => hq.admin('/admin/enrolment-codes', { officeCode: 'MOR' })));
        const answers = await Promise.all(
          [hq.url, other].map((url, i) => enrolAt(url, codes[i]!.json.code, `G${round}`, machineKey())),
        );
        expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
      }
      expect(await hq.count('hq_workstation')).toBe(5);
      expect(await hq.count('enrolment_code', 'used_at IS NULL')).toBe(5);
    });

    it('refuses an unknown or revoked token', async () => {
      const ws = await enrolled();
      expect((await fetch(`${hq.url}/verdicts`, { headers: { authorization: 'Bearer nope' } })).status).toBe(401);
      await hq.admin(`/admin/workstations/${ws.workstationId}/revoke`, {});
      const r = await ws.call('/verdicts');
      expect(r.status).toBe(401);
      expect(await r.json()).toMatchObject({ code: 'token_revoked' });
    });
  });

  describe('records', () => {
    it('stores once, says duplicate for a resend, conflict for another payload, and one bad entry fails alone', async () => {
      const ws = await enrolled();
      const a = entry({ n: 1 });
      const first = (await (await push(ws, [a])).json()) as { results: { status: string }[] };
      expect(first.results[0]!.status).toBe('accepted');
      const conflicting = { ...entry({ n: 2 }, a.uuid) };
      const bad = { ...entry({ n: 3 }), payloadHash: sha('something else') };
      const good = entry({ n: 4 });
      const second = (await (await push(ws, [a, conflicting, bad, good])).json()) as {
        results: { status: string; reason: string | null }[];
      };
      expect(second.results.map((r) => r.status)).toEqual(['duplicate', 'conflict', 'rejected', 'accepted']);
      expect(second.results[2]!.reason).toBe('payload_hash_mismatch');
      expect(await hq.count('hq_record')).toBe(2);
      expect(await hq.count('hq_conflict')).toBe(1);
    });

    it('holds each record once when a resend reaches another instance while the first push is in progress', async () => {
      const ws = await enrolled();
      const other = await hq.instance();
      for (let round = 0; round < 5; round++) {
        const batch = Array.from({ length: 20 }, (_, i) => entry({ round, i }));
        const answers = await Promise.all(
          [hq.url, other].map((url) =>
            fetch(`${url}/records`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', authorization: `Bearer ${ws.token}` },
              body: JSON.stringify({ entries: batch }),
            }),
          ),
        );
        expect(answers.map((r) => r.status)).toEqual([200, 200]);
        const [one, two] = (await Promise.all(answers.map((a) => a.json()))) as { results: { status: string }[] }[];
        // Each record stored by one of the two, and a duplicate for the other.
        expect(one!.results.map((r, i) => [r.status, two!.results[i]!.status].sort().join())).toEqual(
          batch.map(() => 'accepted,duplicate'),
        );
      }
      expect(await hq.count('hq_record')).toBe(100);
      expect(await hq.count('hq_conflict')).toBe(0);
    });
  });

  describe('files', () => {
    it('checks the hash, stores the same file once, refuses a truncated upload', async () => {
      const ws = await enrolled();
      const body = Buffer.alloc(50_000, 7);
      const hash = sha(body);
      const put = (b: Buffer) =>
        ws.call(`/files/${hash}`, {
          method: 'PUT',
          headers: { 'content-type': 'application/octet-stream' },
          body: new Uint8Array(b),
        });
      expect((await ws.call(`/files/${hash}`, { method: 'HEAD' })).status).toBe(404);
      expect((await put(body.subarray(0, 10_000))).status).toBe(422);
      expect(await (await put(body)).json()).toMatchObject({ status: 'stored' });
      expect(await (await put(body)).json()).toMatchObject({ status: 'duplicate' });
      expect((await ws.call(`/files/${hash}`, { method: 'HEAD' })).status).toBe(200);
    });

    it('keeps them in an S3 bucket that every instance sees, and answers 503 while the bucket is down', async () => {
      const s3 = await startS3();
      try {
        await expect(hq.instance({ ...s3.options, bucket: 'absent' })).rejects.toThrow(
          'S3 bucket "absent" does not exist',
        );
        const [a, b] = [await hq.instance(s3.options), await hq.instance(s3.options)];
        const ws = await enrolled();
        const at = (url: string, sha: string, init: RequestInit = {}) =>
          fetch(`${url}/files/${sha}`, {
            ...init,
            headers: { authorization: `Bearer ${ws.token}`, 'content-type': 'application/octet-stream' },
          });
        const body = Buffer.alloc(50_000, 9);
        const hash = sha(body);
        expect((await at(a, hash, { method: 'PUT', body: new Uint8Array(body.subarray(0, 100)) })).status).toBe(422);
        expect(await (await at(a, hash, { method: 'PUT', body: new Uint8Array(body) })).json()).toMatchObject({
          status: 'stored',
        });
        expect(await s3.object(`files/${hash}`)).toEqual(body);
        // The other instance, on the same database and bucket, holds it too; one on its own disk does not.
        expect((await at(b, hash, { method: 'HEAD' })).status).toBe(200);
        expect(await (await at(b, hash, { method: 'PUT', body: new Uint8Array(body) })).json()).toMatchObject({
          status: 'duplicate',
        });
        expect((await at(hq.url, hash, { method: 'HEAD' })).status).toBe(404);
        // The same retried upload reaching both instances at once: both answer, one row.
        const twice = Buffer.alloc(2_000, 6);
        const both = await Promise.all(
          [a, b].map((url) => at(url, sha(twice), { method: 'PUT', body: new Uint8Array(twice) })),
        );
        expect(both.map((r) => r.status)).toEqual([200, 200]);
        expect(await hq.count('hq_file')).toBe(2);

        const health = async (url: string) => {
          const res = await fetch(`${url}/health`);
          return { http: res.status, ...((await res.json()) as object) };
        };
        expect(await health(a)).toMatchObject({ http: 200, status: 'ok', database: true, files: true });
        await s3.stop();
        // The reverse proxy sends no more workstations to an instance whose bucket is gone; the disk one still serves.
        expect(await health(a)).toMatchObject({ http: 503, status: 'unavailable', database: true, files: false });
        expect(await health(hq.url)).toMatchObject({ http: 200, files: true });
        const other = Buffer.alloc(1_000, 4);
        const down = await at(a, sha(other), { method: 'PUT', body: new Uint8Array(other) });
        expect(down.status).toBe(503);
        expect(await down.json()).toMatchObject({ code: 'storage_unavailable' });
        expect(await hq.count('hq_file')).toBe(2);
        await s3.start();
        expect((await at(a, sha(other), { method: 'PUT', body: new Uint8Array(other) })).status).toBe(200);
        expect(await hq.count('hq_file')).toBe(3);
      } finally {
        await s3.close();
      }
    });

    // Without the storage timeout, the upload waits on the bucket and this test runs out of time.
    it('answers 503 in time when the bucket stops answering, instead of holding the upload', async () => {
      const s3 = await startS3();
      let hanging = false;
      const proxy = await faultyProxy(s3.options.endpoint, () => (hanging ? 'hang' : 'none'));
      try {
        const url = await hq.instance({ ...s3.options, endpoint: proxy.url, timeoutMs: 300 });
        const ws = await enrolled();
        hanging = true;
        const body = Buffer.alloc(1_000, 8);
        const res = await fetch(`${url}/files/${sha(body)}`, {
          method: 'PUT',
          headers: { authorization: `Bearer ${ws.token}`, 'content-type': 'application/octet-stream' },
          body: new Uint8Array(body),
        });
        expect(res.status).toBe(503);
        expect(await res.json()).toMatchObject({ code: 'storage_unavailable' });
        expect((await fetch(`${url}/health`)).status).toBe(503);
        expect(await hq.count('hq_file')).toBe(0);
      } finally {
        await proxy.close();
        await s3.close();
      }
    });
  });

  describe('rate limits', () => {
    it('counts a workstation once across the instances behind the balancer, by the hash of its token', async () => {
      await hq.close();
      hq = await startHqWithMoroni({ backend, rateLimitPerMinute: 4 });
      const ws = await enrolled();
      const other = await hq.instance();
      const poll = (url: string) =>
        fetch(`${url}/catalogue?since=0`, { headers: { authorization: `Bearer ${ws.token}` } }).then((r) => r.status);
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push(await poll(hq.url), await poll(other));
      // SQLite has one instance: a second one on the same file counts on its own.
      expect(statuses).toEqual(
        backend === 'postgres' ? [200, 200, 200, 200, 429, 429] : [200, 200, 200, 200, 200, 200],
      );
      if (backend !== 'postgres') return;
      const keyHash = sha(`Bearer ${ws.token}`);
      expect(await hq.ds.query(`SELECT key_hash FROM hq_rate_limit`)).toContainEqual({ key_hash: keyHash });
      // A window that ended is forgotten; one still open stays.
      await hq.ds.query(`UPDATE hq_rate_limit SET window_start = window_start - 61000 WHERE key_hash <> $1`, [keyHash]);
      await pruneRateLimits(hq.ds, 60_000);
      expect(await hq.ds.query(`SELECT key_hash FROM hq_rate_limit`)).toEqual([{ key_hash: keyHash }]);
      // Counts that cannot be written let the requests through rather than refuse them all.
      await hq.ds.query(`DROP TABLE hq_rate_limit`);
      expect(await poll(other)).toBe(200);
    });
  });

  describe('catalogue and verdicts', () => {
    it('publishes catalogue versions, each above the last', async () => {
      const ws = await enrolled();
      expect((await hq.admin('/admin/catalogues', catalogue)).json).toEqual({ version: 1 });
      expect((await hq.admin('/admin/catalogues', catalogue)).status).toBe(400);
      expect(await (await ws.call('/catalogue?since=0')).json()).toMatchObject({ upToDate: false, version: 1 });
      expect(await (await ws.call('/catalogue?since=1')).json()).toMatchObject({ upToDate: true });
    });

    it('refuses, with its reason, a version another administrator published while this one was being saved', async () => {
      await hq.admin('/admin/catalogues', catalogue);
      const other = await uncommittedCatalogue(2);
      try {
        const mine = hq.admin('/admin/catalogues', { ...catalogue, version: 2 });
        // Its check saw version 1 only; its insert now waits for the other one's uncommitted row.
        await other.waitedFor();
        await other.commit();
        expect(await mine).toEqual({
          status: 400,
          json: { code: 'invalid_request', message: 'Version must be above 2' },
        });
      } finally {
        await other.end();
      }
    });

    it('refuses a verdict on a payment or a candidate, and a piece verdict without a piece the registration is asked for', async () => {
      const ws = await enrolled();
      const reg = entry({ number: 'MORG1-26-000001F/001', examCode: 'BAC', category: 'scolaire' });
      const payment = { ...entry({ receiptNumber: 'MORG1-R26-000001', amount: 15000 }), entity: 'payment' };
      const candidate = { ...entry({ number: 'MORG1-26-000001F', surname: 'Said' }), entity: 'candidate' };
      await push(ws, [reg, payment, candidate]);
      const verdict = (body: object) =>
        hq.admin('/admin/verdicts', { registrationUuid: reg.uuid, kind: 'piece_non_conforme', ...body });
      const refused = (status: number, code: string, message: RegExp) => ({
        status,
        json: { code, message: expect.stringMatching(message) },
      });

      for (const other of [payment, candidate])
        expect(await verdict({ registrationUuid: other.uuid, kind: 'rejected', reason: 'Photo floue' })).toEqual(
          refused(
            400,
            'not_a_registration',
            new RegExp(`^${other.uuid} is a ${other.entity} record, not a registration`),
          ),
        );
      expect(await verdict({ registrationUuid: randomUUID(), kind: 'accepted' })).toMatchObject({ status: 404 });
      expect(await verdict({ reason: 'Illisible' })).toEqual(refused(400, 'piece_required', /names the piece/));
      // Before any catalogue, HQ cannot tell a piece from a typo.
      expect(await verdict({ pieceCode: 'NAISSANCE' })).toEqual(
        refused(400, 'piece_unknown', /^No catalogue published/),
      );
      await hq.admin('/admin/catalogues', catalogue);
      expect(await verdict({ pieceCode: 'BOGUS' })).toEqual(
        refused(
          400,
          'piece_unknown',
          /^Piece BOGUS is not one catalogue version 1 asks of this registration \(BAC, scolaire\): NAISSANCE, IDENTITE, SCOLARITE, MEDICAL$/,
        ),
      );
      // A piece of another exam (CAE's BAC), or of another category (RELEVE is asked of « individuel » candidates).
      for (const pieceCode of ['BAC', 'RELEVE'])
        expect(await verdict({ pieceCode })).toMatchObject({ status: 400, json: { code: 'piece_unknown' } });
      expect(await verdict({ kind: 'accepted', pieceCode: 'NAISSANCE' })).toEqual(
        refused(400, 'piece_unexpected', /piece_non_conforme verdict only/),
      );
      // The counter shows the clerk why: a rejection without a reason tells the candidate nothing.
      for (const reason of [null, '  '])
        expect(await verdict({ kind: 'rejected', reason })).toEqual(refused(400, 'reason_required', /says why/));
      expect(await hq.count('hq_verdict')).toBe(0);

      expect(await verdict({ pieceCode: 'SCOLARITE', reason: 'Certificat non signé' })).toMatchObject({ status: 200 });
      expect(await verdict({ kind: 'accepted', reason: null })).toMatchObject({ status: 200 });
      const v = (await (await ws.call('/verdicts?after=0')).json()) as { verdicts: unknown[] };
      expect(v.verdicts).toMatchObject([
        { registrationUuid: reg.uuid, kind: 'piece_non_conforme', pieceCode: 'SCOLARITE' },
        { registrationUuid: reg.uuid, kind: 'accepted', pieceCode: null },
      ]);
    });

    it('hands out the verdicts on a workstation’s records after a cursor', async () => {
      const ws = await enrolled();
      const reg = entry({ n: 1 });
      await push(ws, [reg]);
      await hq.admin('/admin/verdicts', {
        registrationUuid: reg.uuid,
        kind: 'rejected',
        reason: 'Acte de naissance illisible',
      });
      const v = (await (await ws.call('/verdicts?after=0')).json()) as {
        verdicts: { seq: number; kind: string; reason: string }[];
      };
      expect(v.verdicts).toMatchObject([{ kind: 'rejected', reason: 'Acte de naissance illisible' }]);
      const after = (await (await ws.call(`/verdicts?after=${v.verdicts[0]!.seq}`)).json()) as { verdicts: unknown[] };
      expect(after.verdicts).toEqual([]);
    });

    it('sends each workstation the verdicts on its own records only, in order after its cursor, as they interleave', async () => {
      const g1 = await enrolled('G1', machineKey());
      const g2 = await enrolled('G2');
      const [a1, a2, b1] = [entry({ n: 'a1' }), entry({ n: 'a2' }), entry({ n: 'b1' })];
      await push(g1, [a1]);
      await push(g2, [b1]);
      const setOn = async (reg: { uuid: string }) =>
        (await hq.admin('/admin/verdicts', { registrationUuid: reg.uuid, kind: 'rejected', reason: 'Illisible' })).json
          .seq as number;
      const seqsAfter = async (ws: Awaited<ReturnType<typeof enrolled>>, after: number) =>
        ((await (await ws.call(`/verdicts?after=${after}`)).json()) as { verdicts: { seq: number }[] }).verdicts.map(
          (v) => v.seq,
        );
      const [v1, v2, v3] = [await setOn(a1), await setOn(b1), await setOn(a1)];
      expect(await seqsAfter(g1, 0)).toEqual([v1, v3]);
      expect(await seqsAfter(g2, 0)).toEqual([v2]);
      // Each polls from the last verdict it received; what was set meanwhile, interleaved, is not missed.
      await push(g1, [a2]);
      const [v4, v5, v6] = [await setOn(b1), await setOn(a2), await setOn(b1)];
      expect(await seqsAfter(g1, v3)).toEqual([v5]);
      expect(await seqsAfter(g2, v2)).toEqual([v4, v6]);
      expect(await seqsAfter(g1, v5)).toEqual([]);

      // HQ's USB acknowledgement carries the same ones.
      const ack = JSON.parse(await exportAck(hq.ds, g2.workstationId, new Date())) as { payload: string };
      const payload = JSON.parse(Buffer.from(ack.payload, 'base64').toString('utf8')) as {
        verdicts: { seq: number }[];
      };
      expect(payload.verdicts.map((v) => v.seq)).toEqual([v2, v4, v6]);

      // Many verdicts on the other workstation's records do not hide one of its own behind a page.
      await hq.ds.getRepository(HqVerdictEntity).insert(
        Array.from({ length: 600 }, () => ({
          registrationUuid: b1.uuid,
          officeCode: 'MOR',
          kind: 'accepted' as const,
          reason: null,
          pieceCode: null,
          createdAt: new Date().toISOString(),
        })),
      );
      const v7 = await setOn(a1);
      expect(await seqsAfter(g1, v5)).toEqual([v7]);

      // G1 revoked and enrolled again (a new workstation at HQ): the verdicts on what G1 sent are still its own.
      await hq.admin(`/admin/workstations/${g1.workstationId}/revoke`, {});
      const again = await enrolled('G1');
      expect(again.workstationId).not.toBe(g1.workstationId);
      expect(await seqsAfter(again, 0)).toEqual([v1, v3, v5, v7]);
    });
  });
});
