import { z } from 'zod';
import { isCalendarDate } from '../domain/localTime';

/** A day of the office's calendar (a cash day, a filter bound): yyyy-mm-dd, never an instant. */
export const calendarDay = z.string().refine(isCalendarDate, 'date_invalid');
