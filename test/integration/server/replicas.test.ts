import { createHash } from 'node:crypto';
import { createServer } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Reads, replicaName } from '../../../src-server/db/replicas';
import { pgQuery as sql, startHqWithMoroni } from '../../support/hq';

/** A streaming replica of GUICHET_TEST_PG_URL's cluster; `.ci/run` starts one beside the primary. */
const REPLICA = process.env.GUICHET_TEST_PG_REPLICA_URL;
const SKIP =
  'PostgreSQL replica skipped: GUICHET_TEST_PG_REPLICA_URL is not set (.ci/run starts a streaming replica and sets it)';
if (!REPLICA) process.stderr.write(`${SKIP}\n`);

let hq: Awaited<ReturnType<typeof startHqWithMoroni>>;

/** The HQ test database, as the replica serves it. */
const onReplica = (pgUrl: string) => {
  const url = new URL(pgUrl);
  const replica = new URL(REPLICA!);
  url.host = replica.host;
  return url.toString();
};

async function until(check: () => Promise<boolean>, what: string, ms = 10_000) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`still waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The replica has replayed everything the primary wrote so far. */
async function caughtUp(primaryUrl: string, replicaUrl: string) {
  const [primary] = await sql<{ lsn: string }>(primaryUrl, 'SELECT pg_current_wal_lsn()::text AS lsn');
  await until(async () => {
    const [row] = await sql<{ done: boolean }>(
      replicaUrl,
      `SELECT pg_last_wal_replay_lsn() >= '${primary!.lsn}'::pg_lsn AS done`,
    ).catch(() => [{ done: false }]);
    return row!.done;
  }, 'the replica to replay the primary');
}

const closedPort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

async function enrolAndPush(url: string) {
  const { json } = await hq.admin('/admin/enrolment-codes', { officeCode: 'MOR' });
  const res = await fetch(`${url}/enrol`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code: json.code, officeCode: 'MOR', workstationCode: 'G1' }),
  });
  expect(res.status).toBe(200);
  const { token } = (await res.json()) as { token: string };
  const call = (path: string, init: RequestInit = {}) =>
    fetch(url + path, { ...init, headers: { authorization: `Bearer ${token}`, ...(init.headers ?? {}) } });
  const uuid = '0199a000-0000-7000-8000-000000000001';
  const payloadJson = JSON.stringify({ number: 'MORG1-26-0000001/001' });
  const pushed = await call('/records', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      entries: [
        {
          uuid,
          entity: 'registration',
          version: 1,
          payloadHash: createHash('sha256').update(payloadJson).digest('hex'),
          payloadJson,
        },
      ],
    }),
  });
  expect(pushed.status).toBe(200);
  const verdicts = async () =>
    ((await (await call('/verdicts?after=0')).json()) as { verdicts: { kind: string }[] }).verdicts;
  return { uuid, verdicts };
}

describe.skipIf(!REPLICA)(REPLICA ? 'HQ reads from PostgreSQL replicas' : `HQ replicas — ${SKIP}`, () => {
  beforeEach(async () => {
    hq = await startHqWithMoroni({ backend: 'postgres' });
  });
  afterEach(async () => {
    await sql(REPLICA!, 'SELECT pg_wal_replay_resume()').catch(() => undefined);
    await hq.close();
  });

  it('serves polled verdicts from the replica, which trails the primary, while writes go to the primary', async () => {
    const replicaUrl = onReplica(hq.pgUrl!);
    await caughtUp(hq.pgUrl!, replicaUrl);
    // Enrolment and the push write: a standby refuses any write, so both reaching it would fail here.
    const url = await hq.instance(undefined, [replicaUrl]);
    const ws = await enrolAndPush(url);
    await caughtUp(hq.pgUrl!, replicaUrl);
    expect(await ws.verdicts()).toEqual([]);

    // The replica stops replaying: a verdict set now is on the primary only.
    await sql(REPLICA!, 'SELECT pg_wal_replay_pause()');
    const set = await hq.admin('/admin/verdicts', {
      registrationUuid: ws.uuid,
      kind: 'rejected',
      reason: 'Photo floue',
      pieceCode: null,
    });
    expect(set.status).toBe(200);
    expect(await hq.count('hq_verdict')).toBe(1);
    expect(await ws.verdicts()).toEqual([]);

    await sql(REPLICA!, 'SELECT pg_wal_replay_resume()');
    await until(async () => (await ws.verdicts()).length === 1, 'the verdict on the replica');
    expect(await ws.verdicts()).toMatchObject([{ kind: 'rejected' }]);
    const health = (await (await fetch(`${url}/health`)).json()) as { status: string; replicas: boolean[] };
    expect(health).toMatchObject({ status: 'ok', replicas: [true] });
  });

  it('reads from the primary when a replica does not answer, and says so on /health', async () => {
    const down = `postgres://guichet:secret-pw@127.0.0.1:${await closedPort()}/absent`;
    const url = await hq.instance(undefined, [down]);
    const ws = await enrolAndPush(url);
    await hq.admin('/admin/verdicts', { registrationUuid: ws.uuid, kind: 'accepted', reason: null, pieceCode: null });
    expect(await ws.verdicts()).toMatchObject([{ kind: 'accepted' }]);
    const health = await fetch(`${url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', database: true, replicas: [false] });
    // What the instance logs of a replica names where it is, never who connects to it.
    expect(replicaName(down)).toMatch(/^127\.0\.0\.1:\d+\/absent$/);
  });

  it('leaves aside a replica that stops replaying, and takes it back once it has caught up', async () => {
    const replicaUrl = onReplica(hq.pgUrl!);
    await caughtUp(hq.pgUrl!, replicaUrl);
    const said: string[] = [];
    const reads = new Reads(hq.ds, [replicaUrl], (line) => said.push(line), { maxLagMs: 300, checkEveryMs: 0 });
    const offices = () => reads.run(async (db) => Number((await db.query('SELECT COUNT(*) AS n FROM hq_office'))[0].n));
    try {
      expect(await offices()).toBe(1);
      await sql(REPLICA!, 'SELECT pg_wal_replay_pause()');
      await hq.admin('/admin/offices', { code: 'MUT', name: 'Office de Mutsamudu', region: 'Ndzuani' });
      // Within the allowed lag the replica is trusted, and does not have the new office yet.
      expect(await offices()).toBe(1);
      await new Promise((r) => setTimeout(r, 400));
      expect(await offices()).toBe(2);
      expect(said).toEqual([expect.stringMatching(/is more than 0.3 s behind the primary/)]);

      await sql(REPLICA!, 'SELECT pg_wal_replay_resume()');
      await caughtUp(hq.pgUrl!, replicaUrl);
      await new Promise((r) => setTimeout(r, 400));
      expect(await offices()).toBe(2);
      expect(said.at(-1)).toMatch(/has caught up with the primary/);
    } finally {
      await reads.close();
    }
  });
});
