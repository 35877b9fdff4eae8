import { useI18n } from 'vue-i18n';
import { counting, digits } from '../../shared/i18n/plural';

/** A sentence about a count: words that agree with it, digits grouped as the interface's language writes them. */
export function useCounts() {
  const { t, locale } = useI18n();
  return {
    /** 12 345: a number in a sentence that does not agree with it. */
    digits: (n: number) => digits(locale.value, n),
    counted: (key: string, count: number, params: Record<string, unknown> = {}) =>
      t(key, ...counting(locale.value, count, params)),
  };
}
