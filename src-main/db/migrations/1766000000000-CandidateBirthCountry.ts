import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * CYCLADES's "pays de naissance", as an ISO code beside the town: "Marseille" alone does not say
 * where a Comorian born abroad was born. Candidates saved before have none (NULL), not a guess.
 */
export class CandidateBirthCountry1766000000000 implements MigrationInterface {
  name = 'CandidateBirthCountry1766000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE candidate ADD COLUMN birth_country TEXT`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE candidate DROP COLUMN birth_country`);
  }
}
