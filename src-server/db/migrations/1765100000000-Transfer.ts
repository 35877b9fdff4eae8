import { Table, TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/** USB transfer: HQ's own key pairs, and each workstation's public key that signs its bundles. */
export class Transfer1765100000000 implements MigrationInterface {
  name = 'Transfer1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'hq_key',
        columns: [
          { name: 'name', type: 'varchar', length: '40', isPrimary: true },
          { name: 'private_pem', type: 'text' },
          { name: 'public_pem', type: 'text' },
          { name: 'created_at', type: 'varchar', length: '30' },
        ],
      }),
    );
    await q.addColumn(
      'hq_workstation',
      new TableColumn({ name: 'signing_public_key', type: 'text', isNullable: true }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('hq_workstation', 'signing_public_key');
    await q.dropTable('hq_key');
  }
}
