import type { EntityManager } from 'typeorm';
import { registrationWhere, type RegistrationRaw } from '../registrations/repository';
import { localDayRange } from '../../../shared/domain/localTime';

export interface PrintFilter {
  examCode?: string;
  centreCode?: string;
  etablissementCode?: string;
  /** The day the registration was made (YYYY-MM-DD). */
  day?: string;
}

export type PrintRow = RegistrationRaw & { birth_date: string };

/** The registrations list's filter, on one day, without the withdrawn. */
function where(f: PrintFilter): [string, unknown[]] {
  const { examCode, centreCode, etablissementCode, day } = f;
  const { sql, params } = registrationWhere({ examCode, centreCode, etablissementCode, from: day, to: day });
  return [`r.status <> 'withdrawn' AND ${sql}`, params];
}

/** Registrations still standing (not withdrawn) that match the filter, by centre then number: the order of a batch. */
export async function registrationsFor(em: EntityManager, f: PrintFilter): Promise<PrintRow[]> {
  const [sql, args] = where(f);
  return (await em.query(
    `SELECT r.*, c.number AS candidate_number, c.surname || ' ' || c.given_names AS candidate_name,
        c.birth_date AS birth_date
       FROM registration r JOIN candidate c ON c.id = r.candidate_id
      WHERE ${sql} ORDER BY r.centre_code, r.number`,
    args,
  )) as PrintRow[];
}

export async function countFor(em: EntityManager, f: PrintFilter): Promise<number> {
  const [sql, args] = where(f);
  const [row] = (await em.query(`SELECT COUNT(*) AS n FROM registration r WHERE ${sql}`, args)) as { n: number }[];
  return row?.n ?? 0;
}

/** How many registrations were made on a day, per exam. */
export async function registrationsOfDay(em: EntityManager, day: string): Promise<Map<string, number>> {
  const rows = (await em.query(
    `SELECT exam_code AS exam, COUNT(*) AS n FROM registration WHERE created_at >= ? AND created_at < ? GROUP BY exam_code`,
    localDayRange(day),
  )) as { exam: string; n: number }[];
  return new Map(rows.map((r) => [r.exam, r.n]));
}

/**
 * The version a confirmation carries: how many times the registration's content changed (its
 * first save, each edit, each correction of the candidate's identity, a withdrawal), and when it
 * last did. Printing a fiche (which locks the registration) and a supervisor's unlock are versions
 * of the registration too, but change nothing the candidate reads: they are not counted, so a
 * confirmation printed after the fiche, with nothing changed, carries the same number as the fiche
 * and reprinting it does not make a new version (CYCLADES: a new version after each change).
 * A registration without its version history here (received from elsewhere) keeps its own version.
 */
export async function contentVersion(
  em: EntityManager,
  reg: Pick<RegistrationRaw, 'id' | 'version' | 'updated_at'>,
): Promise<{ version: number; since: string }> {
  const rows = (await em.query(
    `SELECT json_extract(snapshot_json, '$.status') AS status, created_at AS createdAt FROM registration_version
      WHERE registration_id = ? ORDER BY version`,
    [reg.id],
  )) as { status: string; createdAt: string }[];
  if (!rows.length) return { version: reg.version, since: reg.updated_at };
  let version = 0;
  let since = reg.updated_at;
  rows.forEach((row, i) => {
    const previous = rows[i - 1]?.status;
    const lock = i > 0 && row.status === 'locked' && previous !== 'locked';
    const unlock = previous === 'locked' && row.status === 'amended';
    if (lock || unlock) return;
    version += 1;
    since = row.createdAt;
  });
  return { version, since };
}
