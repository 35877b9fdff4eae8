import type { Dossier, DossierState, PieceStatus } from '../../../shared/contract/dossier';
import { piecesFor } from '../../../shared/domain/catalogue';
import { AppError, fieldError } from '../../core/errors';
import type { IdGenerator } from '../../core/ids';
import { SYSTEM_ACTOR, type Actor, type Store, type Tx } from '../../db/store';
import type { Session } from '../auth/sessions';
import type { ReferenceService } from '../reference/service';
import { asksAccommodations, findRegistration, type RegistrationRaw } from '../registrations/repository';
import type { SetupService } from '../setup/service';
import { checklist } from './checklist';
import type { FileStore } from './fileStore';
import { inspectPiece, MIME, refuse } from './inspect';
import { mergeDossier } from './merged';
import { normalisePhoto, photoSpecOf } from './photo';
import { dossierRow, indexFile, listDossiers, pieceRows, storedFile, type PieceRow } from './repository';
import type { AuditAction } from '../../../shared/domain/auditActions';
import { displayNames } from '../users/names';
import { withholdFile } from '../sync/files';
import { activeContentComment, recordCheck, type UncheckedPiece } from './recheck';

const actorOf = (s: Session): Actor => ({ id: s.userId, name: s.username });

/** A piece's next state; `checked` when its file was looked at for active content (recheck.ts). */
type PieceDecision = (
  tx: Tx,
  before: PieceRow | null,
) => Promise<{
  status: PieceStatus;
  comment: string | null;
  sha256: string | null;
  fileName: string | null;
  checked?: { sha256: string; activeContent: string | null };
}>;

/**
 * The dossier of a registration: the catalogue's required pieces with a status each, the exam
 * photo and the merged PDF. Files are checked and normalised before anything is written; the
 * bytes reach the store (atomically) before the row that points at them, so a failure at any
 * point leaves the dossier as it was.
 */
export class DossierService {
  constructor(
    private readonly store: Store,
    private readonly newId: IdGenerator,
    private readonly setup: SetupService,
    private readonly reference: ReferenceService,
    readonly files: FileStore,
  ) {}

  private async registration(id: string, forChange = false): Promise<RegistrationRaw> {
    const reg = await findRegistration(this.store.em, id);
    if (!reg) throw new AppError('not_found', 'No such registration');
    if (forChange && reg.status === 'withdrawn')
      throw new AppError('conflict', 'Registration withdrawn', { _: { code: 'registration_withdrawn' } });
    return reg;
  }

  private requiredPiece(reg: RegistrationRaw, code: string) {
    const piece = piecesFor(this.reference.catalogue, reg.exam_code, reg.category, asksAccommodations(reg)).find(
      (p) => p.code === code,
    );
    if (!piece) throw fieldError('pieceCode', 'piece_unknown', `No piece ${code} for this exam`);
    return piece;
  }

  async get(registrationId: string): Promise<Dossier> {
    return this.read(this.store.em, await this.registration(registrationId));
  }

  private async read(em: Tx['em'], reg: RegistrationRaw): Promise<Dossier> {
    return checklist(
      this.reference.catalogue,
      reg,
      await pieceRows(em, reg.id),
      await dossierRow(em, reg.id),
      await displayNames(em),
    );
  }

  list(filter: { state?: DossierState; examCode?: string; limit: number }) {
    return listDossiers(this.store.em, this.reference.catalogue, filter);
  }

  /** Bytes into the store first; a full disk refuses the piece and leaves no half file behind. */
  private async keep(bytes: Uint8Array) {
    try {
      return await this.files.put(bytes);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw refuse(code === 'ENOSPC' ? 'disk_full' : 'storage_failed', `File not stored: ${String(e)}`);
    }
  }

  attach(session: Session, input: { registrationId: string; pieceCode: string; fileName: string; base64: string }) {
    return this.attachBytes(session, { ...input, bytes: Buffer.from(input.base64, 'base64') });
  }

  async attachBytes(
    session: Session,
    input: { registrationId: string; pieceCode: string; fileName: string; bytes: Uint8Array },
  ) {
    const reg = await this.registration(input.registrationId, true);
    const piece = this.requiredPiece(reg, input.pieceCode);
    const checked = await inspectPiece(input.bytes, piece);
    const file = { ...(await this.keep(checked.bytes)), mime: MIME[checked.kind] };
    return this.writePiece(actorOf(session), reg, input.pieceCode, 'dossier.attach', async (tx) => {
      await indexFile(tx.em, file, tx.now);
      return {
        status: 'recue',
        comment: null,
        sha256: file.sha256,
        fileName: input.fileName || null,
        // inspectPiece looked for active content: the start-up re-check has nothing to read again.
        checked: checked.kind === 'pdf' ? { sha256: file.sha256, activeContent: null } : undefined,
      };
    });
  }

  async setStatus(
    session: Session,
    input: { registrationId: string; pieceCode: string; status: PieceStatus; comment: string | null },
  ) {
    const reg = await this.registration(input.registrationId, true);
    const piece = this.requiredPiece(reg, input.pieceCode);
    const comment = input.comment?.trim() || null;
    if (input.status === 'non_conforme' && (!comment || comment.length < 3))
      throw fieldError('comment', 'comment_required', 'A non-conforming piece needs a comment');
    if (input.status === 'non_applicable' && piece.mandatory)
      throw fieldError('status', 'piece_mandatory', 'A mandatory piece cannot be marked not applicable');
    return this.writePiece(actorOf(session), reg, input.pieceCode, 'dossier.status', async (_tx, before) => {
      if (input.status !== 'non_applicable' && !before?.file_sha256)
        throw fieldError('status', 'piece_not_received', 'Attach the piece before judging it');
      return {
        status: input.status,
        comment,
        sha256: before?.file_sha256 ?? null,
        fileName: before?.file_name ?? null,
      };
    });
  }

  /**
   * The start-up re-check (recheck.ts) found active content in a piece's file: the file is withheld
   * from headquarters and, if the piece still holds it, the piece becomes non conforme saying why,
   * audited as the system's change of its status. It no longer points at the file, so neither the
   * page's preview nor a merged PDF opens it again; the audit keeps which file it was. False when a
   * clerk had replaced the file meanwhile.
   */
  async markActiveContent(piece: UncheckedPiece, found: string): Promise<boolean> {
    const reg = await this.registration(piece.registrationId);
    return this.store.change(SYSTEM_ACTOR, async (tx) => {
      await withholdFile(tx, piece.sha256, 'pdf_active_content');
      const current = (await pieceRows(tx.em, reg.id)).find((r) => r.piece_code === piece.pieceCode);
      if (current?.file_sha256 !== piece.sha256) {
        await recordCheck(tx, piece.id, piece.sha256, found);
        return false;
      }
      await this.writePieceIn(tx, reg, piece.pieceCode, 'dossier.status', async () => ({
        status: 'non_conforme',
        comment: activeContentComment(found),
        sha256: null,
        fileName: null,
        checked: { sha256: piece.sha256, activeContent: found },
      }));
      return true;
    });
  }

  private writePiece(
    actor: Actor,
    reg: RegistrationRaw,
    pieceCode: string,
    action: AuditAction,
    decide: PieceDecision,
  ): Promise<Dossier> {
    return this.store.change(actor, (tx) => this.writePieceIn(tx, reg, pieceCode, action, decide));
  }

  private async writePieceIn(
    tx: Tx,
    reg: RegistrationRaw,
    pieceCode: string,
    action: AuditAction,
    decide: PieceDecision,
  ): Promise<Dossier> {
    const before = (await pieceRows(tx.em, reg.id)).find((r) => r.piece_code === pieceCode) ?? null;
    const next = await decide(tx, before);
    const id = before?.id ?? this.newId();
    const version = (before?.version ?? 0) + 1;
    await tx.em.query(
      `INSERT INTO dossier_piece (id, registration_id, piece_code, status, comment, file_sha256, file_name, version, updated_by, updated_at)
         VALUES (?,?,?,?,?,?,?,?,?,?)
         ON CONFLICT (registration_id, piece_code) DO UPDATE SET status = excluded.status, comment = excluded.comment,
           file_sha256 = excluded.file_sha256, file_name = excluded.file_name, version = excluded.version,
           updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
      [id, reg.id, pieceCode, next.status, next.comment, next.sha256, next.fileName, version, tx.actor.name, tx.now],
    );
    if (next.checked) await recordCheck(tx, id, next.checked.sha256, next.checked.activeContent);
    const after = {
      id,
      registrationId: reg.id,
      pieceCode,
      status: next.status,
      comment: next.comment,
      fileSha256: next.sha256,
      fileName: next.fileName,
      version,
      updatedBy: tx.actor.name,
      updatedAt: tx.now,
    };
    const prior = before && { status: before.status, comment: before.comment, fileSha256: before.file_sha256 };
    await tx.audit({ action, entity: 'dossier_piece', entityId: id, before: prior, after });
    await tx.enqueue({ entity: 'dossier_piece', entityId: id, version, payload: after });
    return this.read(tx.em, reg);
  }

  photo(session: Session, input: { registrationId: string; base64: string; photoNumber: string | null }) {
    return this.photoBytes(session, { ...input, bytes: Buffer.from(input.base64, 'base64') });
  }

  async photoBytes(session: Session, input: { registrationId: string; bytes: Uint8Array; photoNumber: string | null }) {
    const reg = await this.registration(input.registrationId, true);
    const photo = await normalisePhoto(input.bytes, photoSpecOf(this.reference.catalogue));
    const file = { ...(await this.keep(photo.bytes)), mime: 'image/jpeg' };
    const photoNumber = input.photoNumber?.trim().toUpperCase() || null;
    return this.writeDossier(actorOf(session), reg, 'dossier.photo', async (tx) => {
      // A studio's number identifies one person's photo: another candidate's dossier cannot hold it too.
      if (photoNumber) {
        const [other] = (await tx.em.query(
          `SELECT r.number FROM dossier d JOIN registration r ON r.id = d.registration_id
            WHERE d.photo_number = ? AND r.candidate_id <> ? LIMIT 1`,
          [photoNumber, reg.candidate_id],
        )) as { number: string }[];
        if (other)
          throw fieldError('photoNumber', 'photo_number_taken', 'Photo number used by another candidate', {
            registration: other.number,
          });
      }
      await indexFile(tx.em, file, tx.now);
      return { photo_sha256: file.sha256, photo_number: photoNumber, photo_at: tx.now };
    });
  }

  /**
   * A merged PDF carries copies of its pieces' pages, with their links and actions: one found with
   * active content once a piece was marked (recheck.ts) is withheld from headquarters too, and the
   * dossier, if it still offers it, no longer does (a new one leaves the marked piece out).
   */
  async dropActiveMerged(registrationId: string, sha256: string): Promise<void> {
    const reg = await this.registration(registrationId);
    await this.store.change(SYSTEM_ACTOR, async (tx) => {
      await withholdFile(tx, sha256, 'pdf_active_content');
      if ((await dossierRow(tx.em, reg.id))?.merged_sha256 === sha256)
        await this.writeDossierIn(tx, reg, 'dossier.merged', async () => ({ merged_sha256: null, merged_at: null }));
    });
  }

  private writeDossier(
    actor: Actor,
    reg: RegistrationRaw,
    action: AuditAction,
    change: (tx: Tx) => Promise<Record<string, string | null>>,
  ): Promise<Dossier> {
    return this.store.change(actor, (tx) => this.writeDossierIn(tx, reg, action, change));
  }

  private async writeDossierIn(
    tx: Tx,
    reg: RegistrationRaw,
    action: AuditAction,
    change: (tx: Tx) => Promise<Record<string, string | null>>,
  ): Promise<Dossier> {
    const before = await dossierRow(tx.em, reg.id);
    const id = before?.id ?? this.newId();
    const version = (before?.version ?? 0) + 1;
    if (!before)
      await tx.em.query(`INSERT INTO dossier (registration_id, id, version, updated_at) VALUES (?,?,0,?)`, [
        reg.id,
        id,
        tx.now,
      ]);
    const set = await change(tx);
    const cols = Object.keys(set);
    await tx.em.query(
      `UPDATE dossier SET ${cols.map((c) => `${c} = ?`).join(', ')}, version = ?, updated_by = ?, updated_at = ?
          WHERE registration_id = ?`,
      [...Object.values(set), version, tx.actor.name, tx.now, reg.id],
    );
    const after = await dossierRow(tx.em, reg.id);
    await tx.audit({ action, entity: 'dossier', entityId: id, before, after });
    await tx.enqueue({ entity: 'dossier', entityId: id, version, payload: after });
    return this.read(tx.em, reg);
  }

  /** Only files this dossier points at: a hash alone never opens another candidate's scan. */
  async file(registrationId: string, sha256: string) {
    const dossier = await this.get(registrationId);
    const owned =
      dossier.pieces.some((p) => p.file?.sha256 === sha256) ||
      dossier.photo?.sha256 === sha256 ||
      dossier.merged?.sha256 === sha256;
    const row = owned ? await storedFile(this.store.em, sha256) : null;
    if (!row) throw new AppError('not_found', 'No such file in this dossier');
    return { mime: row.mime, base64: (await this.files.get(sha256)).toString('base64') };
  }

  async merged(session: Session, registrationId: string) {
    const reg = await this.registration(registrationId);
    const dossier = await this.read(this.store.em, reg);
    const files = new Map<string, { mime: string; bytes: Buffer }>();
    for (const p of dossier.pieces)
      if (p.file) files.set(p.file.sha256, { mime: p.file.mime, bytes: await this.files.get(p.file.sha256) });
    const { bytes, pages } = await mergeDossier({
      dossier,
      officeName: this.setup.requireIdentity().office.name,
      asOf: [...dossier.pieces.map((p) => p.updatedAt), dossier.photo?.updatedAt].reduce<string>(
        (a, b) => (b && b > a ? b : a),
        reg.updated_at,
      ),
      photo: dossier.photo ? await this.files.get(dossier.photo.sha256) : null,
      files,
    });
    const file = { ...(await this.keep(bytes)), mime: 'application/pdf' };
    await this.writeDossier(actorOf(session), reg, 'dossier.merged', async (tx) => {
      await indexFile(tx.em, file, tx.now);
      return { merged_sha256: file.sha256, merged_at: tx.now };
    });
    return { sha256: file.sha256, pages, pdfBase64: Buffer.from(bytes).toString('base64') };
  }
}
