import { normaliseIdNumber } from '../../shared/domain/candidate';
import { normaliseName } from '../../shared/domain/names';
import { run, type Db } from '../db/sql';

export type DuplicateReason = 'same_id_number' | 'same_name_and_birth_date';

const text = (v: unknown) => (typeof v === 'string' ? v : '');

/**
 * The forms two offices' records of one person share whatever the clerk typed: the national ID as
 * the counter stores it (capitals), the names without accents, case or punctuation.
 */
export function personKeys(payload: Record<string, unknown>) {
  const idNumber = normaliseIdNumber(text(payload.idNumber));
  const [surname, givenNames, birthDate] = [text(payload.surname), text(payload.givenNames), text(payload.birthDate)];
  const names = [normaliseName(surname), normaliseName(givenNames)];
  return {
    idType: idNumber ? text(payload.idType) : null,
    idKey: idNumber ? `${text(payload.idType)}:${idNumber}` : null,
    nameKey: names.every(Boolean) && birthDate ? `${names.join('|')}|${birthDate}` : null,
    surname,
    givenNames,
    birthDate,
  };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Two candidates who both gave an ID number of one type, and not the same, are two people whatever
 * their names: namesakes born the same day. One with no ID may still be the other.
 */
const differentIds = (x: string, y: string) =>
  `(${x}.id_key IS NOT NULL AND ${y}.id_key IS NOT NULL AND ${x}.id_key <> ${y}.id_key
    AND COALESCE(${x}.id_type, '') = COALESCE(${y}.id_type, ''))`;

/**
 * Another active registration for the same session and exam whose candidate has this one's ID
 * number, or names and birth date and no other ID number of the same type, under another
 * candidate uuid: one indexed query, from the person's keys through the candidates holding them to
 * their registrations.
 */
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
   WHERE mine.status <> 'withdrawn' AND NOT ${differentIds('p', 'me')} AND mine.`;

/**
 * Pairs noted for one record at the most. A real person is registered twice or thrice; beyond
 * this the key is a placeholder many offices typed (an ID of zeros, a name and date made up),
 * which would pair every newcomer with all before it and slow intake down with each one.
 */
export const MAX_PAIRS_PER_RECORD = 20;

type PairRow = Record<`${'m' | 'o'}_${'reg' | 'cand' | 'num' | 'office' | 'ws'}`, string> & { reason: DuplicateReason };

/** Each pair once, whichever of its two registrations (or their candidates) arrived last. */
async function keepPairs(db: Db, rows: PairRow[], now: Date) {
  for (const r of rows) {
    const [a, b] = r.m_reg < r.o_reg ? (['m', 'o'] as const) : (['o', 'm'] as const);
    const side = (s: 'm' | 'o') => [r[`${s}_reg`], r[`${s}_cand`], r[`${s}_num`], r[`${s}_office`], r[`${s}_ws`]];
    await run(
      db,
      `INSERT INTO hq_duplicate (registration_a, candidate_a, number_a, office_a, workstation_a,
         registration_b, candidate_b, number_b, office_b, workstation_b, reason, found_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (registration_a, registration_b) DO NOTHING`,
      [...side(a), ...side(b), r.reason, now.toISOString()],
    );
  }
}

/** A candidate's version, kept if it is the newest HQ holds; `findDuplicates` then compares. */
export async function notePerson(db: Db, uuid: string, version: number, payload: unknown) {
  if (!isObject(payload)) return;
  const k = personKeys(payload);
  await run(
    db,
    `INSERT INTO hq_person (candidate_uuid, version, id_type, id_key, name_key, surname, given_names, birth_date)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (candidate_uuid) DO UPDATE SET version = excluded.version, id_type = excluded.id_type,
       id_key = excluded.id_key, name_key = excluded.name_key, surname = excluded.surname,
       given_names = excluded.given_names, birth_date = excluded.birth_date
     WHERE excluded.version > hq_person.version`,
    [uuid, version, k.idType, k.idKey, k.nameKey, k.surname, k.givenNames, k.birthDate],
  );
}

/** A registration's version, kept if it is the newest HQ holds; `findDuplicates` then compares. */
export async function noteRegistration(
  db: Db,
  from: { officeCode: string; workstationId: string },
  uuid: string,
  version: number,
  payload: unknown,
) {
  if (!isObject(payload)) return;
  const p = payload;
  await run(
    db,
    `INSERT INTO hq_enrolment (registration_uuid, version, candidate_uuid, session_id, exam_code, status, number,
       office_code, workstation_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (registration_uuid) DO UPDATE SET version = excluded.version,
       candidate_uuid = excluded.candidate_uuid, session_id = excluded.session_id, exam_code = excluded.exam_code,
       status = excluded.status, number = excluded.number
     WHERE excluded.version > hq_enrolment.version`,
    [
      uuid,
      version,
      text(p.candidateId),
      text(p.sessionId),
      text(p.examCode),
      text(p.status),
      text(p.number),
      from.officeCode,
      from.workstationId,
    ],
  );
}

/**
 * The pairs the candidates and registrations just noted make, as HQ holds them now: run once per
 * record after the whole batch, so a registration withdrawn before it reached HQ (its versions 1
 * and 2 in one batch) is not paired, and a candidate and its registration cost one query.
 */
export async function findDuplicates(
  db: Db,
  noted: { candidates: Iterable<string>; registrations: Iterable<string> },
  now: Date,
) {
  const registrations = new Set(noted.registrations);
  for (const uuid of registrations)
    await keepPairs(
      db,
      await run<PairRow>(db, `${PAIRS}registration_uuid = ? LIMIT ${MAX_PAIRS_PER_RECORD}`, [uuid]),
      now,
    );
  // A candidate's registrations in this batch were compared above, with the candidate as now held.
  for (const uuid of new Set(noted.candidates))
    await keepPairs(
      db,
      (await run<PairRow>(db, `${PAIRS}candidate_uuid = ? LIMIT ${MAX_PAIRS_PER_RECORD}`, [uuid])).filter(
        (r) => !registrations.has(r.m_reg),
      ),
      now,
    );
}

export interface DuplicateSide {
  registrationUuid: string;
  candidateUuid: string;
  number: string;
  officeCode: string;
  workstationId: string;
  surname: string | null;
  givenNames: string | null;
  birthDate: string | null;
  /** The candidate's ID as HQ now holds it (number in capitals), null when none was given. */
  idType: string | null;
  idNumber: string | null;
  /** The registration's status as HQ now holds it: `withdrawn` once an office resolved the pair. */
  status: string | null;
}
export interface DuplicatePair {
  reason: DuplicateReason;
  foundAt: string;
  registrations: [DuplicateSide, DuplicateSide];
}

/**
 * The probable duplicates found, newest first, each with both candidates and registrations as HQ
 * now holds them. A pair one of whose registrations was since withdrawn (what an office does to
 * resolve it) is left out unless `all` asks for the resolved ones too; a pair whose candidates now
 * hold different ID numbers of one type is left out always.
 */
export async function duplicatePairs(db: Db, limit: number, all = false): Promise<DuplicatePair[]> {
  const cols = (s: 'a' | 'b') =>
    `d.registration_${s} AS ${s}_reg, d.candidate_${s} AS ${s}_cand, d.number_${s} AS ${s}_num,
     d.office_${s} AS ${s}_office, d.workstation_${s} AS ${s}_ws, e${s}.status AS ${s}_status,
     p${s}.surname AS ${s}_surname, p${s}.given_names AS ${s}_given, p${s}.birth_date AS ${s}_birth,
     p${s}.id_type AS ${s}_id_type, p${s}.id_key AS ${s}_id_key`;
  const open = `COALESCE(ea.status, '') <> 'withdrawn' AND COALESCE(eb.status, '') <> 'withdrawn'`;
  // Found before either gave another ID number of one type (or before HQ told them apart): not one person.
  const samePerson = `NOT ${differentIds('pa', 'pb')}`;
  const rows = await run<Record<string, string | null>>(
    db,
    `SELECT d.reason, d.found_at, ${cols('a')}, ${cols('b')} FROM hq_duplicate d
       LEFT JOIN hq_person pa ON pa.candidate_uuid = d.candidate_a
       LEFT JOIN hq_person pb ON pb.candidate_uuid = d.candidate_b
       LEFT JOIN hq_enrolment ea ON ea.registration_uuid = d.registration_a
       LEFT JOIN hq_enrolment eb ON eb.registration_uuid = d.registration_b
      WHERE ${samePerson} ${all ? '' : `AND ${open}`}
      ORDER BY d.found_at DESC, d.registration_a LIMIT ?`,
    [limit],
  );
  const side = (r: Record<string, string | null>, s: 'a' | 'b'): DuplicateSide => ({
    registrationUuid: r[`${s}_reg`]!,
    candidateUuid: r[`${s}_cand`]!,
    number: r[`${s}_num`]!,
    officeCode: r[`${s}_office`]!,
    workstationId: r[`${s}_ws`]!,
    surname: r[`${s}_surname`] ?? null,
    givenNames: r[`${s}_given`] ?? null,
    birthDate: r[`${s}_birth`] ?? null,
    idType: r[`${s}_id_key`] ? (r[`${s}_id_type`] ?? '') : null,
    idNumber: r[`${s}_id_key`]?.slice((r[`${s}_id_type`] ?? '').length + 1) ?? null,
    status: r[`${s}_status`] ?? null,
  });
  return rows.map((r) => ({
    reason: r.reason as DuplicateReason,
    foundAt: r.found_at!,
    registrations: [side(r, 'a'), side(r, 'b')],
  }));
}
