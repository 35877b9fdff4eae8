import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

const str = (name: string, length: number, extra: object = {}) => ({
  name,
  type: 'varchar',
  length: String(length),
  ...extra,
});

/** Online pre-registrations held for the offices, with who converted each one. */
export class Preregistrations1765300000000 implements MigrationInterface {
  name = 'Preregistrations1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'hq_prereg',
        columns: [
          { name: 'seq', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          str('number', 20, { isUnique: true }),
          str('region', 200),
          str('office_code', 10, { isNullable: true }),
          { name: 'json', type: 'text' },
          str('created_at', 30),
          str('imported_at', 30),
          str('converted_by', 36, { isNullable: true }),
          str('converted_registration_uuid', 36, { isNullable: true }),
          str('converted_registration_number', 40, { isNullable: true }),
          str('converted_at', 30, { isNullable: true }),
        ],
      }),
    );
    await q.createIndex('hq_prereg', new TableIndex({ name: 'hq_prereg_region', columnNames: ['region', 'seq'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('hq_prereg');
  }
}
