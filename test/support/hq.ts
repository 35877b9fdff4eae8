import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe } from 'vitest';
import { buildServer } from '../../src-server/app';
import { openHqDataSource } from '../../src-server/db/dataSource';
import type { S3Options } from '../../src-server/modules/s3Blobs';
import { createDatabase, databaseUrl, dropDatabase, PG_URL, pgQuery } from './pg';

export { pgQuery };

export const ADMIN_TOKEN = 'hq-admin-token-for-tests-0001';

export type HqBackend = 'sqlite' | 'postgres';
const PG_SKIP =
  'PostgreSQL skipped: GUICHET_TEST_PG_URL is not set (.ci/run starts a local cluster and sets it; or point it at any database whose user may CREATE DATABASE)';

/** Runs the suite on SQLite, and again on PostgreSQL when a server is given; says why when it is not. */
export function eachHqBackend(body: (backend: HqBackend) => void) {
  describe('on SQLite', () => body('sqlite'));
  if (!PG_URL) process.stderr.write(`${PG_SKIP}\n`);
  describe.skipIf(!PG_URL)(PG_URL ? 'on PostgreSQL' : `on PostgreSQL — ${PG_SKIP}`, () => body('postgres'));
}

/**
 * A database of its own per server, so test files running in parallel never see each other's rows:
 * a copy of the run's migrated template when there is one (test/support/pgTemplate.ts), else empty.
 */
async function freshPgDatabase(migrated: boolean): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `guichet_hq_${randomBytes(6).toString('hex')}`;
  const template = migrated ? process.env.GUICHET_TEST_PG_TEMPLATE : undefined;
  await createDatabase(name, template);
  return { url: databaseUrl(name), drop: () => dropDatabase(name) };
}

/** An empty HQ database (a SQLite file, or a fresh PostgreSQL database) that any number of instances may open. */
export function emptyHqDatabase(backend: HqBackend = 'sqlite') {
  return hqDatabase(backend, false);
}

/** `migrated`: may come with its schema already made, which opening it then finds up to date. */
async function hqDatabase(backend: HqBackend, migrated: boolean) {
  const dir = mkdtempSync(join(tmpdir(), 'guichet-hq-'));
  const pgDb = backend === 'postgres' ? await freshPgDatabase(migrated) : null;
  const sqliteFile = join(dir, 'hq.sqlite');
  return {
    dir,
    /** The PostgreSQL database's URL; null on SQLite. */
    pgUrl: pgDb?.url ?? null,
    /** The SQLite file, for another process to open; null on PostgreSQL. */
    sqliteFile: pgDb ? null : sqliteFile,
    open: () => openHqDataSource({ sqliteFile, postgresUrl: pgDb?.url }),
    async drop() {
      await pgDb?.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A real headquarters server on 127.0.0.1 with a SQLite file, or a fresh PostgreSQL database. */
export async function startHq(opts: { now?: () => Date; backend?: HqBackend; rateLimitPerMinute?: number } = {}) {
  const db = await hqDatabase(opts.backend ?? 'sqlite', true);
  const { dir } = db;
  const ds = await db.open();
  const servers: Awaited<ReturnType<typeof buildServer>>[] = [];
  const serve = async (filesDir: string, s3?: S3Options, replicaUrls?: string[]) => {
    const app = await buildServer({
      ds,
      filesDir,
      s3,
      replicaUrls,
      adminToken: ADMIN_TOKEN,
      now: opts.now,
      rateLimitPerMinute: opts.rateLimitPerMinute,
    });
    servers.push(app);
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  };
  const url = await serve(join(dir, 'files'));
  const admin = async (path: string, body: unknown) => {
    const res = await fetch(url + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` },
      body: JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };
  return {
    url,
    ds,
    admin,
    /** Where the server keeps files: what the CLI's import-bundle is given. */
    filesDir: join(dir, 'files'),
    /**
     * Another instance on the same database, as behind a load balancer, with its own files folder
     * or the bucket `s3` names, polled reads from `replicaUrls` when given. Its URL; it stops with the first.
     */
    instance: (s3?: S3Options, replicaUrls?: string[]) => serve(join(dir, `files-${servers.length}`), s3, replicaUrls),
    pgUrl: db.pgUrl,
    sqliteFile: db.sqliteFile,
    /** Row count; PostgreSQL answers COUNT(*) as a string. */
    async count(table: string, where = '1 = 1'): Promise<number> {
      const [row] = (await ds.query(`SELECT COUNT(*) AS n FROM ${table} WHERE ${where}`)) as { n: number | string }[];
      return Number(row!.n);
    },
    async close() {
      for (const app of servers) await app.close();
      await ds.destroy();
      await db.drop();
    },
  };
}

/** The office most tests enrol their workstations in. */
export const MORONI = { code: 'MOR', name: 'Office de Moroni', region: 'Ngazidja' } as const;

/** An HQ that already knows the Moroni office, where most sync tests start. */
export async function startHqWithMoroni(opts: Parameters<typeof startHq>[0] = {}) {
  const hq = await startHq(opts);
  await hq.admin('/admin/offices', MORONI);
  return hq;
}
