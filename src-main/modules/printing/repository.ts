import type { EntityManager } from 'typeorm';
import type { RegistrationRaw } from '../registrations/repository';

export interface PrintFilter {
  examCode?: string;
  centreCode?: string;
  etablissementCode?: string;
  /** The day the registration was made (YYYY-MM-DD). */
  day?: string;
}

/** Registrations still standing (not withdrawn) that match the filter, by centre then number: the order of a batch. */
export type PrintRow = RegistrationRaw & { birth_date: string };

export async function registrationsFor(em: EntityManager, f: PrintFilter): Promise<PrintRow[]> {
  const where = [`r.status <> 'withdrawn'`];
  const args: unknown[] = [];
  for (const [sql, value] of [
    ['r.exam_code = ?', f.examCode],
    ['r.centre_code = ?', f.centreCode],
    ['r.etablissement_code = ?', f.etablissementCode],
    ['substr(r.created_at, 1, 10) = ?', f.day],
  ] as const) {
    if (!value) continue;
    where.push(sql);
    args.push(value);
  }
  return (await em.query(
    `SELECT r.*, c.number AS candidate_number, c.surname || ' ' || c.given_names AS candidate_name,
        c.birth_date AS birth_date
       FROM registration r JOIN candidate c ON c.id = r.candidate_id
      WHERE ${where.join(' AND ')} ORDER BY r.centre_code, r.number`,
    args,
  )) as PrintRow[];
}

/** How many registrations were made on a day, per exam. */
export async function registrationsOfDay(em: EntityManager, day: string): Promise<Map<string, number>> {
  const rows = (await em.query(
    `SELECT exam_code AS exam, COUNT(*) AS n FROM registration WHERE substr(created_at, 1, 10) = ? GROUP BY exam_code`,
    [day],
  )) as { exam: string; n: number }[];
  return new Map(rows.map((r) => [r.exam, r.n]));
}
