import { describe, expect, it } from 'vitest';
import { formatCalendar, formatInstant, isCalendarDate, localDay, parseCalendar } from '../../shared/domain/localTime';
import { inTimeZone } from '../support/timeZone';

// A workstation in Moroni (UTC+3): the screens read its clock, not UTC.
inTimeZone('Indian/Comoro');

describe('dates on screen', () => {
  it('show an instant in the workstation’s time, and today as its calendar has it', () => {
    const lateEvening = '2026-03-02T22:30:00Z';
    expect(formatInstant(lateEvening, 'fr-FR', { dateStyle: 'short', timeStyle: 'short' })).toBe('03/03/2026 01:30');
    expect(localDay(lateEvening)).toBe('2026-03-03');
  });

  it('show a calendar date as written, whatever the zone, and anything that is not one as typed', () => {
    expect(formatCalendar('2007-05-14', 'fr-FR')).toBe('14/05/2007');
    expect(formatCalendar('2007-05-14', 'en-GB')).toBe('14/05/2007');
    expect(formatCalendar('2011-02-31', 'fr-FR')).toBe('2011-02-31');
    expect(formatCalendar('31/02/2011', 'fr-FR')).toBe('31/02/2011');
    expect(formatCalendar('', 'fr-FR')).toBe('');
  });

  it('read a date typed day first, in the ways people type it, and refuse what is not one', () => {
    for (const typed of [
      '05/04/2007',
      '5/4/2007',
      '05-04-2007',
      '05.04.2007',
      '05 04 2007',
      '05042007',
      ' 2007-04-05 ',
    ])
      expect(parseCalendar(typed)).toBe('2007-04-05');
    for (const typed of ['', '05/04', '05/04/07', '2007/04/05', '5 avril 2007', '050407', '05/04/2007 10:00'])
      expect(parseCalendar(typed)).toBeNull();
    // Impossible days are read, and refused where they are checked.
    expect(parseCalendar('31/02/2007')).toBe('2007-02-31');
    expect(isCalendarDate('2007-02-31')).toBe(false);
    expect(isCalendarDate('2008-02-29')).toBe(true);
    expect(isCalendarDate('2007-02-29')).toBe(false);
  });
});
