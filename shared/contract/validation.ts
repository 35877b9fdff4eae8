import type { z } from 'zod';
import type { FieldError } from './result';

const OWN_CODE = /^[a-z][a-z0-9_]*$/;

/** The code reported for one zod issue: ours when the schema names one as its message, else zod's. */
export const issueCode = (issue: z.core.$ZodIssue) => (OWN_CODE.test(issue.message) ? issue.message : issue.code);

/**
 * Zod issues → `{ "field.path": { code, params } }`; our schemas carry their own codes as messages.
 * Shared so a form checking before it calls reports exactly what the dispatcher would.
 */
export function fieldsFromZod(error: z.ZodError): Record<string, FieldError> {
  const fields: Record<string, FieldError> = {};
  for (const issue of error.issues) {
    const path = issue.path.map(String).join('.') || '_';
    if (fields[path]) continue;
    const code = issueCode(issue);
    const params: Record<string, string | number> = {};
    if ('minimum' in issue && (typeof issue.minimum === 'number' || typeof issue.minimum === 'bigint'))
      params.min = Number(issue.minimum);
    if ('maximum' in issue && (typeof issue.maximum === 'number' || typeof issue.maximum === 'bigint'))
      params.max = Number(issue.maximum);
    // A refinement's own numbers, such as a file's limit in megabytes.
    if (issue.code === 'custom' && issue.params) Object.assign(params, issue.params);
    fields[path] = Object.keys(params).length ? { code, params } : { code };
  }
  return fields;
}
