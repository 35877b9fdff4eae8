import type { z } from 'zod';
import type { FieldError } from '../../shared/contract/result';

const OWN_CODE = /^[a-z][a-z0-9_]*$/;

/** Zod issues → `{ "field.path": { code, params } }`; our schemas carry their own codes as messages. */
export function fieldsFromZod(error: z.ZodError): Record<string, FieldError> {
  const fields: Record<string, FieldError> = {};
  for (const issue of error.issues) {
    const path = issue.path.map(String).join('.') || '_';
    if (fields[path]) continue;
    const code = OWN_CODE.test(issue.message) ? issue.message : issue.code;
    const params: Record<string, string | number> = {};
    if ('minimum' in issue && (typeof issue.minimum === 'number' || typeof issue.minimum === 'bigint'))
      params.min = Number(issue.minimum);
    if ('maximum' in issue && (typeof issue.maximum === 'number' || typeof issue.maximum === 'bigint'))
      params.max = Number(issue.maximum);
    fields[path] = Object.keys(params).length ? { code, params } : { code };
  }
  return fields;
}
