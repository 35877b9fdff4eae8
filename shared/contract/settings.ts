import { z } from 'zod';
import { isCountryCode } from '../domain/countries';
import { channel } from './channel';

export const settingsSchema = z.object({
  idleLockMinutes: z.number().int().min(1, 'too_small').max(240, 'too_big'),
  /**
   * The office's country (ISO 3166 alpha-2): phone numbers typed without +code are of this
   * country, and a new candidate's nationality is offered as this one.
   */
  officeCountry: z.string().refine(isCountryCode, 'country_unknown'),
  /** Where backups go (e.g. a USB drive); empty = `backups/` inside the data directory. */
  backupDir: z.string().max(500, 'too_long'),
  backupEveryHours: z.number().int().min(1, 'too_small').max(168, 'too_big'),
  backupKeep: z.number().int().min(1, 'too_small').max(100, 'too_big'),
  /** Days without a successful sync or USB acknowledgement before registrations need a supervisor. */
  maxOfflineDays: z.number().int().min(1, 'too_small').max(90, 'too_big'),
});
export type Settings = z.infer<typeof settingsSchema>;

export const DEFAULT_SETTINGS: Settings = {
  idleLockMinutes: 10,
  officeCountry: 'KM',
  backupDir: '',
  backupEveryHours: 4,
  backupKeep: 10,
  maxOfflineDays: 7,
};

export const settingsContract = {
  'settings.get': channel({ input: z.object({}), output: settingsSchema, access: 'session' }),
  'settings.update': channel({
    input: settingsSchema.partial(),
    output: settingsSchema,
    access: ['administrator'],
  }),
};
