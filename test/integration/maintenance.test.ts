import { spawn } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src-main/app/createApp';
import { DataDirLockedError } from '../../src-main/modules/maintenance/lock';
import { CorruptDatabaseError, stageLatestBackup } from '../../src-main/modules/maintenance/startup';
import { makeApp, type TestApp } from '../support/app';
import { bacSubmission } from '../support/submissions';

const open: TestApp[] = [];
const app = async (...args: Parameters<typeof makeApp>) => {
  const t = await makeApp(...args);
  open.push(t);
  return t;
};
afterEach(async () => {
  for (const t of open.splice(0)) await t.close().catch(() => undefined);
});
const count = async (t: TestApp, table: string) =>
  ((await t.app.store.em.query(`SELECT COUNT(*) AS n FROM ${table}`)) as { n: number }[])[0]!.n;

describe('backups', () => {
  it('writes a checked backup with its manifest and keeps only the last K', async () => {
    const t = await app();
    await t.login();
    await t.must('settings.update', { backupKeep: 2 });
    await t.must('registrations.submit', bacSubmission(1));
    const names: string[] = [];
    for (let i = 0; i < 3; i++) {
      names.push((await t.must('maintenance.backupNow', {})).name);
      t.clock.advance(60_000);
    }
    const { folder, backups } = await t.must('maintenance.backups', {});
    expect(backups.map((b) => b.name)).toEqual([names[2], names[1]]);
    expect(backups[0]).toMatchObject({ registrations: 1, schema: expect.stringMatching(/\d{13}$/) });
    expect(readdirSync(folder).filter((f) => f.endsWith('.sqlite'))).toHaveLength(2);
    const audit = await t.must('audit.list', { entity: 'backup', limit: 10 });
    expect(audit).toHaveLength(3);
  });

  it('restores a backup made while registrations were being saved, with every one committed before it began', async () => {
    const t = await app();
    await t.login();
    const committed: string[] = [];
    const saves = Array.from({ length: 40 }, (_, i) =>
      t.must('registrations.submit', bacSubmission(i + 1)).then((r) => committed.push(r.registration.number)),
    );
    await Promise.race(saves);
    await new Promise((r) => setTimeout(r, 5));
    const before = [...committed];
    const backup = await t.must('maintenance.backupNow', {});
    await Promise.all(saves);
    expect(committed).toHaveLength(40);
    expect(backup.registrations).toBeGreaterThanOrEqual(before.length);

    await t.must('maintenance.restore', { name: backup.name });
    expect((await t.must('maintenance.health', {})).restorePending).toBe(true);
    const [replacedHead] = (await t.app.store.em.query(
      `SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1`,
    )) as { seq: number; hash: string }[];
    await t.restart();
    await t.login();
    // The restored database's journal says who restored which backup, and where the replaced one stopped.
    const [entry] = await t.must('audit.list', { action: 'maintenance.restored', limit: 5 });
    expect(entry).toMatchObject({
      actorName: 'admin',
      entityId: backup.name,
      after: {
        backup: { name: backup.name, registrations: backup.registrations },
        reason: 'requested',
        replacedAuditHead: replacedHead,
        keptAside: expect.stringMatching(/^replaced/),
      },
    });
    const restored = (await t.app.store.em.query(`SELECT number FROM registration`)) as { number: string }[];
    const numbers = new Set(restored.map((r) => r.number));
    for (const n of before) expect(numbers.has(n), n).toBe(true);
    expect(restored).toHaveLength(backup.registrations);
    expect(await count(t, 'candidate')).toBe(backup.registrations);
    expect((await t.must('audit.verify', {})).ok).toBe(true);
    // The replaced database is kept aside, whole.
    const aside = readdirSync(join(t.dir, 'replaced'));
    expect(aside).toHaveLength(1);
  });

  it('never gives again, after a restore, a number given after the backup', async () => {
    const t = await app();
    await t.login();
    const pay = async (n: number) => {
      const { registration } = await t.must('registrations.submit', bacSubmission(n));
      return (await t.must('payments.take', { registrationId: registration.id, mode: 'cash' })).receiptNumber;
    };
    await pay(1);
    const backup = await t.must('maintenance.backupNow', {});
    // After the backup: printed on a fiche and a receipt, sent to headquarters.
    const given = [await pay(2), await pay(3)];
    await t.must('maintenance.restore', { name: backup.name });
    await t.restart();
    await t.login();
    const { candidate } = await t.must('registrations.submit', bacSubmission(4));
    expect(candidate.number.slice(9, 15)).toBe('000004');
    const { registration } = await t.must('registrations.submit', bacSubmission(5));
    const receipt = (await t.must('payments.take', { registrationId: registration.id, mode: 'cash' })).receiptNumber;
    expect(given).toEqual(['MORG1-R26-000002', 'MORG1-R26-000003']);
    expect(receipt).toBe('MORG1-R26-000004');
    const [entry] = await t.must('audit.list', { action: 'maintenance.restored', limit: 5 });
    expect(entry?.after).toMatchObject({ replacedSequences: { 'candidate:2026': 3, 'receipt:2026': 3 } });
  });

  it('refuses to restore a damaged backup and changes nothing', async () => {
    const t = await app();
    await t.login();
    await t.must('registrations.submit', bacSubmission(1));
    const backup = await t.must('maintenance.backupNow', {});
    const path = join((await t.must('maintenance.backups', {})).folder, backup.name);
    const fd = openSync(path, 'r+');
    writeSync(fd, Buffer.alloc(4096, 0x41), 0, 4096, 4096);
    closeSync(fd);
    const r = await t.call('maintenance.restore', { name: backup.name });
    expect(r).toMatchObject({ ok: false, error: { fields: { name: { code: expect.stringMatching(/^backup_/) } } } });
    expect((await t.must('maintenance.health', {})).restorePending).toBe(false);
  });

  it('lets only supervisors back up and only administrators restore', async () => {
    const t = await app();
    await t.login();
    await t.addUser({ username: 'zaina', displayName: 'Zaïna', role: 'clerk', password: 'Guichet#26' });
    await t.login('zaina', 'Guichet#26');
    expect(await t.call('maintenance.backupNow', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await t.call('maintenance.restore', { name: 'guichet-20260302-080000.sqlite' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
  });
});

describe('start-up checks', () => {
  it('refuses a damaged database file, names the latest backup, and starts again once it is restored', async () => {
    const t = await app();
    await t.login();
    for (let i = 1; i <= 3; i++) await t.must('registrations.submit', bacSubmission(i));
    await t.must('maintenance.backupNow', {});
    await t.app.close();
    const db = join(t.dir, 'guichet.sqlite');
    const fd = openSync(db, 'r+');
    const header = Buffer.alloc(16);
    readSync(fd, header, 0, 16, 0);
    writeSync(fd, Buffer.alloc(statSync(db).size - 8192, 0x5a), 0, statSync(db).size - 8192, 4096);
    closeSync(fd);

    const failure = await createApp({ dataDir: t.dir }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(CorruptDatabaseError);
    expect((failure as CorruptDatabaseError).latest?.registrations).toBe(3);

    expect((await stageLatestBackup(t.dir))?.registrations).toBe(3);
    t.app = await createApp({ dataDir: t.dir, clock: t.clock });
    expect(await count(t, 'registration')).toBe(3);
    // Guichet offered it itself; the damaged file's journal cannot be read, and is not claimed.
    await t.login();
    const [entry] = await t.must('audit.list', { action: 'maintenance.restored', limit: 5 });
    expect(entry).toMatchObject({
      actorName: 'system',
      after: { reason: 'damaged_database', replacedAuditHead: null },
    });
  });

  it.skipIf(process.platform === 'win32')('closes the data folder to the machine’s other users', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'guichet-perm-')), 'data');
    mkdirSync(dir, { mode: 0o755 });
    const t = await makeApp({ dir });
    try {
      expect(statSync(dir).mode & 0o777).toBe(0o700);
    } finally {
      await t.close();
    }
  });

  it('reports a tampered audit chain on the public health channel', async () => {
    const t = await app();
    await t.login();
    await t.must('registrations.submit', bacSubmission(1));
    await t.app.store.em.query(`UPDATE audit_log SET actor_name = 'personne' WHERE seq = 2`);
    await t.restart();
    expect(await t.must('maintenance.health', {})).toMatchObject({
      database: 'ok',
      auditChain: 'broken',
      auditBrokenAt: 2,
    });
  });

  it('keeps a second Guichet out of a data directory in use, and takes over a lock left by a killed one', async () => {
    const t = await app();
    await t.app.close();
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    try {
      writeFileSync(join(t.dir, 'guichet.lock'), String(holder.pid));
      const refused = await createApp({ dataDir: t.dir }).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(DataDirLockedError);
    } finally {
      holder.kill('SIGKILL');
    }
    await new Promise((r) => holder.once('exit', r));
    t.app = await createApp({ dataDir: t.dir, clock: t.clock });
    expect(existsSync(join(t.dir, 'guichet.lock'))).toBe(true);
  });
});
