import Database from 'better-sqlite3';
import type { DataSource } from 'typeorm';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { transaction } from '../../../src-server/db/transaction';
import { emptyHqDatabase } from '../../support/hq';

let db: Awaited<ReturnType<typeof emptyHqDatabase>>;
let ds: DataSource;
beforeEach(async () => {
  db = await emptyHqDatabase('sqlite');
  ds = await db.open();
  await ds.query(`CREATE TABLE scratch (via TEXT NOT NULL)`);
});
afterEach(async () => {
  await ds.destroy();
  await db.drop();
});

it('commits the batches that follow one SQLite rolled back by itself, as it does on a full disk (SQLite HQ)', async () => {
  const connection = (ds.driver as unknown as { databaseConnection: Database.Database }).databaseConnection;
  const insert = (via: string, fail?: () => void) =>
    transaction(ds, async (em) => {
      await em.query(`INSERT INTO scratch (via) VALUES (?)`, [via]);
      fail?.();
    });
  const full = insert('lost', () => {
    // What SQLITE_FULL does to the transaction: SQLite ends it, and TypeORM's own ROLLBACK then fails.
    connection.exec('ROLLBACK');
    throw new Error('database or disk is full');
  });
  await expect(full).rejects.toThrow(/full/);
  await insert('acknowledged');
  // A refused request afterwards (an enrolment code already used) must not take the batch before with it.
  await expect(
    insert('refused', () => {
      throw new Error('code_used');
    }),
  ).rejects.toThrow('code_used');
  await insert('acknowledged too');
  const other = new Database(db.sqliteFile!, { readonly: true });
  try {
    expect(other.prepare(`SELECT via FROM scratch ORDER BY rowid`).pluck().all()).toEqual([
      'acknowledged',
      'acknowledged too',
    ]);
  } finally {
    other.close();
  }
});
