import type { z } from 'zod';
import type { Role } from '../domain/roles';

/**
 * Who may call a channel. `public` needs no session (first-run setup, login);
 * `session` needs any signed-in user; a role list needs one of those roles.
 * The dispatcher in src-main enforces it, so hiding a button is never the only guard.
 */
export type Access = 'public' | 'session' | readonly Role[];

export interface Channel<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
  access: Access;
  /**
   * Open to a user who signed in with a password an administrator set and has not replaced it yet;
   * every other channel that needs a session refuses them with `password_change_required`.
   */
  beforePasswordChange?: true;
}

export const channel = <I extends z.ZodType, O extends z.ZodType>(c: Channel<I, O>) => c;

export type Contract = Record<string, Channel>;

export type InputOf<C extends Channel> = z.input<C['input']>;
export type ParsedInputOf<C extends Channel> = z.output<C['input']>;
export type OutputOf<C extends Channel> = z.output<C['output']>;
