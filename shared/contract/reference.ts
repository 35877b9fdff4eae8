import { z } from 'zod';
import { channel } from './channel';

export const referenceContract = {
  /** The catalogue in force; the renderer validates nothing against it on its own, src-main does. */
  'reference.catalogue': channel({
    input: z.object({}),
    output: z.object({ version: z.number().int(), catalogue: z.record(z.string(), z.unknown()) }),
    access: 'session',
  }),
  'reference.import': channel({
    input: z.object({ json: z.string().max(5_000_000, 'too_long') }),
    output: z.object({ version: z.number().int() }),
    access: ['administrator'],
  }),
};
