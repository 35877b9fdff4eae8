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
  const found = await find(rows.flatMap((r) => (r.probe ? [r.probe] : [])));
  let next = 0;
  const out: CheckedRow[] = [];
  for (const { probe, ...row } of rows) {
    const duplicates = probe ? found[next++]! : [];
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
    out.push({ ...row, errors: errors.list(), identity: null, application: null, epreuves: null, keys: null });
  }
  return out;
}

/** The last candidate saved before an import starts: everything after it is the import's own. */
export async function lastCandidateRowid(em: EntityManager): Promise<number> {
  const [row] = (await em.query(`SELECT COALESCE(MAX(rowid), 0) AS last FROM candidate`)) as { last: number }[];
  return row?.last ?? 0;
}
