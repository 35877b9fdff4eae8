import { countryName } from '../../../../shared/domain/countries';
import { departmentLabel } from '../../../../shared/domain/departments';
import { socioCategoryFr } from '../../../../shared/domain/socioCategories';
import type { Content } from 'pdfmake/interfaces';
import { registrationFr } from '../../../../shared/i18n/registration.fr';
import type { OfficeHeader } from '../types';

/** A calendar date as written (birth date, cash day): 2011-05-01 → 01/05/2011. Instants go through localDate. */
export const frDate = (ymd: string) => {
  const [y, m, d] = ymd.slice(0, 10).split('-');
  return `${d}/${m}/${y}`;
};

/** `width`: the printable width of the page (A4 portrait with 40-point margins by default). */
/** The small line at the foot of every page: what the document is, then its page number. */
export const pageFooter =
  (text: string) =>
  (page: number, pages: number): Content => ({
    text: `${text} — page ${page}/${pages}`,
    alignment: 'center',
    fontSize: 8,
    margin: [0, 20, 0, 0],
  });

export function header(office: OfficeHeader, title: string, width = 515): Content {
  return [
    {
      columns: [
        {
          text: [
            { text: `${office.name}\n`, bold: true, fontSize: 12 },
            `Région : ${office.region} — Office ${office.code}`,
          ],
        },
        { text: office.sessionLabel, alignment: 'right', bold: true },
      ],
    },
    { canvas: [{ type: 'line', x1: 0, y1: 6, x2: width, y2: 6, lineWidth: 1 }], margin: [0, 0, 0, 8] },
    { text: title, fontSize: 16, bold: true, alignment: 'center', margin: [0, 4, 0, 12] },
  ];
}

/** The "nom d'usage" row of a candidate who has one; none otherwise, so other documents keep their layout. */
export const usageRow = (c: { usageName?: string | null }): [string, string][] =>
  c.usageName ? [['Nom d’usage', c.usageName]] : [];

/** "14/05/2007 à Marseille (France)"; the country only when it was said. */
export const birthText = (c: { birthDate: string; birthPlace: string; birthCountry?: string | null }) =>
  `${frDate(c.birthDate)} à ${c.birthPlace}${c.birthCountry ? ` (${countryName(c.birthCountry)})` : ''}`;

/** CYCLADES's « Département de naissance » row of a candidate born in France who gave it; none otherwise. */
export const departmentRow = (c: { birthDepartment?: string | null }): [string, string][] =>
  c.birthDepartment ? [['Département de naissance', departmentLabel(c.birthDepartment)]] : [];

/** CYCLADES's « Situation du candidat » row, by the category's name, when one was given; none otherwise. */
export const socioCategoryRow = (c: { socioCategory?: string | null }): [string, string][] =>
  c.socioCategory ? [['Catégorie socio-professionnelle', socioCategoryFr(c.socioCategory)]] : [];

/** Label/value rows; long values wrap inside their cell instead of overflowing the page. */

export function facts(rows: [string, string | null | undefined][]): Content {
  return {
    table: {
      widths: [150, '*'],
      body: rows.map(([k, v]) => [{ text: k, bold: true }, { text: v || '—' }]),
    },
    layout: 'lightHorizontalLines',
    margin: [0, 0, 0, 10],
  };
}

/** The kind of ID as the counter's form names it ("CNIE (Maroc)"), not its code. */
export const idTypeLabel = (code: string | null | undefined) =>
  code ? ((registrationFr.wizard.idTypes as Record<string, string>)[code] ?? code) : '';
