import { useI18n } from 'vue-i18n';
import type { AppErrorShape, FieldError } from '../../shared/contract/result';
import { codeText, errorText } from './useFieldErrors';

/**
 * The same translations as useFieldErrors for pages that place messages themselves: a code's
 * sentence, every field's sentence, and the sentence for a refused call as a whole.
 */
export function useMessages() {
  const { t, te, locale } = useI18n();
  const code = (c: string, params: FieldError['params'] = {}) => codeText(t, te, c, params, locale.value);
  const fieldMessages = (error: AppErrorShape) =>
    Object.fromEntries(Object.entries(error.fields ?? {}).map(([k, f]) => [k, code(f.code, f.params)]));
  const general = (error: AppErrorShape) => errorText(t, te, error);
  return { code, fieldMessages, general };
}
