import { useI18n } from 'vue-i18n';
import type { AppErrorShape, FieldError } from '../../shared/contract/result';

/** Translates result codes: field codes live under `validation.`, rule codes under `rules.`, errors under `errors.`. */
export function useMessages() {
  const { t, te } = useI18n();
  const code = (c: string, params: FieldError['params'] = {}) =>
    te(`validation.${c}`) ? t(`validation.${c}`, params) : te(`rules.${c}`) ? t(`rules.${c}`, params) : c;
  const fieldMessages = (error: AppErrorShape) =>
    Object.fromEntries(Object.entries(error.fields ?? {}).map(([k, f]) => [k, code(f.code, f.params)]));
  const general = (error: AppErrorShape) => (te(`errors.${error.code}`) ? t(`errors.${error.code}`) : error.message);
  return { code, fieldMessages, general };
}
