import type { EntityManager } from 'typeorm';
import type { DossierState, PieceStatus } from '../../../shared/contract/dossier';
import type { Catalogue } from '../../../shared/domain/catalogue';

export interface PieceRow {
  id: string;
  registration_id: string;
  piece_code: string;
  status: PieceStatus;
  comment: string | null;
  file_sha256: string | null;
  file_name: string | null;
  version: number;
  updated_by: string | null;
  updated_at: string;
  mime: string | null;
  size: number | null;
}

export interface DossierRow {
  registration_id: string;
  id: string;
  photo_sha256: string | null;
  photo_number: string | null;
  photo_at: string | null;
  merged_sha256: string | null;
  merged_at: string | null;
  version: number;
  updated_by: string | null;
  updated_at: string;
}

export async function pieceRows(em: EntityManager, registrationId: string): Promise<PieceRow[]> {
  return (await em.query(
    `SELECT p.*, f.mime, f.size FROM dossier_piece p LEFT JOIN stored_file f ON f.sha256 = p.file_sha256
      WHERE p.registration_id = ?`,
    [registrationId],
  )) as PieceRow[];
}

export async function dossierRow(em: EntityManager, registrationId: string): Promise<DossierRow | null> {
  const [row] = (await em.query(`SELECT * FROM dossier WHERE registration_id = ?`, [registrationId])) as DossierRow[];
  return row ?? null;
}

export async function storedFile(em: EntityManager, sha256: string) {
  const [row] = (await em.query(`SELECT sha256, size, mime FROM stored_file WHERE sha256 = ?`, [sha256])) as {
    sha256: string;
    size: number;
    mime: string;
  }[];
  return row ?? null;
}

export async function indexFile(em: EntityManager, file: { sha256: string; size: number; mime: string }, now: string) {
  await em.query(`INSERT OR IGNORE INTO stored_file (sha256, size, mime, created_at) VALUES (?,?,?,?)`, [
    file.sha256,
    file.size,
    file.mime,
    now,
  ]);
}

/**
 * (exam, category, piece, only with accommodations) for every piece that may be mandatory,
 * expanded over the categories it applies to.
 */
function mandatoryPairs(c: Catalogue): [string, string, string, number][] {
  const all = c.categories.map((x) => x.code);
  return c.pieces
    .filter((p) => p.mandatory || p.mandatoryWithAccommodations)
    .flatMap((p) =>
      (p.categories ?? all).map(
        (cat) => [p.examCode, cat, p.code, p.mandatory ? 0 : 1] as [string, string, string, number],
      ),
    );
}

/**
 * An SQL expression, true when registration `r` has its exam photo and every mandatory piece of
 * the catalogue conforme, with its parameters; shared by the dossier list and the registrations list.
 */
export function dossierCompleteSql(c: Catalogue): { sql: string; params: unknown[] } {
  const photo = `EXISTS (SELECT 1 FROM dossier dp WHERE dp.registration_id = r.id AND dp.photo_sha256 IS NOT NULL)`;
  const pairs = mandatoryPairs(c);
  if (!pairs.length) return { sql: photo, params: [] };
  const req = pairs
    .map(() => 'SELECT ? AS exam_code, ? AS category, ? AS piece_code, ? AS with_accommodations')
    .join(' UNION ALL ');
  return {
    // In parentheses: callers negate it for "incomplet".
    sql: `(${photo} AND NOT EXISTS (
      SELECT 1 FROM (${req}) req WHERE req.exam_code = r.exam_code AND req.category = r.category
        AND (req.with_accommodations = 0 OR json_extract(r.details_json, '$.accommodations.needed') = 1)
        AND NOT EXISTS (SELECT 1 FROM dossier_piece p
          WHERE p.registration_id = r.id AND p.piece_code = req.piece_code AND p.status = 'conforme')))`,
    params: pairs.flat(),
  };
}

export interface ListRow {
  registrationId: string;
  number: string;
  candidateName: string;
  candidateNumber: string;
  examCode: string;
  state: DossierState;
}

/**
 * Registrations with their dossier state computed in SQL (complete when no mandatory piece of the
 * catalogue lacks a conforme row), so the filter pages through the table instead of loading it.
 */
export async function listDossiers(
  em: EntityManager,
  c: Catalogue,
  filter: { state?: DossierState; examCode?: string; limit: number },
): Promise<ListRow[]> {
  const complete = dossierCompleteSql(c);
  const where = [`r.status <> 'withdrawn'`];
  const params: unknown[] = [...complete.params];
  if (filter.examCode) {
    where.push('r.exam_code = ?');
    params.push(filter.examCode);
  }
  if (filter.state) where.push(filter.state === 'complet' ? 'd.complete = 1' : 'd.complete = 0');
  params.push(filter.limit);
  const rows = (await em.query(
    `WITH d AS (SELECT r.id, ${complete.sql} AS complete FROM registration r)
     SELECT r.id AS registrationId, r.number, c.surname || ' ' || c.given_names AS candidateName,
            c.number AS candidateNumber, r.exam_code AS examCode, d.complete
       FROM registration r JOIN d ON d.id = r.id JOIN candidate c ON c.id = r.candidate_id
      WHERE ${where.join(' AND ')}
      ORDER BY r.created_at DESC, r.number DESC LIMIT ?`,
    params,
  )) as (Omit<ListRow, 'state'> & { complete: number })[];
  return rows.map(({ complete, ...r }) => ({ ...r, state: complete ? 'complet' : 'incomplet' }));
}
