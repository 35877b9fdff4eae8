import { setImmediate as turn } from 'node:timers/promises';
import { AppError } from '../../core/errors';
import { loadPdfLib } from '../../core/lazyDeps';
import type { Actor, Store } from '../../db/store';
import type { Session } from '../auth/sessions';
import { ficheBatchDocument } from './documents/batch';
import { countFor, registrationsFor, type PrintFilter } from './repository';
import type { PrintingService } from './service';

/** Fiches laid out per pdfmake run; bounds the layout engine's memory whatever the batch size. */
export const CHUNK = 50;
/**
 * Progress moves chunk by chunk (a chunk renders in one go, most of a batch's time): a batch is cut
 * into about this many chunks, of at least MIN_CHUNK fiches, so that one of 26 fiches does not sit
 * at « fiche 0 sur 26 » until the end. Each chunk costs a document of its own (about 40 ms and its
 * fonts' subsets), hence the floor.
 */
const PROGRESS_STEPS = 10;
const MIN_CHUNK = 10;
export const MAX_BATCH = 3000;

export interface BatchProgress {
  (done: number, total: number): void;
}

const actorOf = (s: Session): Actor => ({ id: s.userId, name: s.username });

/**
 * Fiches for a filter (exam, centre, établissement, day) as one PDF. Chunks are rendered one at a
 * time and their pages copied into the output, so only the output and one chunk are in memory.
 * Like a single print, the batch locks and logs only once every fiche has rendered: a cancelled
 * or failed batch locks nothing.
 */
export class FicheBatch {
  /** Fiches per pdfmake run (tests lower it to exercise the joining). */
  chunkSize = CHUNK;

  constructor(
    private readonly store: Store,
    private readonly printing: PrintingService,
  ) {}

  async count(filter: PrintFilter): Promise<number> {
    return countFor(this.store.em, filter);
  }

  async run(
    session: Session,
    filter: PrintFilter,
    now: string,
    progress: BatchProgress = () => undefined,
    signal?: AbortSignal,
  ) {
    const regs = await registrationsFor(this.store.em, filter);
    if (regs.length === 0) throw new AppError('not_found', 'Empty batch', { _: { code: 'batch_empty' } });
    if (regs.length > MAX_BATCH)
      throw new AppError('invalid_input', 'Batch too large', {
        _: { code: 'batch_too_large', params: { count: regs.length, max: MAX_BATCH } },
      });
    const { PDFDocument } = await loadPdfLib();
    const out = await PDFDocument.create();
    out.setTitle('Fiches d’inscription');
    const printed: { id: string; version: number; contentHash: string }[] = [];
    const size = Math.min(this.chunkSize, Math.max(MIN_CHUNK, Math.ceil(regs.length / PROGRESS_STEPS)));
    progress(0, regs.length);
    for (let i = 0; i < regs.length; i += size) {
      if (signal?.aborted) throw new AppError('conflict', 'Batch cancelled', { _: { code: 'batch_cancelled' } });
      const items = [];
      for (const reg of regs.slice(i, i + size)) {
        const fiche = await this.printing.prepareFiche(reg, now, session.displayName);
        items.push(fiche);
        printed.push({ id: reg.id, version: fiche.version, contentHash: fiche.contentHash });
      }
      const chunk = await PDFDocument.load(await this.printing.render(ficheBatchDocument(items)));
      for (const page of await out.copyPages(chunk, chunk.getPageIndices())) out.addPage(page);
      progress(Math.min(i + size, regs.length), regs.length);
      // Rendering never waits on I/O: without a turn of the event loop here, the progress asked
      // for (and every other clerk's request) is answered only once the whole batch is rendered.
      await turn();
    }
    if (signal?.aborted) throw new AppError('conflict', 'Batch cancelled', { _: { code: 'batch_cancelled' } });
    await this.store.change(actorOf(session), async (tx) => {
      for (const p of printed) await this.printing.lockPrinted(tx, session, p.id, p.version, p.contentHash);
    });
    const bytes = await out.save();
    const label = [filter.examCode, filter.centreCode, filter.etablissementCode, filter.day].filter(Boolean).join('-');
    return {
      fileName: `fiches${label ? `-${label}` : ''}.pdf`,
      pdfBase64: Buffer.from(bytes).toString('base64'),
      count: regs.length,
    };
  }
}
