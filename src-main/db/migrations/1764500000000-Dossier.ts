import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The dossier of a registration: one status row per required piece (a missing row means
 * "manquante"), the exam photo and the last merged PDF, and the index of the content-addressed
 * file store. File bytes live on disk under <dataDir>/files, never in SQLite.
 */
export class Dossier1764500000000 implements MigrationInterface {
  name = 'Dossier1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE stored_file (
      sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64),
      size INTEGER NOT NULL CHECK (size > 0),
      mime TEXT NOT NULL,
      created_at TEXT NOT NULL
    )`);
    await q.query(`CREATE TABLE dossier_piece (
      id TEXT PRIMARY KEY,
      registration_id TEXT NOT NULL REFERENCES registration(id),
      piece_code TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('manquante','recue','non_conforme','conforme','non_applicable')),
      comment TEXT,
      file_sha256 TEXT REFERENCES stored_file(sha256),
      file_name TEXT,
      version INTEGER NOT NULL,
      updated_by TEXT,
      updated_at TEXT NOT NULL,
      CHECK (status <> 'non_conforme' OR length(trim(coalesce(comment, ''))) > 0),
      UNIQUE (registration_id, piece_code)
    )`);
    await q.query(`CREATE TABLE dossier (
      registration_id TEXT PRIMARY KEY REFERENCES registration(id),
      id TEXT NOT NULL UNIQUE,
      photo_sha256 TEXT REFERENCES stored_file(sha256),
      photo_number TEXT,
      photo_at TEXT,
      merged_sha256 TEXT REFERENCES stored_file(sha256),
      merged_at TEXT,
      version INTEGER NOT NULL,
      updated_by TEXT,
      updated_at TEXT NOT NULL
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['dossier', 'dossier_piece', 'stored_file']) await q.query(`DROP TABLE ${t}`);
  }
}
