import { z } from 'zod';
import { passwordSchema } from '../domain/accounts';
import { ROLES } from '../domain/roles';
import { channel } from './channel';

export const sessionInfoSchema = z.object({
  token: z.string(),
  user: z.object({
    id: z.string(),
    username: z.string(),
    displayName: z.string(),
    role: z.enum(ROLES),
  }),
  office: z.object({ code: z.string(), name: z.string(), region: z.string() }),
  workstation: z.object({ code: z.string() }),
  idleLockMinutes: z.number().int(),
  /** The office's country (ISO code): phone numbers without +code, the nationality offered first. */
  country: z.string(),
  locked: z.boolean(),
  /** Signed in with a password an administrator set: only choosing one's own is possible until then. */
  mustChangePassword: z.boolean(),
});
export type SessionInfo = z.infer<typeof sessionInfoSchema>;

export const authContract = {
  'auth.login': channel({
    input: z.object({
      username: z.string().trim().min(1, 'required').max(64, 'too_long'),
      password: z.string().min(1, 'required').max(128, 'too_long'),
    }),
    output: sessionInfoSchema,
    access: 'public',
  }),
  'auth.session': channel({
    input: z.object({}),
    output: sessionInfoSchema.nullable(),
    access: 'public',
  }),
  'auth.logout': channel({ input: z.object({}), output: z.object({}), access: 'public' }),
  /** Idle lock: the renderer asks for it when the clerk walks away; src-main also locks on its own clock. */
  'auth.lock': channel({
    input: z.object({}),
    output: z.object({}),
    access: 'session',
    beforePasswordChange: true,
  }),
  /** The signed-in user's own password; the current one is checked under the login's lockout rules. */
  'auth.changePassword': channel({
    input: z.object({
      currentPassword: z.string().min(1, 'required').max(128, 'too_long'),
      newPassword: passwordSchema,
    }),
    output: z.object({}),
    access: 'session',
    beforePasswordChange: true,
  }),
  'auth.unlock': channel({
    input: z.object({ password: z.string().min(1, 'required').max(128, 'too_long') }),
    output: sessionInfoSchema,
    access: 'public',
  }),
};
