import { nextWorkingDayBegin, workingDaysBegunBetween, type WorkingCalendar } from '../../../src/domain/working-time';

// Europe/London, Mon–Fri 09:00–17:00; 3 March 2025 is a Monday (GMT, UTC+0); BST starts Sunday 30 March.
const london: WorkingCalendar = { timeZone: 'Europe/London', windows: [{ days: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'], start: '09:00', end: '17:00' }] };
const utc = (s: string) => new Date(`${s}Z`);
// London 09–17 until Wed 5 March 2025 12:00 UTC, 10–18 from then on.
const laterTenToSix: WorkingCalendar = {
  timeZone: 'Europe/London',
  windows: [{ days: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'], start: '10:00', end: '18:00' }],
  pastPatterns: [{ until: utc('2025-03-05T12:00:00'), timeZone: 'Europe/London', windows: london.windows }],
};

describe('workingDaysBegunBetween (the working days a breach spans, on the person’s calendar)', () => {
  it.each<[string, string, string, WorkingCalendar, number]>([
    // within the day of the breach: no new working day began
    ['Mon 10:00 → Mon 16:00', '2025-03-03T10:00:00', '2025-03-03T16:00:00', london, 0],
    // Tue 09:00, Wed 09:00 and Thu 09:00 began since Monday 10:00
    ['Mon 10:00 → Thu 11:00', '2025-03-03T10:00:00', '2025-03-06T11:00:00', london, 3],
    // the weekend is not working time: only Monday 09:00 began (1 h Friday + 30 m Monday of working time)
    ['Fri 16:00 → Mon 09:30', '2025-03-07T16:00:00', '2025-03-10T09:30:00', london, 1],
    // a day begins at its first working instant: Monday 08:59 has not begun it
    ['Fri 16:00 → Mon 08:59', '2025-03-07T16:00:00', '2025-03-10T08:59:00', london, 0],
    ['to ≤ from', '2025-03-06T11:00:00', '2025-03-03T10:00:00', london, 0],
    // a holiday (Wed 5 March) is no working day: Tue and Thu began
    ['Mon 10:00 → Thu 11:00, Wed a holiday', '2025-03-03T10:00:00', '2025-03-06T11:00:00', { ...london, holidays: ['2025-03-05'] }, 2],
    // out of office all Tuesday: Wed, Thu began
    ['Mon 10:00 → Thu 11:00, Tue out of office', '2025-03-03T10:00:00', '2025-03-06T11:00:00', { ...london, closed: [{ from: utc('2025-03-04T00:00:00'), to: utc('2025-03-05T00:00:00') }] }, 2],
    // out of office Tuesday morning: Tuesday begins at 12:00, so by Tue 11:00 it has not begun
    ['Mon 10:00 → Tue 11:00, Tue morning out', '2025-03-03T10:00:00', '2025-03-04T11:00:00', { ...london, closed: [{ from: utc('2025-03-04T09:00:00'), to: utc('2025-03-04T12:00:00') }] }, 0],
    // across the change to BST: Monday 31 March begins 09:00 BST = 08:00 UTC
    ['Fri 28 Mar 16:00 → Mon 31 Mar 08:30 UTC', '2025-03-28T16:00:00', '2025-03-31T08:30:00', london, 1],
    // Tue–Fri of the first week (4) + 15 whole weeks (75) = 79; Monday 23 June begins at 08:00 UTC (09:00 BST)
    ['Mon 3 Mar 10:00 → Mon 23 Jun 07:59 UTC', '2025-03-03T10:00:00', '2025-06-23T07:59:00', london, 79],
  ])('%s → %d', (_name, from, to, calendar, days) => {
    expect(workingDaysBegunBetween(utc(from), utc(to), calendar)).toBe(days);
  });
});

describe('nextWorkingDayBegin (the first working instant of the next working day after an instant)', () => {
  it.each<[string, string, WorkingCalendar, string]>([
    // Monday evening → Tuesday 09:00 GMT
    ['Mon 22:00 → Tue 09:00', '2025-03-03T22:00:00', london, '2025-03-04T09:00:00'],
    // strictly after: from Monday 09:00 itself the next one is Tuesday's
    ['Mon 09:00 → Tue 09:00', '2025-03-03T09:00:00', london, '2025-03-04T09:00:00'],
    ['Mon 08:59 → Mon 09:00', '2025-03-03T08:59:00', london, '2025-03-03T09:00:00'],
    // Friday afternoon → Monday, the weekend has no working day
    ['Fri 16:00 → Mon 09:00', '2025-03-07T16:00:00', london, '2025-03-10T09:00:00'],
    // Monday 10 March a holiday → Tuesday
    ['Fri 16:00 → Tue 09:00, Mon a holiday', '2025-03-07T16:00:00', { ...london, holidays: ['2025-03-10'] }, '2025-03-11T09:00:00'],
    // out of office Tuesday until 12:00: Tuesday begins at 12:00
    ['Mon 22:00 → Tue 12:00, Tue morning out', '2025-03-03T22:00:00', { ...london, closed: [{ from: utc('2025-03-04T00:00:00'), to: utc('2025-03-04T12:00:00') }] }, '2025-03-04T12:00:00'],
    // out of office all Tuesday: Wednesday
    ['Mon 22:00 → Wed 09:00, Tue out of office', '2025-03-03T22:00:00', { ...london, closed: [{ from: utc('2025-03-04T00:00:00'), to: utc('2025-03-05T00:00:00') }] }, '2025-03-05T09:00:00'],
    // BST from Sun 30 March: Monday 31 March begins 09:00 BST = 08:00 UTC
    ['Sat 29 Mar → Mon 31 Mar 08:00 UTC', '2025-03-29T12:00:00', london, '2025-03-31T08:00:00'],
    // the pattern changed Wed 5 Mar 12:00 UTC from 09–17 to 10–18: Wednesday began (09:00) under the old one, Thursday at 10:00
    ['Tue 18:00 → Wed 09:00 under the old pattern', '2025-03-04T18:00:00', laterTenToSix, '2025-03-05T09:00:00'],
    ['Wed 09:00 → Thu 10:00 under the new pattern', '2025-03-05T09:00:00', laterTenToSix, '2025-03-06T10:00:00'],
    // a night shift Mon–Fri 22:00–06:00 belongs to the day it starts on
    ['night shift: Mon 12:00 → Mon 22:00', '2025-03-03T12:00:00', { timeZone: 'Europe/London', windows: [{ days: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'], start: '22:00', end: '06:00' }] }, '2025-03-03T22:00:00'],
  ])('%s', (_name, after, calendar, expected) => {
    const begin = nextWorkingDayBegin(utc(after), calendar);
    expect(begin.toISOString()).toBe(utc(expected).toISOString());
    // the same day beginnings as workingDaysBegunBetween: exactly one begins in (after, begin], none 1 ms before it
    expect(workingDaysBegunBetween(utc(after), begin, calendar)).toBe(1);
    expect(workingDaysBegunBetween(utc(after), new Date(begin.getTime() - 1), calendar)).toBe(0);
  });

  it('throws no_working_time when no working day ever begins again', () => {
    expect(() => nextWorkingDayBegin(utc('2025-03-03T12:00:00'), { timeZone: 'UTC', windows: [] })).toThrow(expect.objectContaining({ code: 'no_working_time' }));
  });
});
