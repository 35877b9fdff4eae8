import { z } from 'zod';
import { channel } from './channel';

/** The wizard's state as typed, saved as the clerk goes, so a crash or a closed window loses nothing. */
export const draftSummarySchema = z.object({
  id: z.string(),
  label: z.string(),
  step: z.string(),
  createdBy: z.string().nullable(),
  /** Who started it, by the name people read; `createdBy` is the login. */
  createdByName: z.string().nullable(),
  updatedAt: z.string(),
});
export type DraftSummary = z.infer<typeof draftSummarySchema>;

export const draftsContract = {
  'drafts.save': channel({
    input: z.object({
      id: z.string().uuid().optional(),
      label: z.string().max(200, 'too_long'),
      step: z.string().max(40, 'too_long'),
      // Free-form wizard state; bounded so a runaway form cannot fill the disk.
      data: z.record(z.string(), z.unknown()).refine((d) => JSON.stringify(d).length <= 256_000, 'too_long'),
    }),
    output: z.object({ id: z.string(), updatedAt: z.string() }),
    access: 'session',
  }),
  'drafts.list': channel({ input: z.object({}), output: z.array(draftSummarySchema), access: 'session' }),
  'drafts.get': channel({
    input: z.object({ id: z.string().uuid() }),
    output: draftSummarySchema.extend({ data: z.record(z.string(), z.unknown()) }),
    access: 'session',
  }),
  'drafts.discard': channel({ input: z.object({ id: z.string().uuid() }), output: z.object({}), access: 'session' }),
};
