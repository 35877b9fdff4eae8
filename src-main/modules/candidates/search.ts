import type { CandidateHit } from '../../../shared/contract/candidates';
import type { EntityManager } from 'typeorm';
import { normaliseName } from '../../../shared/domain/names';

export type { CandidateHit };

/**
 * Words the clerk typed → an FTS5 query where every word must match as a prefix.
 * Only letters and digits survive, so nothing typed can change the query's syntax.
 */
export function ftsQuery(input: string): string | null {
  // A phone number is typed with spaces or dots between digit groups; search it as one number.
  if (/^[+\d\s.()-]+$/.test(input) && /\d{4}/.test(input.replace(/\D/g, ''))) return `"${input.replace(/\D/g, '')}"*`;
  const words = normaliseName(input)
    .split(' ')
    .map((w) => w.replace(/[^\p{L}\p{N}]/gu, ''))
    .filter(Boolean)
    .slice(0, 8);
  return words.length ? words.map((w) => `"${w}"*`).join(' ') : null;
}

/** The text the FTS index holds for a candidate: names, the number with and without dashes, ID, phone forms. */
export function searchText(c: {
  surname: string;
  givenNames: string;
  /** The name a candidate goes by is one a clerk may be given at the counter. */
  usageName?: string | null;
  number: string;
  idNumber: string | null;
  phone: string | null;
  phoneNational: string | null;
}): string {
  return [
    c.surname,
    c.givenNames,
    c.usageName,
    c.number,
    c.number.replace(/-/g, ''),
    c.idNumber,
    c.phone?.replace(/\D/g, ''),
    c.phoneNational,
  ]
    .filter(Boolean)
    .join(' ');
}

/**
 * Newest first rather than by bm25 rank: ranking scores every match of a short prefix ("ab" hits
 * thousands of names), while rowid order lets FTS5 stop after the first page.
 */
export async function searchCandidates(em: EntityManager, input: string, limit: number): Promise<CandidateHit[]> {
  const match = ftsQuery(input);
  if (!match) return [];
  return (await em.query(
    `SELECT c.id, c.number, c.surname, c.given_names AS givenNames, c.usage_name AS usageName,
            c.birth_date AS birthDate, c.id_number AS idNumber, c.phone
       FROM candidate_fts f JOIN candidate c ON c.rowid = f.rowid
      WHERE candidate_fts MATCH ? ORDER BY f.rowid DESC LIMIT ?`,
    [match, limit],
  )) as CandidateHit[];
}
