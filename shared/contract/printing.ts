import { z } from 'zod';
import { channel } from './channel';

const pdf = z.object({ fileName: z.string(), pdfBase64: z.string() });

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
  'printing.receipt': channel({ input: z.object({ paymentId: z.string().uuid() }), output: pdf, access: 'session' }),
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
};
