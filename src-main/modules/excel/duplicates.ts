import type { EntityManager } from 'typeorm';
import type { CandidatesService } from '../candidates/service';
import { RowErrors, type CheckedRow, type RowContext, type RuledRow } from './validate';

/**
 * The rules that need the database, on one chunk of ruled rows: a national ID or a close name with
 * the same birth date already registered. Only candidates up to rowid `upTo` count: the ones this
 * very import saved since are not "already registered" (a twin inside the file is reported as
 * such), and preview and commit must agree.
 */
export async function withDatabaseDuplicates(
  ctx: Pick<RowContext, 'columns' | 'positions'>,
  rows: RuledRow[],
  candidates: CandidatesService,
  em: EntityManager,
  upTo: number,
): Promise<CheckedRow[]> {
  const known = await knownBirthDates(em, rows, upTo);
  const out: CheckedRow[] = [];
  for (const { probe, ...row } of rows) {
    // Without an ID number and with a birth date nobody has, findDuplicates can only answer "none".
    if (!probe || !(probe.idNumber || known.has(probe.birthDate))) {
      out.push(row);
      continue;
    }
    const errors = new RowErrors(ctx, row.row, row.errors);
    for (const d of await candidates.findDuplicates(probe, em, upTo)) {
      if (d.reason === 'same_national_id')
        errors.add('idNumber', 'duplicate_national_id_db', { number: d.candidate.number });
      else errors.add('surname', 'possible_duplicate_db', { number: d.candidate.number });
    }
    const failed = errors.size > 0;
    out.push({
      ...row,
      errors: errors.list(),
      identity: failed ? null : row.identity,
      application: failed ? null : row.application,
      epreuves: failed ? null : row.epreuves,
      keys: failed ? null : row.keys,
    });
  }
  return out;
}

/** The last candidate saved before an import starts: everything after it is the import's own. */
export async function lastCandidateRowid(em: EntityManager): Promise<number> {
  const [row] = (await em.query(`SELECT COALESCE(MAX(rowid), 0) AS last FROM candidate`)) as { last: number }[];
  return row?.last ?? 0;
}

async function knownBirthDates(em: EntityManager, rows: RuledRow[], upTo: number): Promise<Set<string>> {
  const dates = [...new Set(rows.flatMap((r) => (r.probe?.birthDate ? [r.probe.birthDate] : [])))];
  if (!dates.length) return new Set();
  const found = (await em.query(
    `SELECT DISTINCT birth_date FROM candidate WHERE birth_date IN (${dates.map(() => '?').join(',')}) AND rowid <= ?`,
    [...dates, upTo],
  )) as { birth_date: string }[];
  return new Set(found.map((r) => r.birth_date));
}
