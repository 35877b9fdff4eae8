import type ExcelJS from 'exceljs';
import type { Catalogue } from '../../../shared/domain/catalogue';
import { countryName } from '../../../shared/domain/countries';
import { departmentLabel } from '../../../shared/domain/departments';
import { socioCategoryFr } from '../../../shared/domain/socioCategories';
import { PassThrough } from 'node:stream';
import type { EntityManager } from 'typeorm';
import { columnLetter } from './columns';
import { loadExcelJS } from '../../core/lazyDeps';
import { HEADER_FILL } from './template';
import { wallClock } from '../../../shared/domain/localTime';
import { registrationWhere, type RegistrationFilter, type SqlPart } from '../registrations/repository';

type Value = string | number | Date | null;
export interface Table {
  sheet: string;
  /** Workbook only: lines above the table (a title, the filters that produced it), then a blank row. */
  preamble?: string[];
  columns: { header: string; key: string; width: number; numFmt?: string }[];
  rows: Record<string, Value>[];
  /**
   * Workbook only: a last row, after a blank one, with a label and the given columns summed. The
   * cell is a SUBTOTAL formula (with its value already computed), so a filter set in Excel sums
   * the rows it shows. CSV leaves it out: a tool reading the file would take it for one more record.
   */
  total?: { label: string; sums: Record<string, number> };
}

/** Excel's number format for amounts in a currency with `digits` minor digits: 5 000 KMF, 12,50 €. */
export const moneyFormat = (digits: number) => (digits > 0 ? `#,##0.${'0'.repeat(digits)}` : '#,##0');

/** Text a spreadsheet would read as a formula when typed or opened as CSV: =, +, -, @, tab, CR first. */
const FORMULA_LIKE = /^[=+\-@\t\r]/;

/** A CSV text cell a spreadsheet could read as a formula gets a leading apostrophe. */
export const neutralise = (s: string) => (FORMULA_LIKE.test(s) ? `'${s}` : s);

/** One row as the CSV writer puts it out: in column order, text neutralised. */
const csvCellsOf = (t: Table, r: Record<string, Value>) =>
  t.columns.map((c) => {
    const v = r[c.key] ?? null;
    return typeof v === 'string' ? neutralise(v) : v;
  });

/*
 * In a workbook a text cell is never evaluated, so it keeps its exact value (+2693331025, not
 * '+2693331025); a formula-like one is given the Text number format (@), under which Excel keeps
 * what is typed into the cell as text, so editing it does not turn it into a formula either.
 */
const TEXT_FORMAT = '@';

/**
 * One style object per column and kind of value, shared by every cell that takes it. exceljs
 * remembers the style id of an object it has seen; the copy each new cell gets from its column
 * was serialised and looked up again, a third of a 50,000-row export's time.
 */
function cellStyles(t: Table) {
  const shared = new Map<string, Partial<ExcelJS.Style>>();
  return (col: number, value: unknown): Partial<ExcelJS.Style> => {
    const text = typeof value === 'string' && FORMULA_LIKE.test(value);
    // The kind matters to exceljs where the column has no format: a date then gets its default one.
    const kind = text ? 'text' : value instanceof Date ? 'date' : typeof value;
    const key = `${col}:${kind}`;
    let style = shared.get(key);
    if (!style) {
      const numFmt = text ? TEXT_FORMAT : t.columns[col - 1]?.numFmt;
      style = numFmt ? { numFmt } : {};
      shared.set(key, style);
    }
    return style;
  };
}

/** Streamed: 50,000 rows are written row by row instead of held as a workbook model. */
export async function toXlsx(t: Table): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    out.on('end', resolve);
    out.on('error', reject);
  });
  const wb = new (await loadExcelJS()).stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  wb.creator = 'Guichet';
  const preamble = t.preamble ?? [];
  const headerAt = preamble.length ? preamble.length + 2 : 1;
  const sheet = wb.addWorksheet(t.sheet, { views: [{ state: 'frozen', ySplit: headerAt }] });
  sheet.columns = t.columns.map((c) => ({
    key: c.key,
    width: c.width,
    style: c.numFmt ? { numFmt: c.numFmt } : {},
  }));
  preamble.forEach((line, i) => {
    const row = sheet.getRow(i + 1);
    row.getCell(1).value = line;
    if (i === 0) row.font = { bold: true };
    row.commit();
  });
  const header = sheet.getRow(headerAt);
  t.columns.forEach((c, i) => (header.getCell(i + 1).value = c.header));
  header.font = { bold: true };
  header.eachCell((c) => (c.fill = HEADER_FILL));
  header.commit();
  const last = columnLetter(t.columns.length);
  sheet.autoFilter = { from: `A${headerAt}`, to: `${last}${headerAt + t.rows.length}` };
  const styles = cellStyles(t);
  for (const r of t.rows) {
    const row = sheet.addRow(t.columns.map((c) => r[c.key] ?? null));
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cell.style = styles(col, cell.value);
    });
    row.commit();
  }
  if (t.total) {
    const row = sheet.getRow(headerAt + t.rows.length + 2);
    row.getCell(1).value = t.total.label;
    for (const [key, result] of Object.entries(t.total.sums)) {
      const i = t.columns.findIndex((c) => c.key === key) + 1;
      const col = columnLetter(i);
      row.getCell(i).value = t.rows.length
        ? { formula: `SUBTOTAL(9,${col}${headerAt + 1}:${col}${headerAt + t.rows.length})`, result }
        : result;
    }
    row.font = { bold: true };
    row.commit();
  }
  sheet.commit();
  await wb.commit();
  await done;
  return Buffer.concat(chunks);
}

const pad = (n: number) => String(n).padStart(2, '0');
const csvText = (v: Value): string => {
  if (v === null) return '';
  if (v instanceof Date) {
    const d = `${pad(v.getUTCDate())}/${pad(v.getUTCMonth() + 1)}/${v.getUTCFullYear()}`;
    return v.getUTCHours() || v.getUTCMinutes() ? `${d} ${pad(v.getUTCHours())}:${pad(v.getUTCMinutes())}` : d;
  }
  // A French Excel reads "12.5" as text (or a date): amounts in euros or dirhams take a decimal comma.
  if (typeof v === 'number') return String(v).replace('.', ',');
  return /[";\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
};

/** UTF-8 with a BOM and semicolons, which is what a French Excel opens without a wizard. */
export function toCsv(t: Table): Buffer {
  const lines = [t.columns.map((c) => csvText(neutralise(c.header))).join(';')];
  for (const r of t.rows) lines.push(csvCellsOf(t, r).map(csvText).join(';'));
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

export const STATUS: Record<string, string> = {
  registered: 'Inscrit',
  locked: 'Fiche imprimée',
  amended: 'Modifiée',
  withdrawn: 'Désinscrit',
};
/**
 * The names the screens show for the catalogue's codes. Exports keep each code column (offices
 * filter and re-import by it) and put the name beside it; a code the catalogue no longer holds
 * leaves its name empty.
 */
export function catalogueNames(c: Catalogue) {
  const lookup = <T>(list: T[], code: (x: T) => string, name: (x: T) => string) => {
    const names = new Map(list.map((x) => [code(x), name(x)]));
    return (key: string | null | undefined) => (key ? (names.get(key) ?? null) : null);
  };
  const series = new Map(c.exams.flatMap((e) => e.series.map((s) => [`${e.code}/${s.code}`, s.label])));
  return {
    exam: lookup(
      c.exams,
      (e) => e.code,
      (e) => e.label,
    ),
    series: (exam: string | null, code: string | null) =>
      exam && code ? (series.get(`${exam}/${code}`) ?? null) : null,
    category: lookup(
      c.categories,
      (x) => x.code,
      (x) => x.label,
    ),
    etablissement: lookup(
      c.etablissements,
      (x) => x.code,
      (x) => x.name,
    ),
    centre: lookup(
      c.centres,
      (x) => x.code,
      (x) => x.name,
    ),
  };
}

export const dateOf = (iso: string | null) => (iso ? new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso) : null);

/**
 * The export's condition: the registrations list's own, or for payments (`p`) the same
 * registrations by exam, centre and établissement, over cash days.
 */
export function exportWhere(
  f: RegistrationFilter,
  opts: { payments?: boolean; dossierComplete?: SqlPart } = {},
): SqlPart {
  if (!opts.payments) return registrationWhere(f, opts.dossierComplete);
  const { examCode, centreCode, etablissementCode, from, to } = f;
  const byRegistration = registrationWhere({ examCode, centreCode, etablissementCode });
  const sql = [byRegistration.sql, from ? 'p.day >= ?' : '', to ? 'p.day <= ?' : ''].filter(Boolean).join(' AND ');
  return { sql, params: [...byRegistration.params, ...[from, to].filter(Boolean)] };
}

export async function registrationsTable(em: EntityManager, catalogue: Catalogue, where: SqlPart): Promise<Table> {
  const names = catalogueNames(catalogue);
  const rows = (await em.query(
    `SELECT r.number, c.number AS candidate_number, c.surname, c.given_names, c.usage_name, c.sex, c.birth_date,
       c.birth_place, c.birth_country, c.birth_department, c.nationality, c.socio_category, c.id_number, c.phone, r.exam_code, r.series_code, r.category,
       r.etablissement_code, r.centre_code, r.status, r.created_at
     FROM registration r JOIN candidate c ON c.id = r.candidate_id
     WHERE ${where.sql} ORDER BY r.exam_code, c.surname, c.given_names, r.number`,
    where.params,
  )) as Record<string, string | null>[];
  return {
    sheet: 'Inscriptions',
    columns: [
      { header: 'N° inscription', key: 'number', width: 24 },
      { header: 'N° candidat', key: 'candidate_number', width: 20 },
      { header: 'Nom', key: 'surname', width: 22 },
      { header: 'Prénoms', key: 'given_names', width: 26 },
      { header: 'Nom d’usage', key: 'usage_name', width: 18 },
      { header: 'Sexe', key: 'sex', width: 6 },
      { header: 'Date de naissance', key: 'birth_date', width: 14, numFmt: 'dd/mm/yyyy' },
      { header: 'Lieu de naissance', key: 'birth_place', width: 18 },
      { header: 'Pays de naissance', key: 'birth_country', width: 16 },
      { header: 'Département de naissance', key: 'birth_department', width: 24 },
      { header: 'Nationalité', key: 'nationality', width: 16 },
      { header: 'N° de pièce', key: 'id_number', width: 16 },
      { header: 'Téléphone', key: 'phone', width: 16 },
      { header: 'Catégorie socio-professionnelle', key: 'socio_category', width: 30 },
      { header: 'Examen', key: 'exam_code', width: 10 },
      { header: 'Intitulé de l’examen', key: 'exam_name', width: 30 },
      { header: 'Série', key: 'series_code', width: 8 },
      { header: 'Intitulé de la série', key: 'series_name', width: 24 },
      { header: 'Catégorie', key: 'category', width: 12 },
      { header: 'Libellé de la catégorie', key: 'category_name', width: 20 },
      { header: 'Établissement', key: 'etablissement_code', width: 14 },
      { header: 'Nom de l’établissement', key: 'etablissement_name', width: 28 },
      { header: 'Centre', key: 'centre_code', width: 10 },
      { header: 'Nom du centre', key: 'centre_name', width: 28 },
      { header: 'Statut', key: 'status', width: 14 },
      { header: 'Inscrit le', key: 'created_at', width: 18, numFmt: 'dd/mm/yyyy hh:mm' },
    ],
    rows: rows.map((r) => ({
      ...r,
      exam_name: names.exam(r.exam_code),
      series_name: names.series(r.exam_code ?? null, r.series_code ?? null),
      category_name: names.category(r.category),
      etablissement_name: names.etablissement(r.etablissement_code),
      centre_name: names.centre(r.centre_code),
      birth_date: dateOf(r.birth_date ?? null),
      birth_country: r.birth_country ? countryName(r.birth_country) : null,
      birth_department: r.birth_department ? departmentLabel(r.birth_department) : null,
      socio_category: r.socio_category ? socioCategoryFr(r.socio_category) : null,
      nationality: r.nationality ? countryName(r.nationality) : null,
      created_at: r.created_at ? wallClock(r.created_at) : null,
      status: STATUS[r.status ?? ''] ?? r.status ?? null,
    })),
  };
}

/**
 * The accountant's payments. "Montant encaissé" is the money a receipt brought in, by the Caisse
 * page's and the daily recap's rule (totalsOf): a valid cash or mobile-money receipt's amount, 0 for
 * an exemption or a cancelled receipt; its column sums to their "Total encaissé". "Droits" keeps the
 * fee each receipt was made out for, and an exemption says why and which supervisor granted it.
 * People are named as the receipts and the recap name them (display names, see users/names.ts).
 */
export async function paymentsTable(em: EntityManager, catalogue: Catalogue, where: SqlPart): Promise<Table> {
  const names = catalogueNames(catalogue);
  const rows = (await em.query(
    `SELECT p.receipt_number, r.number AS registration_number, c.surname || ' ' || c.given_names AS candidate_name,
       r.exam_code, p.amount, p.currency, p.minor_digits, p.mode, p.reference, p.exemption_reason,
       COALESCE(a.display_name, p.approved_by) AS approved_by, p.group_number,
       COALESCE(u.display_name, p.clerk) AS clerk_name, p.clerk, p.day, p.status, p.cancel_reason
     FROM payment p JOIN registration r ON r.id = p.registration_id JOIN candidate c ON c.id = r.candidate_id
       LEFT JOIN user u ON u.username = p.clerk LEFT JOIN user a ON a.username = p.approved_by
     WHERE ${where.sql} ORDER BY p.day, p.receipt_number`,
    where.params,
  )) as Record<string, string | number | null>[];
  const MODES: Record<string, string> = { cash: 'Espèces', mobile_money: 'Mobile money', exempt: 'Exonération' };
  // The currency's own digits (none for KMF): '#,##0.##' showed a whole 5000 as « 5 000, ».
  const currencies = new Set(rows.map((r) => `${r.currency}/${r.minor_digits}`));
  const digits = rows.reduce(
    (d, r) => Math.max(d, Number(r.minor_digits)),
    rows.length ? 0 : catalogue.session.minorDigits,
  );
  const money = moneyFormat(digits);
  const collectedOf = (r: (typeof rows)[number]) =>
    r.status === 'valid' && (r.mode === 'cash' || r.mode === 'mobile_money') ? Number(r.amount) : 0;
  // Summed in minor units, exactly; amounts in two currencies have no total.
  const takings = rows.reduce((sum, r) => sum + collectedOf(r), 0) / 10 ** digits;
  return {
    sheet: 'Paiements',
    // What the Caisse page and the daily recap call « Total encaissé », for the receipts exported.
    total: currencies.size > 1 ? undefined : { label: 'Total encaissé', sums: { collected: takings } },
    columns: [
      { header: 'N° reçu', key: 'receipt_number', width: 22 },
      { header: 'N° inscription', key: 'registration_number', width: 24 },
      { header: 'Candidat', key: 'candidate_name', width: 30 },
      { header: 'Examen', key: 'exam_code', width: 10 },
      { header: 'Intitulé de l’examen', key: 'exam_name', width: 30 },
      { header: 'Montant encaissé', key: 'collected', width: 14, numFmt: money },
      { header: 'Droits', key: 'amount', width: 12, numFmt: money },
      { header: 'Devise', key: 'currency', width: 8 },
      { header: 'Mode', key: 'mode', width: 14 },
      { header: 'Référence', key: 'reference', width: 18 },
      { header: 'Motif d’exonération', key: 'exemption_reason', width: 30 },
      { header: 'Exonération accordée par', key: 'approved_by', width: 22 },
      { header: 'Reçu collectif', key: 'group_number', width: 22 },
      { header: 'Agent', key: 'clerk_name', width: 22 },
      // Two people may share a display name; the login is unique and is what the audit journal shows.
      { header: 'Identifiant de l’agent', key: 'clerk', width: 14 },
      { header: 'Jour', key: 'day', width: 12, numFmt: 'dd/mm/yyyy' },
      { header: 'Statut', key: 'status', width: 10 },
      { header: 'Motif d’annulation', key: 'cancel_reason', width: 30 },
    ],
    rows: rows.map((r) => {
      const amount = Number(r.amount) / 10 ** Number(r.minor_digits);
      return {
        ...r,
        exam_name: names.exam(r.exam_code as string | null),
        amount,
        collected: collectedOf(r) / 10 ** Number(r.minor_digits),
        mode: MODES[String(r.mode)] ?? String(r.mode),
        approved_by: r.mode === 'exempt' ? (r.approved_by ?? null) : null,
        day: dateOf(r.day as string),
        status: r.status === 'valid' ? 'Valide' : 'Annulé',
      };
    }),
  };
}
