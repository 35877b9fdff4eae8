import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces';
import type { FicheData } from '../types';
import { qrPng } from '../qrImage';
import { birthText, departmentRow, facts, header, idTypeLabel, pageFooter, usageRow } from './common';
import { countryName } from '../../../../shared/domain/countries';
import { localDate, localDateTime } from '../../../../shared/domain/localTime';

const STATUS = { obligatoire: 'Obligatoire', facultative: 'Facultative', acquis: 'Acquis', dispense: 'Dispensé(e)' };

function photoBox(photo: Buffer | null): Content {
  if (photo) return { image: `data:image/jpeg;base64,${photo.toString('base64')}`, fit: [105, 140] };
  return {
    table: {
      widths: [105],
      heights: [140],
      body: [[{ text: 'Photo\nd’identité\nà coller', alignment: 'center', margin: [0, 50, 0, 0], color: '#666' }]],
    },
  };
}

/** Two épreuves per row: a Bac's ten épreuves then leave room for the signatures on the same page. */
function epreuvesTable(list: FicheData['registration']['epreuves']): Content {
  const cells = list.map((e) => [e.label, { text: STATUS[e.status], italics: true }]);
  const rows: Content[][] = [];
  for (let i = 0; i < cells.length; i += 2) rows.push([...cells[i]!, ...(cells[i + 1] ?? ['', ''])]);
  return {
    table: { widths: ['*', 70, '*', 70], body: rows.length ? rows : [['—', '', '', '']] },
    layout: 'lightHorizontalLines',
    margin: [0, 0, 0, 10],
  };
}

/**
 * Until the print is confirmed the fiche carries no signed QR and says it is a preview, so a
 * preview printed from the viewer can never pass for a fiche.
 */
function qrBox(qr: string | null): Content {
  if (qr) return { image: `data:image/png;base64,${qrPng(qr).toString('base64')}`, width: 110, margin: [0, 10, 0, 0] };
  return {
    table: {
      widths: [105],
      heights: [105],
      body: [[{ text: 'Code QR signé\nà l’impression', alignment: 'center', margin: [0, 38, 0, 0], color: '#666' }]],
    },
    margin: [0, 10, 0, 0],
  };
}

/**
 * The candidate's fiche (PIENA's "fiche de préinscription"). What it shows is frozen: the
 * version line and the signed QR name the fiche version, and the print log ties it to the registration.
 * Without a QR (null) it is the preview shown before printing, marked as such on every page.
 */
export function ficheDocument(d: FicheData, qr: string | null): TDocumentDefinitions {
  const r = d.registration;
  return {
    ...(qr ? {} : { watermark: { text: 'APERÇU — NON VALABLE', opacity: 0.15, bold: true, fontSize: 48 } }),
    pageSize: 'A4',
    pageMargins: [40, 40, 40, 60],
    info: { title: `Fiche ${r.number}`, author: d.office.name },
    footer: pageFooter(`Version ${r.version} du ${localDateTime(d.printedAt)} — ${r.number}`),
    content: ficheContent(d, qr),
    styles: FICHE_STYLES,
  };
}

export const FICHE_STYLES = {
  section: { bold: true, fontSize: 12, margin: [0, 6, 0, 4] as [number, number, number, number] },
};

/** The body of one fiche, shared by the single print and the batch (where fiches follow each other page after page). */
export function ficheContent(d: FicheData, qr: string | null): Content[] {
  const c = d.candidate;
  const r = d.registration;
  return [
    header(d.office, 'Fiche d’inscription'),
    ...(qr
      ? []
      : [
          {
            text: 'APERÇU — fiche non valable avant impression',
            color: '#b91c1c',
            bold: true,
            alignment: 'center',
          } as Content,
        ]),
    {
      columns: [
        {
          width: '*',
          stack: [
            { text: `N° candidat : ${c.number}`, bold: true, fontSize: 13 },
            { text: `N° inscription : ${r.number}`, margin: [0, 2, 0, 2] },
            { text: `Version ${r.version} du ${localDate(d.printedAt)}`, italics: true, margin: [0, 0, 0, 8] },
            facts([
              ['Nom', c.surname],
              ['Prénoms', c.givenNames],
              ...usageRow(c),
              ['Sexe', c.sex === 'F' ? 'Féminin' : 'Masculin'],
              ['Date et lieu de naissance', birthText(c)],
              ...departmentRow(c),
              ['Nationalité', countryName(c.nationality)],
              ['Pièce d’identité', c.idNumber ? `${idTypeLabel(c.idType)} ${c.idNumber}`.trim() : null],
            ]),
          ],
        },
        {
          width: 115,
          stack: [photoBox(d.photo), qrBox(qr)],
        },
      ],
      columnGap: 12,
    },
    { text: 'Candidature', style: 'section' },
    facts([
      ['Examen', r.series ? `${r.exam} — ${r.series}` : r.exam],
      ['Catégorie', r.category],
      ['Établissement', r.etablissement],
      ['Centre d’examen', r.centre],
      ['Aménagements', r.accommodations],
      ...(r.preregistrationNumber ? [['Préinscription en ligne', r.preregistrationNumber] as [string, string]] : []),
    ]),
    { text: 'Épreuves', style: 'section' },
    epreuvesTable(r.epreuves),
    ...(d.missingPieces.length
      ? [
          { text: 'Pièces restant à fournir', style: 'section' } as Content,
          {
            ul: d.missingPieces.map((p) => (p.deadline ? `${p.label} (avant le ${localDate(p.deadline)})` : p.label)),
            margin: [0, 0, 0, 10],
          } as Content,
        ]
      : []),
    {
      text: 'Le candidat certifie l’exactitude des informations ci-dessus, qui figureront sur son diplôme. Aucune modification n’est possible après impression sans l’accord d’un superviseur.',
      fontSize: 9,
      margin: [0, 6, 0, 12],
    },
    {
      // Both boxes stay together, on the page of the text they sign.
      unbreakable: true,
      columns: [
        { stack: ['Signature du candidat', { canvas: [{ type: 'rect', x: 0, y: 4, w: 220, h: 50 }] }] },
        { stack: [`Le guichetier (${d.clerk})`, { canvas: [{ type: 'rect', x: 0, y: 4, w: 220, h: 50 }] }] },
      ],
    },
  ];
}
