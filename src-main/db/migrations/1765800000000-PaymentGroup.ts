import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A school pays once for its whole list (PIENA, 8th step). Each pupil still gets a payment of
 * their own, so a withdrawal cancels one receipt and the cash close counts as before; the payments
 * of one handing-over share the number of the collective receipt the school takes away.
 */
export class PaymentGroup1765800000000 implements MigrationInterface {
  name = 'PaymentGroup1765800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE payment ADD COLUMN group_number TEXT`);
    await q.query(`CREATE INDEX payment_group ON payment (group_number) WHERE group_number IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX payment_group`);
    await q.query(`ALTER TABLE payment DROP COLUMN group_number`);
  }
}
