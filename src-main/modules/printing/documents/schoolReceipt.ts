import type { TDocumentDefinitions } from 'pdfmake/interfaces';
import type { SchoolReceiptData } from '../types';
import { facts, header, pageFooter } from './common';
import { localDateTime } from '../../../../shared/domain/localTime';
import { frenchCount } from '../../../../shared/i18n/plural';

const MODE = { cash: 'Espèces', mobile_money: 'Mobile money' };

/**
 * The collective receipt a school takes away for its list: one line per pupil with the receipt
 * number of their own payment. A pupil's payment cancelled since (a withdrawal) stays on the
 * reprint, struck out of the total and marked.
 */
export function schoolReceiptDocument(d: SchoolReceiptData): TDocumentDefinitions {
  return {
    pageSize: 'A4',
    pageMargins: [40, 40, 40, 50],
    info: { title: `Reçu collectif ${d.groupNumber}` },
    footer: pageFooter(`Reçu collectif N° ${d.groupNumber}`),
    content: [
      header(d.office, 'Reçu collectif — paiement d’un établissement'),
      { text: `Reçu collectif N° ${d.groupNumber}`, bold: true, fontSize: 13, margin: [0, 0, 0, 8] },
      facts([
        ['Date', localDateTime(d.date)],
        ['Établissement', d.etablissement],
        ['Examen', d.exam],
        ['Mode de paiement', MODE[d.mode]],
        ...(d.mode === 'mobile_money'
          ? ([['Opérateur / transaction', `${d.operator} — ${d.reference}`]] as [string, string][])
          : []),
        ['Guichetier', d.clerk],
      ]),
      {
        margin: [0, 10, 0, 0],
        table: {
          headerRows: 1,
          widths: [22, '*', 130, 105, 75],
          body: [
            ['N°', 'Nom et prénoms', 'N° inscription', 'Reçu', 'Montant'].map((text) => ({ text, bold: true })),
            ...d.rows.map((r, n) => [
              String(n + 1),
              r.name,
              r.registration,
              r.receipt,
              r.cancelled
                ? { text: 'ANNULÉ', color: '#b91c1c', bold: true }
                : { text: r.amount, alignment: 'right' as const },
            ]),
          ],
        },
        layout: 'lightHorizontalLines',
      },
      {
        text: `Total : ${d.total} pour ${frenchCount(d.paidCount, 'candidat', 'candidats')}`,
        bold: true,
        fontSize: 12,
        margin: [0, 10, 0, 0],
      },
      ...(d.cancelledCount
        ? [
            {
              text: `${frenchCount(d.cancelledCount, 'paiement annulé', 'paiements annulés')} depuis, hors total.`,
              margin: [0, 4, 0, 0] as [number, number, number, number],
            },
          ]
        : []),
    ],
    defaultStyle: { fontSize: 10 },
  };
}
