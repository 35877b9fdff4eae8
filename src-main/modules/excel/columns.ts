import { centresOffered, type Catalogue, type Exam } from '../../../shared/domain/catalogue';
import { ID_TYPES, type IdType } from '../../../shared/domain/candidate';
import { messages } from '../../../shared/i18n';
import { optionColumns } from './options';

export type ColumnKey =
  | 'surname'
  | 'givenNames'
  | 'sex'
  | 'birthDate'
  | 'birthPlace'
  | 'birthCountry'
  | 'nationality'
  | 'idType'
  | 'idNumber'
  | 'phone'
  | 'email'
  | 'address'
  | 'guardianName'
  | 'guardianPhone'
  | 'series'
  | 'category'
  | 'centre'
  | 'accommodations'
  | 'consentPublish'
  | OptionKey;

/** One Oui/Non column per optional épreuve of the exam. */
export type OptionKey = `option:${string}`;

export interface Column {
  key: ColumnKey;
  header: string;
  width: number;
  required: boolean;
  /** A country column takes a name from the list, a code (KM) or a three-letter code (COM). */
  kind: 'text' | 'date' | 'list' | 'country';
  /** For list columns: the allowed values, as the drop-down offers them. */
  values?: string[];
  /**
   * For a list offered by names: the code each value is read back as (same order). The code typed
   * by hand is read as well, so a list filled from an older template or an export still imports.
   */
  codes?: string[];
  note: string;
}

export const YES_NO = ['Oui', 'Non'];

const sameText = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * A list offered by the names the screens show (« Passeport », « Collège de Mitsamiouli —
 * Mitsamiouli (MOR-02) »), each read back as its code. Names that could be read two ways (two
 * alike, or one that is another entry's code) are not offered: the list keeps the codes.
 */
export function namedList(entries: { code: string; name: string }[]): Pick<Column, 'values' | 'codes'> {
  const ambiguous = entries.some((e, i) =>
    entries.some((o, j) => i !== j && (sameText(e.name, o.name) || sameText(e.name, o.code))),
  );
  if (ambiguous) return { values: entries.map((e) => e.code) };
  return { values: entries.map((e) => e.name), codes: entries.map((e) => e.code) };
}

/** The code a list cell's text stands for: one of the values offered, or (for a named list) a code. */
export function listCode(c: Pick<Column, 'values' | 'codes'>, text: string): string | null {
  const i = c.values!.findIndex((v) => sameText(v, text));
  if (i >= 0) return c.codes?.[i] ?? c.values![i]!;
  return c.codes?.find((code) => sameText(code, text)) ?? null;
}

const ID_TYPE_NAMES = messages.fr.wizard.idTypes as Record<IdType, string>;

/** The columns of a school's list, in order; series and option columns only for an exam that has them. */
export function columnsFor(catalogue: Catalogue, exam: Exam, officeCode: string): Column[] {
  const cols: Column[] = [
    {
      key: 'surname',
      header: 'Nom',
      width: 22,
      required: true,
      kind: 'text',
      note: 'En lettres, comme sur l’acte de naissance.',
    },
    {
      key: 'givenNames',
      header: 'Prénoms',
      width: 26,
      required: true,
      kind: 'text',
      note: 'Tous les prénoms, dans l’ordre.',
    },
    { key: 'sex', header: 'Sexe', width: 8, required: true, kind: 'list', values: ['M', 'F'], note: 'M ou F.' },
    {
      key: 'birthDate',
      header: 'Date de naissance',
      width: 16,
      required: true,
      kind: 'date',
      note: 'Une date (jj/mm/aaaa).',
    },
    {
      key: 'birthPlace',
      header: 'Lieu de naissance',
      width: 20,
      required: true,
      kind: 'text',
      note: 'Ville ou village.',
    },
    {
      key: 'birthCountry',
      header: 'Pays de naissance',
      width: 16,
      required: false,
      kind: 'country',
      note: 'Le pays, choisi dans la liste, ou son code ; vide s’il n’est pas connu.',
    },
    {
      key: 'nationality',
      header: 'Nationalité',
      width: 16,
      required: true,
      kind: 'country',
      note: 'Le pays, choisi dans la liste (Comores), son code (KM) ou la nationalité (comorienne).',
    },
    {
      key: 'idType',
      header: 'Type de pièce',
      width: 14,
      required: false,
      kind: 'list',
      ...namedList((Object.keys(ID_TYPES) as IdType[]).map((code) => ({ code, name: ID_TYPE_NAMES[code] }))),
      note: 'Si le candidat a une pièce d’identité.',
    },
    {
      key: 'idNumber',
      header: 'N° de pièce',
      width: 16,
      required: false,
      kind: 'text',
      note: 'Obligatoire si un type de pièce est choisi.',
    },
    {
      key: 'phone',
      header: 'Téléphone',
      width: 16,
      required: false,
      kind: 'text',
      note: 'Numéro du candidat ou de la famille.',
    },
    { key: 'email', header: 'Courriel', width: 24, required: false, kind: 'text', note: 'Facultatif.' },
    { key: 'address', header: 'Adresse', width: 24, required: false, kind: 'text', note: 'Facultatif.' },
    {
      key: 'guardianName',
      header: 'Nom du tuteur',
      width: 22,
      required: false,
      kind: 'text',
      note: 'Obligatoire pour un candidat mineur.',
    },
    {
      key: 'guardianPhone',
      header: 'Téléphone du tuteur',
      width: 18,
      required: false,
      kind: 'text',
      note: 'Numéro du tuteur légal.',
    },
  ];
  if (exam.series.length)
    cols.push({
      key: 'series',
      header: 'Série',
      width: 30,
      required: true,
      kind: 'list',
      ...namedList(exam.series.map((s) => ({ code: s.code, name: s.label }))),
      note: 'Une des séries de l’examen.',
    });
  cols.push(
    {
      key: 'category',
      header: 'Catégorie',
      width: 14,
      required: true,
      kind: 'list',
      ...namedList(catalogue.categories.map((c) => ({ code: c.code, name: c.label }))),
      note: 'Scolaire pour un élève de l’établissement.',
    },
    {
      key: 'centre',
      header: 'Centre d’examen',
      width: 14,
      required: true,
      kind: 'list',
      // A school registers with the office of its region: the list offers that region's centres.
      ...namedList(
        centresOffered(catalogue, officeCode, null).map((c) => ({
          code: c.code,
          name: `${c.name} — ${c.town} (${c.code})`,
        })),
      ),
      note: 'Le centre où le candidat composera.',
    },
    ...optionColumns(exam),
    {
      key: 'accommodations',
      header: 'Aménagements',
      width: 24,
      required: false,
      kind: 'text',
      note: 'Besoins particuliers (handicap…), sinon vide.',
    },
    {
      key: 'consentPublish',
      header: 'Publication des résultats',
      width: 14,
      required: false,
      kind: 'list',
      values: YES_NO,
      note: 'Oui si le candidat accepte que son résultat soit publié.',
    },
  );
  return cols;
}

/** Headers compared without case, accents, asterisks or extra spaces: "DATE DE NAISSANCE *" is the same column. */
export const normaliseHeader = (s: string) =>
  s.normalize('NFD').replace(/\p{M}/gu, '').replace(/[*’']/g, ' ').replace(/\s+/g, ' ').trim().toLowerCase();

export const columnLetter = (n: number): string => {
  let s = '';
  for (let i = n; i > 0; i = Math.floor((i - 1) / 26)) s = String.fromCharCode(65 + ((i - 1) % 26)) + s;
  return s;
};
