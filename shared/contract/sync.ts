import { z } from 'zod';
import { channel } from './channel';

export const OUTBOX_STATES = ['pending', 'sending', 'synced', 'rejected', 'retry'] as const;

/** Records not yet at headquarters: waiting, being sent, or to be tried again. */
export const waitingCount = (counts: Record<string, number>) =>
  (['pending', 'sending', 'retry'] as const).reduce((n, s) => n + (counts[s] ?? 0), 0);

/** Files (photos, scans) not yet at headquarters: queued (waiting or to be tried again), or waiting for their record. */
export const filesWaitingCount = (s: Pick<SyncStatus, 'fileCounts' | 'filesAwaitingRecord'>) =>
  (s.fileCounts.pending ?? 0) + (s.fileCounts.retry ?? 0) + s.filesAwaitingRecord;

/**
 * Files kept from headquarters for good (a PDF piece the start-up dossier re-check found running
 * active content): counted apart, as neither waiting nor sent, until the piece is scanned again.
 */
export const withheldFilesCount = (s: Pick<SyncStatus, 'fileCounts'>) => s.fileCounts.withheld ?? 0;

/**
 * A sync step's failure summed up by HQ's HTTP status, as the outbox and the sync state keep it
 * and the sync page says it: `server_503` (HQ in trouble), `refused_404` (HQ refused the call).
 */
export type StatusFailure = { kind: 'server' | 'refused'; status: number };
export const statusFailureCode = ({ kind, status }: StatusFailure) => `${kind}_${status}`;
export function readStatusFailure(code: string): StatusFailure | null {
  const m = /^(server|refused)_(\d{3})$/.exec(code);
  return m ? { kind: m[1] as StatusFailure['kind'], status: Number(m[2]) } : null;
}

const verdictRow = z.object({
  /** This workstation's own, in the order received: HQ's number (`seq`) starts again at a new HQ. */
  id: z.number().int(),
  seq: z.number().int(),
  registrationId: z.string(),
  registrationNumber: z.string().nullable(),
  candidateId: z.string().nullable(),
  candidateName: z.string().nullable(),
  kind: z.enum(['accepted', 'rejected', 'piece_non_conforme']),
  reason: z.string().nullable(),
  pieceCode: z.string().nullable(),
  decidedAt: z.string(),
});
export type VerdictRow = z.infer<typeof verdictRow>;

export const syncStatusSchema = z.object({
  enrolled: z.boolean(),
  /** A sync run is in progress here (the automatic one, one a resend started): the page follows it to its end. */
  running: z.boolean(),
  serverUrl: z.string().nullable(),
  counts: z.record(z.string(), z.number().int()),
  /**
   * Files (photos, scans) waiting for or sent to headquarters, by state, once HQ has accepted their
   * record; 'withheld' ones are never sent (see withheldFilesCount).
   */
  fileCounts: z.record(z.string(), z.number().int()),
  /** Files named by records not yet at headquarters: not queued yet, but waiting too. */
  filesAwaitingRecord: z.number().int(),
  lastSuccessAt: z.string().nullable(),
  /** The last run, and since when runs in a row have had no answer from HQ (null: it answered last time). */
  lastAttemptAt: z.string().nullable(),
  unreachableSince: z.string().nullable(),
  /** Since when runs in a row have had server errors (5xx) from HQ (null: none last time). */
  hqErrorSince: z.string().nullable(),
  lastError: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
  clockSkewSeconds: z.number().nullable(),
  catalogueVersion: z.number().int(),
  rejections: z.array(
    z.object({
      entity: z.string(),
      entityId: z.string(),
      version: z.number().int(),
      reason: z.string().nullable(),
      /** Where the clerk can look at the record (candidate page), when it is a candidate, registration or payment. */
      candidateId: z.string().nullable(),
      label: z.string().nullable(),
    }),
  ),
  verdicts: z.array(verdictRow),
});
export type SyncStatus = z.infer<typeof syncStatusSchema>;

export const syncContract = {
  'sync.status': channel({ input: z.object({}), output: syncStatusSchema, access: 'session' }),
  'sync.enrol': channel({
    input: z.object({
      serverUrl: z
        .string()
        .trim()
        .regex(/^https?:\/\/[^\s/]+(\/\S*)?$/, 'hq_url')
        .max(200, 'hq_url'),
      code: z.string().trim().min(6, 'enrolment_code_format').max(64, 'enrolment_code_format'),
    }),
    output: syncStatusSchema,
    access: ['administrator'],
  }),
  'sync.now': channel({ input: z.object({}), output: syncStatusSchema, access: 'session' }),
  /**
   * Queues every record's latest version and every file again, for an HQ restored from an old
   * backup; answers with how many, the sync that sends them running in the background.
   */
  'sync.resendHistory': channel({
    input: z.object({}),
    output: z.object({
      requeued: z.object({ records: z.number().int(), files: z.number().int() }),
      status: syncStatusSchema,
    }),
    access: ['supervisor'],
  }),
  /** HQ's decisions on some registrations, shown on the candidate's page. */
  'sync.verdicts': channel({
    input: z.object({ registrationIds: z.array(z.string().max(40)).max(100) }),
    output: z.array(verdictRow),
    access: 'session',
  }),
};
