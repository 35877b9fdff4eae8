import type { TDocumentDefinitions } from 'pdfmake/interfaces';
import type { EntityManager } from 'typeorm';
import type { Report, ReportDimension } from '../../../shared/contract/excel';
import type { Catalogue } from '../../../shared/domain/catalogue';
import { countryName } from '../../../shared/domain/countries';
import { renderPdf } from '../printing/render';
import { toXlsx } from './export';
import { localDateTime, localDay } from '../../../shared/domain/localTime';
import { registrationWhere } from '../registrations/repository';
import { frDate } from '../printing/documents/common';
import { frenchCount } from '../../../shared/i18n/plural';

export interface ReportFilter {
  examCode?: string;
  centreCode?: string;
  etablissementCode?: string;
  from?: string;
  to?: string;
}

export const DIMENSION_LABELS: Record<ReportDimension, string> = {
  exam: 'Examen',
  series: 'Série',
  sex: 'Sexe',
  nationality: 'Nationalité',
  centre: 'Centre d’examen',
  etablissement: 'Établissement',
  day: 'Jour d’inscription',
};

const GROUPS: Record<ReportDimension, string> = {
  exam: 'r.exam_code',
  series: `COALESCE(r.series_code, '')`,
  sex: 'c.sex',
  nationality: 'c.nationality',
  centre: 'r.centre_code',
  etablissement: `COALESCE(r.etablissement_code, '')`,
  // The office's calendar day: SQLite's localtime is the workstation's zone, like the rest of the app.
  day: `date(r.created_at, 'localtime')`,
};

/** Withdrawn registrations are not candidates any more: they are left out of every count. */
export async function countRegistrations(em: EntityManager, catalogue: Catalogue, f: ReportFilter): Promise<Report> {
  const { sql, params: args } = registrationWhere(f);
  const base = `FROM registration r JOIN candidate c ON c.id = r.candidate_id WHERE r.status <> 'withdrawn' AND ${sql}`;
  const label = labeller(catalogue);
  const counts = {} as Report['counts'];
  for (const d of Object.keys(GROUPS) as ReportDimension[]) {
    const rows = (await em.query(
      `SELECT ${GROUPS[d]} AS key, COUNT(*) AS count ${base} GROUP BY 1 ORDER BY ${d === 'day' ? '1' : '2 DESC, 1'}`,
      args,
    )) as { key: string; count: number }[];
    counts[d] = rows.map((r) => ({ key: r.key, label: label(d, r.key), count: r.count }));
  }
  const [{ total }] = (await em.query(`SELECT COUNT(*) AS total ${base}`, args)) as [{ total: number }];
  return { total, counts };
}

function labeller(c: Catalogue) {
  const series = new Map(c.exams.flatMap((e) => e.series.map((s) => [s.code, `${s.label} (${e.code})`])));
  return (d: ReportDimension, key: string): string => {
    if (!key) return '—';
    if (d === 'exam') return c.exams.find((e) => e.code === key)?.label ?? key;
    if (d === 'series') return series.get(key) ?? key;
    if (d === 'sex') return key === 'F' ? 'Féminin' : 'Masculin';
    if (d === 'nationality') return countryName(key);
    if (d === 'centre') return c.centres.find((x) => x.code === key)?.name ?? key;
    if (d === 'etablissement') return c.etablissements.find((x) => x.code === key)?.name ?? key;
    return frDate(key);
  };
}

const named = (name: string | undefined, code: string) => (name ? `${name} (${code})` : code);

/** The filters that produced the figures, as the PDF and the workbook state them: names, with their codes. */
const filterText = (f: ReportFilter, c: Catalogue) =>
  [
    f.examCode && `Examen ${named(c.exams.find((e) => e.code === f.examCode)?.label, f.examCode)}`,
    f.centreCode && `centre ${named(c.centres.find((x) => x.code === f.centreCode)?.name, f.centreCode)}`,
    f.etablissementCode &&
      `établissement ${named(c.etablissements.find((x) => x.code === f.etablissementCode)?.name, f.etablissementCode)}`,
    f.from && f.to
      ? `du ${frDate(f.from)} au ${frDate(f.to)}`
      : f.from
        ? `depuis le ${frDate(f.from)}`
        : f.to && `jusqu’au ${frDate(f.to)}`,
  ]
    .filter(Boolean)
    .join(', ') || 'Toutes les inscriptions actives';

/** What the figures are and where they come from, under the office's name: the PDF's heading and the workbook's. */
const heading = (report: Report, f: ReportFilter, c: Catalogue, at: string) =>
  `${filterText(f, c)} — ${frenchCount(report.total, 'inscription', 'inscriptions')} — édité le ${at}`;

export function reportPdf(
  report: Report,
  f: ReportFilter,
  catalogue: Catalogue,
  officeName: string,
  at: string,
): Promise<Buffer> {
  const doc: TDocumentDefinitions = {
    info: { title: 'Statistiques des inscriptions' },
    content: [
      { text: officeName, bold: true },
      { text: 'Statistiques des inscriptions', fontSize: 16, bold: true, margin: [0, 4, 0, 2] },
      { text: heading(report, f, catalogue, at), margin: [0, 0, 0, 10] },
      ...(Object.keys(DIMENSION_LABELS) as ReportDimension[]).flatMap((d) => [
        { text: DIMENSION_LABELS[d], bold: true, margin: [0, 8, 0, 4] as [number, number, number, number] },
        {
          table: {
            headerRows: 1,
            widths: ['*', 60],
            body: [
              [
                { text: DIMENSION_LABELS[d], bold: true },
                { text: 'Nombre', bold: true },
              ],
              ...report.counts[d].map((r) => [r.label, { text: String(r.count), alignment: 'right' as const }]),
            ],
          },
        },
      ]),
    ],
  };
  return renderPdf(doc);
}

export function reportXlsx(
  report: Report,
  f: ReportFilter,
  catalogue: Catalogue,
  officeName: string,
  at: string,
): Promise<Buffer> {
  const rows = (Object.keys(DIMENSION_LABELS) as ReportDimension[]).flatMap((d) =>
    report.counts[d].map((r) => ({ dimension: DIMENSION_LABELS[d], label: r.label, code: r.key, count: r.count })),
  );
  return toXlsx({
    sheet: 'Statistiques',
    // As the PDF says it: figures filtered by exam or by day must not pass for the office's whole count.
    preamble: [`Statistiques des inscriptions — ${officeName}`, heading(report, f, catalogue, at)],
    columns: [
      { header: 'Répartition', key: 'dimension', width: 22 },
      { header: 'Valeur', key: 'label', width: 40 },
      { header: 'Code', key: 'code', width: 14 },
      { header: 'Nombre', key: 'count', width: 10 },
    ],
    rows,
  });
}

/** The figures behind the Statistiques page, on screen, in PDF and in Excel. */
export class ReportsService {
  constructor(
    private readonly em: () => EntityManager,
    private readonly catalogue: () => Catalogue,
    private readonly officeName: () => string,
    private readonly now: () => Date,
  ) {}

  counts(f: ReportFilter) {
    return countRegistrations(this.em(), this.catalogue(), f);
  }

  async pdf(f: ReportFilter) {
    const now = this.now().toISOString();
    const bytes = await reportPdf(await this.counts(f), f, this.catalogue(), this.officeName(), localDateTime(now));
    return { fileName: `statistiques-${localDay(now)}.pdf`, base64: bytes.toString('base64') };
  }

  async xlsx(f: ReportFilter) {
    const now = this.now().toISOString();
    const bytes = await reportXlsx(await this.counts(f), f, this.catalogue(), this.officeName(), localDateTime(now));
    return { fileName: `statistiques-${localDay(now)}.xlsx`, base64: bytes.toString('base64') };
  }
}
