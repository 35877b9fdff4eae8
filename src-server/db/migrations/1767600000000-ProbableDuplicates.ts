import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { findDuplicates, notePerson, noteRegistration } from '../../modules/duplicates';

const str = (name: string, length: number, extra: object = {}) => ({
  name,
  type: 'varchar',
  length: String(length),
  ...extra,
});
const side = (s: 'a' | 'b') => [
  str(`registration_${s}`, 36, { isPrimary: true }),
  str(`candidate_${s}`, 36),
  str(`number_${s}`, 40),
  str(`office_${s}`, 10),
  str(`workstation_${s}`, 36),
];

const PAGE = 1000;

/**
 * What HQ needs to notice one person registered twice for an exam (modules/duplicates): each
 * candidate's matching keys, each registration's session and exam, and the pairs found. Filled from
 * the records already held, so a registration arriving later is compared with them too.
 */
export class ProbableDuplicates1767600000000 implements MigrationInterface {
  name = 'ProbableDuplicates1767600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'hq_person',
        columns: [
          str('candidate_uuid', 36, { isPrimary: true }),
          { name: 'version', type: 'integer' },
          str('id_key', 80, { isNullable: true }),
          str('name_key', 300, { isNullable: true }),
          str('surname', 200),
          str('given_names', 200),
          str('birth_date', 10),
        ],
        indices: [
          new TableIndex({ name: 'hq_person_id_key', columnNames: ['id_key'] }),
          new TableIndex({ name: 'hq_person_name_key', columnNames: ['name_key'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'hq_enrolment',
        columns: [
          str('registration_uuid', 36, { isPrimary: true }),
          { name: 'version', type: 'integer' },
          str('candidate_uuid', 36),
          str('session_id', 40),
          str('exam_code', 40),
          str('status', 20),
          str('number', 40),
          str('office_code', 10),
          str('workstation_id', 36),
        ],
        indices: [
          new TableIndex({
            name: 'hq_enrolment_candidate',
            columnNames: ['candidate_uuid', 'session_id', 'exam_code'],
          }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'hq_duplicate',
        columns: [...side('a'), ...side('b'), str('reason', 40), str('found_at', 30)],
        indices: [new TableIndex({ name: 'hq_duplicate_found_at', columnNames: ['found_at'] })],
      }),
    );
    const pg = q.connection.options.type === 'postgres';
    const at = (i: number) => (pg ? `$${i}` : '?');
    // By primary key, a page at a time, as HeldNumbers: never all the records in memory.
    let after = { uuid: '', version: 0 };
    for (;;) {
      const rows = (await q.query(
        `SELECT uuid, version, entity, payload_json, office_code, workstation_id, received_at FROM hq_record
          WHERE (entity = 'candidate' OR entity = 'registration')
            AND (uuid > ${at(1)} OR (uuid = ${at(2)} AND version > ${at(3)}))
          ORDER BY uuid, version LIMIT ${PAGE}`,
        [after.uuid, after.uuid, after.version],
      )) as {
        uuid: string;
        version: number;
        entity: string;
        payload_json: string;
        office_code: string;
        workstation_id: string;
        received_at: string;
      }[];
      for (const r of rows) {
        let payload: unknown;
        try {
          payload = JSON.parse(r.payload_json);
        } catch {
          continue;
        }
        if (r.entity === 'candidate') await notePerson(q, r.uuid, Number(r.version), payload);
        else
          await noteRegistration(
            q,
            { officeCode: r.office_code, workstationId: r.workstation_id },
            r.uuid,
            Number(r.version),
            payload,
          );
      }
      if (rows.length < PAGE) break;
      after = { uuid: rows.at(-1)!.uuid, version: Number(rows.at(-1)!.version) };
    }
    // Compared once all are in: each pair's second registration may come first by uuid.
    const now = new Date();
    for (let last = ''; ;) {
      const page = (await q.query(
        `SELECT registration_uuid AS uuid FROM hq_enrolment WHERE registration_uuid > ${at(1)}
          ORDER BY registration_uuid LIMIT ${PAGE}`,
        [last],
      )) as { uuid: string }[];
      await findDuplicates(q, { candidates: [], registrations: page.map((r) => r.uuid) }, now);
      if (page.length < PAGE) break;
      last = page.at(-1)!.uuid;
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('hq_duplicate');
    await q.dropTable('hq_enrolment');
    await q.dropTable('hq_person');
  }
}
