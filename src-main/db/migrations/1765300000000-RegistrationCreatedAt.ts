import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every save (and every school list checked) reads the newest registration's time for the
 * clock-suspicion rule; without an index on created_at alone that MAX scans the whole table,
 * and the counter's saves grow slower as the session fills.
 */
export class RegistrationCreatedAt1765300000000 implements MigrationInterface {
  name = 'RegistrationCreatedAt1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX registration_created_at ON registration(created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX registration_created_at`);
  }
}
