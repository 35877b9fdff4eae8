import type { EntityManager } from 'typeorm';
import type { PieceStatus } from '../../../shared/contract/dossier';
import { piecesFor, type Catalogue } from '../../../shared/domain/catalogue';
import { dossierCompleteSql } from '../dossier/repository';
import { asksAccommodations, registrationWhere, type RegistrationRaw } from '../registrations/repository';
import { stillMissing } from './dossierFacts';
import type { ReminderRow } from './types';

type Row = RegistrationRaw & { phone: string | null; photo_sha256: string | null };

/**
 * Who to call about their dossier (CYCLADES "relance des pièces"): every registration still
 * standing whose dossier is incomplet, with the candidate's phone and what is still to bring, the
 * nearest deadline first. Pieces received but not yet judged are the office's work, not the
 * candidate's: a dossier waiting only on those is nobody to call.
 */
export async function reminders(
  em: EntityManager,
  catalogue: Catalogue,
  filter: { examCode?: string; centreCode?: string },
): Promise<ReminderRow[]> {
  const where = registrationWhere({ ...filter, dossierState: 'incomplet' }, dossierCompleteSql(catalogue));
  const rows = (await em.query(
    `SELECT r.*, c.number AS candidate_number, c.surname || ' ' || c.given_names AS candidate_name, c.phone,
        d.photo_sha256
       FROM registration r JOIN candidate c ON c.id = r.candidate_id
       LEFT JOIN dossier d ON d.registration_id = r.id
      WHERE r.status <> 'withdrawn' AND ${where.sql}`,
    where.params,
  )) as Row[];
  // The pieces of the same exam and centre: the completeness expression is not worth evaluating twice.
  const scope = registrationWhere(filter);
  const statuses = new Map<string, Map<string, PieceStatus>>();
  const pieceRows = (await em.query(
    `SELECT p.registration_id AS id, p.piece_code AS code, p.status FROM dossier_piece p
       JOIN registration r ON r.id = p.registration_id WHERE r.status <> 'withdrawn' AND ${scope.sql}`,
    scope.params,
  )) as { id: string; code: string; status: PieceStatus }[];
  for (const p of pieceRows) statuses.set(p.id, (statuses.get(p.id) ?? new Map()).set(p.code, p.status));

  return rows
    .map((r) => {
      const held = statuses.get(r.id) ?? new Map<string, PieceStatus>();
      const missing = piecesFor(catalogue, r.exam_code, r.category, asksAccommodations(r))
        .filter((p) => p.mandatory && stillMissing(held.get(p.code)))
        .map((p) => ({ label: p.label, deadline: p.deadline ?? null, status: held.get(p.code) ?? 'manquante' }));
      return {
        registration: r.number,
        name: r.candidate_name,
        phone: r.phone,
        exam: [r.exam_code, r.series_code].filter(Boolean).join(' '),
        missing,
        photoMissing: !r.photo_sha256,
      };
    })
    .filter((r) => r.missing.length || r.photoMissing)
    .sort((a, b) => nearest(a).localeCompare(nearest(b)) || a.name.localeCompare(b.name, 'fr'));
}

/** The nearest deadline of what is missing; none sorts last. */
const nearest = (r: ReminderRow) =>
  r.missing
    .map((m) => m.deadline ?? '9999')
    .sort()
    .at(0) ?? '9999';
