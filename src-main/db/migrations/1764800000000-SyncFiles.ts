import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Files to send to headquarters after their record, by sha256: one row per file however many
 * records name it, so a photo shared by two versions of a candidate goes once; kept across restarts.
 */
export class SyncFiles1764800000000 implements MigrationInterface {
  name = 'SyncFiles1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE outbox_file (
      sha256 TEXT PRIMARY KEY,
      state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending','synced','rejected','retry')),
      attempts INTEGER NOT NULL DEFAULT 0,
      next_attempt_at TEXT,
      last_error TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    )`);
    await q.query(`CREATE INDEX outbox_file_state ON outbox_file(state, next_attempt_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE outbox_file`);
  }
}
