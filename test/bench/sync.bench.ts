import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from '../../src-main/app/createApp';
import { ADMIN, setupInput } from '../support/app';
import { bacSubmission } from '../support/submissions';
import { BENCH_ADMIN_TOKEN, seedOutbox, startHqProcess } from './syncHq';

const N = 10_000;
type Hq = Awaited<ReturnType<typeof startHqProcess>>;

/** A workstation of `office`, enrolled, with one real registration as the template of the seeded outbox. */
async function workstation(hq: Hq, office: string, dir: string) {
  hq.cli('add-office', '--code', office, '--name', `Office ${office}`, '--region', 'Bench');
  const app = await createApp({ dataDir: dir });
  const must = async (channel: string, input: unknown, token: string | null) => {
    const r = await app.dispatch(channel as never, input as never, token);
    if (!r.ok) throw new Error(`${channel}: ${JSON.stringify(r.error)}`);
    return r.value as Record<string, unknown>;
  };
  await must('setup.initialize', { ...setupInput, officeCode: office }, null);
  const { token } = (await must('auth.login', { username: ADMIN.username, password: ADMIN.password }, null)) as {
    token: string;
  };
  // The demo centres belong to the demo offices: this office's administrator passes the centre.
  const overrides = [{ code: 'centre_other_office', reason: 'Poste de mesure' }];
  await must('registrations.submit', bacSubmission(1, { overrides }), token);
  await must('sync.enrol', { serverUrl: hq.url, code: hq.enrolCode(office) }, token);
  // The enrolment's first sync runs in the background: the timed push must not join it.
  while ((await must('sync.status', {}, token)).running) await new Promise((r) => setTimeout(r, 20));
  return app;
}

async function timedPush(hq: Hq, office: string, dir: string, photos: boolean) {
  const app = await workstation(hq, office, dir);
  const expected = seedOutbox(app, dir, N, photos);
  const t0 = performance.now();
  const status = await app.services.sync.syncNow();
  const seconds = (performance.now() - t0) / 1000;
  await app.close();
  if (status.counts.synced !== expected || status.lastError)
    throw new Error(`push incomplete: ${JSON.stringify(status.counts)} ${status.lastError}`);
  if (photos && status.fileCounts.synced !== N) throw new Error(`files: ${JSON.stringify(status.fileCounts)}`);
  return seconds;
}

async function serverCount(hq: Hq, office: string): Promise<number> {
  const res = await fetch(`${hq.url}/admin/records`, { headers: { authorization: `Bearer ${BENCH_ADMIN_TOKEN}` } });
  const { counts } = (await res.json()) as { counts: Record<string, number> };
  return Object.entries(counts)
    .filter(([k]) => k.startsWith(`${office}/`))
    .reduce((a, [, n]) => a + n, 0);
}

const child = (dir: string) =>
  spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./syncChild.ts', import.meta.url)), dir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });

/** Kills the pushing process once part of the outbox has reached HQ, restarts it, then counts. */
export async function resumeAfterKill(hq: Hq, hqDir: string, dir: string, n = N) {
  const app = await workstation(hq, 'KIL', dir);
  // Enrolment already pushed the template registration: only the seeded entries are counted below.
  const before = await serverCount(hq, 'KIL');
  const expected = seedOutbox(app, dir, n, false);
  await app.close();
  const first = child(dir);
  let atKill = 0;
  while (first.exitCode === null) {
    atKill = (await serverCount(hq, 'KIL')) - before;
    if (atKill >= expected * 0.3) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  first.kill('SIGKILL');
  await new Promise((r) => first.once('exit', r));
  if (atKill === 0 || atKill >= expected) throw new Error(`the kill did not land mid-push (${atKill}/${expected})`);
  const second = child(dir);
  await new Promise((r) => second.once('exit', r));
  await hq.stop();
  const db = new Database(join(hqDir, 'hq.sqlite'), { readonly: true });
  const one = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
  const stored = one(`SELECT COUNT(*) AS n FROM hq_record WHERE office_code = 'KIL'`);
  const distinct = one(
    `SELECT COUNT(*) AS n FROM (SELECT DISTINCT uuid, version FROM hq_record WHERE office_code = 'KIL')`,
  );
  const conflicts = one(`SELECT COUNT(*) AS n FROM hq_conflict`);
  db.close();
  const ws = new Database(join(dir, 'guichet.sqlite'), { readonly: true });
  const unsynced = (ws.prepare(`SELECT COUNT(*) AS n FROM outbox WHERE state != 'synced'`).get() as { n: number }).n;
  ws.close();
  const lost = expected - (distinct - before) + unsynced;
  const duplicated = stored - distinct + conflicts;
  process.stdout.write(`  killed at ${atKill}/${expected} on the server; lost ${lost}, duplicated ${duplicated}\n`);
  return { lost, duplicated, atKill, expected, stored: distinct - before };
}

export async function benchSync(): Promise<Record<string, number>> {
  const root = mkdtempSync(join(tmpdir(), 'guichet-bench-sync-'));
  const hqDir = join(root, 'hq');
  const hq = await startHqProcess(hqDir);
  try {
    const records = await timedPush(hq, 'REC', join(root, 'rec'), false);
    const photos = await timedPush(hq, 'PHO', join(root, 'pho'), true);
    rmSync(join(root, 'pho'), { recursive: true, force: true });
    const { lost, duplicated } = await resumeAfterKill(hq, hqDir, join(root, 'kil'));
    return {
      sync_push_10k_records_s: records,
      sync_push_10k_with_photos_s: photos,
      sync_resume_after_kill_lost: lost + duplicated,
    };
  } finally {
    await hq.stop().catch(() => undefined);
    rmSync(root, { recursive: true, force: true });
  }
}
