import { z } from 'zod';
import { ID_TYPES, type IdType } from './candidate';

/**
 * The reference catalogue of a session, published by headquarters (or shipped as a demo):
 * exams, series and épreuves, windows, fees, required pieces, centres and établissements.
 * Versioned: a workstation refuses an older one and registers only against the one in force.
 */
const code = z.string().regex(/^[A-Z0-9][A-Z0-9_-]{0,19}$/i, 'code');
const label = z.string().min(1).max(200);
const isoDateTime = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'date');

const epreuveSchema = z.object({
  code,
  label,
  type: z.enum(['obligatoire', 'facultative']),
  forme: z.enum(['ponctuel', 'ccf']).default('ponctuel'),
});

export const examSchema = z.object({
  code,
  label,
  level: z.string().max(40),
  kind: z.enum(['individual', 'collective']),
  minAge: z.number().int().min(5).max(99).optional(),
  maxAge: z.number().int().min(5).max(99).optional(),
  /** Exams the candidate must already hold (BTS needs the BAC). */
  prerequisites: z.array(code).default([]),
  epreuves: z.array(epreuveSchema).default([]),
  series: z.array(z.object({ code, label, epreuves: z.array(epreuveSchema).default([]) })).default([]),
  /** How many optional épreuves a candidate may take; absent, any of those offered. */
  maxOptional: z.number().int().min(0).max(20).optional(),
  /**
   * The identity documents one of which the candidate must hold, its number printed on the diploma
   * (Morocco: no Bac without a CNIE); absent, none is required.
   */
  requiredIdTypes: z.array(z.enum(Object.keys(ID_TYPES) as [IdType, ...IdType[]])).optional(),
});

export const catalogueSchema = z
  .object({
    version: z.number().int().min(1),
    validUntil: isoDateTime,
    session: z.object({
      id: code,
      year: z.number().int().min(2000).max(2100),
      label,
      currency: z.string().regex(/^[A-Z]{3}$/),
      minorDigits: z.number().int().min(0).max(3),
      /** Ages are computed on this day (e.g. 31 December of the session year). */
      ageReferenceDate: z.iso.date(),
    }),
    categories: z.array(z.object({ code, label })).min(1),
    exams: z.array(examSchema).min(1),
    windows: z.array(z.object({ examCode: code, opensAt: isoDateTime, closesAt: isoDateTime })),
    fees: z.array(z.object({ examCode: code, category: code, amount: z.number().int().min(0) })),
    pieces: z.array(
      z.object({
        examCode: code,
        code,
        label,
        mandatory: z.boolean(),
        /** Mandatory for a candidate who asks for accommodations (the medical certificate), else as `mandatory` says. */
        mandatoryWithAccommodations: z.boolean().optional(),
        categories: z.array(code).optional(),
        formats: z
          .array(z.enum(['pdf', 'jpeg', 'png']))
          .min(1)
          .default(['pdf', 'jpeg', 'png']),
        maxBytes: z.number().int().min(1).max(50_000_000).default(5_000_000),
        deadline: isoDateTime.optional(),
      }),
    ),
    centres: z
      .array(
        z.object({
          code,
          name: label,
          town: label,
          /**
           * The offices whose candidates sit at this centre (CYCLADES: one registers in one's region
           * of residence); absent, any office's.
           */
          offices: z.array(code).optional(),
        }),
      )
      .min(1),
    etablissements: z.array(z.object({ code, name: label, kind: z.enum(['public', 'prive']) })),
    officeKeys: z.array(z.object({ officeCode: code, publicKeyPem: z.string().max(2000) })).default([]),
    /** The exam photo the session asks for; absent, PIENA's (300 × 400 pixels at least, 50 KB at most). */
    photo: z
      .object({
        width: z.number().int().min(150).max(1200),
        height: z.number().int().min(150).max(1600),
        maxKb: z.number().int().min(10).max(500),
      })
      .optional(),
    /**
     * Candidates' names may be written in Arabic script. Printing no longer depends on it (every
     * document sets Arabic text in a font that covers it); kept so catalogues that say it still load.
     */
    arabicNames: z.boolean().default(false),
  })
  .superRefine((c, ctx) => {
    const exams = new Set(c.exams.map((e) => e.code));
    const cats = new Set(c.categories.map((x) => x.code));
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    const unique = (list: { code: string }[], path: string) => {
      const seen = new Set<string>();
      list.forEach((x, i) =>
        seen.has(x.code) ? issue([path, i, 'code'], `duplicate code ${x.code}`) : seen.add(x.code),
      );
    };
    unique(c.exams, 'exams');
    unique(c.centres, 'centres');
    unique(c.etablissements, 'etablissements');
    c.exams.forEach((e, i) => {
      e.prerequisites.forEach((p, j) => exams.has(p) || issue(['exams', i, 'prerequisites', j], `unknown exam ${p}`));
      if (e.minAge && e.maxAge && e.minAge > e.maxAge) issue(['exams', i, 'maxAge'], 'maxAge below minAge');
    });
    c.windows.forEach((w, i) => {
      if (!exams.has(w.examCode)) issue(['windows', i, 'examCode'], `unknown exam ${w.examCode}`);
      if (Date.parse(w.closesAt) <= Date.parse(w.opensAt)) issue(['windows', i, 'closesAt'], 'closes before it opens');
    });
    c.fees.forEach((f, i) => {
      if (!exams.has(f.examCode)) issue(['fees', i, 'examCode'], `unknown exam ${f.examCode}`);
      if (!cats.has(f.category)) issue(['fees', i, 'category'], `unknown category ${f.category}`);
    });
    c.pieces.forEach((p, i) => exams.has(p.examCode) || issue(['pieces', i, 'examCode'], `unknown exam ${p.examCode}`));
  });

export type Catalogue = z.infer<typeof catalogueSchema>;
export type Exam = Catalogue['exams'][number];

/** Every problem with its path ("exams.2.code: …"), so an import says all that is wrong at once. */
export function parseCatalogue(data: unknown): { ok: true; catalogue: Catalogue } | { ok: false; errors: string[] } {
  const r = catalogueSchema.safeParse(data);
  if (r.success) return { ok: true, catalogue: r.data };
  return { ok: false, errors: r.error.issues.map((i) => `${i.path.join('.') || '(racine)'}: ${i.message}`) };
}

export const findExam = (c: Catalogue, examCode: string) => c.exams.find((e) => e.code === examCode);

export const feeFor = (c: Catalogue, examCode: string, category: string) =>
  c.fees.find((f) => f.examCode === examCode && f.category === category)?.amount ?? null;

export type Centre = Catalogue['centres'][number];

/** Whether candidates registered at this office sit at this centre. */
export const centreServes = (centre: Centre, officeCode: string) =>
  !centre.offices?.length || centre.offices.includes(officeCode);

/**
 * The centres a form offers an office's clerk: its region's, and the one already chosen if it is
 * another (a supervisor let it through), so a saved choice is never silently replaced.
 */
export const centresOffered = (c: Catalogue, officeCode: string | undefined, current: string | null) =>
  c.centres.filter((x) => !officeCode || centreServes(x, officeCode) || x.code === current);

/** The pieces an exam asks of a candidate, `mandatory` as it applies to them. */
export const piecesFor = (c: Catalogue, examCode: string, category: string, accommodations: boolean) =>
  c.pieces
    .filter((p) => p.examCode === examCode && (!p.categories || p.categories.includes(category)))
    .map((p) => (accommodations && p.mandatoryWithAccommodations ? { ...p, mandatory: true } : p));
