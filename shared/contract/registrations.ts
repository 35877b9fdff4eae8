import { z } from 'zod';
import { candidateDetailSchema, confirmationInputSchema, identityInputSchema } from './candidates';
import { calendarDay, dayRangeInOrder } from './calendarDay';
import { channel } from './channel';
import { DOSSIER_STATES } from './dossier';
import { PAYMENT_STATES } from './payments';

const code = z.string().max(40, 'too_long');

export const REGISTRATION_STATUSES = ['registered', 'locked', 'amended', 'withdrawn'] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];

export const applicationInputSchema = z.object({
  sessionId: code,
  examCode: code.min(1, 'required'),
  seriesCode: code.nullable().default(null),
  category: code.min(1, 'required'),
  etablissementCode: code.nullable().default(null),
  centreCode: code.min(1, 'required'),
  accommodations: z.object({ needed: z.boolean(), details: z.string().max(500, 'too_long').default('') }),
  consentPublish: z.boolean(),
});

export const epreuvesInputSchema = z.object({
  /** Optional épreuves the candidate chose (the mandatory ones come from the catalogue). */
  optional: z.array(code).max(20).default([]),
  /** Acquis (grade kept from an earlier session) and dispenses (diploma held), as in CYCLADES. */
  exemptions: z
    .array(
      z.object({
        epreuveCode: code,
        kind: z.enum(['acquis', 'dispense']),
        year: z.number().int().min(1980, 'too_small').max(2100, 'too_big'),
        grade: z.number().min(0, 'too_small').max(20, 'too_big').nullable().default(null),
      }),
    )
    .max(20)
    .default([]),
});

export const overrideInputSchema = z.object({ code, reason: z.string().trim().min(5, 'reason_required').max(500) });

export const submitInputSchema = z.object({
  draftId: z.string().uuid().optional(),
  /** Either an existing candidate (found by search or chosen as "même personne") or a new identity. */
  candidateId: z.string().uuid().nullable().default(null),
  identity: identityInputSchema.nullable().default(null),
  confirmation: confirmationInputSchema.nullable().default(null),
  /** The clerk looked at the possible duplicates and said "personne différente". */
  differentPerson: z.boolean().default(false),
  /** The online pre-registration this registration converts (PRE-26-000123); converted once only. */
  preregistrationNumber: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^PRE-\d{2}-\d{6}$/, 'prereg_number_format')
    .nullable()
    .default(null),
  /** The name of a candidate who declared holding this exam (e.g. BAC for a BTS). */
  heldDiplomas: z.array(code).max(10).default([]),
  application: applicationInputSchema,
  epreuves: epreuvesInputSchema,
  overrides: z.array(overrideInputSchema).max(10).default([]),
  /** A supervisor standing at the counter approves the overrides with their own credentials. */
  supervisor: z
    .object({ username: z.string().max(64), password: z.string().max(128) })
    .nullable()
    .default(null),
});
export type SubmitInput = z.input<typeof submitInputSchema>;

export const ruleIssueSchema = z.object({
  code: z.string(),
  field: z.string().nullable(),
  overridable: z.boolean(),
  severity: z.enum(['refusal', 'warning']),
  params: z.record(z.string(), z.union([z.string(), z.number()])).default({}),
});
export type RuleIssue = z.infer<typeof ruleIssueSchema>;

export const VERSION_CHANGES = ['content', 'printed', 'unlocked'] as const;
export type VersionChange = (typeof VERSION_CHANGES)[number];

export const registrationSummarySchema = z.object({
  id: z.string(),
  number: z.string(),
  candidateId: z.string(),
  candidateNumber: z.string(),
  candidateName: z.string(),
  sessionId: z.string(),
  examCode: z.string(),
  seriesCode: z.string().nullable(),
  category: z.string(),
  centreCode: z.string(),
  status: z.enum(REGISTRATION_STATUSES),
  version: z.number().int(),
  createdAt: z.string(),
  /** The online pre-registration it was converted from, if any. */
  preregistrationNumber: z.string().nullable().default(null),
});
export type RegistrationSummary = z.infer<typeof registrationSummarySchema>;

const overrideSchema = z.object({ code: z.string(), reason: z.string(), approvedBy: z.string() });
const versionSchema = z.object({
  version: z.number().int(),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
  /** A change of what the candidate reads, or the fiche printed (locked), or a supervisor's unlock. */
  change: z.enum(VERSION_CHANGES),
  /** The content version in force after it: what the confirmation and the fiche carry. */
  contentVersion: z.number().int(),
});

export const registrationDetailSchema = registrationSummarySchema.extend({
  etablissementCode: z.string().nullable(),
  details: z.object({
    accommodations: z.object({ needed: z.boolean(), details: z.string() }),
    epreuves: epreuvesInputSchema,
    heldDiplomas: z.array(z.string()),
  }),
  consentPublish: z.boolean(),
  ficheVersion: z.number().int(),
  withdrawnReason: z.string().nullable(),
  overrides: z.array(overrideSchema),
  versions: z.array(versionSchema),
});
export type RegistrationDetail = z.infer<typeof registrationDetailSchema>;

/**
 * `registrations.get`: the detail as the screen names people. Snapshots, the audit and sync keep
 * the logins alone (RegistrationDetail); who allowed an exception and who made each version are
 * also given by the display name, read when asked, so a renamed user shows under the new name.
 */
export const registrationViewSchema = registrationDetailSchema.extend({
  overrides: z.array(overrideSchema.extend({ approvedByName: z.string() })),
  versions: z.array(versionSchema.extend({ createdByName: z.string().nullable() })),
});
export type RegistrationView = z.infer<typeof registrationViewSchema>;

/**
 * A registration as the clerk is shown it. `version` is the record's own (sync, audit), which
 * every print and unlock moves too; `contentVersion` is the one on the candidate's papers (the
 * confirmation, the fiche printed after a change), which only a change of content moves.
 */
export const registrationShownSchema = registrationSummarySchema.extend({ contentVersion: z.number().int() });
export type RegistrationShown = z.infer<typeof registrationShownSchema>;

/** What a list of registrations is narrowed by: the Inscriptions page, and its exports alike. */
export const registrationFilterSchema = z.object({
  examCode: code.optional(),
  centreCode: code.optional(),
  etablissementCode: code.optional(),
  status: z.enum(REGISTRATION_STATUSES).optional(),
  dossierState: z.enum(DOSSIER_STATES).optional(),
  paymentState: z.enum(PAYMENT_STATES).optional(),
  /** Office days, both included: registration days, or cash days for payments. */
  from: calendarDay.optional(),
  to: calendarDay.optional(),
});
export type RegistrationFilterInput = z.infer<typeof registrationFilterSchema>;

export const registrationsContract = {
  /** Runs every rule without saving, for the wizard's steps. */
  'registrations.check': channel({
    input: submitInputSchema,
    output: z.object({ issues: z.array(ruleIssueSchema) }),
    access: 'session',
  }),
  'registrations.submit': channel({
    input: submitInputSchema,
    output: z.object({ registration: registrationSummarySchema, candidate: candidateDetailSchema }),
    access: 'session',
  }),
  'registrations.list': channel({
    input: registrationFilterSchema
      .extend({
        limit: z.number().int().min(1).max(500).default(100),
        offset: z.number().int().min(0).default(0),
      })
      .superRefine(dayRangeInOrder),
    output: z.object({
      items: z.array(registrationSummarySchema),
      total: z.number().int(),
      countsByStatus: z.record(z.string(), z.number().int()),
    }),
    access: 'session',
  }),
  'registrations.get': channel({
    input: z.object({ id: z.string().uuid() }),
    output: registrationViewSchema,
    access: 'session',
  }),
  'registrations.forCandidate': channel({
    input: z.object({ candidateId: z.string().uuid() }),
    output: z.array(registrationShownSchema),
    access: 'session',
  }),
  /** Change what a registration says; refused while a printed fiche freezes it. */
  'registrations.update': channel({
    input: z.object({
      id: z.string().uuid(),
      application: applicationInputSchema,
      epreuves: epreuvesInputSchema,
      heldDiplomas: z.array(code).max(10).default([]),
    }),
    output: registrationShownSchema,
    access: 'session',
  }),
  /** After printing, a change needs a supervisor and a reason; the next print is version n+1. */
  'registrations.unlock': channel({
    input: z.object({
      id: z.string().uuid(),
      reason: z.string().trim().min(5, 'reason_required').max(500, 'too_long'),
      supervisor: z
        .object({ username: z.string().max(64), password: z.string().max(128) })
        .nullable()
        .default(null),
    }),
    output: registrationSummarySchema,
    access: 'session',
  }),
  'registrations.withdraw': channel({
    input: z.object({
      id: z.string().uuid(),
      reason: z.string().trim().min(5, 'reason_required').max(500, 'too_long'),
    }),
    output: registrationSummarySchema,
    access: 'session',
  }),
};
