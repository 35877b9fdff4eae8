import { z } from 'zod';
import { registrationFilterSchema } from './registrations';
import { calendarDay, dayRangeInOrder } from './calendarDay';
import { channel } from './channel';

const code = z.string().max(40, 'too_long');
/**
 * A school list as base64, about 15 MB of workbook (the refusal says « 15 Mo »): far above a
 * 20,000-row list, and the largest input any channel takes (the web host sizes its body limit on it).
 */
export const MAX_LIST_BASE64 = 20_000_000;
const fileBase64 = z.string().min(1, 'required').max(MAX_LIST_BASE64, 'file_too_big');
const file = z.object({ fileName: z.string(), base64: z.string() });
/** Chosen by the renderer so it can ask for progress or cancel while the call runs. */
const jobId = z.string().uuid().optional();

/** Which list of a school the file is for: chosen on screen, never read from the file. */
export const importTargetSchema = z.object({
  sessionId: code,
  examCode: code.min(1, 'required'),
  etablissementCode: code.min(1, 'required'),
});

export const IMPORT_MODES = ['valid-only', 'all-or-nothing'] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];

export const rowErrorSchema = z.object({
  /** Excel row number, as the school sees it (1 is the header). */
  row: z.number().int(),
  /** Column letter (A, B…) or null for the whole row. */
  column: z.string().nullable(),
  /** French header of that column. */
  header: z.string().nullable(),
  code: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).default({}),
  /** The French sentence written in the error report. */
  message: z.string(),
});
export type RowError = z.infer<typeof rowErrorSchema>;

export const previewSchema = z.object({
  fileHash: z.string(),
  total: z.number().int(),
  valid: z.number().int(),
  inError: z.number().int(),
  /** Empty rows between filled ones, skipped. */
  emptyRows: z.number().int(),
  rows: z.array(
    z.object({
      row: z.number().int(),
      surname: z.string(),
      givenNames: z.string(),
      /** yyyy-mm-dd for a day; what names none (31/02/2011, 8 mars 2011) as the school typed it. */
      birthDate: z.string(),
      errors: z.array(rowErrorSchema),
    }),
  ),
  /** Set when this very file was already imported. */
  alreadyImported: z
    .object({ at: z.string(), clerk: z.string(), clerkName: z.string(), imported: z.number().int() })
    .nullable(),
});
export type ImportPreview = z.infer<typeof previewSchema>;

export const EXPORT_KINDS = ['registrations', 'payments', 'dossiers'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];
export const EXPORT_FORMATS = ['xlsx', 'csv'] as const;

export const excelContract = {
  /** The school's list to fill: one row per candidate, lists for sex/series/category/centre, typed dates. */
  'excel.template': channel({ input: importTargetSchema, output: file, access: 'session' }),
  /** Every row checked like at the counter; nothing saved. */
  'excel.preview': channel({
    input: importTargetSchema.extend({ fileBase64, jobId }),
    output: previewSchema,
    access: 'session',
  }),
  /** One transaction: the valid rows (or every row, or none) become registrations. */
  'excel.commit': channel({
    input: importTargetSchema.extend({
      fileBase64,
      fileName: z.string().max(200).default(''),
      mode: z.enum(IMPORT_MODES),
      jobId,
    }),
    output: z.object({
      importId: z.string(),
      imported: z.number().int(),
      inError: z.number().int(),
      numbers: z.array(z.string()),
    }),
    access: 'session',
  }),
  'excel.progress': channel({
    input: z.object({ jobId: z.string().uuid() }),
    output: z.object({
      phase: z.enum(['checking', 'saving']),
      done: z.number().int(),
      total: z.number().int(),
      running: z.boolean(),
    }),
    access: 'session',
  }),
  /** Stops a preview or a commit; a cancelled commit rolls back, so nothing of it is saved. */
  'excel.cancel': channel({
    input: z.object({ jobId: z.string().uuid() }),
    output: z.object({ cancelled: z.boolean() }),
    access: 'session',
  }),
  /** The school lists imported here, newest first: which file, for which exam and school, by whom, with what result. */
  'excel.imports': channel({
    input: z.object({ limit: z.number().int().min(1).max(200).default(20) }),
    output: z.array(
      z.object({
        id: z.string(),
        fileName: z.string(),
        examCode: z.string(),
        etablissementCode: z.string(),
        mode: z.enum(IMPORT_MODES),
        totalRows: z.number().int(),
        imported: z.number().int(),
        inError: z.number().int(),
        clerk: z.string(),
        /** Who imported it, by the name people read; `clerk` is the login. */
        clerkName: z.string(),
        createdAt: z.string(),
      }),
    ),
    access: 'session',
  }),
  /** The same workbook with an "Erreurs" column and the faulty cells in red. */
  'excel.errorReport': channel({
    input: importTargetSchema.extend({ fileBase64 }),
    output: file,
    access: 'session',
  }),
  'excel.export': channel({
    input: registrationFilterSchema
      .extend({ kind: z.enum(EXPORT_KINDS), format: z.enum(EXPORT_FORMATS) })
      .superRefine(dayRangeInOrder),
    output: file.extend({ rows: z.number().int() }),
    access: 'session',
  }),
};

export const REPORT_DIMENSIONS = ['exam', 'series', 'sex', 'nationality', 'centre', 'etablissement', 'day'] as const;
export type ReportDimension = (typeof REPORT_DIMENSIONS)[number];

export const reportFilterSchema = z
  .object({
    examCode: code.optional(),
    centreCode: code.optional(),
    etablissementCode: code.optional(),
    from: calendarDay.optional(),
    to: calendarDay.optional(),
  })
  .superRefine(dayRangeInOrder);

const countsSchema = z.array(z.object({ key: z.string(), label: z.string(), count: z.number().int() }));
export const reportSchema = z.object({
  total: z.number().int(),
  counts: z.object(
    Object.fromEntries(REPORT_DIMENSIONS.map((d) => [d, countsSchema])) as Record<ReportDimension, typeof countsSchema>,
  ),
});
export type Report = z.infer<typeof reportSchema>;

/** The office's figures: active registrations counted by exam, series, sex, centre, établissement and day. */
export const reportsContract = {
  'reports.counts': channel({ input: reportFilterSchema, output: reportSchema, access: 'session' }),
  'reports.pdf': channel({ input: reportFilterSchema, output: file, access: 'session' }),
  'reports.xlsx': channel({ input: reportFilterSchema, output: file, access: 'session' }),
};
