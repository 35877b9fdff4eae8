import { z } from 'zod';
import { AUDIT_ACTIONS, AUDIT_ENTITIES } from '../domain/auditActions';
import { calendarDay } from './calendarDay';
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

/** What the journal is narrowed by, on screen and in its export alike. */
export const auditFilterSchema = z.object({
  entity: z.enum(AUDIT_ENTITIES).optional(),
  entityId: z.string().max(64).optional(),
  action: z.enum(AUDIT_ACTIONS).optional(),
  /** The user's name as recorded (`system` for src-main's own writes). */
  actor: z.string().trim().max(64).optional(),
  /** A day of the office's calendar. */
  day: calendarDay.optional(),
});

export type AuditFilterInput = z.infer<typeof auditFilterSchema>;

/**
 * An export holds at most this many entries, the newest: a longer journal is exported a day or a
 * user at a time. Measured: 100,000 entries of a school import make a 6.5 MB xlsx in about 6 s,
 * but a 74 MB CSV; half of that still holds two school lists of 10,000 rows (two entries a row).
 */
export const AUDIT_EXPORT_MAX = 50_000;

export const auditContract = {
  'audit.list': channel({
    input: auditFilterSchema.extend({
      /** The next page: entries older than this one. */
      beforeSeq: z.number().int().min(1).optional(),
      limit: z.number().int().min(1).max(500).default(100),
    }),
    output: z.array(auditEntrySchema),
    access: ['administrator', 'supervisor'],
  }),
  /** The journal as filtered on screen, for an inquiry or an inspector: xlsx or CSV, in French. */
  'audit.export': channel({
    input: auditFilterSchema.extend({ format: z.enum(['xlsx', 'csv']) }),
    output: z.object({
      fileName: z.string(),
      base64: z.string(),
      rows: z.number().int(),
      /** More entries matched than AUDIT_EXPORT_MAX: only the newest are in the file. */
      truncated: z.boolean(),
    }),
    access: ['administrator', 'supervisor'],
  }),
  'audit.verify': channel({
    input: z.object({}),
    output: z.object({ ok: z.boolean(), checked: z.number().int(), brokenAt: z.number().int().nullable() }),
    access: ['administrator', 'supervisor'],
  }),
};
