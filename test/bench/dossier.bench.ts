import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { createApp } from '../../src-main/app/createApp';
import demoCatalogue from '../../src-main/modules/reference/catalogues/comores-2026.json';
import { SYSTEM_ACTOR } from '../../src-main/db/store';
import { normalisePhoto } from '../../src-main/modules/dossier/photo';
import { setupInput } from '../support/app';
import { b64, makePdf, photoLike } from '../support/files';
import { bacSubmission } from '../support/submissions';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Noise does not compress: a JPEG of it is as big as a real colour scan of the same size. */
async function noiseJpeg(side: number, seed: number): Promise<Buffer> {
  const raw = Buffer.alloc(side * side * 3);
  let x = seed * 2654435761;
  for (let i = 0; i < raw.length; i++) raw[i] = (x = (Math.imul(x, 1103515245) + 12345) >>> 0) >>> 24;
  return sharp(raw, { raw: { width: side, height: side, channels: 3 } })
    .jpeg({ quality: 92 })
    .toBuffer();
}

/** A scanned-looking one-page PDF just under `limit` bytes, different for each seed (no dedup shortcut). */
async function scannedPdf(limit: number, seed: number): Promise<Buffer> {
  let side = 1500;
  for (;;) {
    const doc = await PDFDocument.create();
    const image = await doc.embedJpg(await noiseJpeg(side, seed));
    doc.addPage([595, 842]).drawImage(image, { x: 0, y: 0, width: 595, height: 842 });
    const bytes = Buffer.from(await doc.save());
    if (bytes.length <= limit && bytes.length > limit * 0.9) return bytes;
    side = Math.floor(side * Math.sqrt((limit * 0.95) / bytes.length));
  }
}

/** The demo catalogue with six more Bac pieces, so a dossier has ten. */
function tenPieceCatalogue() {
  const extra = ['DIPLOME', 'RESIDENCE', 'AUTORISATION', 'BULLETIN1', 'BULLETIN2', 'BULLETIN3'].map((code) => ({
    examCode: 'BAC',
    code,
    label: `Pièce ${code.toLowerCase()}`,
    mandatory: false,
    formats: ['pdf', 'jpeg', 'png'],
    maxBytes: 5_000_000,
  }));
  return { ...demoCatalogue, version: 2, pieces: [...demoCatalogue.pieces, ...extra] };
}

export async function benchDossier(): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'guichet-bench-dossier-'));
  const app = await createApp({ dataDir: dir });
  try {
    await app.dispatch('setup.initialize', setupInput, null);
    await app.services.reference.install(SYSTEM_ACTOR, tenPieceCatalogue(), 'bench');
    const login = await app.dispatch(
      'auth.login',
      { username: setupInput.adminUsername, password: setupInput.adminPassword },
      null,
    );
    const token = (login as { value: { token: string } }).value.token;
    const must = async (channel: string, input: unknown) => {
      const r = await app.dispatch(channel as never, input, token);
      if (!r.ok) throw new Error(`${channel}: ${JSON.stringify(r.error)}`);
      return r.value as never;
    };
    const regs: string[] = [];
    for (let i = 0; i < 5; i++)
      regs.push(
        ((await must('registrations.submit', bacSubmission(i))) as { registration: { id: string } }).registration.id,
      );

    const attach: number[] = [];
    for (let i = 0; i < 5; i++) {
      const base64 = b64(await scannedPdf(5_000_000, i + 1));
      const t0 = performance.now();
      await must('dossier.attach', { registrationId: regs[i], pieceCode: 'NAISSANCE', fileName: 'acte.pdf', base64 });
      attach.push(performance.now() - t0);
    }

    // The whole call (decode, normalise, store with fsync, audit), and the normalisation alone for comparison.
    const photos: number[] = [];
    const normaliseOnly: number[] = [];
    for (let i = 0; i < 5; i++) {
      const source = await photoLike(4000, 3000 + i);
      const t0 = performance.now();
      await must('dossier.photo', { registrationId: regs[i], base64: b64(source), photoNumber: null });
      photos.push(performance.now() - t0);
      const t1 = performance.now();
      await normalisePhoto(source);
      normaliseOnly.push(performance.now() - t1);
    }

    // Ten pieces on one dossier: five scanned A4 JPEGs, five PDFs of two pages.
    const pieces = [
      'NAISSANCE',
      'IDENTITE',
      'SCOLARITE',
      'MEDICAL',
      'DIPLOME',
      'RESIDENCE',
      'AUTORISATION',
      'BULLETIN1',
      'BULLETIN2',
      'BULLETIN3',
    ];
    for (const [i, code] of pieces.entries()) {
      const base64 = i % 2 ? b64(await photoLike(2480, 3508 - i)) : b64(await makePdf(2, `Pièce ${code}`));
      await must('dossier.attach', { registrationId: regs[0], pieceCode: code, fileName: `${code}.bin`, base64 });
    }
    const merged: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      await must('dossier.merged', { registrationId: regs[0] });
      merged.push(performance.now() - t0);
    }
    return {
      attach_pdf_5mb_ms: median(attach),
      photo_normalise_ms: median(photos),
      photo_normalise_sharp_only_ms: median(normaliseOnly),
      merged_dossier_10_pieces_ms: median(merged),
    };
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
