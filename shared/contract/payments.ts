import { z } from 'zod';
import { calendarDay as day } from './calendarDay';
import { channel } from './channel';

const supervisor = z
  .object({ username: z.string().max(64), password: z.string().max(128) })
  .nullable()
  .default(null);

export const PAYMENT_MODES = ['cash', 'mobile_money', 'exempt'] as const;
/** Whether a registration holds a valid payment: what a list is narrowed by to chase the fees still due. */
export const PAYMENT_STATES = ['paid', 'unpaid'] as const;
export type PaymentState = (typeof PAYMENT_STATES)[number];
export type PaymentMode = (typeof PAYMENT_MODES)[number];

/**
 * The most a clerk's counted cash may be, in minor units: a billion is more than any counter takes
 * in a day in the currencies catalogues hold (2 M€ in KMF, 10 M€ in euro cents), so what it stops
 * is a count typed with digits too many, which would close the day on an absurd difference.
 */
export const MAX_COUNTED_CASH = 1_000_000_000;

export const paymentSchema = z.object({
  id: z.string(),
  registrationId: z.string(),
  registrationNumber: z.string(),
  candidateName: z.string(),
  examCode: z.string(),
  receiptNumber: z.string(),
  amount: z.number().int(),
  currency: z.string(),
  minorDigits: z.number().int(),
  mode: z.enum(PAYMENT_MODES),
  operator: z.string().nullable(),
  reference: z.string().nullable(),
  exemptionReason: z.string().nullable(),
  approvedBy: z.string().nullable(),
  clerk: z.string(),
  day: z.string(),
  status: z.enum(['valid', 'cancelled']),
  cancelReason: z.string().nullable(),
  cancelledBy: z.string().nullable(),
  /** The collective receipt this payment was taken under, when a school paid for its list at once. */
  groupNumber: z.string().nullable(),
  createdAt: z.string(),
});
export type Payment = z.infer<typeof paymentSchema>;

const school = { examCode: z.string().max(40, 'too_long'), etablissementCode: z.string().max(40, 'too_long') };

export const schoolQuoteSchema = z.object({
  examCode: z.string(),
  etablissementCode: z.string(),
  etablissementName: z.string(),
  items: z.array(
    z.object({
      registrationId: z.string(),
      registrationNumber: z.string(),
      candidateName: z.string(),
      amount: z.number().int(),
    }),
  ),
  total: z.number().int(),
  currency: z.string(),
  minorDigits: z.number().int(),
});
export type SchoolQuote = z.infer<typeof schoolQuoteSchema>;

export const totalsSchema = z.object({
  cash: z.number().int(),
  mobile_money: z.number().int(),
  exempt: z.number().int(),
  count: z.number().int(),
  cancelled: z.number().int(),
});
export type Totals = z.infer<typeof totalsSchema>;

export const paymentsContract = {
  'payments.quote': channel({
    input: z.object({ registrationId: z.string().uuid() }),
    output: z.object({
      amount: z.number().int(),
      currency: z.string(),
      minorDigits: z.number().int(),
      paid: paymentSchema.nullable(),
    }),
    access: 'session',
  }),
  'payments.take': channel({
    input: z.object({
      registrationId: z.string().uuid(),
      mode: z.enum(PAYMENT_MODES),
      operator: z.string().trim().max(40, 'too_long').nullable().default(null),
      reference: z.string().trim().max(60, 'too_long').nullable().default(null),
      exemptionReason: z.string().trim().max(300, 'too_long').nullable().default(null),
      supervisor,
    }),
    output: paymentSchema,
    access: 'session',
  }),
  /** What a school still owes for its list: the pupils registered for the exam and not yet paid for. */
  'payments.schoolQuote': channel({ input: z.object(school), output: schoolQuoteSchema, access: 'session' }),
  /** The school pays for that list at once; each pupil's payment shares the collective receipt's number. */
  'payments.takeSchool': channel({
    input: z.object({
      ...school,
      mode: z.enum(['cash', 'mobile_money']),
      operator: z.string().trim().max(40, 'too_long').nullable().default(null),
      reference: z.string().trim().max(60, 'too_long').nullable().default(null),
      expectedCount: z.number().int().min(1),
      expectedTotal: z.number().int().min(0),
    }),
    output: z.object({ groupNumber: z.string(), count: z.number().int(), total: z.number().int() }),
    access: 'session',
  }),
  /** A receipt is never deleted: it is cancelled, with a reason and a supervisor, and the slip prints. */
  'payments.cancel': channel({
    input: z.object({
      paymentId: z.string().uuid(),
      reason: z.string().trim().min(5, 'reason_required').max(300),
      supervisor,
    }),
    output: paymentSchema,
    access: 'session',
  }),
  /** A clerk reads their own receipts only; a supervisor any clerk's, or every clerk's when none is named. */
  'payments.list': channel({
    input: z.object({
      day: day.optional(),
      clerk: z.string().max(64).optional(),
      registrationId: z.string().uuid().optional(),
    }),
    output: z.array(paymentSchema),
    access: 'session',
  }),
  /** The day's totals of a clerk (the caller when none is named): a clerk's own only, any clerk's for a supervisor. */
  'cash.summary': channel({
    input: z.object({ day, clerk: z.string().max(64).optional() }),
    output: z.object({
      clerk: z.string(),
      /** Who the page names: logins identify, people read their display names. */
      clerkName: z.string(),
      day: z.string(),
      currency: z.string(),
      minorDigits: z.number().int(),
      expected: totalsSchema,
      closed: z
        .object({
          countedCash: z.number().int(),
          difference: z.number().int(),
          signedBy: z.string(),
          signedByName: z.string(),
        })
        .nullable(),
    }),
    access: 'session',
  }),
  'cash.close': channel({
    input: z.object({
      day,
      // The bound before int(): zod's safe-integer check would otherwise answer first, in its own words.
      countedCash: z.number().min(0, 'too_small').max(MAX_COUNTED_CASH, 'counted_cash_too_big').int(),
      supervisor,
    }),
    output: z.object({
      expected: totalsSchema,
      countedCash: z.number().int(),
      difference: z.number().int(),
      signedBy: z.string(),
      signedByName: z.string(),
    }),
    access: 'session',
  }),
  /**
   * Days before today with receipts and no signed-off close, oldest first: cash a supervisor has not
   * counted yet. A clerk sees their own days; a supervisor every clerk's.
   */
  'cash.unclosed': channel({
    input: z.object({}),
    output: z.array(
      z.object({ clerk: z.string(), clerkName: z.string(), day: z.string(), receipts: z.number().int() }),
    ),
    access: 'session',
  }),
  /** The clerks who took money on a day, for a supervisor to pick one by name (the login is the filter's value). */
  'cash.clerks': channel({
    input: z.object({ day }),
    output: z.array(z.object({ username: z.string(), displayName: z.string() })),
    access: ['supervisor'],
  }),
  'cash.reopen': channel({
    input: z.object({ day, clerk: z.string().max(64), reason: z.string().trim().min(5, 'reason_required').max(300) }),
    output: z.object({}),
    access: ['supervisor'],
  }),
};
