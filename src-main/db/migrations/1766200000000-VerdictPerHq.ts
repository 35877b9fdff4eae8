import type { MigrationInterface, QueryRunner } from 'typeorm';

const COLUMNS = 'registration_id, kind, reason, piece_code, decided_at, received_at';

/**
 * A verdict's number is its HQ's: a new or rebuilt HQ numbers from 1 again, so the number alone
 * would take its first verdicts for ones held. A verdict is now one of an HQ (`hq`, a short hash of
 * its signing key; '' for those received before, whose HQ was not noted) and its number there.
 * `id` is the order they arrived in, for « newest first » across HQs; those held keep their number as id.
 */
export class VerdictPerHq1766200000000 implements MigrationInterface {
  name = 'VerdictPerHq1766200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE verdict_new (
      id INTEGER PRIMARY KEY,
      hq TEXT NOT NULL,
      seq INTEGER NOT NULL,
      registration_id TEXT NOT NULL,
      kind TEXT NOT NULL,
      reason TEXT,
      piece_code TEXT,
      decided_at TEXT NOT NULL,
      received_at TEXT NOT NULL,
      UNIQUE (hq, seq)
    )`);
    await q.query(`INSERT INTO verdict_new (id, hq, seq, ${COLUMNS}) SELECT seq, '', seq, ${COLUMNS} FROM verdict`);
    await q.query(`DROP TABLE verdict`);
    await q.query(`ALTER TABLE verdict_new RENAME TO verdict`);
    await q.query(`CREATE INDEX verdict_registration ON verdict(registration_id)`);
  }

  /** Back to one numbering: of a number two HQs gave, the verdict received first is kept. */
  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE verdict_old (
      seq INTEGER PRIMARY KEY,
      registration_id TEXT NOT NULL,
      kind TEXT NOT NULL,
      reason TEXT,
      piece_code TEXT,
      decided_at TEXT NOT NULL,
      received_at TEXT NOT NULL
    )`);
    await q.query(
      `INSERT OR IGNORE INTO verdict_old (seq, ${COLUMNS}) SELECT seq, ${COLUMNS} FROM verdict ORDER BY id`,
    );
    await q.query(`DROP TABLE verdict`);
    await q.query(`ALTER TABLE verdict_old RENAME TO verdict`);
    await q.query(`CREATE INDEX verdict_registration ON verdict(registration_id)`);
  }
}
