import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces';
import type { PieceStatus } from '../../../../shared/contract/dossier';
import type { ConfirmationData } from '../types';
import { birthText, departmentRow, facts, header, pageFooter, socioCategoryRow, usageRow } from './common';
import { localDate, localDateTime } from '../../../../shared/domain/localTime';

const STATE: Record<PieceStatus, string> = {
  manquante: 'À fournir',
  recue: 'Reçue',
  non_conforme: 'Non conforme',
  conforme: 'Conforme',
  non_applicable: 'Non applicable',
};

/**
 * Confirmation / récapitulatif (CYCLADES style): what was registered, in which version, and what the
 * candidate still has to bring and by when, as the dossier stands at printing. For a withdrawn
 * registration it is the confirmation of the désinscription (CYCLADES §11): when, and why.
 */
export function confirmationDocument(d: ConfirmationData): TDocumentDefinitions {
  const c = d.candidate;
  const r = d.registration;
  const versionLine = `Version : ${r.registrationVersion} du ${localDate(r.versionDate)}`;
  const withdrawn = d.withdrawnReason !== null;
  const withdrawal: [string, string][] = withdrawn
    ? [['Désinscription', `le ${localDateTime(r.versionDate)} — motif : ${d.withdrawnReason}`]]
    : [];
  return {
    pageSize: 'A4',
    pageMargins: [40, 40, 40, 60],
    info: { title: `Confirmation ${r.number}` },
    footer: pageFooter(`${versionLine} — ${r.number} — imprimé le ${localDateTime(d.printedAt)}`),
    content: [
      header(d.office, withdrawn ? 'Confirmation de désinscription' : 'Confirmation d’inscription'),
      { text: versionLine, bold: true, margin: [0, 0, 0, d.changesUntil ? 2 : 8] },
      ...(d.changesUntil
        ? [
            {
              text: `Modifications possibles jusqu’au ${localDateTime(d.changesUntil)}, clôture des inscriptions à cet examen ; au-delà, plus aucune.`,
              fontSize: 9,
              margin: [0, 0, 0, 8] as [number, number, number, number],
            },
          ]
        : []),
      {
        columns: [
          {
            width: '*',
            stack: [
              facts([
                ['N° candidat', c.number],
                ['N° inscription', r.number],
                ['Nom et prénoms', `${c.surname} ${c.givenNames}`],
                ...usageRow(c),
                ['Né(e) le', birthText(c)],
                ...departmentRow(c),
                ...socioCategoryRow(c),
                ['Examen', r.series ? `${r.exam} — ${r.series}` : r.exam],
                ['Catégorie', r.category],
                ['Établissement', r.etablissement],
                ['Centre d’examen', r.centre],
                ['Épreuves', r.epreuves.map((e) => e.label).join(', ')],
                [
                  'Droits d’inscription',
                  d.fee.paid
                    ? `${d.fee.amount} — payés (reçu ${d.fee.paid.receiptNumber} du ${localDate(d.fee.paid.date)})`
                    : withdrawn
                      ? 'aucun paiement'
                      : `${d.fee.amount} — à payer`,
                ],
                ...withdrawal,
              ]),
            ],
          },
          ...(d.photo ? [photoColumn(d.photo)] : []),
        ],
        columnGap: 10,
      },
      ...(withdrawn ? [withdrawalNote] : piecesPart(d)),
      { text: `Guichetier : ${d.clerk}`, fontSize: 9, margin: [0, 6, 0, 0] },
    ],
  };
}

const withdrawalNote: Content = {
  text: 'Votre inscription à cet examen est annulée. Conservez ce document : il atteste de votre désinscription.',
  fontSize: 9,
  margin: [0, 12, 0, 0],
};

const piecesPart = (d: ConfirmationData): Content[] => [
  { text: 'Pièces à fournir', bold: true, fontSize: 12, margin: [0, 6, 0, 4] },
  d.pieces.length
    ? {
        table: {
          headerRows: 1,
          widths: ['*', 70, 90, 70],
          body: [
            ['Pièce', 'Caractère', 'Date limite', 'État'].map((t) => ({ text: t, bold: true })),
            ...d.pieces.map((p) => [
              p.label,
              p.mandatory ? 'Obligatoire' : 'Facultative',
              p.deadline ? localDate(p.deadline) : '—',
              STATE[p.status],
            ]),
          ],
        },
        layout: 'lightHorizontalLines',
      }
    : { text: 'Aucune pièce demandée pour cet examen.', italics: true },
  {
    text: 'Conservez ce document : il vous sera demandé pour toute réclamation. Une pièce manquante à la date limite peut entraîner le rejet de la candidature.',
    fontSize: 9,
    margin: [0, 12, 0, 0],
  },
];

const photoColumn = (jpeg: Buffer): Content => ({
  width: 80,
  image: `data:image/jpeg;base64,${jpeg.toString('base64')}`,
  fit: [75, 100],
});
