import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Online pre-registrations pulled from headquarters, and the registration's link to the one it
 * converted. The unique index makes "converted once on this workstation" hold even if two saves race.
 */
export class Preregistrations1765200000000 implements MigrationInterface {
  name = 'Preregistrations1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE prereg (
      number TEXT PRIMARY KEY,
      seq INTEGER NOT NULL,
      region TEXT NOT NULL,
      office_code TEXT,
      data_json TEXT NOT NULL,
      search_text TEXT NOT NULL,
      id_number TEXT,
      created_at TEXT NOT NULL,
      received_at TEXT NOT NULL
    )`);
    await q.query(`CREATE INDEX prereg_id_number ON prereg(id_number)`);
    await q.query(`ALTER TABLE registration ADD COLUMN prereg_number TEXT`);
    await q.query(
      `CREATE UNIQUE INDEX registration_prereg ON registration(prereg_number) WHERE prereg_number IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX registration_prereg`);
    await q.query(`ALTER TABLE registration DROP COLUMN prereg_number`);
    await q.query(`DROP TABLE prereg`);
  }
}
