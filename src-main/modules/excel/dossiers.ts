import type { EntityManager } from 'typeorm';
import type { PieceStatus } from '../../../shared/contract/dossier';
import type { Catalogue } from '../../../shared/domain/catalogue';
import { checklist } from '../dossier/checklist';
import type { DossierRow, PieceRow } from '../dossier/repository';
import { SELECT_REGISTRATION, type RegistrationRaw } from '../registrations/repository';
import type { SqlPart } from '../registrations/repository';
import { catalogueNames, STATUS, type Table } from './export';
import { displayNames } from '../users/names';

const PIECE_STATUS: Record<PieceStatus, string> = {
  manquante: 'Manquante',
  recue: 'Reçue',
  non_conforme: 'Non conforme',
  conforme: 'Conforme',
  non_applicable: 'Non applicable',
};

const groupBy = <T extends { registration_id: string }>(rows: T[]) => {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const list = out.get(r.registration_id);
    if (list) list.push(r);
    else out.set(r.registration_id, [r]);
  }
  return out;
};

/**
 * One row per registration with each catalogue piece's status and its comment, the exam photo and
 * whether the dossier is complete. Three queries for the whole list, then the dossier page's own
 * checklist per registration, so "Dossier complet" here is what the clerk sees there.
 */
export async function dossiersTable(em: EntityManager, catalogue: Catalogue, where: SqlPart): Promise<Table> {
  const regs = (await em.query(
    `${SELECT_REGISTRATION} WHERE ${where.sql} ORDER BY r.exam_code, c.surname, c.given_names, r.number`,
    where.params,
  )) as RegistrationRaw[];
  const pieces = groupBy(
    (await em.query(
      `SELECT p.*, sf.mime, sf.size FROM dossier_piece p JOIN registration r ON r.id = p.registration_id
         LEFT JOIN stored_file sf ON sf.sha256 = p.file_sha256 WHERE ${where.sql}`,
      where.params,
    )) as PieceRow[],
  );
  const dossiers = groupBy(
    (await em.query(
      `SELECT d.* FROM dossier d JOIN registration r ON r.id = d.registration_id WHERE ${where.sql}`,
      where.params,
    )) as DossierRow[],
  );

  // A column per piece any exported exam asks for, in catalogue order; the others' cells stay empty.
  const pieceColumns = new Map<string, string>();
  const names = catalogueNames(catalogue);
  const nameOf = await displayNames(em);
  const rows = regs.map((reg) => {
    const d = checklist(catalogue, reg, pieces.get(reg.id) ?? [], dossiers.get(reg.id)?.[0] ?? null, nameOf);
    const row: Table['rows'][number] = {
      number: reg.number,
      candidate_name: reg.candidate_name,
      exam_code: reg.exam_code,
      exam_name: names.exam(reg.exam_code),
      centre_code: reg.centre_code,
      centre_name: names.centre(reg.centre_code),
      etablissement_code: reg.etablissement_code,
      etablissement_name: names.etablissement(reg.etablissement_code),
      status: STATUS[reg.status] ?? reg.status,
      photo: d.photo ? 'Fournie' : 'Manquante',
      complete: d.state === 'complet' ? 'Oui' : 'Non',
    };
    for (const p of d.pieces) {
      if (!pieceColumns.has(p.code)) pieceColumns.set(p.code, p.label);
      row[`piece:${p.code}`] = PIECE_STATUS[p.status];
      row[`comment:${p.code}`] = p.comment;
    }
    return row;
  });
  const order = catalogue.pieces.map((p) => p.code);
  const codes = [...pieceColumns.keys()].sort((a, b) => order.indexOf(a) - order.indexOf(b));
  return {
    sheet: 'Dossiers',
    columns: [
      { header: 'N° inscription', key: 'number', width: 24 },
      { header: 'Candidat', key: 'candidate_name', width: 30 },
      { header: 'Examen', key: 'exam_code', width: 10 },
      { header: 'Intitulé de l’examen', key: 'exam_name', width: 30 },
      { header: 'Centre', key: 'centre_code', width: 10 },
      { header: 'Nom du centre', key: 'centre_name', width: 28 },
      { header: 'Établissement', key: 'etablissement_code', width: 14 },
      { header: 'Nom de l’établissement', key: 'etablissement_name', width: 28 },
      { header: 'Statut', key: 'status', width: 14 },
      ...codes.flatMap((code) => [
        { header: pieceColumns.get(code)!, key: `piece:${code}`, width: 16 },
        { header: `${pieceColumns.get(code)!} — motif`, key: `comment:${code}`, width: 24 },
      ]),
      { header: 'Photo d’examen', key: 'photo', width: 14 },
      { header: 'Dossier complet', key: 'complete', width: 10 },
    ],
    rows,
  };
}
