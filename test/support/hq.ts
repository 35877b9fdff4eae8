import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildServer } from '../../src-server/app';
import { openHqDataSource } from '../../src-server/db/dataSource';

export const ADMIN_TOKEN = 'hq-admin-token-for-tests-0001';

/** A real headquarters server on 127.0.0.1 with a SQLite file, or PostgreSQL when TEST_DATABASE_URL is set. */
export async function startHq(opts: { now?: () => Date } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'guichet-hq-'));
  const ds = await openHqDataSource({ sqliteFile: join(dir, 'hq.sqlite'), postgresUrl: process.env.TEST_DATABASE_URL });
  if (process.env.TEST_DATABASE_URL) {
    for (const t of [
      'hq_verdict',
      'hq_file',
      'hq_conflict',
      'hq_record',
      'hq_catalogue',
      'hq_workstation',
      'enrolment_code',
      'hq_office',
    ])
      await ds.query(`DELETE FROM ${t}`);
  }
  const app = await buildServer({ ds, filesDir: join(dir, 'files'), adminToken: ADMIN_TOKEN, now: opts.now });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
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
    async close() {
      await app.close();
      await ds.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
