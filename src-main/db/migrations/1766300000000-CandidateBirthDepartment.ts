import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Two more of CYCLADES's identity fields: the « département, DOM ou COM de naissance » of a
 * candidate born in France (its code, 014), and the « catégorie socio-professionnelle » (an INSEE
 * PCS group, 1 to 8). Candidates saved before have neither (NULL), not a guess.
 */
export class CandidateBirthDepartment1766300000000 implements MigrationInterface {
  name = 'CandidateBirthDepartment1766300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE candidate ADD COLUMN birth_department TEXT`);
    await q.query(`ALTER TABLE candidate ADD COLUMN socio_category TEXT`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE candidate DROP COLUMN socio_category`);
    await q.query(`ALTER TABLE candidate DROP COLUMN birth_department`);
  }
}
