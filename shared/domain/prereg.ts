import { z } from 'zod';
import { OFFICE_CODE } from './accounts';

/**
 * A pre-registration a candidate made online, as headquarters hands it to the counter. What
 * the candidate typed is kept as typed (lenient): the clerk corrects it with the candidate.
 */
export const PREREG_NUMBER = /^PRE-\d{2}-\d{6}$/;

const text = (max: number) => z.string().trim().max(max);
const optional = (max: number) => text(max).nullable().default(null);
const code = z.string().regex(/^[A-Z0-9][A-Z0-9_-]{0,19}$/i, 'code');

export const preregIdentitySchema = z.object({
  surname: text(200).min(1),
  givenNames: text(200).min(1),
  sex: z.enum(['M', 'F']).nullable().default(null),
  birthDate: z.iso.date(),
  birthPlace: text(200).default(''),
  /**
   * CYCLADES's identity as the online form asks it: a birth country, its department for a birth in
   * France, the socio-professional category. Optional (a form of before has none) and as typed, as
   * the rest: the counter takes what it recognises and asks the clerk for the rest at its field.
   */
  birthCountry: optional(60),
  birthDepartment: optional(60),
  nationality: text(60).default(''),
  idType: optional(20),
  idNumber: optional(40),
  phone: optional(40),
  email: optional(200),
  address: optional(400),
  socioCategory: optional(60),
});
export type PreregIdentity = z.infer<typeof preregIdentitySchema>;

export const preregApplicationSchema = z.object({
  examCode: code,
  seriesCode: code.nullable().default(null),
  category: code,
  etablissementCode: code.nullable().default(null),
  centreCode: code.nullable().default(null),
});

export const preregistrationSchema = z.object({
  number: z.string().regex(PREREG_NUMBER, 'PRE-AA-NNNNNN'),
  region: text(200).min(1),
  /** Null: any office of the region may receive the candidate. */
  officeCode: z.string().regex(OFFICE_CODE).nullable().default(null),
  createdAt: z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'date'),
  identity: preregIdentitySchema,
  application: preregApplicationSchema,
});
export type Preregistration = z.infer<typeof preregistrationSchema>;

/**
 * A whole import file, all or nothing: every bad row is named (position and number) so HQ staff
 * fix the file once; a number given twice in the file is an error too.
 */
export function parsePreregFile(
  data: unknown,
): { ok: true; rows: Preregistration[] } | { ok: false; errors: string[] } {
  const list = Array.isArray(data)
    ? (data as unknown[])
    : data && typeof data === 'object' && Array.isArray((data as { preregistrations?: unknown }).preregistrations)
      ? (data as { preregistrations: unknown[] }).preregistrations
      : null;
  if (!list) return { ok: false, errors: ['(file): expected a list of pre-registrations'] };
  const errors: string[] = [];
  const rows: Preregistration[] = [];
  const seen = new Set<string>();
  list.forEach((raw, i) => {
    const label = `row ${i + 1}${typeof (raw as { number?: unknown })?.number === 'string' ? ` (${(raw as { number: string }).number})` : ''}`;
    const r = preregistrationSchema.safeParse(raw);
    if (!r.success) {
      for (const issue of r.error.issues) errors.push(`${label}: ${issue.path.join('.') || '(row)'}: ${issue.message}`);
      return;
    }
    if (seen.has(r.data.number)) errors.push(`${label}: number: given twice in the file`);
    seen.add(r.data.number);
    rows.push(r.data);
  });
  return errors.length ? { ok: false, errors } : { ok: true, rows };
}

/** Lower case without accents, for a search that finds "Abdérémane" when "abderemane" is typed. */
export const foldForSearch = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
