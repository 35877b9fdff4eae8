import type Database from 'better-sqlite3';
import { openSync, statSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src-main/app/createApp';
import { CorruptDatabaseError } from '../../src-main/modules/maintenance/startup';
import { makeApp, type TestApp } from '../support/app';
import { bacSubmission } from '../support/submissions';
import { report } from './report';

let t: TestApp;
afterEach(() => t.close().catch(() => undefined));
const rows = async (sql: string) => (await t.app.store.em.query(sql)) as Record<string, unknown>[];
const raw = () => (t.app.store.ds.driver as unknown as { databaseConnection: Database.Database }).databaseConnection;

describe('a full disk', () => {
  it('refuses the save with a clear message, keeps every earlier record, and leaves no gap in the numbers', async () => {
    t = await makeApp();
    await t.login();
    for (let i = 1; i <= 5; i++) await t.must('registrations.submit', bacSubmission(i));
    // SQLite's page limit gives the same SQLITE_FULL a full disk gives, without filling the machine's disk.
    raw().pragma(`max_page_count = ${Number(raw().pragma('page_count', { simple: true }))}`);
    let saved = 5;
    let refusal: unknown = null;
    for (let i = 6; i < 2000 && !refusal; i++) {
      const r = await t.call('registrations.submit', bacSubmission(i));
      if (r.ok) saved++;
      else refusal = r.error;
    }
    expect(refusal).toMatchObject({ code: 'storage_full' });
    const before = saved;
    const after = Number((await rows(`SELECT COUNT(*) AS n FROM registration`))[0]!.n);
    const orphans = await rows(
      `SELECT id FROM candidate c WHERE NOT EXISTS (SELECT 1 FROM registration r WHERE r.candidate_id = c.id)`,
    );
    report({ fault: 'database full (SQLITE_FULL)', before, after, lost: before - after, duplicated: 0 });
    expect(after).toBe(before);
    expect(orphans).toEqual([]);
    expect((await t.must('audit.verify', {})).ok).toBe(true);

    raw().pragma('max_page_count = 1073741823');
    const next = await t.must('registrations.submit', bacSubmission(5000));
    expect(next.candidate.number.slice(9, 15)).toBe(String(before + 1).padStart(6, '0'));
  });
});

describe('a damaged database file', () => {
  it('is refused at start with the newest backup named, and the backup brings every record back', async () => {
    t = await makeApp();
    await t.login();
    for (let i = 1; i <= 8; i++) await t.must('registrations.submit', bacSubmission(i));
    await t.must('maintenance.backupNow', {});
    await t.app.close();
    const db = join(t.dir, 'guichet.sqlite');
    const size = statSync(db).size;
    const fd = openSync(db, 'r+');
    writeSync(fd, Buffer.alloc(size - 4096, 0xa5), 0, size - 4096, 4096);
    closeSync(fd);
    const failure = await createApp({ dataDir: t.dir }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(CorruptDatabaseError);
    const latest = (failure as CorruptDatabaseError).latest;
    report({
      fault: 'damaged database file',
      before: 8,
      after: latest?.registrations ?? 0,
      lost: 8 - (latest?.registrations ?? 0),
      duplicated: 0,
    });
    expect(latest?.registrations).toBe(8);
  });
});
