import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src-main/db/store';
import { makeApp, type TestApp } from '../support/app';
import { bacSubmission } from '../support/submissions';

let t: TestApp;
beforeEach(async () => {
  t = await makeApp();
  await t.app.store.em.query(`CREATE TABLE scratch (via TEXT NOT NULL)`);
});
afterEach(() => t.close());

const counts = async () =>
  (await t.app.store.em.query(
    `SELECT (SELECT COUNT(*) FROM scratch) s, (SELECT COUNT(*) FROM audit_log) a, (SELECT COUNT(*) FROM outbox) o`,
  )) as { s: number; a: number; o: number }[];

describe('the store: prepared statements inside the TypeORM transaction', () => {
  it('keeps what both kinds of statements wrote, and each sees the other before the commit', async () => {
    const before = (await counts())[0]!;
    await t.app.store.change(SYSTEM_ACTOR, async (tx) => {
      tx.run(`INSERT INTO scratch (via) VALUES (?)`, ['raw']);
      await tx.em.query(`INSERT INTO scratch (via) VALUES (?)`, ['typeorm']);
      expect(await tx.em.query(`SELECT via FROM scratch ORDER BY via`)).toEqual([{ via: 'raw' }, { via: 'typeorm' }]);
      expect(tx.all(`SELECT via FROM scratch ORDER BY via`)).toEqual([{ via: 'raw' }, { via: 'typeorm' }]);
      await tx.audit({ action: 'settings.update', entity: 'setting', entityId: null, after: { via: 'both' } });
      await tx.enqueue({ entity: 'scratch', entityId: 'x', version: 1, payload: {} });
    });
    expect(await counts()).toEqual([{ s: before.s + 2, a: before.a + 1, o: before.o + 1 }]);
  });

  it('rolls back raw statements, TypeORM statements, audit and outbox together when the work fails midway', async () => {
    const before = await counts();
    const failed = t.app.store.change(SYSTEM_ACTOR, async (tx) => {
      await tx.em.query(`INSERT INTO scratch (via) VALUES (?)`, ['typeorm']);
      tx.run(`INSERT INTO scratch (via) VALUES (?)`, ['raw']);
      await tx.audit({ action: 'settings.update', entity: 'setting', entityId: null, after: {} });
      await tx.enqueue({ entity: 'scratch', entityId: 'x', version: 1, payload: {} });
      tx.run(`INSERT INTO scratch (via) VALUES (?)`, [null]); // NOT NULL: fails inside the transaction
    });
    await expect(failed).rejects.toThrow(/NOT NULL/);
    expect(await counts()).toEqual(before);
    // The connection is usable again and the next change commits normally.
    await t.app.store.change(SYSTEM_ACTOR, async (tx) => tx.run(`INSERT INTO scratch (via) VALUES ('after')`));
    expect(await t.app.store.em.query(`SELECT via FROM scratch`)).toEqual([{ via: 'after' }]);
  });

  it('commits the changes that follow one SQLite rolled back by itself, as it does on a full disk', async () => {
    const connection = (t.app.store.ds.driver as unknown as { databaseConnection: Database.Database })
      .databaseConnection;
    const insert = (via: string, fail?: () => void) =>
      t.app.store.change(SYSTEM_ACTOR, async (tx) => {
        tx.run(`INSERT INTO scratch (via) VALUES (?)`, [via]);
        fail?.();
      });
    const full = insert('lost', () => {
      // What SQLITE_FULL does to the transaction: SQLite ends it, and TypeORM's own ROLLBACK then fails.
      connection.exec('ROLLBACK');
      throw new Error('database or disk is full');
    });
    await expect(full).rejects.toThrow(/full/);
    await insert('saved');
    // A change refused afterwards (a rule, a second full disk) must not take the saved one with it.
    await expect(
      insert('refused', () => {
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    await insert('saved too');
    expect(connection.inTransaction).toBe(false);
    // Committed means on disk: another connection, as after a restart, reads both.
    const other = new Database(join(t.dir, 'guichet.sqlite'), { readonly: true });
    try {
      expect(other.prepare(`SELECT via FROM scratch ORDER BY rowid`).pluck().all()).toEqual(['saved', 'saved too']);
    } finally {
      other.close();
    }
  });

  it('keeps secrets out of the audit trail on the fast path too', async () => {
    await t.app.store.change(SYSTEM_ACTOR, (tx) =>
      tx.audit({
        action: 'users.create',
        entity: 'user',
        entityId: null,
        after: { name: 'a', passwordHash: 'h', nested: { token: 't', note: '"token": in text' } },
      }),
    );
    const [row] = (await t.app.store.em.query(
      `SELECT after_json FROM audit_log WHERE action = 'users.create' ORDER BY seq DESC LIMIT 1`,
    )) as {
      after_json: string;
    }[];
    expect(JSON.parse(row!.after_json)).toEqual({ name: 'a', nested: { note: '"token": in text' } });
  });
});

describe('a new registration saved without reading its row back', () => {
  it('snapshots, audits and queues exactly the registration as stored', async () => {
    await t.login();
    const { registration, candidate } = await t.must('registrations.submit', bacSubmission(0));
    // get() reads the row from SQLite: what was snapshotted from memory must be the same, byte for byte.
    const stored = await t.must('registrations.get', { id: registration.id });
    const { versions: _versions, ...asStored } = stored;
    const [version] = (await t.app.store.em.query(
      `SELECT snapshot_json FROM registration_version WHERE registration_id = ?`,
      [registration.id],
    )) as { snapshot_json: string }[];
    const [audit] = (await t.app.store.em.query(
      `SELECT after_json FROM audit_log WHERE action = 'registrations.submit' AND entity_id = ?`,
      [registration.id],
    )) as { after_json: string }[];
    const [outbox] = (await t.app.store.em.query(`SELECT payload_json FROM outbox WHERE entity_id = ?`, [
      registration.id,
    ])) as { payload_json: string }[];
    const expected = JSON.stringify({ ...asStored, versions: [] });
    expect(version!.snapshot_json).toBe(expected);
    expect(audit!.after_json).toBe(expected);
    expect(outbox!.payload_json).toBe(expected);
    expect(registration.candidateName).toBe(`${candidate.surname} ${candidate.givenNames}`);
  });
});
