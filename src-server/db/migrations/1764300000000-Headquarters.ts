import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

const str = (name: string, length: number, extra: object = {}) => ({
  name,
  type: 'varchar',
  length: String(length),
  ...extra,
});

/** Written with TypeORM's Table API so the same migration builds SQLite and PostgreSQL schemas. */
export class Headquarters1764300000000 implements MigrationInterface {
  name = 'Headquarters1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'hq_office',
        columns: [str('code', 10, { isPrimary: true }), str('name', 200), str('region', 200), str('created_at', 30)],
      }),
    );
    await q.createTable(
      new Table({
        name: 'enrolment_code',
        columns: [
          str('code_hash', 64, { isPrimary: true }),
          str('office_code', 10),
          str('expires_at', 30),
          str('used_at', 30, { isNullable: true }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'hq_workstation',
        columns: [
          str('id', 36, { isPrimary: true }),
          str('office_code', 10),
          str('code', 10),
          str('token_hash', 64, { isUnique: true }),
          { name: 'revoked', type: 'boolean', default: false },
          str('enrolled_at', 30),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'hq_catalogue',
        columns: [
          { name: 'version', type: 'integer', isPrimary: true },
          { name: 'json', type: 'text' },
          str('published_at', 30),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'hq_record',
        columns: [
          str('uuid', 36, { isPrimary: true }),
          { name: 'version', type: 'integer', isPrimary: true },
          str('entity', 40),
          str('payload_hash', 64),
          { name: 'payload_json', type: 'text' },
          str('office_code', 10),
          str('workstation_id', 36),
          str('received_at', 30),
        ],
      }),
    );
    await q.createIndex(
      'hq_record',
      new TableIndex({ name: 'hq_record_office', columnNames: ['office_code', 'entity'] }),
    );
    await q.createTable(
      new Table({
        name: 'hq_conflict',
        columns: [
          str('id', 36, { isPrimary: true }),
          str('uuid', 36),
          { name: 'version', type: 'integer' },
          str('payload_hash', 64),
          { name: 'payload_json', type: 'text' },
          str('workstation_id', 36),
          str('received_at', 30),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'hq_file',
        columns: [str('sha256', 64, { isPrimary: true }), { name: 'size', type: 'integer' }, str('stored_at', 30)],
      }),
    );
    await q.createTable(
      new Table({
        name: 'hq_verdict',
        columns: [
          { name: 'seq', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          str('registration_uuid', 36),
          str('office_code', 10),
          str('kind', 30),
          str('reason', 500, { isNullable: true }),
          str('piece_code', 40, { isNullable: true }),
          str('created_at', 30),
        ],
      }),
    );
    await q.createIndex(
      'hq_verdict',
      new TableIndex({ name: 'hq_verdict_office', columnNames: ['office_code', 'seq'] }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'hq_verdict',
      'hq_file',
      'hq_conflict',
      'hq_record',
      'hq_catalogue',
      'hq_workstation',
      'enrolment_code',
      'hq_office',
    ])
      await q.dropTable(t);
  }
}
