import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Checkpointer } from '../../src-main/db/checkpointer';
import { SYSTEM_ACTOR } from '../../src-main/db/store';
import type { Logger } from '../../src-main/core/logger';
import { makeApp, type TestApp } from '../support/app';

/** About 12 MB in one transaction: 3,000 pages, three times what SQLite lets its log hold before it checkpoints. */
const ROWS = 3000;
const BLOB = 'x'.repeat(4000);

const sizeOf = (file: string) => statSync(file).size;

async function until(what: () => boolean, ms = 10_000): Promise<boolean> {
  const end = Date.now() + ms;
  while (!what()) {
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
  return true;
}

describe('the write-ahead log is copied back into the database file off the main thread', () => {
  let t: TestApp | null = null;
  afterEach(async () => {
    await t?.close();
    t = null;
  });

  it('a large save returns before its pages reach the database file; a thread puts them there within seconds, and closing leaves no log', async () => {
    t = await makeApp();
    const file = join(t.dir, 'guichet.sqlite');
    await t.app.store.em.query(`CREATE TABLE bulk (body TEXT NOT NULL)`);
    const before = sizeOf(file);
    await t.app.store.change(SYSTEM_ACTOR, async (tx) => {
      for (let i = 0; i < ROWS; i++) tx.run(`INSERT INTO bulk (body) VALUES (?)`, [BLOB]);
    });
    // Checkpointing inside the commit, as SQLite does by itself, would have grown the file already.
    expect(sizeOf(file) - before).toBeLessThan(1_000_000);
    expect(sizeOf(`${file}-wal`)).toBeGreaterThan(ROWS * 4000);
    expect(await until(() => sizeOf(file) - before > ROWS * 4000)).toBe(true);
    expect(await t.app.store.em.query(`SELECT COUNT(*) AS n FROM bulk`)).toEqual([{ n: ROWS }]);

    const dir = t.dir;
    await t.app.close();
    t = await makeApp({ dir });
    expect(existsSync(`${file}-wal`) ? sizeOf(`${file}-wal`) : 0).toBeLessThan(1_000_000);
    expect(await t.app.store.em.query(`SELECT COUNT(*) AS n FROM bulk`)).toEqual([{ n: ROWS }]);
  });
});

describe('a checkpoint thread that cannot start', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('hands checkpoints back to the main connection, says so in the log, and copies what the log held', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'guichet-checkpoint-'));
    dirs.push(dir);
    const file = join(dir, 'db.sqlite');
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    const warnings: string[] = [];
    const logger: Logger = { info() {}, error() {}, warn: (message) => void warnings.push(message) };
    const checkpointer = new Checkpointer(db, logger, { driver: join(dir, 'no-such-driver.js') });
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);

    db.exec(`CREATE TABLE bulk (body TEXT NOT NULL)`);
    const insert = db.prepare(`INSERT INTO bulk (body) VALUES (?)`);
    db.transaction(() => {
      for (let i = 0; i < ROWS; i++) insert.run(BLOB);
    })();
    const before = sizeOf(file);
    expect(await checkpointer.checkpoint()).toBeNull();

    expect(warnings).toEqual(['background checkpoint failed; the main connection checkpoints again']);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    expect(sizeOf(file) - before).toBeGreaterThan(ROWS * 4000);
    await checkpointer.close();
    db.close();
  });
});
