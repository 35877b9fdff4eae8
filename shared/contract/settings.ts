import { z } from 'zod';
import { channel } from './channel';

export const settingsSchema = z.object({
  idleLockMinutes: z.number().int().min(1, 'too_small').max(240, 'too_big'),
  /** Default country for phone numbers typed without +code (ISO 3166 alpha-2). */
  phoneRegion: z.string().regex(/^[A-Z]{2}$/, 'invalid_format'),
});
export type Settings = z.infer<typeof settingsSchema>;

export const DEFAULT_SETTINGS: Settings = { idleLockMinutes: 10, phoneRegion: 'KM' };

export const settingsContract = {
  'settings.get': channel({ input: z.object({}), output: settingsSchema, access: 'session' }),
  'settings.update': channel({
    input: settingsSchema.partial(),
    output: settingsSchema,
    access: ['administrator'],
  }),
};
