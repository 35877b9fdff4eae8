import type { Content, TDocumentDefinitions, TableCell } from 'pdfmake/interfaces';
import type { RecapData, RecapRow } from '../types';
import { frDate, header, pageFooter } from './common';
import { localDateTime } from '../../../../shared/domain/localTime';
import { printedDigits } from '../../../../shared/i18n/plural';

const HEAD = ['Reçus', 'Annulés', 'Espèces', 'Mobile money', 'Exonéré', 'Total encaissé'];

const cells = (r: RecapRow, bold = false): TableCell[] => [
  { text: printedDigits(r.receipts), bold },
  { text: printedDigits(r.cancelled), bold },
  { text: r.cash, alignment: 'right', bold },
  { text: r.mobileMoney, alignment: 'right', bold },
  { text: r.exempt, alignment: 'right', bold },
  { text: r.collected, alignment: 'right', bold: true },
];

function table(first: string, rows: TableCell[][], total: TableCell[], widths: (string | number)[]): Content {
  return {
    table: {
      headerRows: 1,
      widths,
      body: [[first, ...HEAD].map((t) => ({ text: t, bold: true })), ...rows, total],
    },
    layout: 'lightHorizontalLines',
    margin: [0, 0, 0, 12],
  };
}

/** Récapitulatif journalier: takings per clerk and per exam, in every payment mode, with the day's cash closes. */
export function recapDocument(d: RecapData): TDocumentDefinitions {
  const widths = ['*', 40, 45, 70, 70, 70, 75];
  const totalRow: TableCell[] = [{ text: 'Total', bold: true }, ...cells(d.total, true)];
  return {
    pageSize: 'A4',
    pageOrientation: 'landscape',
    pageMargins: [30, 40, 30, 50],
    info: { title: `Récapitulatif du ${frDate(d.day)}` },
    footer: pageFooter(`Imprimé le ${localDateTime(d.printedAt)} par ${d.clerk}`),
    content: [
      header(d.office, `Récapitulatif journalier du ${frDate(d.day)}`, 782),
      { text: 'Par guichetier', bold: true, fontSize: 12, margin: [0, 0, 0, 4] },
      d.byClerk.length
        ? table(
            'Guichetier',
            d.byClerk.map((r) => [r.label, ...cells(r)]),
            totalRow,
            widths,
          )
        : { text: 'Aucun paiement ce jour.', italics: true, margin: [0, 0, 0, 12] },
      { text: 'Par examen', bold: true, fontSize: 12, margin: [0, 0, 0, 4] },
      {
        table: {
          headerRows: 1,
          widths: ['*', 55, ...widths.slice(1)],
          body: [
            ['Examen', 'Inscriptions', ...HEAD].map((t) => ({ text: t, bold: true })),
            ...d.byExam.map((r) => [r.label, printedDigits(r.registrations), ...cells(r)]),
          ],
        },
        layout: 'lightHorizontalLines',
        margin: [0, 0, 0, 12],
      },
      { text: 'Clôtures de caisse', bold: true, fontSize: 12, margin: [0, 0, 0, 4] },
      d.closes.length
        ? { ul: d.closes.map((c) => `${c.clerk} : ${c.state}`) }
        : { text: 'Aucune caisse clôturée.', italics: true },
    ],
    defaultStyle: { fontSize: 9 },
  };
}
