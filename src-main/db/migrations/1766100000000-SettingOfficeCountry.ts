import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The setting the screens call the office's country was stored as `phoneRegion`, its first use.
 * It now also gives a new candidate's nationality and birth country: one name for one thing.
 */
export class SettingOfficeCountry1766100000000 implements MigrationInterface {
  name = 'SettingOfficeCountry1766100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE setting SET key = 'officeCountry' WHERE key = 'phoneRegion'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE setting SET key = 'phoneRegion' WHERE key = 'officeCountry'`);
  }
}
