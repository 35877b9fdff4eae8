import { z } from 'zod';

/** A day of the office's calendar (a cash day, a filter bound): yyyy-mm-dd, never an instant. */
export const calendarDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'date_invalid');
