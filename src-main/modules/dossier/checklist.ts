import type { Dossier, DossierState } from '../../../shared/contract/dossier';
import { findExam, piecesFor, type Catalogue } from '../../../shared/domain/catalogue';
import { asksAccommodations, type RegistrationRaw } from '../registrations/repository';
import type { DossierRow, PieceRow } from './repository';

/**
 * The checklist is the catalogue's pieces for the exam and category, each with its row if there
 * is one (no row: "manquante"). Complete when every mandatory piece is conforme; rows for pieces
 * a newer catalogue no longer asks for are kept but not shown. The exam photo completes the
 * dossier (PIENA: "complété par la photo d'examen"): without it a dossier is never complet.
 * `nameOf` gives the display name of who last set a piece (users/names.ts).
 */
export function checklist(
  c: Catalogue,
  reg: RegistrationRaw,
  rows: PieceRow[],
  d: DossierRow | null,
  nameOf: (username: string) => string,
): Dossier {
  const byCode = new Map(rows.map((r) => [r.piece_code, r]));
  const pieces = piecesFor(c, reg.exam_code, reg.category, asksAccommodations(reg)).map((p) => {
    const row = byCode.get(p.code);
    return {
      code: p.code,
      label: p.label,
      mandatory: p.mandatory,
      formats: p.formats,
      maxBytes: p.maxBytes,
      deadline: p.deadline ?? null,
      status: row?.status ?? ('manquante' as const),
      comment: row?.comment ?? null,
      file:
        row?.file_sha256 && row.mime
          ? { sha256: row.file_sha256, name: row.file_name, mime: row.mime, size: row.size ?? 0 }
          : null,
      updatedBy: row?.updated_by ?? null,
      updatedByName: row?.updated_by ? nameOf(row.updated_by) : null,
      updatedAt: row?.updated_at ?? null,
    };
  });
  const photo =
    d?.photo_sha256 && d.photo_at
      ? { sha256: d.photo_sha256, photoNumber: d.photo_number, updatedAt: d.photo_at }
      : null;
  const state: DossierState =
    photo && pieces.every((p) => !p.mandatory || p.status === 'conforme') ? 'complet' : 'incomplet';
  return {
    registration: {
      id: reg.id,
      number: reg.number,
      candidateId: reg.candidate_id,
      candidateName: reg.candidate_name,
      candidateNumber: reg.candidate_number,
      examCode: reg.exam_code,
      examLabel: findExam(c, reg.exam_code)?.label ?? reg.exam_code,
      category: reg.category,
      status: reg.status,
    },
    state,
    pieces,
    photo,
    merged: d?.merged_sha256 && d.merged_at ? { sha256: d.merged_sha256, createdAt: d.merged_at } : null,
  };
}
