import { z } from 'zod';
import { isCalendarDate } from '../domain/localTime';

/** A day of the office's calendar (a cash day, a filter bound): yyyy-mm-dd, never an instant. */
export const calendarDay = z.string().refine(isCalendarDate, 'date_invalid');

/**
 * A filter's « Du » and « Au »: « Au » before « Du » is said at « Au », where it used to count
 * nothing and show an empty list as if the office had registered no one.
 */
export const dayRangeInOrder = (range: { from?: string; to?: string }, ctx: z.RefinementCtx) => {
  if (range.from && range.to && range.to < range.from)
    ctx.addIssue({ code: 'custom', path: ['to'], message: 'to_before_from' });
};
