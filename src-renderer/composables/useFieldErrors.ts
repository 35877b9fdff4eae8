import { reactive, ref } from 'vue';
import { useI18n } from 'vue-i18n';
import type { z } from 'zod';
import type { AppErrorShape, FieldError } from '../../shared/contract/result';
import { fieldsFromZod } from '../../shared/contract/validation';
import { LOCKOUT_ATTEMPTS, LOCKOUT_MINUTES } from '../../shared/domain/accounts';
import { digits } from '../../shared/i18n/plural';

type Translate = ReturnType<typeof useI18n>['t'];
type Exists = ReturnType<typeof useI18n>['te'];

/** The sentence for a refused call as a whole (`errors.<code>`), with the numbers some codes need. */
export function errorText(t: Translate, te: Exists, error: AppErrorShape): string {
  if (error.code === 'account_locked') {
    const until = typeof error.details?.until === 'string' ? Date.parse(error.details.until) : NaN;
    const minutes = Number.isNaN(until) ? LOCKOUT_MINUTES : Math.ceil((until - Date.now()) / 60_000);
    if (minutes <= 1) return t('errorsExtra.account_locked_soon', { attempts: LOCKOUT_ATTEMPTS });
    return t('errors.account_locked', { attempts: LOCKOUT_ATTEMPTS, minutes });
  }
  return te(`errors.${error.code}`) ? t(`errors.${error.code}`) : t('errors.internal');
}

/**
 * A refused sign-in or unlock. A full disk there is not the general « nothing was saved »: no
 * session can open, since each one is written in the audit journal, and the clerk is told what to do.
 */
export function signInErrorText(t: Translate, te: Exists, error: AppErrorShape): string {
  return error.code === 'storage_full' ? t('login.storageFull') : errorText(t, te, error);
}

/** Where a code's sentence may live: field codes, then eligibility rules, then whole-call errors. */
const SECTIONS = ['validation', 'rules', 'errors'] as const;

/** The parameters src-main sends that are quantities (rows, entries, limits), never a year or an age. */
const QUANTITIES = ['count', 'rows', 'max', 'total'];

/**
 * The sentence for a code from a zod schema or a service, with its numbers: quantities grouped as
 * the locale writes them (« 20 001 lignes »), the words still chosen by the count itself. A code
 * without a sentence says "invalid" rather than showing the clerk an English identifier.
 */
export function codeText(
  t: Translate,
  te: Exists,
  code: string,
  params: FieldError['params'] = {},
  locale = 'fr',
): string {
  const section = SECTIONS.find((s) => te(`${s}.${code}`));
  if (!section) return t('validation.invalid');
  const shown = Object.fromEntries(
    Object.entries(params).map(([k, v]) => [
      k,
      QUANTITIES.includes(k) && typeof v === 'number' ? digits(locale, v) : v,
    ]),
  );
  const key = `${section}.${code}`;
  return typeof params.count === 'number' ? t(key, shown, params.count) : t(key, shown);
}

export const fieldText = (t: Translate, te: Exists, field: FieldError, locale?: string) =>
  codeText(t, te, field.code, field.params, locale);

/**
 * Turns a refused call into messages for `el-form-item :error`: `fields[name]` for the fields this
 * form shows (`known`), `general` for the rest, so no message is ever lost for want of a field.
 */
export function useFieldErrors(known: readonly string[], generalText = errorText) {
  const { t, te, locale } = useI18n();
  const fields = reactive<Record<string, string>>({});
  const general = ref('');

  function clear() {
    for (const name of Object.keys(fields)) delete fields[name];
    general.value = '';
  }

  function show(error: AppErrorShape) {
    clear();
    for (const [name, field] of Object.entries(error.fields ?? {})) {
      if (known.includes(name)) fields[name] = fieldText(t, te, field, locale.value);
    }
    if (Object.keys(fields).length === 0) general.value = generalText(t, te, error);
  }

  /** A check only the form can make, such as the two passwords being the same. */
  function setField(name: string, code: string) {
    fields[name] = fieldText(t, te, { code }, locale.value);
  }

  /** Checks `value` against the same schema src-main will use; shows every problem at once. */
  function validate(schema: z.ZodType, value: unknown): boolean {
    const parsed = schema.safeParse(value);
    if (parsed.success) return true;
    show({ code: 'invalid_input', message: 'Invalid input', fields: fieldsFromZod(parsed.error) });
    return false;
  }

  const hasErrors = () => general.value !== '' || Object.keys(fields).length > 0;

  return { fields, general, show, clear, setField, validate, hasErrors };
}
