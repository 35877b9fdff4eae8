import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import type { Database } from 'better-sqlite3';
import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { App } from '../../src-main/app/createApp';
import { makeCandidateNumber, originOf, registrationNumber } from '../../shared/domain/numbering';
import { lettersOf } from '../support/excel';

const SERVER = 'dist/server/server.cjs';
export const BENCH_ADMIN_TOKEN = 'bench-admin-token-0123456789';

/** The HQ server as a process of its own (as in production), SQLite in `dir`, no request logs. */
export async function startHqProcess(dir: string) {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GUICHET_HQ_DATA_DIR: dir,
    GUICHET_HQ_ADMIN_TOKEN: BENCH_ADMIN_TOKEN,
    GUICHET_HQ_LOG: 'off',
    // One workstation sends 10,000 photos in well under a minute; the default 600/min would throttle it.
    GUICHET_HQ_RATE_LIMIT: '1000000',
    PORT: '0',
  };
  delete env.DATABASE_URL;
  const proc: ChildProcess = spawn(process.execPath, [SERVER], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    proc.on('exit', (code) => reject(new Error(`HQ server exited with ${code}`)));
  });
  return {
    url,
    cli: (...args: string[]) => execFileSync(process.execPath, [SERVER, ...args], { env, encoding: 'utf8' }).trim(),
    enrolCode(office: string) {
      return /: (\S+)$/.exec(this.cli('enrol-code', '--office', office))![1]!;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
        proc.on('exit', () => resolve());
        proc.kill('SIGTERM');
      }),
  };
}

const sha = (b: string | Buffer) => createHash('sha256').update(b).digest('hex');

/**
 * Fills the outbox with `n` registrations (candidate + registration entries), cloned from one
 * real submission so payloads have their real size and shape, each for another person; with `photos`, each candidate
 * names its own 50 KB photo in the file store. Written in one SQL transaction: the bench
 * measures the push, not 10,000 wizard saves.
 */
export function seedOutbox(app: App, dataDir: string, n: number, photos: boolean): number {
  const db = (app.store.ds.driver as unknown as { databaseConnection: Database }).databaseConnection;
  const template = db
    .prepare(`SELECT entity, payload_json FROM outbox WHERE entity IN ('candidate','registration')`)
    .all() as { entity: string; payload_json: string }[];
  const candidate = JSON.parse(template.find((r) => r.entity === 'candidate')!.payload_json) as Record<string, unknown>;
  const registration = JSON.parse(template.find((r) => r.entity === 'registration')!.payload_json) as Record<
    string,
    unknown
  >;
  const insert = db.prepare(
    `INSERT INTO outbox (id, entity, entity_id, version, payload_json, payload_hash, state, attempts, created_at, updated_at)
     VALUES (?,?,?,1,?,?,'pending',0,?,?)`,
  );
  const prefix = originOf(String(candidate.number))!.prefix;
  if (photos) mkdirSync(join(dataDir, 'files'), { recursive: true });
  const now = new Date().toISOString();
  db.transaction(() => {
    db.prepare(`DELETE FROM outbox`).run();
    for (let i = 0; i < n; i++) {
      const candidateId = randomUUID();
      // Numbers as a counter gives them: HQ lists each one at intake, which the push's time includes.
      const number = makeCandidateNumber({ officeCode: prefix, workstationCode: '', year: 2026, sequence: i + 2 });
      // Each one another person (names, ID): ten thousand clones of one would be HQ's probable duplicates of each other.
      const c: Record<string, unknown> = {
        ...candidate,
        id: candidateId,
        number,
        givenNames: `${String(candidate.givenNames)} ${lettersOf(i)}`,
        idNumber: `KM${String(3_000_000 + i)}`,
      };
      if (photos) {
        const photo = Buffer.alloc(50 * 1024);
        photo.writeUInt32BE(i, 0);
        photo.write(dataDir, 4);
        c.photoSha256 = sha(photo);
        const hash = c.photoSha256 as string;
        mkdirSync(join(dataDir, 'files', hash.slice(0, 2)), { recursive: true });
        writeFileSync(join(dataDir, 'files', hash.slice(0, 2), hash), photo);
      }
      const r = { ...registration, id: randomUUID(), candidateId, number: registrationNumber(number, 1) };
      for (const [entity, payload] of [
        ['candidate', c],
        ['registration', r],
      ] as const) {
        const json = JSON.stringify(payload);
        insert.run(randomUUID(), entity, payload.id, json, sha(json), now, now);
      }
    }
  })();
  return 2 * n;
}
