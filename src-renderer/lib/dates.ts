/*
 * Records hold UTC instants; the clerk reads the workstation's own time, as src-main prints it
 * (src-main/core/localTime.ts). Calendar dates (birth dates, cash days) are not instants: they are
 * shown as written, never shifted by a time zone.
 */

const pad = (n: number) => String(n).padStart(2, '0');

/** Today on this workstation's calendar, as src-main counts a cash day: 2026-11-25. */
export const todayLocal = (now = new Date()) => `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;

/** An instant in the workstation's time zone, in `locale`. */
export const formatInstant = (iso: string, locale: string, options: Intl.DateTimeFormatOptions) =>
  new Intl.DateTimeFormat(locale, options).format(new Date(iso));

/**
 * A calendar date as written (2011-05-01 → 01/05/2011 in French), whatever the time zone. Anything
 * else (a school's "31/02/2011" shown back in an import preview, or 2011-02-31, which a Date would
 * roll over to March) is shown as typed.
 */
export function formatCalendar(ymd: string, locale: string): string {
  const [y, m, d] = (/^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd) ?? []).slice(1).map(Number);
  const at = new Date(Date.UTC(y ?? NaN, (m ?? NaN) - 1, d ?? NaN, 12));
  return at.getUTCDate() === d ? formatInstant(at.toISOString(), locale, { dateStyle: 'short', timeZone: 'UTC' }) : ymd;
}
