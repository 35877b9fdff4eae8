import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { afterEach, describe, expect, it } from 'vitest';
import { migrations } from '../../../src-main/db/migrations';
import { makeCandidateNumber } from '../../../shared/domain/numbering';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

async function dataSourceWith(count: number) {
  const dir = mkdtempSync(join(tmpdir(), 'guichet-mig-'));
  dirs.push(dir);
  const ds = new DataSource({
    type: 'better-sqlite3',
    database: join(dir, 'db.sqlite'),
    migrations: migrations.slice(0, count),
  });
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  return ds;
}

/** An HQ SQLite database migrated up to the migration `name` (or to the one before it), in `dir` or a new folder. */
async function hqDataSourceUpTo(name: string, opts: { before?: boolean; dir?: string } = {}) {
  const { hqMigrations } = await import('../../../src-server/db/dataSource');
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'guichet-hqmig-'));
  if (!opts.dir) dirs.push(dir);
  const upTo = hqMigrations.findIndex((m) => m.name === name) + (opts.before ? 0 : 1);
  const ds = new DataSource({
    type: 'better-sqlite3',
    database: join(dir, 'hq.sqlite'),
    migrations: hqMigrations.slice(0, upTo),
  });
  await ds.initialize();
  await ds.runMigrations();
  return { ds, dir };
}

const tables = async (ds: DataSource) =>
  (
    (await ds.query(`SELECT name FROM sqlite_master WHERE type IN ('table') AND name NOT LIKE 'sqlite_%'`)) as {
      name: string;
    }[]
  )
    .map((r) => r.name)
    .filter((n) => n !== 'migrations' && !n.startsWith('candidate_fts_'))
    .sort();

describe('migrations', () => {
  it('names every migration <unix ms>-<Name> in increasing order', () => {
    const stamps = migrations.map((m) => Number(/(\d{13})$/.exec(m.name)?.[1]));
    expect(stamps.every(Number.isFinite)).toBe(true);
    expect([...stamps].sort((a, b) => a - b)).toEqual(stamps);
  });

  it('Foundation creates the office, user, audit, outbox and setting tables, and reverts cleanly', async () => {
    const ds = await dataSourceWith(1);
    expect(await tables(ds)).toEqual(['audit_log', 'office', 'outbox', 'setting', 'user', 'workstation']);
    await ds.undoLastMigration();
    expect(await tables(ds)).toEqual([]);
    await ds.destroy();
  });

  it('Registration adds candidates with an accent-insensitive FTS index kept by triggers, and reverts cleanly', async () => {
    const ds = await dataSourceWith(2);
    await ds.query(
      `INSERT INTO candidate (id, number, surname, given_names, sex, birth_date, birth_place, nationality, search_name, search_text, phonetic_key, version, created_at, updated_at)
       VALUES ('c1', 'MORG1-26-0000017', 'Abdérémane', 'Saïd', 'M', '2007-05-01', 'Moroni', 'KM', 'abderemane said', 'Abdérémane Saïd', 'x', 1, 'now', 'now')`,
    );
    const hit = await ds.query(`SELECT rowid FROM candidate_fts WHERE candidate_fts MATCH 'abderemane'`);
    expect(hit).toHaveLength(1);
    await ds.query(`UPDATE candidate SET search_text = 'Mohamed Saïd' WHERE id = 'c1'`);
    expect(await ds.query(`SELECT rowid FROM candidate_fts WHERE candidate_fts MATCH 'abderemane'`)).toHaveLength(0);
    expect(await ds.query(`SELECT rowid FROM candidate_fts WHERE candidate_fts MATCH 'mohamed'`)).toHaveLength(1);
    await ds.undoLastMigration();
    expect(await tables(ds)).toEqual(['audit_log', 'office', 'outbox', 'setting', 'user', 'workstation']);
    await ds.destroy();
  });
});

describe('Payments migration', () => {
  it('adds payments with one valid payment per registration, cash closes and the print log, and reverts cleanly', async () => {
    const ds = await dataSourceWith(3);
    const all = await tables(ds);
    expect(all).toEqual(expect.arrayContaining(['payment', 'cash_close', 'printed_document']));
    await ds.undoLastMigration();
    expect(await tables(ds)).not.toContain('payment');
    await ds.destroy();
  });
});

describe('headquarters migration', () => {
  it('creates the HQ tables and reverts cleanly', async () => {
    // The first HQ migration alone: later ones have their own tests below.
    const { ds } = await hqDataSourceUpTo('Headquarters1764300000000');
    expect(await tables(ds)).toEqual([
      'enrolment_code',
      'hq_catalogue',
      'hq_conflict',
      'hq_file',
      'hq_office',
      'hq_record',
      'hq_verdict',
      'hq_workstation',
    ]);
    await ds.undoLastMigration();
    expect(await tables(ds)).toEqual([]);
    await ds.destroy();
  });
});

describe('Sync migration', () => {
  it('adds the verdict table and reverts cleanly', async () => {
    const ds = await dataSourceWith(4);
    expect(await tables(ds)).toContain('verdict');
    await ds.undoLastMigration();
    expect(await tables(ds)).not.toContain('verdict');
    await ds.destroy();
  });
});

describe('SyncFiles migration', () => {
  it('adds the file queue for headquarters and reverts cleanly', async () => {
    const ds = await dataSourceWith(migrations.findIndex((m) => m.name === 'SyncFiles1764800000000') + 1);
    expect(await tables(ds)).toContain('outbox_file');
    await ds.undoLastMigration();
    expect(await tables(ds)).not.toContain('outbox_file');
    await ds.destroy();
  });
});

describe('Imports migration', () => {
  it('records imported files once each by hash, and reverts cleanly', async () => {
    // Found by name: other areas' migrations may sit before it once merged.
    const ds = await dataSourceWith(migrations.findIndex((m) => m.name === 'Imports1764600000000') + 1);
    const row = `(?, 'h1', 'liste.xlsx', 'KM-2026', 'BEPC', 'CMIT', 'valid-only', 3, 2, 1, 'agent', 'now')`;
    const insert = `INSERT INTO excel_import (id, file_hash, file_name, session_id, exam_code, etablissement_code, mode,
      total_rows, imported, in_error, clerk, created_at) VALUES ${row}`;
    await ds.query(insert, ['i1']);
    await expect(ds.query(insert, ['i2'])).rejects.toThrow(/UNIQUE/);
    await ds.undoLastMigration();
    expect(await tables(ds)).not.toContain('excel_import');
    await ds.destroy();
  });
});

describe('Dossier migration', () => {
  it('adds piece statuses (a non conforme piece needs a comment), the photo and the file index, and reverts cleanly', async () => {
    const upTo = migrations.findIndex((m) => m.name === 'Dossier1764500000000') + 1;
    const ds = await dataSourceWith(upTo);
    expect(await tables(ds)).toEqual(expect.arrayContaining(['dossier', 'dossier_piece', 'stored_file']));
    await ds.query(`PRAGMA foreign_keys = OFF`);
    const insert = (status: string, comment: string | null) =>
      ds.query(
        `INSERT INTO dossier_piece (id, registration_id, piece_code, status, comment, version, updated_at)
         VALUES (?, 'r1', ?, ?, ?, 1, 'now')`,
        [`p-${status}-${String(comment)}`, `${status}-${String(comment)}`, status, comment],
      );
    await insert('conforme', null);
    await expect(insert('non_conforme', '  ')).rejects.toThrow(/CHECK/);
    await insert('non_conforme', 'Illisible');
    await expect(insert('perdue', null)).rejects.toThrow(/CHECK/);
    await ds.undoLastMigration();
    const left = await tables(ds);
    expect(left).not.toContain('dossier_piece');
    expect(left).not.toContain('stored_file');
    await ds.destroy();
  });
});

describe('HQ Transfer migration', () => {
  it('adds HQ keys and the workstation signing key, and reverts cleanly', async () => {
    const { ds } = await hqDataSourceUpTo('Transfer1765100000000');
    const columns = async () =>
      ((await ds.query(`PRAGMA table_info(hq_workstation)`)) as { name: string }[]).map((c) => c.name);
    expect(await tables(ds)).toContain('hq_key');
    expect(await columns()).toContain('signing_public_key');
    await ds.undoLastMigration();
    expect(await tables(ds)).not.toContain('hq_key');
    expect(await columns()).not.toContain('signing_public_key');
    await ds.destroy();
  });
});

describe('Preregistrations migration', () => {
  it('adds the pre-registrations and a registration converts one at most once, and reverts cleanly', async () => {
    const ds = await dataSourceWith(migrations.findIndex((m) => m.name === 'Preregistrations1765200000000') + 1);
    expect(await tables(ds)).toContain('prereg');
    const cols = (await ds.query(`PRAGMA table_info(registration)`)) as { name: string }[];
    expect(cols.map((c) => c.name)).toContain('prereg_number');
    await ds.undoLastMigration();
    expect(await tables(ds)).not.toContain('prereg');
    expect(
      ((await ds.query(`PRAGMA table_info(registration)`)) as { name: string }[]).map((c) => c.name),
    ).not.toContain('prereg_number');
    await ds.destroy();
  });
});

describe('RegistrationCreatedAt migration', () => {
  it('answers the newest registration time (the clock-suspicion rule) from an index, and reverts cleanly', async () => {
    const ds = await dataSourceWith(migrations.findIndex((m) => m.name === 'RegistrationCreatedAt1765300000000') + 1);
    const newest = `SELECT MAX(created_at) AS at FROM registration`;
    const plan = async () =>
      ((await ds.query(`EXPLAIN QUERY PLAN ${newest}`)) as { detail: string }[]).map((r) => r.detail).join('\n');
    await ds.query(`PRAGMA foreign_keys = OFF`);
    for (const [id, at] of [
      ['r1', '2026-03-02T08:00:00.000Z'],
      ['r2', '2026-03-04T09:30:00.000Z'],
      ['r3', '2026-03-03T10:00:00.000Z'],
    ])
      await ds.query(
        `INSERT INTO registration (id, candidate_id, number, session_id, exam_code, category, centre_code, details_json,
           consent_publish, status, version, created_at, updated_at)
         VALUES (?, ?, ?, 'KM-2026', 'BAC', 'scolaire', 'MOR-01', '{}', 1, 'registered', 1, ?, ?)`,
        [id, `c-${id}`, `N-${id}`, at, at],
      );
    // SQLite labels MAX over registration_list a SEARCH too, though it reads that whole index
    // (created_at is not its first column): only the index name tells the lookup from the pass.
    expect(await plan()).toMatch(/USING COVERING INDEX registration_created_at/);
    expect(await ds.query(newest)).toEqual([{ at: '2026-03-04T09:30:00.000Z' }]);
    await ds.undoLastMigration();
    expect(await plan()).not.toMatch(/registration_created_at/);
    expect(await ds.query(`SELECT name FROM sqlite_master WHERE name = 'registration_created_at'`)).toEqual([]);
    await ds.destroy();
  });
});

describe('headquarters Preregistrations migration', () => {
  it('adds hq_prereg with a unique number, and reverts cleanly', async () => {
    const { ds } = await hqDataSourceUpTo('Preregistrations1765300000000');
    const insert = `INSERT INTO hq_prereg (number, region, json, created_at, imported_at) VALUES ('PRE-26-000001', 'R', '{}', 'x', 'x')`;
    await ds.query(insert);
    await expect(ds.query(insert)).rejects.toThrow(/UNIQUE/);
    await ds.undoLastMigration();
    expect(await tables(ds)).not.toContain('hq_prereg');
    expect(await tables(ds)).toContain('hq_record');
    await ds.destroy();
  });
});

describe('headquarters WorkstationContact migration', () => {
  it('adds when each workstation was last seen, keeps the workstations, and reverts cleanly', async () => {
    const name = 'WorkstationContact1766700000000';
    const { ds, dir } = await hqDataSourceUpTo(name, { before: true });
    await ds.query(
      `INSERT INTO hq_workstation (id, office_code, code, token_hash, enrolled_at) VALUES ('w1', 'MOR', 'G1', 'h', 'x')`,
    );
    await ds.destroy();
    const { ds: after } = await hqDataSourceUpTo(name, { dir });
    expect(await after.query(`SELECT id, last_seen_at FROM hq_workstation`)).toEqual([
      { id: 'w1', last_seen_at: null },
    ]);
    await after.undoLastMigration();
    const columns = ((await after.query(`PRAGMA table_info(hq_workstation)`)) as { name: string }[]).map((c) => c.name);
    expect(columns).not.toContain('last_seen_at');
    expect(await after.query(`SELECT id FROM hq_workstation`)).toEqual([{ id: 'w1' }]);
    await after.destroy();
  });
});

describe('headquarters RateLimits migration', () => {
  it('adds one count per key, and reverts cleanly', async () => {
    const { ds } = await hqDataSourceUpTo('RateLimits1767100000000');
    const insert = `INSERT INTO hq_rate_limit (key_hash, window_start, hits) VALUES ('${'a'.repeat(64)}', 1, 1)`;
    await ds.query(insert);
    await expect(ds.query(insert)).rejects.toThrow(/UNIQUE/);
    await ds.undoLastMigration();
    expect(await tables(ds)).not.toContain('hq_rate_limit');
    expect(await tables(ds)).toContain('hq_workstation');
    await ds.destroy();
  });
});

describe('AuditCheckpoint migration', () => {
  const upTo = () => migrations.findIndex((m) => m.name === 'AuditCheckpoint1765400000000') + 1;
  const checkpoint = async (ds: DataSource) =>
    ((await ds.query(`SELECT seq, hash, broken_at FROM audit_checkpoint`)) as Record<string, unknown>[])[0];

  it('starts an upgraded database at its current head, a new one at the genesis, one row only, and reverts cleanly', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'guichet-mig-'));
    dirs.push(dir);
    const database = join(dir, 'db.sqlite');
    const before = new DataSource({ type: 'better-sqlite3', database, migrations: migrations.slice(0, upTo() - 1) });
    await before.initialize();
    await before.runMigrations({ transaction: 'each' });
    for (const [prev, hash] of [
      ['0'.repeat(64), 'a'.repeat(64)],
      ['a'.repeat(64), 'b'.repeat(64)],
    ])
      await before.query(`INSERT INTO audit_log (at, action, entity, prev_hash, hash) VALUES ('now', 'x', 'y', ?, ?)`, [
        prev,
        hash,
      ]);
    await before.destroy();
    const ds = new DataSource({ type: 'better-sqlite3', database, migrations: migrations.slice(0, upTo()) });
    await ds.initialize();
    await ds.runMigrations({ transaction: 'each' });
    expect(await checkpoint(ds)).toEqual({ seq: 2, hash: 'b'.repeat(64), broken_at: null });
    await expect(
      ds.query(`INSERT INTO audit_checkpoint (id, seq, hash, moved_at) VALUES (2, 0, 'h', 'now')`),
    ).rejects.toThrow(/CHECK/);
    await ds.undoLastMigration();
    expect(await tables(ds)).not.toContain('audit_checkpoint');
    await ds.destroy();

    const fresh = await dataSourceWith(upTo());
    expect(await checkpoint(fresh)).toEqual({ seq: 0, hash: '0'.repeat(64), broken_at: null });
    await fresh.destroy();
  });
});

describe('CandidateSearchIndexedBySave migration', () => {
  it('leaves indexing a new candidate to its save, keeps the update and delete triggers, and reverts cleanly', async () => {
    const ds = await dataSourceWith(
      migrations.findIndex((m) => m.name === 'CandidateSearchIndexedBySave1765500000000') + 1,
    );
    const insert = (id: string, name: string) =>
      ds.query(
        `INSERT INTO candidate (id, number, surname, given_names, sex, birth_date, birth_place, nationality, search_name,
           search_text, phonetic_key, version, created_at, updated_at)
         VALUES (?, ?, ?, 'Saïd', 'M', '2007-05-01', 'Moroni', 'KM', 'x', ?, 'x', 1, 'now', 'now')`,
        [id, `N-${id}`, name, `${name} Saïd`],
      );
    const hits = async (word: string) =>
      ((await ds.query(`SELECT rowid FROM candidate_fts WHERE candidate_fts MATCH ?`, [word])) as unknown[]).length;
    await insert('c1', 'Abdérémane');
    expect(await hits('abderemane')).toBe(0);
    await ds.query(`INSERT INTO candidate_fts (rowid, search_text) SELECT rowid, search_text FROM candidate`);
    expect(await hits('abderemane')).toBe(1);
    await ds.query(`UPDATE candidate SET search_text = 'Mohamed Saïd' WHERE id = 'c1'`);
    expect([await hits('abderemane'), await hits('mohamed')]).toEqual([0, 1]);
    await ds.query(`DELETE FROM candidate WHERE id = 'c1'`);
    expect(await hits('mohamed')).toBe(0);
    await ds.undoLastMigration();
    await insert('c2', 'Djoumoi');
    expect(await hits('djoumoi')).toBe(1);
    await ds.destroy();
  });
});

describe('PasswordChangeRequired migration', () => {
  it('leaves the accounts of an upgraded office as they were, and reverts cleanly', async () => {
    const ds = await dataSourceWith(migrations.findIndex((m) => m.name === 'PasswordChangeRequired1765600000000') + 1);
    await ds.undoLastMigration();
    await ds.query(
      `INSERT INTO user (id, username, display_name, role, password_hash, disabled, failed_logins, created_at, updated_at)
       VALUES ('u1', 'zaina', 'Zaïna', 'clerk', 'h', 0, 0, 'now', 'now')`,
    );
    await ds.runMigrations({ transaction: 'each' });
    expect(await ds.query(`SELECT must_change_password AS m FROM user`)).toEqual([{ m: 0 }]);
    await ds.undoLastMigration();
    const columns = (await ds.query(`SELECT name FROM pragma_table_info('user')`)) as { name: string }[];
    expect(columns.map((c) => c.name)).not.toContain('must_change_password');
    expect(await ds.query(`SELECT username FROM user`)).toEqual([{ username: 'zaina' }]);
    await ds.destroy();
  });
});

describe('DossierPhotoNumber migration', () => {
  it('finds a photo number from an index holding only the dossiers that have one, and reverts cleanly', async () => {
    const ds = await dataSourceWith(migrations.findIndex((m) => m.name === 'DossierPhotoNumber1765700000000') + 1);
    const lookup = `SELECT registration_id FROM dossier WHERE photo_number = 'PH-0042'`;
    const plan = async () =>
      ((await ds.query(`EXPLAIN QUERY PLAN ${lookup}`)) as { detail: string }[]).map((r) => r.detail).join('\n');
    await ds.query(`PRAGMA foreign_keys = OFF`);
    for (const [reg, number] of [
      ['r1', 'PH-0042'],
      ['r2', null],
      ['r3', 'PH-0043'],
    ])
      await ds.query(
        `INSERT INTO dossier (registration_id, id, photo_number, version, updated_at) VALUES (?, ?, ?, 1, 'now')`,
        [reg, `d-${reg}`, number],
      );
    expect(await plan()).toMatch(/USING INDEX dossier_photo_number/);
    expect(await ds.query(lookup)).toEqual([{ registration_id: 'r1' }]);
    await ds.undoLastMigration();
    expect(await plan()).toMatch(/SCAN dossier/);
    expect(await ds.query(lookup)).toEqual([{ registration_id: 'r1' }]);
    await ds.destroy();
  });
});

describe('PaymentGroup migration', () => {
  it('lets payments share the number of a collective receipt, leaves earlier payments alone, and reverts cleanly', async () => {
    const ds = await dataSourceWith(migrations.findIndex((m) => m.name === 'PaymentGroup1765800000000') + 1);
    await ds.undoLastMigration();
    await ds.query(`PRAGMA foreign_keys = OFF`);
    await ds.query(
      `INSERT INTO payment (id, registration_id, receipt_number, amount, currency, minor_digits, mode, clerk, day, status, created_at)
       VALUES ('p1', 'r1', 'MORG1-R26-000001', 7500, 'KMF', 0, 'cash', 'zaina', '2026-03-02', 'valid', 'now')`,
    );
    await ds.runMigrations({ transaction: 'each' });
    expect(await ds.query(`SELECT group_number AS g FROM payment`)).toEqual([{ g: null }]);
    await ds.query(`UPDATE payment SET group_number = 'MORG1-L26-000001'`);
    const plan = (
      (await ds.query(`EXPLAIN QUERY PLAN SELECT id FROM payment WHERE group_number = 'x'`)) as {
        detail: string;
      }[]
    ).map((r) => r.detail);
    expect(plan.join('\n')).toMatch(/USING INDEX payment_group/);
    await ds.undoLastMigration();
    const columns = (await ds.query(`SELECT name FROM pragma_table_info('payment')`)) as { name: string }[];
    expect(columns.map((c) => c.name)).not.toContain('group_number');
    expect(await ds.query(`SELECT receipt_number AS n FROM payment`)).toEqual([{ n: 'MORG1-R26-000001' }]);
    await ds.destroy();
  });
});

/**
 * A migration that adds one optional column to candidate: candidates saved before get NULL, not a
 * guess, and going back drops the column and keeps the rest of the row.
 */
async function addsCandidateColumn(migration: string, column: string, value: string) {
  const ds = await dataSourceWith(migrations.findIndex((m) => m.name === migration) + 1);
  await ds.undoLastMigration();
  await ds.query(
    `INSERT INTO candidate (id, number, surname, given_names, sex, birth_date, birth_place, nationality, search_name,
       search_text, phonetic_key, version, created_at, updated_at)
     VALUES ('c1', 'MORG1-26-0000017', 'Abdérémane', 'Saïd', 'M', '2007-05-01', 'Marseille', 'KM', 'x', 'x', 'x', 1, 'now', 'now')`,
  );
  await ds.runMigrations({ transaction: 'each' });
  expect(await ds.query(`SELECT ${column} AS v FROM candidate`)).toEqual([{ v: null }]);
  await ds.query(`UPDATE candidate SET ${column} = ?`, [value]);
  await ds.undoLastMigration();
  const columns = (await ds.query(`SELECT name FROM pragma_table_info('candidate')`)) as { name: string }[];
  expect(columns.map((c) => c.name)).not.toContain(column);
  expect(await ds.query(`SELECT surname, birth_place FROM candidate`)).toEqual([
    { surname: 'Abdérémane', birth_place: 'Marseille' },
  ]);
  await ds.destroy();
}

describe('CandidateUsageName migration', () => {
  it('gives candidates a name in use, none for those saved before, and reverts cleanly', () =>
    addsCandidateColumn('CandidateUsageName1765900000000', 'usage_name', 'Mohamed'));
});

describe('CandidateBirthCountry migration', () => {
  it('gives candidates a birth country, none for those saved before, and reverts cleanly', () =>
    addsCandidateColumn('CandidateBirthCountry1766000000000', 'birth_country', 'FR'));
});

describe('CandidateBirthDepartment migration', () => {
  it('gives candidates a birth department, none for those saved before, and reverts cleanly', () =>
    addsCandidateColumn('CandidateBirthDepartment1766300000000', 'birth_department', '014'));
  it('gives candidates a socio-professional category, none for those saved before, and reverts cleanly', () =>
    addsCandidateColumn('CandidateBirthDepartment1766300000000', 'socio_category', '5'));
});

describe('SettingOfficeCountry migration', () => {
  it('keeps the office country an administrator chose under its new name, and reverts cleanly', async () => {
    const ds = await dataSourceWith(migrations.findIndex((m) => m.name === 'SettingOfficeCountry1766100000000') + 1);
    await ds.undoLastMigration();
    await ds.query(
      `INSERT INTO setting (key, value_json, updated_at) VALUES ('phoneRegion', '"MA"', 'now'), ('idleLockMinutes', '30', 'now')`,
    );
    await ds.runMigrations({ transaction: 'each' });
    const settings = () => ds.query(`SELECT key, value_json AS value FROM setting ORDER BY key`);
    expect(await settings()).toEqual([
      { key: 'idleLockMinutes', value: '30' },
      { key: 'officeCountry', value: '"MA"' },
    ]);
    await ds.undoLastMigration();
    expect(await settings()).toEqual([
      { key: 'idleLockMinutes', value: '30' },
      { key: 'phoneRegion', value: '"MA"' },
    ]);
    await ds.destroy();
  });
});

describe('VerdictPerHq migration', () => {
  it('keeps the verdicts held, lets another HQ give the same numbers, and reverts cleanly', async () => {
    const ds = await dataSourceWith(migrations.findIndex((m) => m.name === 'VerdictPerHq1766200000000') + 1);
    await ds.undoLastMigration();
    const legacy = `INSERT INTO verdict (seq, registration_id, kind, reason, piece_code, decided_at, received_at)
      VALUES (1, 'r1', 'accepted', NULL, NULL, 'd1', 'now'), (2, 'r2', 'rejected', 'Photo floue', NULL, 'd2', 'now')`;
    await ds.query(legacy);
    await ds.runMigrations({ transaction: 'each' });
    const rows = () => ds.query(`SELECT id, hq, seq, registration_id AS r, reason FROM verdict ORDER BY id`);
    expect(await rows()).toEqual([
      { id: 1, hq: '', seq: 1, r: 'r1', reason: null },
      { id: 2, hq: '', seq: 2, r: 'r2', reason: 'Photo floue' },
    ]);
    const give = (hq: string, seq: number, r: string) =>
      ds.query(
        `INSERT INTO verdict (hq, seq, registration_id, kind, decided_at, received_at) VALUES (?, ?, ?, 'accepted', 'd', 'now')`,
        [hq, seq, r],
      );
    await give('b7c1', 1, 'r3');
    expect(await rows()).toHaveLength(3);
    await expect(give('b7c1', 1, 'r4')).rejects.toThrow(/UNIQUE/);
    const plan = (
      (await ds.query(`EXPLAIN QUERY PLAN SELECT id FROM verdict WHERE registration_id = 'r1'`)) as {
        detail: string;
      }[]
    ).map((r) => r.detail);
    expect(plan.join('\n')).toMatch(/USING (COVERING )?INDEX verdict_registration/);
    await ds.undoLastMigration();
    expect(await ds.query(`SELECT seq, registration_id AS r FROM verdict ORDER BY seq`)).toEqual([
      { seq: 1, r: 'r1' },
      { seq: 2, r: 'r2' },
    ]);
    await ds.destroy();
  });
});

describe('headquarters HeldNumbers migration', () => {
  it('lists the numbers of the records already held, the first received keeping a number held twice, and reverts cleanly', async () => {
    const name = 'HeldNumbers1767500000000';
    const { ds, dir } = await hqDataSourceUpTo(name, { before: true });
    const record = (uuid: string, entity: string, payload: object | string, receivedAt: string, version = 1) =>
      ds.query(
        `INSERT INTO hq_record (uuid, version, entity, payload_hash, payload_json, office_code, workstation_id, received_at)
         VALUES (?, ?, ?, 'h', ?, 'MOR', 'w', ?)`,
        [uuid, version, entity, typeof payload === 'string' ? payload : JSON.stringify(payload), receivedAt],
      );
    const candidate = makeCandidateNumber({ officeCode: 'MOR', workstationCode: 'G1', year: 2026, sequence: 7 });
    const uuid = (c: string) => c.repeat(8) + '-0000-0000-0000-000000000000';
    await record(uuid('b'), 'candidate', { number: candidate }, '2026-03-01T08:00:00.000Z');
    await record(uuid('b'), 'candidate', { number: candidate, surname: 'Corrigé' }, '2026-03-02T08:00:00.000Z', 2);
    // The same number from a fresh machine, later: read first (by uuid), it must give way.
    await record(uuid('a'), 'candidate', { number: candidate }, '2026-03-05T08:00:00.000Z');
    for (const [c, n] of [
      ['c', 1],
      ['d', 2],
    ] as const)
      await record(
        uuid(c),
        'payment',
        { receiptNumber: `MORG1-R26-00000${n}`, groupNumber: 'MORG1-L26-000001' },
        `2026-03-0${n}T09:00:00.000Z`,
      );
    await record(uuid('e'), 'registration', '{not json', '2026-03-01T10:00:00.000Z');
    await record(uuid('f'), 'cash_close', { day: '2026-03-01' }, '2026-03-01T18:00:00.000Z');
    await ds.destroy();

    const { ds: after } = await hqDataSourceUpTo(name, { dir });
    expect(await after.query(`SELECT number, uuid, counter, year, sequence FROM hq_number ORDER BY number`)).toEqual([
      { number: candidate, uuid: uuid('b'), counter: 'candidate', year: 2026, sequence: 7 },
      { number: 'MORG1-L26-000001', uuid: uuid('c'), counter: 'group', year: 2026, sequence: 1 },
      { number: 'MORG1-R26-000001', uuid: uuid('c'), counter: 'receipt', year: 2026, sequence: 1 },
      { number: 'MORG1-R26-000002', uuid: uuid('d'), counter: 'receipt', year: 2026, sequence: 2 },
    ]);
    await after.undoLastMigration();
    expect(await tables(after)).not.toContain('hq_number');
    expect(await after.query(`SELECT COUNT(*) AS n FROM hq_record`)).toEqual([{ n: 7 }]);
    await after.destroy();
  });
});

describe('headquarters ProbableDuplicates migration', () => {
  it('finds the pairs among the registrations already held, and reverts cleanly', async () => {
    const name = 'ProbableDuplicates1767600000000';
    const { ds, dir } = await hqDataSourceUpTo(name, { before: true });
    const uuid = (c: string) => c.repeat(8) + '-0000-0000-0000-000000000000';
    const record = (id: string, entity: string, payload: object, office: string) =>
      ds.query(
        `INSERT INTO hq_record (uuid, version, entity, payload_hash, payload_json, office_code, workstation_id, received_at)
         VALUES (?, 1, ?, 'h', ?, ?, 'w', '2026-03-01T08:00:00.000Z')`,
        [id, entity, JSON.stringify(payload), office],
      );
    const person = { surname: 'Abdérémane', givenNames: 'Saïd Ali', birthDate: '2011-02-03', idType: null };
    await record(uuid('a'), 'candidate', { ...person, idNumber: null }, 'MOR');
    await record(uuid('b'), 'candidate', { ...person, surname: 'ABDEREMANE', idNumber: null }, 'MUT');
    const exam = { sessionId: 'KM-2026', examCode: 'BEPC', status: 'registered' };
    await record(uuid('c'), 'registration', { ...exam, candidateId: uuid('a'), number: 'MORG1-1/001' }, 'MOR');
    await record(uuid('d'), 'registration', { ...exam, candidateId: uuid('b'), number: 'MUTG1-1/001' }, 'MUT');
    await ds.destroy();

    const { ds: after } = await hqDataSourceUpTo(name, { dir });
    expect(
      await after.query(
        `SELECT registration_a, number_a, office_a, registration_b, number_b, reason FROM hq_duplicate`,
      ),
    ).toEqual([
      {
        registration_a: uuid('c'),
        number_a: 'MORG1-1/001',
        office_a: 'MOR',
        registration_b: uuid('d'),
        number_b: 'MUTG1-1/001',
        reason: 'same_name_and_birth_date',
      },
    ]);
    await after.undoLastMigration();
    for (const t of ['hq_duplicate', 'hq_enrolment', 'hq_person']) expect(await tables(after)).not.toContain(t);
    expect(await after.query(`SELECT COUNT(*) AS n FROM hq_record`)).toEqual([{ n: 4 }]);
    await after.destroy();
  });
});

describe('headquarters PersonIdType migration', () => {
  it('gives each person held the type of their ID, so a pair of namesakes with two IDs found before is no longer listed, and reverts cleanly', async () => {
    const name = 'PersonIdType1767700000000';
    const { ds, dir } = await hqDataSourceUpTo(name, { before: true });
    const person = (uuid: string, idKey: string | null) =>
      ds.query(
        `INSERT INTO hq_person (candidate_uuid, version, id_key, name_key, surname, given_names, birth_date)
         VALUES (?, 1, ?, 'abderemane|said ali|2011-02-03', 'Abdérémane', 'Saïd Ali', '2011-02-03')`,
        [uuid, idKey],
      );
    await person('ca', 'NIN_KM:KM1234570');
    await person('cb', 'NIN_KM:KM7654321');
    await person('cc', null);
    // Paired on names before HQ told two IDs of one type apart: a-b are two people, a-c may be one.
    for (const [a, b] of [
      ['a', 'b'],
      ['a', 'c'],
    ])
      await ds.query(
        `INSERT INTO hq_duplicate (registration_a, candidate_a, number_a, office_a, workstation_a,
           registration_b, candidate_b, number_b, office_b, workstation_b, reason, found_at)
         VALUES (?, ?, ?, 'MOR', 'w', ?, ?, ?, 'MUT', 'w', 'same_name_and_birth_date', '2026-03-01T08:00:00.000Z')`,
        [`r${a}`, `c${a}`, `N-${a}`, `r${b}`, `c${b}`, `N-${b}`],
      );
    await ds.destroy();

    const { ds: after } = await hqDataSourceUpTo(name, { dir });
    expect(await after.query(`SELECT candidate_uuid AS c, id_type FROM hq_person ORDER BY c`)).toEqual([
      { c: 'ca', id_type: 'NIN_KM' },
      { c: 'cb', id_type: 'NIN_KM' },
      { c: 'cc', id_type: null },
    ]);
    const { duplicatePairs } = await import('../../../src-server/modules/duplicates');
    expect((await duplicatePairs(after, 20, true)).map((p) => p.registrations.map((r) => r.number))).toEqual([
      ['N-a', 'N-c'],
    ]);
    await after.undoLastMigration();
    const columns = ((await after.query(`PRAGMA table_info(hq_person)`)) as { name: string }[]).map((c) => c.name);
    expect(columns).not.toContain('id_type');
    expect(await after.query(`SELECT COUNT(*) AS n FROM hq_person`)).toEqual([{ n: 3 }]);
    const indexes = ((await after.query(`PRAGMA index_list(hq_person)`)) as { name: string }[]).map((i) => i.name);
    expect(indexes).toEqual(expect.arrayContaining(['hq_person_id_key', 'hq_person_name_key']));
    await after.destroy();
  });
});

describe('PieceCheck migration', () => {
  it('keeps the file queue, lets a file be withheld, notes checks per piece and file, and reverts cleanly', async () => {
    const ds = await dataSourceWith(migrations.findIndex((m) => m.name === 'PieceCheck1766400000000') + 1);
    await ds.undoLastMigration();
    await ds.query(`INSERT INTO outbox_file (sha256, state, attempts, last_error, created_at, updated_at)
      VALUES ('a', 'synced', 1, NULL, 'c', 'u'), ('b', 'retry', 3, 'server_503', 'c', 'u')`);
    await ds.runMigrations({ transaction: 'each' });
    const queue = () =>
      ds.query(`SELECT sha256, state, attempts, last_error AS error FROM outbox_file ORDER BY sha256`);
    expect(await queue()).toEqual([
      { sha256: 'a', state: 'synced', attempts: 1, error: null },
      { sha256: 'b', state: 'retry', attempts: 3, error: 'server_503' },
    ]);
    await ds.query(`UPDATE outbox_file SET state = 'withheld', last_error = 'pdf_active_content' WHERE sha256 = 'b'`);
    await expect(ds.query(`UPDATE outbox_file SET state = 'lost' WHERE sha256 = 'a'`)).rejects.toThrow(/CHECK/);
    expect(await tables(ds)).toContain('piece_check');
    await ds.undoLastMigration();
    expect(await queue()).toEqual([
      { sha256: 'a', state: 'synced', attempts: 1, error: null },
      { sha256: 'b', state: 'rejected', attempts: 3, error: 'pdf_active_content' },
    ]);
    expect(await tables(ds)).not.toContain('piece_check');
    await ds.destroy();
  });
});
