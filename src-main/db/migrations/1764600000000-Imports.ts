import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Schools' Excel lists committed at this office: one row per file, so the same file is not imported twice. */
export class Imports1764600000000 implements MigrationInterface {
  name = 'Imports1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE excel_import (
      id TEXT PRIMARY KEY,
      file_hash TEXT NOT NULL UNIQUE,
      file_name TEXT NOT NULL,
      session_id TEXT NOT NULL,
      exam_code TEXT NOT NULL,
      etablissement_code TEXT NOT NULL,
      mode TEXT NOT NULL CHECK (mode IN ('valid-only','all-or-nothing')),
      total_rows INTEGER NOT NULL,
      imported INTEGER NOT NULL,
      in_error INTEGER NOT NULL,
      clerk TEXT NOT NULL,
      created_at TEXT NOT NULL
    )`);
    // Numbering a candidate's next registration lists theirs; the partial unique index cannot serve that,
    // and a school list adds thousands of rows at once.
    await q.query(`CREATE INDEX registration_by_candidate ON registration(candidate_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX registration_by_candidate`);
    await q.query(`DROP TABLE excel_import`);
  }
}
