import { z } from 'zod';
import {
  displayNameSchema,
  officeCodeSchema,
  passwordSchema,
  passwordWithoutUsername,
  usernameSchema,
  workstationCodeSchema,
} from '../domain/accounts';
import { channel } from './channel';

export const setupInputSchema = z
  .object({
    officeCode: officeCodeSchema,
    officeName: displayNameSchema,
    region: displayNameSchema,
    workstationCode: workstationCodeSchema,
    adminUsername: usernameSchema,
    adminDisplayName: displayNameSchema,
    adminPassword: passwordSchema,
  })
  .superRefine(passwordWithoutUsername('adminUsername', 'adminPassword'));
export type SetupInput = z.input<typeof setupInputSchema>;

export const setupContract = {
  'setup.status': channel({
    input: z.object({}),
    output: z.object({ needsSetup: z.boolean() }),
    access: 'public',
  }),
  'setup.initialize': channel({
    input: setupInputSchema,
    output: z.object({ officeCode: z.string(), workstationCode: z.string() }),
    access: 'public',
  }),
};
