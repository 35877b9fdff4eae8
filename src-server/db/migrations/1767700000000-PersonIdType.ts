import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Each candidate's ID type on its own (modules/duplicates): two people with different ID numbers
 * of one type are not paired on their names and birth date. Filled from the ID key HQ holds, the
 * type before its first colon (no ID type has one).
 */
export class PersonIdType1767700000000 implements MigrationInterface {
  name = 'PersonIdType1767700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn(
      'hq_person',
      new TableColumn({ name: 'id_type', type: 'varchar', length: '20', isNullable: true }),
    );
    const typeOf =
      q.connection.options.type === 'postgres'
        ? `split_part(id_key, ':', 1)`
        : `substr(id_key, 1, instr(id_key, ':') - 1)`;
    await q.query(`UPDATE hq_person SET id_type = ${typeOf} WHERE id_key IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('hq_person', 'id_type');
  }
}
