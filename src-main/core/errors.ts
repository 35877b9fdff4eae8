import type { AppErrorShape, ErrorCode, FieldError } from '../../shared/contract/result';

/**
 * Thrown by services for an expected refusal; the dispatcher turns it into `{ ok: false }`.
 * Anything else that is thrown is a bug and becomes `internal`.
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: Record<string, FieldError>,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }

  toShape(): AppErrorShape {
    return {
      code: this.code,
      message: this.message,
      ...(this.fields ? { fields: this.fields } : {}),
      ...(this.details ? { details: this.details } : {}),
    };
  }
}

export const fieldError = (field: string, code: string, message = code, params?: FieldError['params']) =>
  new AppError('invalid_input', message, { [field]: params ? { code, params } : { code } });
