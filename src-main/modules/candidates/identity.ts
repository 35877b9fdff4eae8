import type { z } from 'zod';
import type { confirmationInputSchema, identityInputSchema } from '../../../shared/contract/candidates';
import { candidateSchema, DIPLOMA_FIELDS, diplomaFieldAsStored } from '../../../shared/domain/candidate';
import { normaliseName, phoneticKey } from '../../../shared/domain/names';
import { fieldsFromZod } from '../../../shared/contract/validation';
import { AppError } from '../../core/errors';
import { phoneForms } from './phone';

/** An identity as the wire brings it: not checked yet, its sex possibly not chosen. */
export type IdentityEntry = z.output<typeof identityInputSchema>;
/** An identity that passed the rules: the only kind a candidate is saved from. */
export type Identity = Omit<IdentityEntry, 'sex'> & { sex: 'M' | 'F' };
type ConfirmationInput = z.output<typeof confirmationInputSchema>;

export interface IdentityContext {
  /** The office's default phone country. */
  region: string;
  /** Today at the office: no birth date after it. */
  today: string;
  /** The exam's date, which decides who is a minor; today when absent. */
  referenceDate?: string;
  /** False where nothing asks it (a school's list): a birth in France is then taken without its department. */
  birthDepartmentAsked?: boolean;
}

const schemas = new Map<string, ReturnType<typeof candidateSchema>>();

/** Building a zod schema compiles it: one per region and day, so a 10,000-row school list does not build 10,000. */
function schemaFor(ctx: IdentityContext) {
  const asked = ctx.birthDepartmentAsked !== false;
  const key = `${ctx.region}|${ctx.today}|${ctx.referenceDate ?? ctx.today}|${asked}`;
  let schema = schemas.get(key);
  if (!schema) {
    if (schemas.size > 8) schemas.clear();
    schema = candidateSchema({
      region: ctx.region,
      today: ctx.today,
      referenceDate: ctx.referenceDate ?? ctx.today,
      birthDepartmentAsked: asked,
    });
    schemas.set(key, schema);
  }
  return schema;
}

const prefixed = (prefix: string, fields: ReturnType<typeof fieldsFromZod>) =>
  Object.fromEntries(Object.entries(fields).map(([k, v]) => [`${prefix}.${k}`, v]));

/**
 * The domain rules on an identity; the confirmation (typed a second time) must match the diploma
 * fields as they will be stored (`be123456` and `BE123456` are the same ID). Pure, so the counter
 * and the school-list worker thread run the very same check.
 */
export function validateIdentity(
  identity: IdentityEntry,
  confirmation: ConfirmationInput | null,
  ctx: IdentityContext,
): Identity {
  const parsed = schemaFor(ctx).safeParse(identity);
  const fields = parsed.success ? {} : prefixed('identity', fieldsFromZod(parsed.error));
  for (const f of DIPLOMA_FIELDS) {
    const typed = diplomaFieldAsStored(f, identity[f]);
    const again = diplomaFieldAsStored(f, confirmation?.[f]);
    if (typed !== again && !fields[`identity.${f}`]) fields[`confirmation.${f}`] = { code: 'confirm_mismatch' };
  }
  if (Object.keys(fields).length || !parsed.success)
    throw new AppError('invalid_input', 'Invalid candidate identity', fields);
  // The sex as the rules passed it: an identity without one never gets this far.
  return { ...identity, ...(parsed.data as Partial<Identity>), sex: parsed.data.sex };
}

/** The matching forms a new candidate row stores beside the names as typed. */
export interface MatchKeys {
  searchName: string;
  phoneticKey: string;
  phone: { e164: string; national: string } | null;
}

export function matchKeys(identity: Pick<Identity, 'surname' | 'givenNames' | 'phone'>, region: string): MatchKeys {
  const name = `${identity.surname.trim()} ${identity.givenNames.trim()}`;
  return { searchName: normaliseName(name), phoneticKey: phoneticKey(name), phone: phoneForms(identity.phone, region) };
}
