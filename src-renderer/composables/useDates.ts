import { useI18n } from 'vue-i18n';
import { formatCalendar, formatInstant } from '../../shared/domain/localTime';

/** Dates in the interface's language; instants in the workstation's time zone (see shared/domain/localTime). */
export function useDates() {
  const { locale } = useI18n();
  return {
    /** 25/11/2026 10:29; `seconds` for logs and sync times. */
    dateTime: (iso: string, seconds = false) =>
      formatInstant(iso, locale.value, { dateStyle: 'short', timeStyle: seconds ? 'medium' : 'short' }),
    date: (iso: string) => formatInstant(iso, locale.value, { dateStyle: 'short' }),
    time: (iso: string) => formatInstant(iso, locale.value, { timeStyle: 'short' }),
    calendar: (ymd: string) => formatCalendar(ymd, locale.value),
  };
}
