import { z } from 'zod';
import { channel } from './channel';

export const OUTBOX_STATES = ['pending', 'sending', 'synced', 'rejected', 'retry'] as const;

export const syncStatusSchema = z.object({
  enrolled: z.boolean(),
  serverUrl: z.string().nullable(),
  counts: z.record(z.string(), z.number().int()),
  lastSuccessAt: z.string().nullable(),
  lastError: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
  clockSkewSeconds: z.number().nullable(),
  catalogueVersion: z.number().int(),
  rejections: z.array(
    z.object({ entity: z.string(), entityId: z.string(), version: z.number().int(), reason: z.string().nullable() }),
  ),
  verdicts: z.array(
    z.object({
      seq: z.number().int(),
      registrationId: z.string(),
      registrationNumber: z.string().nullable(),
      kind: z.string(),
      reason: z.string().nullable(),
      pieceCode: z.string().nullable(),
      decidedAt: z.string(),
    }),
  ),
});
export type SyncStatus = z.infer<typeof syncStatusSchema>;

export const syncContract = {
  'sync.status': channel({ input: z.object({}), output: syncStatusSchema, access: 'session' }),
  'sync.enrol': channel({
    input: z.object({
      serverUrl: z.string().trim().url('invalid_format').max(200),
      code: z.string().trim().min(6, 'too_short').max(64, 'too_long'),
    }),
    output: syncStatusSchema,
    access: ['administrator'],
  }),
  'sync.now': channel({ input: z.object({}), output: syncStatusSchema, access: 'session' }),
};
