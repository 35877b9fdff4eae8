import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Catalogue versions, local number sequences, candidates with their FTS5 index,
 * registrations and wizard drafts.
 */
export class Registration1764100000000 implements MigrationInterface {
  name = 'Registration1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE catalogue (
      version INTEGER PRIMARY KEY,
      json TEXT NOT NULL,
      source TEXT NOT NULL,
      imported_at TEXT NOT NULL
    )`);
    await q.query(`CREATE TABLE sequence (name TEXT PRIMARY KEY, value INTEGER NOT NULL)`);
    await q.query(`CREATE TABLE candidate (
      id TEXT PRIMARY KEY,
      number TEXT NOT NULL UNIQUE,
      surname TEXT NOT NULL,
      given_names TEXT NOT NULL,
      sex TEXT NOT NULL CHECK (sex IN ('M','F')),
      birth_date TEXT NOT NULL,
      birth_place TEXT NOT NULL,
      nationality TEXT NOT NULL,
      id_type TEXT,
      id_number TEXT,
      phone TEXT,
      email TEXT,
      address TEXT,
      guardian_json TEXT,
      photo_sha256 TEXT,
      search_name TEXT NOT NULL,
      search_text TEXT NOT NULL,
      phonetic_key TEXT NOT NULL,
      version INTEGER NOT NULL,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    )`);
    // Same national ID = same person: enforced by the database, not only by the duplicate check.
    await q.query(
      `CREATE UNIQUE INDEX candidate_national_id ON candidate(id_type, id_number) WHERE id_number IS NOT NULL`,
    );
    await q.query(`CREATE INDEX candidate_birth_date ON candidate(birth_date)`);
    // search_text holds names, numbers and phone forms, written by the service; the index follows it by trigger.
    await q.query(`CREATE VIRTUAL TABLE candidate_fts USING fts5(
      search_text, content='candidate', content_rowid='rowid',
      tokenize = "unicode61 remove_diacritics 2"
    )`);
    await q.query(`CREATE TRIGGER candidate_fts_insert AFTER INSERT ON candidate BEGIN
      INSERT INTO candidate_fts(rowid, search_text) VALUES (new.rowid, new.search_text);
    END`);
    await q.query(`CREATE TRIGGER candidate_fts_delete AFTER DELETE ON candidate BEGIN
      INSERT INTO candidate_fts(candidate_fts, rowid, search_text) VALUES ('delete', old.rowid, old.search_text);
    END`);
    await q.query(`CREATE TRIGGER candidate_fts_update AFTER UPDATE OF search_text ON candidate BEGIN
      INSERT INTO candidate_fts(candidate_fts, rowid, search_text) VALUES ('delete', old.rowid, old.search_text);
      INSERT INTO candidate_fts(rowid, search_text) VALUES (new.rowid, new.search_text);
    END`);
    await q.query(`CREATE TABLE registration (
      id TEXT PRIMARY KEY,
      candidate_id TEXT NOT NULL REFERENCES candidate(id),
      number TEXT NOT NULL UNIQUE,
      session_id TEXT NOT NULL,
      exam_code TEXT NOT NULL,
      series_code TEXT,
      category TEXT NOT NULL,
      etablissement_code TEXT,
      centre_code TEXT NOT NULL,
      details_json TEXT NOT NULL,
      consent_publish INTEGER NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('registered','locked','amended','withdrawn')),
      version INTEGER NOT NULL,
      fiche_version INTEGER NOT NULL DEFAULT 0,
      overrides_json TEXT NOT NULL DEFAULT '[]',
      withdrawn_reason TEXT,
      created_by TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    )`);
    // One active registration per candidate, exam and session.
    await q.query(`CREATE UNIQUE INDEX registration_active ON registration(candidate_id, session_id, exam_code)
      WHERE status <> 'withdrawn'`);
    await q.query(`CREATE INDEX registration_list ON registration(session_id, exam_code, status, created_at)`);
    await q.query(`CREATE TABLE registration_version (
      registration_id TEXT NOT NULL REFERENCES registration(id),
      version INTEGER NOT NULL,
      snapshot_json TEXT NOT NULL,
      created_at TEXT NOT NULL,
      created_by TEXT,
      PRIMARY KEY (registration_id, version)
    )`);
    await q.query(`CREATE TABLE draft (
      id TEXT PRIMARY KEY,
      label TEXT NOT NULL,
      step TEXT NOT NULL,
      data_json TEXT NOT NULL,
      created_by TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['draft', 'registration_version', 'registration']) await q.query(`DROP TABLE ${t}`);
    for (const t of ['insert', 'update', 'delete']) await q.query(`DROP TRIGGER candidate_fts_${t}`);
    for (const t of ['candidate_fts', 'candidate', 'sequence', 'catalogue']) await q.query(`DROP TABLE ${t}`);
  }
}
