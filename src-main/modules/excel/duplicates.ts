import type { EntityManager } from 'typeorm';
import type { CandidatesService } from '../candidates/service';
import { RowErrors, type CheckedRow, type RowContext, type RuledRow } from './validate';

export type FindDuplicates = ReturnType<CandidatesService['duplicateFinder']>;

/**
 * The rules that need the database, on one chunk of ruled rows: a national ID or a close name with
 * the same birth date already registered. `find` is one `duplicateFinder` for the whole list,
 * bounded to the candidates up to the rowid where the import started: the ones this very import
 * saved since are not "already registered" (a twin inside the file is reported as such), and
 * preview and commit must agree.
 */
export async function withDatabaseDuplicates(
  ctx: Pick<RowContext, 'columns' | 'positions'>,
  rows: RuledRow[],
  find: FindDuplicates,
): Promise<CheckedRow[]> {
  const probed = rows.filter((r) => r.probe);
  const matches = new Map(probed.map((r, i) => [r, i]));
  const found = await find(probed.map((r) => r.probe!));
  const out: CheckedRow[] = [];
  for (const ruled of rows) {
    const { probe, ...row } = ruled;
    const duplicates = probe ? found[matches.get(ruled)!]! : [];
    if (!duplicates.length) {
      out.push(row);
      continue;
    }
    const errors = new RowErrors(ctx, row.row, row.errors);
    for (const d of duplicates) {
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
