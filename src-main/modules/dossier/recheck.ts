import { setImmediate as nextTurn } from 'node:timers/promises';
import { silentLogger, type Logger } from '../../core/logger';
import { SYSTEM_ACTOR, type Store, type Tx } from '../../db/store';
import type { FileStore } from './fileStore';
import { findActiveContent } from './pdfActive';
import type { DossierService } from './service';

export interface UncheckedPiece {
  id: string;
  registrationId: string;
  pieceCode: string;
  sha256: string;
}

/** Noted in one transaction per this many clean files. */
const BATCH = 100;
/** What a file pdf-lib cannot read again is taken for: it cannot be shown to hold nothing. */
const UNREADABLE = 'illisible';

/** That a piece's file was looked at for active content, and what was found (null: nothing). */
export async function recordCheck(tx: Tx, pieceId: string, sha256: string, activeContent: string | null) {
  await tx.em.query(
    `INSERT OR REPLACE INTO piece_check (piece_id, file_sha256, active_content, checked_at) VALUES (?,?,?,?)`,
    [pieceId, sha256, activeContent, tx.now],
  );
}

/** The piece's comment, read by the clerk on the dossier page and by HQ: what was found and what to do. */
export const activeContentComment = (found: string) =>
  found === UNREADABLE
    ? 'Vérification automatique : ce PDF n’a pas pu être relu pour s’assurer qu’il ne contient pas de code actif. ' +
      'Il n’est pas envoyé au siège et ne s’ouvre plus ici : numérisez le document de nouveau et joignez-le.'
    : `Vérification automatique : ce PDF contient du code actif (JavaScript, lancement de programme ou fichier joint ; trouvé : ${found}). ` +
      'Il n’est pas envoyé au siège et ne s’ouvre plus ici : numérisez le document ou enregistrez-le de nouveau en PDF simple, puis joignez-le.';

/**
 * PDF pieces attached before PDFs were checked for active content (inspect.ts refuses them since)
 * were stored, queued for headquarters and opened by clerks as they were. Once after start-up, in
 * the background, each piece's PDF that no check has noted (`piece_check`) is looked at: one with
 * active content is marked non conforme and withheld (DossierService.markActiveContent), and so is
 * its dossier's merged PDF if it copied that content; a clean one is noted, so the next start reads
 * none of them again. A missing file is left for the next start.
 */
export class PieceRecheck {
  private delay: NodeJS.Timeout | null = null;
  private running: Promise<{ checked: number; marked: number }> | null = null;
  private stopping = false;

  constructor(
    private readonly store: Store,
    private readonly files: FileStore,
    private readonly dossier: DossierService,
    private readonly logger: Logger = silentLogger,
  ) {}

  schedule(afterMs: number): void {
    this.delay = setTimeout(() => void this.run(), afterMs);
    this.delay.unref();
  }

  /** Starts the re-check now unless it has begun; resolves when it is over, with how many files it read and marked. */
  run(): Promise<{ checked: number; marked: number }> {
    if (this.delay) clearTimeout(this.delay);
    if (this.stopping) return Promise.resolve({ checked: 0, marked: 0 });
    this.running ??= this.recheck().catch((e: unknown) => {
      this.logger.error('piece recheck failed', { error: e instanceof Error ? e.name : typeof e });
      return { checked: 0, marked: 0 };
    });
    return this.running;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.delay) clearTimeout(this.delay);
    await this.running;
  }

  private async recheck() {
    const pieces = (await this.store.em.query(
      `SELECT p.id, p.registration_id AS registrationId, p.piece_code AS pieceCode, p.file_sha256 AS sha256
         FROM dossier_piece p JOIN stored_file f ON f.sha256 = p.file_sha256
        WHERE f.mime = 'application/pdf'
          AND NOT EXISTS (SELECT 1 FROM piece_check c WHERE c.piece_id = p.id AND c.file_sha256 = p.file_sha256)
        ORDER BY p.updated_at`,
    )) as UncheckedPiece[];
    let checked = 0;
    let marked = 0;
    const clean: UncheckedPiece[] = [];
    const noteClean = () =>
      this.store.change(SYSTEM_ACTOR, async (tx) => {
        for (const p of clean.splice(0)) await recordCheck(tx, p.id, p.sha256, null);
      });
    for (const piece of pieces) {
      if (this.stopping) break;
      const bytes = await this.files.get(piece.sha256).catch(() => null);
      if (!bytes) continue;
      const found = await this.activeContentOf(bytes);
      checked++;
      if (found) {
        if (await this.dossier.markActiveContent(piece, found)) marked++;
        await this.checkMerged(piece.registrationId);
      } else if (clean.push(piece) >= BATCH) await noteClean();
      // A page's calls go between two files: the walk of a large PDF is pdf-lib's synchronous work.
      await nextTurn();
    }
    if (clean.length) await noteClean();
    if (checked) this.logger.info('pieces rechecked for active content', { checked, marked });
    return { checked, marked };
  }

  private activeContentOf(bytes: Uint8Array) {
    return findActiveContent(bytes).catch(() => UNREADABLE);
  }

  /** The dossier's merged PDF may have copied the marked piece's pages, and their actions with them. */
  private async checkMerged(registrationId: string) {
    const [row] = (await this.store.em.query(`SELECT merged_sha256 AS sha256 FROM dossier WHERE registration_id = ?`, [
      registrationId,
    ])) as { sha256: string | null }[];
    const bytes = row?.sha256 ? await this.files.get(row.sha256).catch(() => null) : null;
    if (row?.sha256 && bytes && (await this.activeContentOf(bytes)))
      await this.dossier.dropActiveMerged(registrationId, row.sha256);
  }
}
