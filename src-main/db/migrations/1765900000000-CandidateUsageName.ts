import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * CYCLADES's "nom d'usage" (a married name, for example) beside the birth name: the name a
 * candidate goes by and is searched under, printed on the fiche but never on the diploma.
 */
export class CandidateUsageName1765900000000 implements MigrationInterface {
  name = 'CandidateUsageName1765900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE candidate ADD COLUMN usage_name TEXT`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE candidate DROP COLUMN usage_name`);
  }
}
