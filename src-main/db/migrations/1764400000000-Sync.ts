import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Verdicts received from headquarters, shown to the clerk beside the registration they concern. */
export class Sync1764400000000 implements MigrationInterface {
  name = 'Sync1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE verdict (
      seq INTEGER PRIMARY KEY,
      registration_id TEXT NOT NULL,
      kind TEXT NOT NULL,
      reason TEXT,
      piece_code TEXT,
      decided_at TEXT NOT NULL,
      received_at TEXT NOT NULL
    )`);
    await q.query(`CREATE INDEX verdict_registration ON verdict(registration_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE verdict`);
  }
}
