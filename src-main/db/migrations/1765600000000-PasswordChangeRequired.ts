import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A password an administrator typed (a new account, a reset) is the administrator's too: its user
 * replaces it at the next sign-in before doing anything else, so what the audit trail puts under a
 * name was done by that person. Accounts that exist already keep theirs.
 */
export class PasswordChangeRequired1765600000000 implements MigrationInterface {
  name = 'PasswordChangeRequired1765600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE user ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE user DROP COLUMN must_change_password`);
  }
}
