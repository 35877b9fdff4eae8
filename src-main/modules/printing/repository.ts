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
