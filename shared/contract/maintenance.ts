import { z } from 'zod';
import { channel } from './channel';

export const backupInfoSchema = z.object({
  name: z.string(),
  createdAt: z.string(),
  sizeBytes: z.number().int(),
  schema: z.string(),
  registrations: z.number().int(),
  sha256: z.string(),
});
export type BackupInfoShape = z.infer<typeof backupInfoSchema>;

export const healthSchema = z.object({
  /** `corrupt` once SQLite met a damaged page: the background quick_check after start-up, or a page read on the way. */
  database: z.enum(['ok', 'corrupt']),
  /** `broken` from start-up's check of the rows since the checkpoint, or once the background full walk finds a break. */
  auditChain: z.enum(['ok', 'broken']),
  auditBrokenAt: z.number().int().nullable(),
  restorePending: z.boolean(),
});

const backupName = z.string().regex(/^guichet-\d{8}-\d{6}\.sqlite$/, 'invalid_format');

export const maintenanceContract = {
  /** Public: the start screen must say the data is damaged before anyone can sign in. */
  'maintenance.health': channel({ input: z.object({}), output: healthSchema, access: 'public' }),
  'maintenance.backups': channel({
    input: z.object({}),
    output: z.object({ folder: z.string(), backups: z.array(backupInfoSchema) }),
    access: ['supervisor'],
  }),
  'maintenance.backupNow': channel({ input: z.object({}), output: backupInfoSchema, access: ['supervisor'] }),
  'maintenance.restore': channel({
    input: z.object({ name: backupName }),
    output: z.object({ restartRequired: z.literal(true) }),
    access: ['administrator'],
  }),
  'maintenance.about': channel({
    input: z.object({}),
    output: z.object({ version: z.string(), schema: z.string(), dataDir: z.string() }),
    access: 'session',
  }),
  'maintenance.exportLogs': channel({
    input: z.object({}),
    output: z.object({ fileName: z.string(), base64: z.string() }),
    access: ['administrator'],
  }),
};
