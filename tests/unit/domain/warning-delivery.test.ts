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
    ['Wed 12:00, back from out of office', '2025-03-05T12:00:00Z', nineToFive('Europe/London', { closed: [{ from: d('2025-03-04T00:00:00Z'), to: d('2025-03-05T12:00:00Z') }] }), SEND],
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
