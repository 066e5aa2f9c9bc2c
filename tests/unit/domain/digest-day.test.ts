import { digestDayAt, type DigestDay } from '../../../src/domain/digest-day';
import type { DayOfWeek, WorkingCalendar } from '../../../src/domain/working-time';

const WEEKDAYS: DayOfWeek[] = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'];
const nineToFive = (timeZone: string, extra: Partial<WorkingCalendar> = {}): WorkingCalendar => ({ timeZone, windows: [{ days: WEEKDAYS, start: '09:00', end: '17:00' }], ...extra });
// 3 March 2025 is a Monday. London: GMT (UTC+0) until Sun 30 Mar 01:00Z, then BST (UTC+1).
// New York: EDT (UTC−4) from Sun 9 Mar. Tokyo: UTC+9.
const london = nineToFive('Europe/London');
const day = (at: string, localDate: string): DigestDay => ({ at: new Date(at), localDate });

describe('digestDayAt: the digest of the working day begun today in the person’s zone, or none', () => {
  it.each<[string, string, WorkingCalendar, DigestDay | null]>([
    // 08:59:59.999 London: the day has not begun
    ['Mon 08:59:59.999 London: not yet', '2025-03-03T08:59:59.999Z', london, null],
    // 09:00 exactly: due, for Monday's date
    ['Mon 09:00 London: due', '2025-03-03T09:00:00Z', london, day('2025-03-03T09:00:00Z', '2025-03-03')],
    // still Monday's digest through the working day (a missed 09:00 goes late the same day) …
    ['Mon 16:59 London: still Monday’s', '2025-03-03T16:59:00Z', london, day('2025-03-03T09:00:00Z', '2025-03-03')],
    // … but not once the working day is over (17:00 ends the half-open window): quiet hours hold for digests too
    ['Mon 17:00 London: over', '2025-03-03T17:00:00Z', london, null],
    ['Mon 23:59 London: over', '2025-03-03T23:59:00Z', london, null],
    // … but never the next morning before 09:00: Tue 08:00 has no digest due (Monday's is not sent late)
    ['Tue 08:00 London: none', '2025-03-04T08:00:00Z', london, null],
    // Saturday: no working day begins
    ['Sat 10:00 London: weekend', '2025-03-08T10:00:00Z', london, null],
    // a holiday: none
    ['Mon 10 Mar 10:00, a holiday', '2025-03-10T10:00:00Z', nineToFive('Europe/London', { holidays: ['2025-03-10'] }), null],
    // New York EDT: 09:00 local = 13:00Z; at 12:59Z (08:59 local) none
    ['Wed 08:59 New York', '2025-03-12T12:59:00Z', nineToFive('America/New_York'), null],
    ['Wed 09:00:30 New York', '2025-03-12T13:00:30Z', nineToFive('America/New_York'), day('2025-03-12T13:00:00Z', '2025-03-12')],
    // 22:00 New York Tue = 02:00Z Wed: the UTC date is Wednesday, but locally it is Tuesday night, off work: none
    ['Tue 22:00 New York (02:00Z Wed)', '2025-03-12T02:00:00Z', nineToFive('America/New_York'), null],
    // Tue 16:00 New York = 20:00Z: Tuesday's digest, for the local date 2025-03-11
    ['Tue 16:00 New York', '2025-03-11T20:00:00Z', nineToFive('America/New_York'), day('2025-03-11T13:00:00Z', '2025-03-11')],
    // Tokyo: Tue 09:00 JST = Mon 00:00Z; at Mon 23:00Z (Tue 08:00 JST) none yet
    ['Tue 08:00 Tokyo', '2025-03-03T23:00:00Z', nineToFive('Asia/Tokyo'), null],
    ['Tue 09:30 Tokyo', '2025-03-04T00:30:00Z', nineToFive('Asia/Tokyo'), day('2025-03-04T00:00:00Z', '2025-03-04')],
    // out of office until Wed 12:00: Wednesday's working day begins at 12:00 → none at 11:00, due at 12:00
    ['Wed 11:00, away until noon', '2025-03-05T11:00:00Z', nineToFive('Europe/London', { closed: [{ from: new Date('2025-03-04T00:00:00Z'), to: new Date('2025-03-05T12:00:00Z') }] }), null],
    ['Wed 12:00, back at noon', '2025-03-05T12:00:00Z', nineToFive('Europe/London', { closed: [{ from: new Date('2025-03-04T00:00:00Z'), to: new Date('2025-03-05T12:00:00Z') }] }), day('2025-03-05T12:00:00Z', '2025-03-05')],
    // spring forward Sun 30 Mar: Monday 09:00 BST = 08:00Z
    ['Mon 31 Mar 08:30Z = 09:30 BST', '2025-03-31T08:30:00Z', london, day('2025-03-31T08:00:00Z', '2025-03-31')],
    ['Mon 31 Mar 07:59Z = 08:59 BST', '2025-03-31T07:59:00Z', london, null],
  ])('%s', (_name, now, calendar, expected) => {
    expect(digestDayAt(new Date(now), calendar)).toEqual(expected);
  });

  it('a calendar that never works has no digest day', () => {
    expect(digestDayAt(new Date('2025-03-03T10:00:00Z'), { timeZone: 'UTC', windows: [] })).toBeNull();
  });
});
