import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { normaliseName } from '../../../shared/domain/names';
import { run } from '../sql';

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

/*
 * What modules/duplicates did as of this migration (personKeys, notePerson, noteRegistration and
 * findDuplicates for registrations), frozen here: the module may read or write columns later
 * migrations add, which an old HQ upgraded through this one does not have yet. The names'
 * normalisation is the domain's (shared/domain/names), the one intake keys later arrivals with.
 */

interface HeldRecord {
  uuid: string;
  version: number;
  entity: string;
  payload_json: string;
  office_code: string;
  workstation_id: string;
  received_at: string;
}

const text = (v: unknown) => (typeof v === 'string' ? v : '');
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The newest version of a candidate's keys: its national ID as the counter stores it, its names without accents. */
async function notePerson(q: QueryRunner, r: HeldRecord, p: Record<string, unknown>) {
  const idNumber = text(p.idNumber).trim().toUpperCase();
  const [surname, givenNames, birthDate] = [text(p.surname), text(p.givenNames), text(p.birthDate)];
  const names = [normaliseName(surname), normaliseName(givenNames)];
  await run(
    q,
    `INSERT INTO hq_person (candidate_uuid, version, id_key, name_key, surname, given_names, birth_date)
     VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (candidate_uuid) DO UPDATE SET version = excluded.version, id_key = excluded.id_key,
       name_key = excluded.name_key, surname = excluded.surname, given_names = excluded.given_names,
       birth_date = excluded.birth_date
     WHERE excluded.version > hq_person.version`,
    [
      r.uuid,
      Number(r.version),
      idNumber ? `${text(p.idType)}:${idNumber}` : null,
      names.every(Boolean) && birthDate ? `${names.join('|')}|${birthDate}` : null,
      surname,
      givenNames,
      birthDate,
    ],
  );
}

/** The newest version of a registration's session, exam and status, with where it came from. */
async function noteRegistration(q: QueryRunner, r: HeldRecord, p: Record<string, unknown>) {
  await run(
    q,
    `INSERT INTO hq_enrolment (registration_uuid, version, candidate_uuid, session_id, exam_code, status, number,
       office_code, workstation_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (registration_uuid) DO UPDATE SET version = excluded.version,
       candidate_uuid = excluded.candidate_uuid, session_id = excluded.session_id, exam_code = excluded.exam_code,
       status = excluded.status, number = excluded.number
     WHERE excluded.version > hq_enrolment.version`,
    [
      r.uuid,
      Number(r.version),
      text(p.candidateId),
      text(p.sessionId),
      text(p.examCode),
      text(p.status),
      text(p.number),
      r.office_code,
      r.workstation_id,
    ],
  );
}

/** Another active registration of the session and exam, under another candidate with this one's ID or names. */
const PAIRS = `
  SELECT mine.registration_uuid AS m_reg, mine.candidate_uuid AS m_cand, mine.number AS m_num,
         mine.office_code AS m_office, mine.workstation_id AS m_ws,
         other.registration_uuid AS o_reg, other.candidate_uuid AS o_cand, other.number AS o_num,
         other.office_code AS o_office, other.workstation_id AS o_ws,
         CASE WHEN p.id_key = me.id_key THEN 'same_id_number' ELSE 'same_name_and_birth_date' END AS reason
    FROM hq_enrolment mine
    JOIN hq_person me ON me.candidate_uuid = mine.candidate_uuid
    JOIN hq_person p ON (p.id_key = me.id_key OR p.name_key = me.name_key) AND p.candidate_uuid <> me.candidate_uuid
    JOIN hq_enrolment other ON other.candidate_uuid = p.candidate_uuid AND other.session_id = mine.session_id
         AND other.exam_code = mine.exam_code AND other.status <> 'withdrawn'
   WHERE mine.status <> 'withdrawn' AND mine.registration_uuid = ?`;

type PairRow = Record<`${'m' | 'o'}_${'reg' | 'cand' | 'num' | 'office' | 'ws'}`, string> & { reason: string };

/** Each pair once, the smaller registration uuid first. */
async function keepPairs(q: QueryRunner, rows: PairRow[], foundAt: string) {
  for (const r of rows) {
    const [a, b] = r.m_reg < r.o_reg ? (['m', 'o'] as const) : (['o', 'm'] as const);
    const side = (s: 'm' | 'o') => [r[`${s}_reg`], r[`${s}_cand`], r[`${s}_num`], r[`${s}_office`], r[`${s}_ws`]];
    await run(
      q,
      `INSERT INTO hq_duplicate (registration_a, candidate_a, number_a, office_a, workstation_a,
         registration_b, candidate_b, number_b, office_b, workstation_b, reason, found_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (registration_a, registration_b) DO NOTHING`,
      [...side(a), ...side(b), r.reason, foundAt],
    );
  }
}

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
    // By primary key, a page at a time, as HeldNumbers: never all the records in memory.
    let after = { uuid: '', version: 0 };
    for (;;) {
      const rows = await run<HeldRecord>(
        q,
        `SELECT uuid, version, entity, payload_json, office_code, workstation_id, received_at FROM hq_record
          WHERE (entity = 'candidate' OR entity = 'registration') AND (uuid > ? OR (uuid = ? AND version > ?))
          ORDER BY uuid, version LIMIT ${PAGE}`,
        [after.uuid, after.uuid, after.version],
      );
      for (const r of rows) {
        let payload: unknown;
        try {
          payload = JSON.parse(r.payload_json);
        } catch {
          continue;
        }
        if (isObject(payload)) await (r.entity === 'candidate' ? notePerson : noteRegistration)(q, r, payload);
      }
      if (rows.length < PAGE) break;
      after = { uuid: rows.at(-1)!.uuid, version: Number(rows.at(-1)!.version) };
    }
    // Compared once all are in: each pair's second registration may come first by uuid.
    const now = new Date().toISOString();
    for (let last = ''; ;) {
      const page = await run<{ uuid: string }>(
        q,
        `SELECT registration_uuid AS uuid FROM hq_enrolment WHERE registration_uuid > ?
          ORDER BY registration_uuid LIMIT ${PAGE}`,
        [last],
      );
      for (const { uuid } of page) await keepPairs(q, await run<PairRow>(q, PAIRS, [uuid]), now);
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
