import { format } from 'date-fns/format';

/*
 * Records hold UTC instants; people read the office's own time, which is the workstation's time
 * zone: a receipt taken at 10:29 in Moroni says 10:29, not the 07:29 of UTC. Calendar dates (a
 * birth date, a deadline, a cash day) are not instants and are never converted. Documents and
 * messages (src-main) and screens (the renderer) format from here, in the same zone.
 */

/** The day of an instant, as the office lived it: 25/11/2026. */
export const localDate = (iso: string) => format(new Date(iso), 'dd/MM/yyyy');

/** An instant in the office's time, for a message in either language: 25/11/2026 10:29. */
export const localStamp = (iso: string) => format(new Date(iso), 'dd/MM/yyyy HH:mm');

/** An instant in the office's time, on a French document: 25/11/2026 à 10:29. */
export const localDateTime = (iso: string) => format(new Date(iso), "dd/MM/yyyy 'à' HH:mm");

/**
 * An instant as a Date whose UTC fields read the office's wall clock: spreadsheet cells have no
 * time zone, and exceljs and the CSV writer print a Date's UTC fields.
 */
export const wallClock = (iso: string) => {
  const at = new Date(iso);
  return new Date(at.getTime() - at.getTimezoneOffset() * 60_000);
};

/** The office's calendar day of an instant: a cash day, today for the age rules, a file name. */
export const localDay = (at: Date | string) => format(new Date(at), 'yyyy-MM-dd');

/**
 * The instants an office calendar day covers, [start, end) as stored (UTC ISO): a day filter is
 * then a range over created_at that its index serves, and the day is the office's, not UTC's.
 */
export function localDayRange(day: string): [string, string] {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return [new Date(y, m - 1, d).toISOString(), new Date(y, m - 1, d + 1).toISOString()];
}

/** An instant in the workstation's time zone, in the interface's language. */
export const formatInstant = (iso: string, locale: string, options: Intl.DateTimeFormatOptions) =>
  new Intl.DateTimeFormat(locale, options).format(new Date(iso));

const pad2 = (n: string) => n.padStart(2, '0');

/**
 * A calendar date as people type it, day first (14/05/2007, 14-05-2007, 14.05.2007, 14 05 2007,
 * 14052007) or as stored (2007-05-14), to yyyy-mm-dd. Not checked against the calendar: 31/02/2007
 * becomes 2007-02-31, which the rules refuse at its field like any impossible date. Else null.
 */
export function parseCalendar(text: string): string | null {
  const s = text.trim();
  let m = /^(\d{1,2})[/.\- ](\d{1,2})[/.\- ](\d{4})$/.exec(s) ?? /^(\d{2})(\d{2})(\d{4})$/.exec(s);
  if (m) return `${m[3]}-${pad2(m[2]!)}-${pad2(m[1]!)}`;
  m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  return m ? `${m[1]}-${pad2(m[2]!)}-${pad2(m[3]!)}` : null;
}

/** Whether yyyy-mm-dd names a day that exists (2007-02-31 does not). */
export function isCalendarDate(ymd: string): boolean {
  const [y, m, d] = (/^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd) ?? []).slice(1).map(Number);
  return new Date(Date.UTC(y ?? NaN, (m ?? NaN) - 1, d ?? NaN, 12)).getUTCDate() === d;
}

/**
 * A calendar date as written (2011-05-01 → 01/05/2011 in French), whatever the time zone. Anything
 * else (a school's "31/02/2011" shown back in an import preview, or 2011-02-31, which a Date would
 * roll over to March) is shown as typed.
 */
export function formatCalendar(ymd: string, locale: string): string {
  return isCalendarDate(ymd) ? formatInstant(`${ymd}T12:00:00Z`, locale, { dateStyle: 'short', timeZone: 'UTC' }) : ymd;
}
