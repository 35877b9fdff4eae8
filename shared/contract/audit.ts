import { z } from 'zod';
import { channel } from './channel';

export const auditEntrySchema = z.object({
  seq: z.number().int(),
  at: z.string(),
  actorName: z.string().nullable(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const auditContract = {
  'audit.list': channel({
    input: z.object({
      entity: z.string().max(40).optional(),
      entityId: z.string().max(64).optional(),
      limit: z.number().int().min(1).max(500).default(100),
    }),
    output: z.array(auditEntrySchema),
    access: ['administrator', 'supervisor'],
  }),
  'audit.verify': channel({
    input: z.object({}),
    output: z.object({ ok: z.boolean(), checked: z.number().int(), brokenAt: z.number().int().nullable() }),
    access: ['administrator', 'supervisor'],
  }),
};
