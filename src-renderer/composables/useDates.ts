import { useI18n } from 'vue-i18n';

/*
 * Records hold UTC instants; the clerk reads the workstation's own time, as src-main prints it
 * (src-main/core/localTime.ts). Calendar dates (birth dates, cash days) are not instants: they are
 * shown as written, never shifted by a time zone.
 */

const pad = (n: number) => String(n).padStart(2, '0');

/** Today on this workstation's calendar, as src-main counts a cash day: 2026-11-25. */
export const todayLocal = (now = new Date()) => `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;

export function useDates() {
  const { locale } = useI18n();
  const fmt = (iso: string, options: Intl.DateTimeFormatOptions) =>
    new Intl.DateTimeFormat(locale.value, options).format(new Date(iso));
  return {
    /** 25/11/2026 10:29; `seconds` for logs and sync times. */
    dateTime: (iso: string, seconds = false) =>
      fmt(iso, { dateStyle: 'short', timeStyle: seconds ? 'medium' : 'short' }),
    date: (iso: string) => fmt(iso, { dateStyle: 'short' }),
    time: (iso: string) => fmt(iso, { timeStyle: 'short' }),
    /** A calendar date as written (2011-05-01 → 01/05/2011 in French), whatever the time zone. */
    calendar: (ymd: string) => fmt(`${ymd.slice(0, 10)}T12:00:00Z`, { dateStyle: 'short', timeZone: 'UTC' }),
  };
}
