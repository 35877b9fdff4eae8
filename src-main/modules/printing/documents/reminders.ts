import type { TDocumentDefinitions } from 'pdfmake/interfaces';
import type { ReminderData, ReminderRow } from '../types';
import { header, pageFooter } from './common';
import { localDate, localDateTime } from '../../../../shared/domain/localTime';
import { frenchCount } from '../../../../shared/i18n/plural';

/** What is still to bring, in the words of the dossier page: a refused piece says so. */
const missingText = (r: ReminderRow, printedAt: string) => [
  ...r.missing.map((m) => {
    const refused = m.status === 'non_conforme' ? ' (non conforme)' : '';
    const late = m.deadline && m.deadline < printedAt ? ' — EN RETARD' : '';
    return `${m.label}${refused}${m.deadline ? ` — avant le ${localDate(m.deadline)}${late}` : ''}`;
  }),
  ...(r.photoMissing ? ['Photo d’examen'] : []),
];

/** Relance des pièces manquantes: one row per registration, the phone to call, what to bring and by when. */
export function remindersDocument(d: ReminderData): TDocumentDefinitions {
  const title = d.examLabel ? `Pièces manquantes — ${d.examLabel}` : 'Pièces manquantes — relances';
  return {
    pageSize: 'A4',
    pageOrientation: 'landscape',
    pageMargins: [30, 40, 30, 50],
    info: { title },
    footer: pageFooter(`Imprimé le ${localDateTime(d.printedAt)}`),
    content: [
      header(d.office, title, 782),
      {
        table: {
          headerRows: 1,
          widths: [22, 120, '*', 90, 50, 290],
          body: [
            ['N°', 'N° inscription', 'Nom et prénoms', 'Téléphone', 'Examen', 'À fournir'].map((text) => ({
              text,
              bold: true,
            })),
            ...d.rows.map((r, n) => [
              String(n + 1),
              r.registration,
              r.name,
              r.phone ?? '—',
              r.exam,
              { ul: missingText(r, d.printedAt) },
            ]),
          ],
        },
        layout: 'lightHorizontalLines',
      },
      {
        text: frenchCount(d.rows.length, 'dossier incomplet', 'dossiers incomplets'),
        bold: true,
        margin: [0, 8, 0, 0],
      },
    ],
    defaultStyle: { fontSize: 9 },
  };
}
