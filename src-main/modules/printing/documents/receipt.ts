import type { TDocumentDefinitions } from 'pdfmake/interfaces';
import type { ReceiptData } from '../types';
import { facts, header } from './common';
import { localDateTime } from '../../../../shared/domain/localTime';

const MODE = { cash: 'Espèces', mobile_money: 'Mobile money', exempt: 'Exonéré' };

/** The fee receipt, or, once cancelled, the cancellation slip that prints in its place. */
export function receiptDocument(d: ReceiptData): TDocumentDefinitions {
  const cancelled = d.cancellation !== null;
  return {
    pageSize: 'A5',
    pageMargins: [30, 30, 30, 40],
    info: { title: `${cancelled ? 'Annulation' : 'Reçu'} ${d.receiptNumber}` },
    content: [
      header(d.office, cancelled ? 'Annulation de reçu' : 'Reçu de paiement'),
      { text: `Reçu N° ${d.receiptNumber}`, bold: true, fontSize: 13, margin: [0, 0, 0, 8] },
      facts([
        ['Date', localDateTime(d.date)],
        ['Candidat', `${d.candidateName} (N° ${d.candidateNumber})`],
        ['Inscription', `${d.registrationNumber} — ${d.exam}`],
        ['Montant', d.amount],
        ['Mode de paiement', MODE[d.mode]],
        ...(d.mode === 'mobile_money'
          ? ([['Opérateur / transaction', `${d.operator} — ${d.reference}`]] as [string, string][])
          : []),
        ...(d.mode === 'exempt' ? ([['Motif de l’exonération', d.exemptionReason]] as [string, string | null][]) : []),
        ...(d.groupNumber
          ? ([['Payé par l’établissement', `reçu collectif N° ${d.groupNumber}`]] as [string, string][])
          : []),
        ['Guichetier', d.clerk],
      ]),
      ...(d.cancellation
        ? [
            {
              text: 'REÇU ANNULÉ',
              bold: true,
              fontSize: 18,
              color: '#b91c1c',
              alignment: 'center' as const,
              margin: [0, 8, 0, 8] as [number, number, number, number],
            },
            facts([
              ['Motif', d.cancellation.reason],
              ['Annulé par', d.cancellation.by],
              ['Le', d.cancellation.at && localDateTime(d.cancellation.at)],
            ]),
          ]
        : []),
    ],
  };
}
