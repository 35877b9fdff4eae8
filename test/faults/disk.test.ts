import type Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src-main/app/createApp';
import { CorruptDatabaseError } from '../../src-main/modules/maintenance/startup';
import { makeApp, setupInput, type TestApp } from '../support/app';
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

/** A small file system of its own to fill: only root may mount one (CI runs as root). */
function smallDisk(): { dir: string; release(): void } | null {
  if (process.getuid?.() !== 0) return null;
  const dir = mkdtempSync(join(tmpdir(), 'guichet-small-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=32m', 'tmpfs', dir], { stdio: 'ignore' });
  } catch {
    rmSync(dir, { recursive: true, force: true });
    return null;
  }
  return {
    dir,
    release: () => {
      execFileSync('umount', ['-l', dir], { stdio: 'ignore' });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Writes zeros until the file system refuses one more byte. */
function fill(path: string): void {
  const fd = openSync(path, 'w');
  const chunk = Buffer.alloc(64 * 1024);
  try {
    for (;;) writeSync(fd, chunk);
  } catch {
    // ENOSPC: full.
  } finally {
    closeSync(fd);
  }
}

/** Whether this machine lets the tests mount one (root, and a container that allows it). */
const canMount = (() => {
  const probe = smallDisk();
  probe?.release();
  return probe !== null;
})();

describe.skipIf(!canMount)('a real full disk (tmpfs, as root)', () => {
  it('keeps every change saved after the disk filled and was freed, across a restart', async () => {
    const disk = smallDisk()!;
    t = await makeApp({ dir: join(disk.dir, 'data') });
    try {
      await t.must('setup.initialize', setupInput);
      await t.login();
      for (let i = 1; i <= 3; i++) await t.must('registrations.submit', bacSubmission(i));
      const filler = join(disk.dir, 'filler');
      fill(filler);
      let refusal: unknown = null;
      for (let i = 4; i < 200 && !refusal; i++) {
        const r = await t.call('registrations.submit', bacSubmission(i));
        if (!r.ok) refusal = r.error;
      }
      expect(refusal).toMatchObject({ code: 'storage_full' });
      unlinkSync(filler);
      const before = Number((await rows(`SELECT COUNT(*) AS n FROM registration`))[0]!.n);
      // SQLite had ended the refused transaction, TypeORM had not: what followed went into one that
      // a change refused by a rule (a user name taken, checked inside its transaction) left open for good.
      await t.must('registrations.submit', bacSubmission(500));
      const taken = await t.call('users.create', {
        username: 'admin',
        displayName: 'Homonyme',
        role: 'clerk',
        password: 'Moroni#2026-x',
      });
      expect(taken).toMatchObject({ ok: false, error: { fields: { username: { code: 'username_taken' } } } });
      const saved = await t.must('registrations.submit', bacSubmission(501));
      await t.must('payments.take', { registrationId: saved.registration.id, mode: 'cash' });
      await t.restart();
      await t.login();
      const after = Number((await rows(`SELECT COUNT(*) AS n FROM registration`))[0]!.n);
      report({
        fault: 'disk full, then freed (tmpfs)',
        before: before + 2,
        after,
        lost: before + 2 - after,
        duplicated: 0,
      });
      expect(after).toBe(before + 2);
      expect(await rows(`SELECT registration_id FROM payment`)).toEqual([{ registration_id: saved.registration.id }]);
      expect((await t.must('audit.verify', {})).ok).toBe(true);
    } finally {
      await t.close().catch(() => undefined);
      disk.release();
    }
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
