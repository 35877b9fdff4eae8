import { z } from 'zod';
import { channel } from './channel';

export const settingsSchema = z.object({
  idleLockMinutes: z.number().int().min(1, 'too_small').max(240, 'too_big'),
});
export type Settings = z.infer<typeof settingsSchema>;

export const DEFAULT_SETTINGS: Settings = { idleLockMinutes: 10 };

export const settingsContract = {
  'settings.get': channel({ input: z.object({}), output: settingsSchema, access: 'session' }),
  'settings.update': channel({
    input: settingsSchema.partial(),
    output: settingsSchema,
    access: ['administrator'],
  }),
};
