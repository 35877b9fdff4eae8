import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A new candidate is added to the search index by the statement that saves it, not by a trigger.
 * The FTS5 insert run from the trigger cost ~20 µs a candidate against ~3 µs as a statement of
 * its own (measured on a season copy; FTS5 writes out its pending terms at each trigger's
 * sub-transaction): two thirds of the candidate's save, and a fifth of a school list's saving.
 * Updates and deletes are rare and keep their triggers.
 */
export class CandidateSearchIndexedBySave1765500000000 implements MigrationInterface {
  name = 'CandidateSearchIndexedBySave1765500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER candidate_fts_insert`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TRIGGER candidate_fts_insert AFTER INSERT ON candidate BEGIN
      INSERT INTO candidate_fts(rowid, search_text) VALUES (new.rowid, new.search_text);
    END`);
  }
}
