import { z } from 'zod';
import { channel } from './channel';

const exportSummary = z.object({
  exportId: z.string(),
  fileName: z.string(),
  size: z.number().int(),
  records: z.number().int(),
  files: z.number().int(),
  /** Files the records name that are not on this workstation: the network sends them later if they turn up. */
  missingFiles: z.number().int(),
  createdAt: z.string(),
});
export type ExportSummary = z.infer<typeof exportSummary>;

export const transferProgress = z.object({
  running: z.boolean(),
  done: z.number().int(),
  total: z.number().int(),
});

/** Largest piece of a bundle sent in one call (the web host takes 8 MB per call, base64 included). */
export const TRANSFER_CHUNK_BYTES = 4 * 1024 * 1024;

export const transferContract = {
  /** Writes every entry HQ has not acknowledged into one encrypted, signed bundle on this workstation. */
  'transfer.exportBundle': channel({ input: z.object({}), output: exportSummary, access: 'session' }),
  'transfer.progress': channel({ input: z.object({}), output: transferProgress, access: 'session' }),
  /** The bundle, a piece at a time, for the page to save (a bundle with photos is far too big for one call). */
  'transfer.readChunk': channel({
    input: z.object({ exportId: z.string().max(80), offset: z.number().int().min(0) }),
    output: z.object({ base64: z.string(), next: z.number().int().nullable(), size: z.number().int() }),
    access: 'session',
  }),
  /** HQ's acknowledgement file: marks the entries it names as synced (or rejected, with HQ's reason). */
  'transfer.importAck': channel({
    input: z.object({ base64: z.string().min(1, 'transfer_ack_required').max(8_000_000, 'transfer_ack_too_big') }),
    output: z.object({ entries: z.number().int(), files: z.number().int(), verdicts: z.number().int() }),
    access: 'session',
  }),
};
