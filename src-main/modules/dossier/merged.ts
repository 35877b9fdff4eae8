import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces';
import type { Dossier, PieceStatus } from '../../../shared/contract/dossier';
import { loadPdfLib } from '../../core/lazyDeps';
import { renderPdf } from '../printing/render';
import { localDateTime } from '../../../shared/domain/localTime';

/** Printed documents are French whatever the UI language: they go to the exam authority. */
export const STATUS_FR: Record<PieceStatus, string> = {
  manquante: 'Manquante',
  recue: 'Reçue',
  non_conforme: 'Non conforme',
  conforme: 'Conforme',
  non_applicable: 'Non applicable',
};

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 36;

export interface MergeInput {
  dossier: Dossier;
  officeName: string;
  /** The last change to the dossier: the PDF says "as of" this, so the same dossier always gives the same bytes. */
  asOf: string;
  photo: Buffer | null;
  files: Map<string, { mime: string; bytes: Buffer }>;
}

export function coverDocument({ dossier, officeName, asOf, photo }: MergeInput): TDocumentDefinitions {
  const r = dossier.registration;
  const identity: Content = {
    stack: [
      { text: r.candidateName, fontSize: 14, bold: true },
      `N° candidat : ${r.candidateNumber}`,
      `N° dossier : ${r.number}`,
      `Examen : ${r.examLabel} (${r.examCode}) — catégorie ${r.category}`,
      `État du dossier : ${dossier.state === 'complet' ? 'Complet' : 'Incomplet'}`,
    ],
  };
  return {
    pageSize: 'A4',
    info: { title: `Dossier ${r.number}`, subject: 'Dossier de candidature', creationDate: new Date(asOf) },
    content: [
      { text: officeName, bold: true },
      { text: 'Dossier de candidature', fontSize: 18, bold: true, alignment: 'center', margin: [0, 12, 0, 16] },
      photo
        ? {
            columns: [identity, { image: `data:image/jpeg;base64,${photo.toString('base64')}`, width: 90 }],
            columnGap: 12,
          }
        : identity,
      { text: 'Pièces du dossier', bold: true, fontSize: 12, margin: [0, 16, 0, 6] },
      {
        table: {
          headerRows: 1,
          widths: ['*', 70, 80, '*'],
          body: [
            ['Pièce', 'Exigée', 'Statut', 'Commentaire'].map((text) => ({ text, bold: true })),
            ...dossier.pieces.map((p) => [
              p.label,
              p.mandatory ? 'Obligatoire' : 'Facultative',
              STATUS_FR[p.status],
              p.comment ?? '',
            ]),
          ],
        },
        layout: 'lightHorizontalLines',
      },
      { text: `État du dossier au ${localDateTime(asOf)}`, fontSize: 8, margin: [0, 16, 0, 0] },
    ],
  };
}

/**
 * Cover page, then each attached piece in checklist order: PDF pages copied, images fitted on A4.
 * No clock inside: asked twice for the same dossier, it gives the same file, stored once.
 */
export async function mergeDossier(input: MergeInput): Promise<{ bytes: Uint8Array; pages: number }> {
  const { PDFDocument } = await loadPdfLib();
  const out = await PDFDocument.create();
  out.setTitle(`Dossier ${input.dossier.registration.number}`);
  out.setProducer('Guichet');
  out.setCreator('Guichet');
  out.setCreationDate(new Date(input.asOf));
  out.setModificationDate(new Date(input.asOf));
  const cover = await PDFDocument.load(await renderPdf(coverDocument(input)));
  for (const page of await out.copyPages(cover, cover.getPageIndices())) out.addPage(page);
  for (const piece of input.dossier.pieces) {
    const file = piece.file && input.files.get(piece.file.sha256);
    if (!file) continue;
    if (file.mime === 'application/pdf') {
      const doc = await PDFDocument.load(file.bytes, { updateMetadata: false });
      for (const page of await out.copyPages(doc, doc.getPageIndices())) out.addPage(page);
      continue;
    }
    const image = file.mime === 'image/png' ? await out.embedPng(file.bytes) : await out.embedJpg(file.bytes);
    const page = out.addPage(A4);
    const scale = Math.min((A4[0] - 2 * MARGIN) / image.width, (A4[1] - 2 * MARGIN) / image.height, 1);
    const [w, h] = [image.width * scale, image.height * scale];
    page.drawImage(image, { x: (A4[0] - w) / 2, y: A4[1] - MARGIN - h, width: w, height: h });
  }
  const bytes = await out.save();
  return { bytes, pages: out.getPageCount() };
}
