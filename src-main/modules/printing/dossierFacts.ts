import type { EntityManager } from 'typeorm';
import type { PieceStatus } from '../../../shared/contract/dossier';
import type { FileStore } from '../dossier/fileStore';

const isJpeg = (b: Buffer) => b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;

/**
 * The exam photo the dossier holds for a registration, as JPEG bytes, or null. A row whose file
 * has not reached this workstation yet (sync pushes files after their record) prints the empty
 * box rather than failing the print.
 */
export async function examPhoto(em: EntityManager, files: FileStore, registrationId: string) {
  const [row] = (await em.query(`SELECT photo_sha256 AS sha FROM dossier WHERE registration_id = ?`, [
    registrationId,
  ])) as { sha: string | null }[];
  if (!row?.sha) return null;
  const bytes = await files.get(row.sha).catch(() => null);
  return bytes && isJpeg(bytes) ? { sha256: row.sha, bytes } : null;
}

/** The status of each piece the dossier has a row for; a piece without one is still "manquante". */
export async function pieceStatuses(em: EntityManager, registrationId: string): Promise<Map<string, PieceStatus>> {
  const rows = (await em.query(`SELECT piece_code AS code, status FROM dossier_piece WHERE registration_id = ?`, [
    registrationId,
  ])) as { code: string; status: PieceStatus }[];
  return new Map(rows.map((r) => [r.code, r.status]));
}

/** What the candidate still has to bring: nothing yet received, or received and refused. */
export const stillMissing = (status: PieceStatus | undefined) =>
  status === undefined || status === 'manquante' || status === 'non_conforme';
