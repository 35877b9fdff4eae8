/** Stable error codes: the renderer translates them (i18n `errors.<code>`), logs keep them as-is. */
export const ERROR_CODES = [
  'invalid_input',
  'unknown_channel',
  'unauthenticated',
  'forbidden',
  'session_locked',
  'password_change_required',
  'invalid_credentials',
  'account_locked',
  'account_disabled',
  'already_set_up',
  'not_set_up',
  'not_found',
  'conflict',
  'rule_refused',
  'storage_full',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** A field-level problem: `code` is translated as `validation.<code>` with `params`. */
export interface FieldError {
  code: string;
  params?: Record<string, string | number>;
}

export interface AppErrorShape {
  code: ErrorCode;
  /** English, for developers and logs; the UI shows the translated code instead. */
  message: string;
  fields?: Record<string, FieldError>;
  /** Extra machine-readable details, e.g. the time an account is locked until. */
  details?: Record<string, unknown>;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppErrorShape };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (error: AppErrorShape): Result<never> => ({ ok: false, error });

/**
 * A call too large for the web host to read: only a file makes one, so the refusal names the file
 * field, as a channel's own size check would, and the page says it there in the clerk's language.
 */
export const requestTooLarge: Result<never> = fail({
  code: 'invalid_input',
  message: 'Request too large',
  fields: { file: { code: 'file_too_big' } },
});
