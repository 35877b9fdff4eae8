import { z } from 'zod';
import { channel } from './channel';

const text = (max: number) => z.string().max(max, 'too_long');
const optionalText = (max: number) => text(max).nullable().default(null);

/**
 * The shape of a candidate's identity on the wire. The domain rules (name characters, dates,
 * ID patterns per type, phone per region, guardian for minors) run in src-main with the office's
 * region and the date of the day; see shared/domain/candidate.ts.
 */
export const identityInputSchema = z.object({
  surname: text(200),
  givenNames: text(200),
  /** CYCLADES's "nom d'usage" (a married name, for example): searched and printed, never on the diploma. */
  usageName: optionalText(200),
  /**
   * Null (or left out) while the clerk has not chosen: the domain rules refuse it as `required`
   * together with every other field in error, so the form shows them all in one answer; nothing
   * is saved without one (see validateIdentity).
   */
  sex: z.enum(['M', 'F'], 'required').nullable().default(null),
  birthDate: text(10),
  birthPlace: text(200),
  /** ISO code; null when not said (a school's list without the column, a candidate saved before). */
  birthCountry: optionalText(60),
  /** CYCLADES's « département, DOM ou COM » (014, 02A, 971): asked for a birth in France only. */
  birthDepartment: optionalText(3),
  nationality: text(60),
  idType: optionalText(20),
  idNumber: optionalText(40),
  phone: optionalText(40),
  email: optionalText(200),
  address: optionalText(400),
  guardian: z
    .object({ name: text(200), phone: text(40) })
    .nullable()
    .default(null),
  /** INSEE's PCS group (1 to 8) of the candidate or a legal representative; optional. */
  socioCategory: optionalText(1),
});
export type IdentityInput = z.input<typeof identityInputSchema>;

/** Second typing of the fields that end up on the diploma. */
export const confirmationInputSchema = z.object({
  surname: text(200),
  givenNames: text(200),
  birthDate: text(10),
  idNumber: optionalText(40),
});

export const candidateSummarySchema = z.object({
  id: z.string(),
  number: z.string(),
  surname: z.string(),
  givenNames: z.string(),
  birthDate: z.string(),
  idNumber: z.string().nullable(),
  phone: z.string().nullable(),
});
export type CandidateSummary = z.infer<typeof candidateSummarySchema>;

/** A search result: a clerk given the name a candidate goes by sees it beside the birth name. */
export const candidateHitSchema = candidateSummarySchema.extend({ usageName: z.string().nullable() });
export type CandidateHit = z.infer<typeof candidateHitSchema>;

export const candidateDetailSchema = candidateSummarySchema.extend({
  usageName: z.string().nullable(),
  sex: z.enum(['M', 'F']),
  birthPlace: z.string(),
  birthCountry: z.string().nullable(),
  birthDepartment: z.string().nullable(),
  nationality: z.string(),
  idType: z.string().nullable(),
  email: z.string().nullable(),
  address: z.string().nullable(),
  guardian: z.object({ name: z.string(), phone: z.string() }).nullable(),
  socioCategory: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type CandidateDetail = z.infer<typeof candidateDetailSchema>;

export const duplicateMatchSchema = z.object({
  candidate: candidateSummarySchema,
  reason: z.enum(['same_national_id', 'close_name_same_birth_date']),
});
export type DuplicateMatch = z.infer<typeof duplicateMatchSchema>;

export const candidatesContract = {
  'candidates.search': channel({
    input: z.object({ query: text(100), limit: z.number().int().min(1).max(50).default(20) }),
    output: z.array(candidateHitSchema),
    access: 'session',
  }),
  'candidates.get': channel({
    input: z.object({ id: z.string().uuid() }),
    output: candidateDetailSchema,
    access: 'session',
  }),
  /** The identity step of the wizard: every rule on the identity and the double entry, nothing saved. */
  'candidates.validate': channel({
    input: z.object({ identity: identityInputSchema, confirmation: confirmationInputSchema }),
    output: z.object({ duplicates: z.array(duplicateMatchSchema) }),
    access: 'session',
  }),
  /**
   * A correction of the identity, refused while a printed fiche freezes it. The diploma fields are
   * typed a second time when one of them changes (`confirmation`), as at the first registration.
   */
  'candidates.correct': channel({
    input: z.object({
      id: z.string().uuid(),
      identity: identityInputSchema,
      confirmation: confirmationInputSchema.nullable().default(null),
    }),
    output: candidateDetailSchema,
    access: 'session',
  }),
  'candidates.findDuplicates': channel({
    input: z.object({ identity: identityInputSchema }),
    output: z.array(duplicateMatchSchema),
    access: 'session',
  }),
};
