import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * When each workstation last reached headquarters, so HQ staff can see an office gone quiet; and
 * conflicts by arrival, which `conflicts` lists newest first.
 */
export class WorkstationContact1766700000000 implements MigrationInterface {
  name = 'WorkstationContact1766700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn(
      'hq_workstation',
      new TableColumn({ name: 'last_seen_at', type: 'varchar', length: '30', isNullable: true }),
    );
    await q.createIndex('hq_conflict', new TableIndex({ name: 'hq_conflict_received', columnNames: ['received_at'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('hq_conflict', 'hq_conflict_received');
    await q.dropColumn('hq_workstation', 'last_seen_at');
  }
}
