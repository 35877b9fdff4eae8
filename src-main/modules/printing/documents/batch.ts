import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces';
import type { FicheData } from '../types';
import { FICHE_STYLES, ficheContent } from './fiche';

/**
 * One chunk of a batch: fiches one after the other, each from a new page. The batch is rendered
 * chunk by chunk and the chunks joined, so the layout engine never holds a thousand fiches at once.
 */
export function ficheBatchDocument(items: { data: FicheData; qr: string }[]): TDocumentDefinitions {
  return {
    pageSize: 'A4',
    pageMargins: [40, 40, 40, 60],
    info: { title: 'Fiches d’inscription' },
    content: items.map(({ data, qr }, i): Content => ({
      stack: ficheContent(data, qr),
      ...(i ? { pageBreak: 'before' as const } : {}),
    })),
    styles: FICHE_STYLES,
  };
}
