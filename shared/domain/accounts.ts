import { z } from 'zod';

/** PIENA's rule for user names: at most 15 characters, no accents, no apostrophes. */
export const usernameSchema = z
  .string()
  .trim()
  .min(3, 'username_too_short')
  .max(15, 'username_too_long')
  .regex(/^[A-Za-z0-9]+$/, 'username_chars');

/** At least 8 characters with an upper case letter, a lower case letter and a digit or symbol. */
export const passwordSchema = z
  .string()
  .min(8, 'password_too_short')
  .max(128, 'too_long')
  .refine((p) => /[A-Z]/.test(p) && /[a-z]/.test(p) && /[^A-Za-z]/.test(p), 'password_weak');

/**
 * A password must not contain its user's name, whatever the case (zaina's `Zaina#2026`): the first
 * thing someone guessing would try. User names have 3 characters at least; a shorter one is not checked.
 */
export const passwordHasUsername = (password: string, username: string) => {
  const name = username.trim().toLowerCase();
  return name.length >= 3 && password.toLowerCase().includes(name);
};

/** The code of what is wrong with a new password for this user, or null: the rule src-main applies. */
export function newPasswordProblem(password: string, username: string): string | null {
  const checked = passwordSchema.safeParse(password);
  if (!checked.success) return checked.error.issues[0]?.message ?? 'invalid';
  return passwordHasUsername(password, username) ? 'password_has_username' : null;
}

/** Refines a form holding a user name and a password: the password must not contain the name. */
export const passwordWithoutUsername =
  <K extends string, P extends string>(usernameKey: K, passwordKey: P) =>
  (value: Record<K | P, string>, ctx: z.RefinementCtx) => {
    if (passwordHasUsername(value[passwordKey], value[usernameKey]))
      ctx.addIssue({ code: 'custom', path: [passwordKey], message: 'password_has_username' });
  };

export const displayNameSchema = z
  .string()
  .trim()
  .min(1, 'required')
  .max(80, 'too_long')
  // eslint-disable-next-line no-control-regex
  .regex(/^[^\u0000-\u001f\u007f<>]+$/, 'invalid_chars');

/** An office's code as stored and sent (MOR): the counter's form trims and capitalises what is typed; HQ takes it as is. */
export const OFFICE_CODE = /^[A-Z0-9]{2,6}$/;

export const officeCodeSchema = z.string().trim().toUpperCase().regex(OFFICE_CODE, 'office_code');

export const workstationCodeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9]{1,3}$/, 'workstation_code');

export const LOCKOUT_ATTEMPTS = 5;
export const LOCKOUT_MINUTES = 5;
