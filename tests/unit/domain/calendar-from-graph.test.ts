import fc from 'fast-check';
import { calendarFromGraph, customTimeZoneToPosix, type GraphMailboxSettings } from '../../../src/domain/calendar-from-graph';
import { DomainError } from '../../../src/domain/domain-error';
import { workingMinutesBetween } from '../../../src/domain/working-time';
import { resolveZone, wallTimeToUtcMs } from '../../../src/domain/zone-offsets';

const d = (iso: string): Date => new Date(iso);
const weekdays = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'];
/** The custom zone from Graph's mailboxSettings documentation: UTC+03:20, daylight UTC+05:00 from the 4th Sunday of August to the 1st Sunday of May. */
const customZone = {
  '@odata.type': '#microsoft.graph.customTimeZone',
  bias: -200,
  name: 'Customized Time Zone',
  standardOffset: { time: '02:00:00.0000000', dayOccurrence: 1, dayOfWeek: 'sunday', month: 5, year: 0 },
  daylightOffset: { daylightBias: -100, time: '02:00:00.0000000', dayOccurrence: 4, dayOfWeek: 'sunday', month: 8, year: 0 },
};
const settings = (over: Partial<GraphMailboxSettings> = {}): GraphMailboxSettings => ({
  timeZone: 'Pacific Standard Time',
  workingHours: { daysOfWeek: weekdays, startTime: '08:00:00.0000000', endTime: '17:00:00.0000000', timeZone: { name: 'Pacific Standard Time' } },
  automaticRepliesSetting: { status: 'disabled' },
  ...over,
});

describe('calendarFromGraph', () => {
  it('maps working hours with a Windows zone name', () => {
    const calendar = calendarFromGraph(settings());
    expect(calendar).toEqual({ timeZone: 'Pacific Standard Time', windows: [{ days: weekdays, start: '08:00', end: '17:00' }] });
    // Mon 2024-01-15 08:00 PST = 16:00Z → 17:00 PST = 01:00Z Tue: 540
    expect(workingMinutesBetween(d('2024-01-15T00:00:00Z'), d('2024-01-16T12:00:00Z'), calendar)).toBe(540);
  });

  it('keeps an IANA zone name and falls back to mailboxSettings.timeZone', () => {
    expect(calendarFromGraph(settings({ workingHours: { ...settings().workingHours, timeZone: { name: 'Europe/Berlin' } } })).timeZone).toBe('Europe/Berlin');
    expect(calendarFromGraph(settings({ workingHours: { daysOfWeek: ['monday'], startTime: '09:30:00.0000000', endTime: '12:00:00.0000000' } })).timeZone).toBe('Pacific Standard Time');
  });

  it('uses Outlook defaults (Mon–Fri 08:00–17:00) without working hours', () => {
    expect(calendarFromGraph({ timeZone: 'Asia/Kolkata' })).toEqual({ timeZone: 'Asia/Kolkata', windows: [{ days: weekdays, start: '08:00', end: '17:00' }] });
  });

  it.each<[string, string, string, number]>([
    ['daylight time (+05:00) in January', '2024-01-15T02:00:00Z', '2024-01-15T04:00:00Z', 60], // Mon 08:00 local = 03:00Z → 03:00–04:00
    ['standard time (+03:20) in June', '2024-06-17T04:00:00Z', '2024-06-17T05:00:00Z', 20], // Mon 08:00 local = 04:40Z → 04:40–05:00
  ])('a custom zone: %s', (_name, from, to, expected) => {
    const calendar = calendarFromGraph(settings({ workingHours: { ...settings().workingHours, timeZone: customZone } }));
    expect(calendar.timeZone).toBe('<+0320>-3:20<+0500>-5,M8.4.0/02:00:00,M5.1.0/02:00:00');
    expect(workingMinutesBetween(d(from), d(to), calendar)).toBe(expected);
  });

  it('a custom zone changes offset at the rule instants', () => {
    const zone = resolveZone(customTimeZoneToPosix(customZone));
    const h = 3_600_000;
    // 1st Sunday of May 2024 = May 5, 02:00 at +05:00 = May 4 21:00Z
    expect(zone.offsetMsAt(Date.parse('2024-05-04T20:59:59Z'))).toBe(5 * h);
    expect(zone.offsetMsAt(Date.parse('2024-05-04T21:00:00Z'))).toBe(3 * h + 20 * 60_000);
    // 4th Sunday of August 2024 = Aug 25, 02:00 at +03:20 = Aug 24 22:40Z
    expect(zone.offsetMsAt(Date.parse('2024-08-24T22:39:59Z'))).toBe(3 * h + 20 * 60_000);
    expect(zone.offsetMsAt(Date.parse('2024-08-24T22:40:00Z'))).toBe(5 * h);
  });

  it('a custom zone without daylight rules is a fixed offset', () => {
    expect(customTimeZoneToPosix({ bias: -330, standardOffset: { month: 0 }, daylightOffset: { month: 0 } })).toBe('<+0530>-5:30');
    const calendar = calendarFromGraph(settings({ workingHours: { ...settings().workingHours, timeZone: { '@odata.type': '#microsoft.graph.customTimeZone', bias: -330, standardOffset: { month: 0 }, daylightOffset: { month: 0 } } } }));
    expect(workingMinutesBetween(d('2024-01-15T02:00:00Z'), d('2024-01-15T03:00:00Z'), calendar)).toBe(30); // 08:00 at +05:30 = 02:30Z → 02:30–03:00
  });

  it('subtracts a scheduled out-of-office period given in a Windows zone', () => {
    const calendar = calendarFromGraph(settings({
      automaticRepliesSetting: {
        status: 'scheduled',
        scheduledStartDateTime: { dateTime: '2024-01-16T00:00:00.0000000', timeZone: 'Pacific Standard Time' },
        scheduledEndDateTime: { dateTime: '2024-01-18T00:00:00.0000000', timeZone: 'Pacific Standard Time' },
      },
    }), { holidays: ['2024-01-19'] });
    expect(calendar.closed).toEqual([{ from: d('2024-01-16T08:00:00Z'), to: d('2024-01-18T08:00:00Z') }]); // PST = UTC−8
    expect(calendar.holidays).toEqual(['2024-01-19']);
    // Mon 15 – Fri 19 Jan: 5 × 540 − Tue, Wed (absent) − Fri (holiday) = 2 × 540
    expect(workingMinutesBetween(d('2024-01-15T00:00:00Z'), d('2024-01-21T00:00:00Z'), calendar)).toBe(1080);
  });

  it('ignores out-of-office when disabled, always on, or turned off by the team', () => {
    const scheduled = { status: 'scheduled', scheduledStartDateTime: { dateTime: '2024-01-16T00:00:00', timeZone: 'UTC' }, scheduledEndDateTime: { dateTime: '2024-01-18T00:00:00', timeZone: 'UTC' } };
    expect(calendarFromGraph(settings({ automaticRepliesSetting: { ...scheduled, status: 'alwaysEnabled' } })).closed).toBeUndefined();
    expect(calendarFromGraph(settings({ automaticRepliesSetting: scheduled }), { includeOutOfOffice: false }).closed).toBeUndefined();
    expect(calendarFromGraph(settings({ automaticRepliesSetting: scheduled })).closed).toEqual([{ from: d('2024-01-16T00:00:00Z'), to: d('2024-01-18T00:00:00Z') }]);
  });

  it.each<[string, GraphMailboxSettings, string]>([
    ['unknown zone', { workingHours: { timeZone: { name: 'Atlantis Standard Time' } } }, 'unknown_time_zone'],
    ['bad start time', { workingHours: { startTime: '25:00:00.0000000' } }, 'invalid_time'],
    ['bad day', { workingHours: { daysOfWeek: ['someday'] } }, 'invalid_day_of_week'],
  ])('rejects %s with a DomainError', (_name, input, code) => {
    expect(() => calendarFromGraph(input)).toThrow(DomainError);
    expect(() => calendarFromGraph(input)).toThrow(expect.objectContaining({ code }));
  });
});

describe('POSIX rule zones agree with tzdb', () => {
  it.each<[string, string]>([
    ['<+0000>0<+0100>-1,M3.5.0/1,M10.5.0/2', 'Europe/London'], // last Sunday of March 01:00 GMT, last Sunday of October 02:00 BST
    ['EST5EDT,M3.2.0,M11.1.0', 'America/New_York'], // second Sunday of March, first Sunday of November, 02:00
    ['<+1030>-10:30<+11>-11,M10.1.0,M4.1.0', 'Australia/Lord_Howe'], // 30-minute daylight shift, southern hemisphere
  ])('%s matches %s at random instants 2010–2035', (posix, iana) => {
    const rules = resolveZone(posix);
    const reference = resolveZone(iana);
    fc.assert(fc.property(fc.integer({ min: Date.UTC(2010, 0, 1), max: Date.UTC(2035, 0, 1) }), (ms) => {
      expect(rules.offsetMsAt(ms)).toBe(reference.offsetMsAt(ms));
    }), { numRuns: 2000 });
  });

  it('maps a wall time in the spring-forward gap forward and a repeated one to the earlier instant', () => {
    const london = resolveZone('Europe/London');
    expect(new Date(wallTimeToUtcMs(london, Date.UTC(2024, 2, 31, 1, 30))).toISOString()).toBe('2024-03-31T01:30:00.000Z'); // 01:30 does not exist → 02:30 BST
    expect(new Date(wallTimeToUtcMs(london, Date.UTC(2024, 9, 27, 1, 30))).toISOString()).toBe('2024-10-27T00:30:00.000Z'); // 01:30 BST, the first of two
  });
});
