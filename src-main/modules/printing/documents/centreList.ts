import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces';
import type { CentreListData } from '../types';
import { frDate, header, pageFooter } from './common';
import { localDateTime } from '../../../../shared/domain/localTime';
import { frenchCount } from '../../../../shared/i18n/plural';

/** Liste des candidats inscrits par centre: one centre per page run, numbered rows, the count at the end. */
export function centreListDocument(d: CentreListData): TDocumentDefinitions {
  const title = d.examLabel ? `Candidats inscrits — ${d.examLabel}` : 'Candidats inscrits par centre';
  return {
    pageSize: 'A4',
    pageMargins: [30, 40, 30, 50],
    info: { title },
    footer: pageFooter(`Imprimé le ${localDateTime(d.printedAt)}`),
    content: d.centres.map((c, i): Content => ({
      ...(i ? { pageBreak: 'before' as const } : {}),
      stack: [
        header(d.office, title),
        { text: `Centre : ${c.name} (${c.code}) — ${c.town}`, bold: true, fontSize: 12, margin: [0, 0, 0, 6] },
        {
          table: {
            headerRows: 1,
            widths: [22, 95, '*', 55, 55, 110],
            body: [
              ['N°', 'N° candidat', 'Nom et prénoms', 'Né(e) le', 'Examen', 'N° inscription'].map((t) => ({
                text: t,
                bold: true,
              })),
              ...c.candidates.map((x, n) => [
                String(n + 1),
                x.number,
                x.name,
                frDate(x.birthDate),
                x.exam,
                x.registration,
              ]),
            ],
          },
          layout: 'lightHorizontalLines',
        },
        {
          text: frenchCount(c.candidates.length, 'candidat inscrit', 'candidats inscrits'),
          bold: true,
          margin: [0, 8, 0, 0],
        },
      ],
    })),
    defaultStyle: { fontSize: 9 },
  };
}
