import { z } from 'zod';
import { calendarDay as day } from './calendarDay';
import { channel } from './channel';

const pdf = z.object({ fileName: z.string(), pdfBase64: z.string() });

const code = z.string().max(20).optional();

/** Which registrations a batch or a list covers; every criterion is optional, withdrawn ones never print. */
export const printFilterSchema = z.object({
  examCode: code,
  centreCode: code,
  etablissementCode: code,
  day: day.optional(),
});

export const BATCH_STATES = ['running', 'done', 'failed', 'cancelled'] as const;

export const printedDocumentSchema = z.object({
  id: z.string(),
  kind: z.string(),
  version: z.number().int().nullable(),
  contentHash: z.string(),
  clerk: z.string(),
  createdAt: z.string(),
});

export const printingContract = {
  /** Prints the fiche: the registration is locked and this version frozen; a reprint of a locked one is the same version. */
  'printing.fiche': channel({
    input: z.object({ registrationId: z.string().uuid() }),
    output: pdf.extend({ version: z.number().int(), contentHash: z.string(), qr: z.string() }),
    access: 'session',
  }),
  /** The fiche as it would print, marked "aperçu" and without a signed QR: locks and logs nothing. */
  'printing.fichePreview': channel({
    input: z.object({ registrationId: z.string().uuid() }),
    output: pdf,
    access: 'session',
  }),
  'printing.receipt': channel({ input: z.object({ paymentId: z.string().uuid() }), output: pdf, access: 'session' }),
  /** A school's collective receipt: every pupil paid for under it, cancelled ones marked. */
  'printing.schoolReceipt': channel({
    input: z.object({ groupNumber: z.string().max(40, 'too_long') }),
    output: pdf,
    access: 'session',
  }),
  'printing.history': channel({
    input: z.object({ registrationId: z.string().uuid() }),
    output: z.array(printedDocumentSchema),
    access: 'session',
  }),
  /** "Vérifier une fiche": checks the QR's signature offline against the known office keys. */
  'printing.verify': channel({
    input: z.object({ payload: z.string().trim().max(2000, 'too_long') }),
    output: z.object({
      valid: z.boolean(),
      reason: z.string().nullable(),
      claims: z
        .object({
          o: z.string(),
          n: z.string(),
          r: z.string(),
          nm: z.string(),
          dob: z.string(),
          ex: z.string(),
          v: z.number(),
          h: z.string(),
        })
        .nullable(),
    }),
    access: 'session',
  }),
  /** Confirmation / récapitulatif with its version line and the pieces still to bring, with deadlines. */
  'printing.confirmation': channel({
    input: z.object({ registrationId: z.string().uuid() }),
    output: pdf,
    access: 'session',
  }),
  'printing.batchCount': channel({
    input: printFilterSchema,
    output: z.object({ count: z.number().int() }),
    access: 'session',
  }),
  /** Fiches for a filter as one PDF, in one call (tests, small batches); the page uses the job below. */
  'printing.batch': channel({
    input: printFilterSchema,
    output: pdf.extend({ count: z.number().int() }),
    access: 'session',
  }),
  /** Starts a batch in the background: the page polls its progress, may cancel it, and gets the PDF once done. */
  'printing.batchStart': channel({
    input: printFilterSchema,
    output: z.object({ jobId: z.string(), total: z.number().int() }),
    access: 'session',
  }),
  'printing.batchStatus': channel({
    input: z.object({ jobId: z.string().max(64) }),
    output: z.object({
      state: z.enum(BATCH_STATES),
      done: z.number().int(),
      total: z.number().int(),
      result: pdf.extend({ count: z.number().int() }).nullable(),
      error: z.object({ code: z.string(), message: z.string(), fieldCode: z.string().nullable() }).nullable(),
    }),
    access: 'session',
  }),
  'printing.batchCancel': channel({
    input: z.object({ jobId: z.string().max(64) }),
    output: z.object({}),
    access: 'session',
  }),
  /** Récapitulatif journalier: per clerk and per exam, counts and amounts by payment mode. */
  'printing.recap': channel({ input: z.object({ day }), output: pdf, access: 'session' }),
  /** Relance des pièces manquantes: incomplete dossiers with the phone to call (optionally one exam, one centre). */
  'printing.reminders': channel({
    input: z.object({ examCode: code, centreCode: code }),
    output: pdf,
    access: 'session',
  }),
  /** Liste des candidats inscrits par centre (optionally one exam, one centre). */
  'printing.centreList': channel({
    input: z.object({ examCode: code, centreCode: code }),
    output: pdf,
    access: 'session',
  }),
};
