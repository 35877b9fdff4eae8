import { z } from 'zod';
import { PREREG_NUMBER, preregistrationSchema } from '../domain/prereg';
import { channel } from './channel';

/** HQ → workstation: the pre-registrations of the office's region after a cursor. */
export const preregWire = preregistrationSchema.extend({ seq: z.number().int() });
export const preregsResponse = z.object({
  preregistrations: z.array(preregWire),
  /** The last row HQ looked at (some may be another office's): the next pull starts after it. */
  cursor: z.number().int(),
  more: z.boolean(),
  serverTime: z.string(),
});

export const preregRowSchema = preregistrationSchema.extend({
  receivedAt: z.string(),
  /** Set once this workstation turned it into a registration. */
  converted: z
    .object({
      registrationId: z.string(),
      registrationNumber: z.string(),
      candidateId: z.string(),
      at: z.string(),
    })
    .nullable(),
});
export type PreregRow = z.infer<typeof preregRowSchema>;

export const offlineStatusSchema = z.object({
  /** A workstation never enrolled with headquarters has no offline limit. */
  enrolled: z.boolean(),
  lastContactAt: z.string().nullable(),
  days: z.number().nullable(),
  maxOfflineDays: z.number().int(),
  /** ok, warn past half of the limit, over past it (registrations then need a supervisor). */
  level: z.enum(['ok', 'warn', 'over']),
  catalogueValidUntil: z.string().nullable(),
  catalogueExpired: z.boolean(),
});
export type OfflineStatus = z.infer<typeof offlineStatusSchema>;

export const preregNumberSchema = z.string().trim().toUpperCase().regex(PREREG_NUMBER, 'prereg_number_format');

export const preregContract = {
  /** By number, name (accents ignored) or ID number; the newest first. */
  'prereg.search': channel({
    input: z.object({ query: z.string().trim().min(2, 'prereg_query_short').max(100, 'too_long') }),
    output: z.array(preregRowSchema),
    access: 'session',
  }),
  'prereg.get': channel({
    input: z.object({ number: preregNumberSchema }),
    output: preregRowSchema,
    access: 'session',
  }),
  'offline.status': channel({ input: z.object({}), output: offlineStatusSchema, access: 'session' }),
};
