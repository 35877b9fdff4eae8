import type ExcelJS from 'exceljs';
import type { Catalogue, Exam } from '../../../shared/domain/catalogue';
import { COUNTRY_CODES, countryName } from '../../../shared/domain/countries';
import { columnLetter, type Column } from './columns';
import { loadExcelJS } from '../../core/lazyDeps';

/** Rows prepared with lists and date format; a class list is rarely longer. */
const PREPARED_ROWS = 2000;

export const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDCE6F1' } };

export function styleHeader(sheet: ExcelJS.Worksheet): void {
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', wrapText: true };
  header.eachCell((c) => (c.fill = HEADER_FILL));
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
}

/** The school's list for one exam and établissement: what the import reads back, column for column. */
export async function buildTemplate(
  catalogue: Catalogue,
  exam: Exam,
  etablissement: { code: string; name: string },
  columns: Column[],
): Promise<Buffer> {
  const wb = new (await loadExcelJS()).Workbook();
  wb.creator = 'Guichet';
  wb.title = `${exam.label} — ${etablissement.name}`;
  const sheet = wb.addWorksheet('Candidats');
  // Range validations exist in exceljs 4.4 but are missing from its typings.
  const validations = (sheet as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } })
    .dataValidations;
  const lists = wb.addWorksheet('Listes', { state: 'hidden' });
  sheet.columns = columns.map((c) => ({ header: c.required ? `${c.header} *` : c.header, key: c.key, width: c.width }));
  styleHeader(sheet);
  const last = PREPARED_ROWS + 1;
  columns.forEach((c, i) => {
    const letter = columnLetter(i + 1);
    const range = `${letter}2:${letter}${last}`;
    /** The values in this column of the hidden Listes sheet, and the cells offering them. */
    const offer = (values: string[], message: Pick<ExcelJS.DataValidation, 'error' | 'errorStyle'>) => {
      lists.getCell(`${letter}1`).value = c.header;
      values.forEach((v, j) => (lists.getCell(`${letter}${j + 2}`).value = v));
      validations.add(range, {
        type: 'list',
        allowBlank: !c.required,
        formulae: [`Listes!$${letter}$2:$${letter}$${values.length + 1}`],
        showErrorMessage: true,
        errorTitle: c.header,
        ...message,
      });
    };
    if (c.kind === 'date') {
      sheet.getColumn(i + 1).numFmt = 'dd/mm/yyyy';
      validations.add(range, {
        type: 'date',
        operator: 'greaterThan',
        allowBlank: true,
        formulae: [new Date(Date.UTC(1900, 0, 1))],
        showErrorMessage: true,
        errorTitle: c.header,
        error: 'Saisissez une date (jj/mm/aaaa).',
      });
    } else if (c.kind === 'list' && c.codes)
      // A warning, not a refusal: the code typed by hand (MOR-01) is read as well as the name.
      offer(c.values!, {
        errorStyle: 'warning',
        error: `Choisissez une valeur de la liste, ou saisissez son code : ${c.codes.join(', ')}`.slice(0, 250),
      });
    else if (c.kind === 'list')
      offer(c.values!, { error: `Choisissez une valeur de la liste : ${c.values!.join(', ')}`.slice(0, 250) });
    else if (c.kind === 'country') {
      sheet.getColumn(i + 1).numFmt = '@';
      // A warning, not a refusal: a code typed by hand (KM) is read as well as the name.
      offer(COUNTRY_CODES.map(countryName), {
        errorStyle: 'warning',
        error: 'Choisissez le pays dans la liste, ou saisissez son code à deux lettres (KM).',
      });
    } else sheet.getColumn(i + 1).numFmt = '@';
  });
  sheet.autoFilter = { from: 'A1', to: `${columnLetter(columns.length)}1` };
  instructions(wb, catalogue, exam, etablissement, columns);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A column's line of the Instructions sheet: what to type, and the values of a list with the codes read too. */
function noteOf(c: Column): string {
  if (!c.values) return c.note;
  const values = `${c.note} Valeurs : ${c.values.join(', ')}.`;
  // A name that carries its code, or is its code, says it already; the others are followed by the code read too.
  const named = (c.codes ?? []).map((code, i) => [code, c.values![i]!] as const);
  const unsaid = named.filter(
    ([code, name]) => code.toLowerCase() !== name.toLowerCase() && !name.includes(`(${code})`),
  );
  if (!unsaid.length) return values;
  return `${values} Le code est lu aussi : ${unsaid.map(([code, name]) => `${code} pour ${name}`).join(', ')}.`;
}

function instructions(
  wb: ExcelJS.Workbook,
  catalogue: Catalogue,
  exam: Exam,
  etablissement: { code: string; name: string },
  columns: Column[],
) {
  const s = wb.addWorksheet('Instructions');
  s.columns = [{ width: 28 }, { width: 90 }];
  const lines: [string, string][] = [
    ['Session', `${catalogue.session.label} (${catalogue.session.id})`],
    ['Examen', `${exam.label} (${exam.code})`],
    ['Établissement', `${etablissement.name} (${etablissement.code})`],
    ['', ''],
    ['Comment remplir', 'Une ligne par candidat dans la feuille « Candidats », à partir de la ligne 2.'],
    ['', 'Ne renommez, ne supprimez et ne déplacez aucune colonne ; les colonnes marquées * sont obligatoires.'],
    ['', 'Saisissez des valeurs, pas de formules ; ne fusionnez pas de cellules.'],
    ['', 'Les dates se saisissent jj/mm/aaaa (par exemple 05/03/2012).'],
    ['', 'Un candidat mineur doit avoir un tuteur légal (nom et téléphone).'],
    ['', 'Enregistrez au format Excel (.xlsx), sans mot de passe.'],
    ['', ''],
    ['Colonne', 'Contenu'],
    ...columns.map((c): [string, string] => [c.required ? `${c.header} *` : c.header, noteOf(c)]),
  ];
  lines.forEach((l) => s.addRow(l));
  s.getColumn(1).font = { bold: true };
  s.getColumn(2).alignment = { wrapText: true };
}
