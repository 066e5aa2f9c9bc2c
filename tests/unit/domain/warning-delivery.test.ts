import { nextDigestAt, warningDelivery, type WarningDelivery } from '../../../src/domain/warning-delivery';
import type { DayOfWeek, WorkingCalendar } from '../../../src/domain/working-time';

const WEEKDAYS: DayOfWeek[] = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'];
const nineToFive = (timeZone: string, extra: Partial<WorkingCalendar> = {}): WorkingCalendar => ({ timeZone, windows: [{ days: WEEKDAYS, start: '09:00', end: '17:00' }], ...extra });
// 3 March 2025 is a Monday. London: GMT (UTC+0), BST (UTC+1) from Sun 30 Mar 01:00Z to Sun 26 Oct 01:00Z.
// New York: EST (UTC−5), EDT (UTC−4) from Sun 9 Mar 07:00Z. Tokyo: UTC+9 all year.
const london = nineToFive('Europe/London');
const newYork = nineToFive('America/New_York');
const d = (iso: string): Date => new Date(iso);
const hold = (iso: string): WarningDelivery => ({ action: 'hold', digestAt: d(iso) });
const SEND: WarningDelivery = { action: 'sendNow' };

describe('warningDelivery: send inside the recipient’s working time, else hold for their next digest', () => {
  it.each<[string, string, WorkingCalendar, WarningDelivery]>([
    ['Mon 10:00 London: working time', '2025-03-03T10:00:00Z', london, SEND],
    ['Mon 16:59:59.999: still working time', '2025-03-03T16:59:59.999Z', london, SEND],
    // 17:00 ends the window (half-open): held until Tuesday 09:00
    ['Mon 17:00: the day is over', '2025-03-03T17:00:00Z', london, hold('2025-03-04T09:00:00Z')],
    // 22:00 GMT → the 09:00 digest the next morning
    ['Mon 22:00 London', '2025-03-03T22:00:00Z', london, hold('2025-03-04T09:00:00Z')],
    // before work: today's digest at 09:00
    ['Tue 08:59 London', '2025-03-04T08:59:00Z', london, hold('2025-03-04T09:00:00Z')],
    // 22:00 EST Mon = 03:00Z Tue → 09:00 EST Tue = 14:00Z, in the recipient's zone, not the server's
    ['Mon 22:00 New York', '2025-03-04T03:00:00Z', newYork, hold('2025-03-04T14:00:00Z')],
    // a Windows zone name works the same (Outlook working hours): Eastern Standard Time = America/New_York
    ['Mon 22:00 Eastern Standard Time', '2025-03-04T03:00:00Z', nineToFive('Eastern Standard Time'), hold('2025-03-04T14:00:00Z')],
    // 22:00 JST Mon = 13:00Z Mon → 09:00 JST Tue = 00:00Z Tue
    ['Mon 22:00 Tokyo', '2025-03-03T13:00:00Z', nineToFive('Asia/Tokyo'), hold('2025-03-04T00:00:00Z')],
    // the weekend: Friday 18:00 → Monday 09:00
    ['Fri 18:00 London', '2025-03-07T18:00:00Z', london, hold('2025-03-10T09:00:00Z')],
    ['Sat 12:00 London', '2025-03-08T12:00:00Z', london, hold('2025-03-10T09:00:00Z')],
    // Monday 10 March a holiday → Tuesday 09:00
    ['Fri 18:00 London, Mon a holiday', '2025-03-07T18:00:00Z', nineToFive('Europe/London', { holidays: ['2025-03-10'] }), hold('2025-03-11T09:00:00Z')],
    ['on the holiday itself, at 10:00', '2025-03-10T10:00:00Z', nineToFive('Europe/London', { holidays: ['2025-03-10'] }), hold('2025-03-11T09:00:00Z')],
    // out of office Tue 00:00 → Wed 12:00: Tue 10:00 is inside the window but away → Wednesday begins at 12:00
    ['Tue 10:00, out of office until Wed noon', '2025-03-04T10:00:00Z', nineToFive('Europe/London', { closed: [{ from: d('2025-03-04T00:00:00Z'), to: d('2025-03-05T12:00:00Z') }] }), hold('2025-03-05T12:00:00Z')],
    // (a transition at 12:00 itself, Wednesday's first working instant, goes into that digest: see below)
    ['Wed 12:30, back from out of office', '2025-03-05T12:30:00Z', nineToFive('Europe/London', { closed: [{ from: d('2025-03-04T00:00:00Z'), to: d('2025-03-05T12:00:00Z') }] }), SEND],
    // clocks go forward Sun 30 Mar: Monday 09:00 BST = 08:00Z
    ['Sat 29 Mar London, spring forward', '2025-03-29T12:00:00Z', london, hold('2025-03-31T08:00:00Z')],
    ['Mon 31 Mar 08:30Z = 09:30 BST: working', '2025-03-31T08:30:00Z', london, SEND],
    // clocks go back Sun 26 Oct: Fri 24 Oct 17:30 BST = 16:30Z → Monday 09:00 GMT = 09:00Z
    ['Fri 24 Oct 16:30Z = 17:30 BST, fall back', '2025-10-24T16:30:00Z', london, hold('2025-10-27T09:00:00Z')],
    // New York forward Sun 9 Mar: Fri 7 Mar 22:00 EST = Sat 03:00Z → Mon 09:00 EDT = 13:00Z
    ['Fri 22:00 New York, spring forward', '2025-03-08T03:00:00Z', newYork, hold('2025-03-10T13:00:00Z')],
    // a lunch break (09–12, 13–17) is outside working time too: the warning waits for the next morning's digest
    ['Mon 12:30, lunch break', '2025-03-03T12:30:00Z', { timeZone: 'Europe/London', windows: [{ days: WEEKDAYS, start: '09:00', end: '12:00' }, { days: WEEKDAYS, start: '13:00', end: '17:00' }] }, hold('2025-03-04T09:00:00Z')],
  ])('%s', (_name, at, calendar, expected) => {
    expect(warningDelivery(d(at), calendar)).toEqual(expected);
  });
});

describe('warningDelivery: a transition at the first working instant of a day goes into that day’s digest', () => {
  const ooo = nineToFive('Europe/London', { closed: [{ from: d('2025-03-04T00:00:00Z'), to: d('2025-03-05T12:00:00Z') }] });
  it.each<[string, string, string, WorkingCalendar, WarningDelivery]>([
    // A 4-hour target received Mon 15:00 London: 2 h Monday (15–17), 2 h Tuesday → due Tue 11:00; 75 % (180 min) used
    // Tue 10:00 — inside the day, sent then.
    ['at risk Tue 10:00, mid-morning', '2025-03-04T10:00:00Z', '2025-03-04T10:00:00Z', london, SEND],
    // A 2-hour target received Mon 15:00: used up at Mon 17:00, the window's end, so it breaches at the first working
    // millisecond past it, Tue 09:00:00.001 — as Tuesday's digest (due 09:00) begins, which counts it: held for it.
    ['breached at Tue 09:00:00.001, seen then', '2025-03-04T09:00:00.001Z', '2025-03-04T09:00:00.001Z', london, hold('2025-03-04T09:00:00Z')],
    // …also when the dispatcher sees it 40 s later (its timer or tick), still that morning
    ['breached at Tue 09:00:00.001, seen at 09:00:40', '2025-03-04T09:00:40Z', '2025-03-04T09:00:00.001Z', london, hold('2025-03-04T09:00:00Z')],
    // 75 % of a target used at Mon 17:00: at risk at Tuesday's first instant, 09:00:00.000
    ['at risk at Tue 09:00 sharp', '2025-03-04T09:00:05Z', '2025-03-04T09:00:00Z', london, hold('2025-03-04T09:00:00Z')],
    // 2 ms into the day is news: some of Tuesday's work was needed to get there
    ['breached at Tue 09:00:00.002', '2025-03-04T09:00:00.002Z', '2025-03-04T09:00:00.002Z', london, SEND],
    // New York: the day begins at 09:00 EST = 14:00Z; the UTC day's start is not it
    ['New York, breached at 09:00 EST', '2025-03-04T14:00:10Z', '2025-03-04T14:00:00.001Z', newYork, hold('2025-03-04T14:00:00Z')],
    ['New York, a transition at 00:00Z (19:00 EST, outside)', '2025-03-04T14:00:10Z', '2025-03-04T00:00:00Z', newYork, SEND],
    // back from out of office Wed 12:00: Wednesday's working day (and digest) begins then
    ['Wed 12:00, back from out of office', '2025-03-05T12:00:05Z', '2025-03-05T12:00:00Z', ooo, hold('2025-03-05T12:00:00Z')],
    // after a lunch break (09–12, 13–17) work resumes at 13:00, but that is not the day's first instant: sent
    ['Mon 13:00, after lunch', '2025-03-03T13:00:05Z', '2025-03-03T13:00:00Z', { timeZone: 'Europe/London', windows: [{ days: WEEKDAYS, start: '09:00', end: '12:00' }, { days: WEEKDAYS, start: '13:00', end: '17:00' }] }, SEND],
  ])('%s', (_name, at, transitionAt, calendar, expected) => {
    expect(warningDelivery(d(at), calendar, d(transitionAt))).toEqual(expected);
  });
});

describe('nextDigestAt: the first working minute of the next working day', () => {
  it('is strictly after: a digest sent at 09:00 schedules the next for tomorrow 09:00', () => {
    expect(nextDigestAt(d('2025-03-03T09:00:00Z'), london)).toEqual(d('2025-03-04T09:00:00Z'));
  });

  it('follows a recipient in New York through a week, one digest per working day', () => {
    // From Sat 1 Mar: Mon 3 … Fri 7 Mar at 09:00 EST (14:00Z), then Mon 10 Mar at 09:00 EDT (13:00Z).
    const digests: string[] = [];
    let at = d('2025-03-01T12:00:00Z');
    for (let i = 0; i < 6; i++) {
      at = nextDigestAt(at, newYork);
      digests.push(at.toISOString());
    }
    expect(digests).toEqual([
      '2025-03-03T14:00:00.000Z', '2025-03-04T14:00:00.000Z', '2025-03-05T14:00:00.000Z',
      '2025-03-06T14:00:00.000Z', '2025-03-07T14:00:00.000Z', '2025-03-10T13:00:00.000Z',
    ]);
  });

  it('throws no_working_time for a calendar without working days', () => {
    expect(() => nextDigestAt(d('2025-03-03T09:00:00Z'), { timeZone: 'UTC', windows: [] })).toThrow(expect.objectContaining({ code: 'no_working_time' }));
  });
});
