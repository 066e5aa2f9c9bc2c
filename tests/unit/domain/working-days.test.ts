import { workingDaysBegunBetween, type WorkingCalendar } from '../../../src/domain/working-time';

// Europe/London, Mon–Fri 09:00–17:00; 3 March 2025 is a Monday (GMT, UTC+0); BST starts Sunday 30 March.
const london: WorkingCalendar = { timeZone: 'Europe/London', windows: [{ days: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'], start: '09:00', end: '17:00' }] };
const utc = (s: string) => new Date(`${s}Z`);

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
