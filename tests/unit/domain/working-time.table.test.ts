import { DomainError } from '../../../src/domain/domain-error';
import {
  addWorkingMinutes,
  isWorkingTime,
  workingMinutesBetween,
  type DayOfWeek,
  type WorkingCalendar,
} from '../../../src/domain/working-time';

const WEEKDAYS: DayOfWeek[] = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'];
const nineToFive = (timeZone: string, extra: Partial<WorkingCalendar> = {}): WorkingCalendar => ({
  timeZone,
  windows: [{ days: WEEKDAYS, start: '09:00', end: '17:00' }],
  ...extra,
});
const sundayWindow = (timeZone: string, start: string, end: string): WorkingCalendar => ({
  timeZone,
  windows: [{ days: ['sunday'], start, end }],
});
const d = (iso: string): Date => new Date(iso);

describe('workingMinutesBetween', () => {
  it.each<[string, string, string, WorkingCalendar, number]>([
    // --- Europe/London (GMT+0 winter, BST +1 from 2024-03-31 01:00Z to 2024-10-27 01:00Z)
    ['London same day', '2024-01-15T10:00:00Z', '2024-01-15T15:30:00Z', nineToFive('Europe/London'), 330], // 10:00–15:30 GMT = 5.5 h
    ['London across DST start weekend', '2024-03-29T16:00:00Z', '2024-04-01T10:00:00Z', nineToFive('Europe/London'), 180], // Fri 16:00–17:00 GMT (60) + Mon 09:00–11:00 BST (120)
    ['London across DST end weekend', '2024-10-25T15:00:00Z', '2024-10-28T10:00:00Z', nineToFive('Europe/London'), 120], // Fri 16:00–17:00 BST (60) + Mon 09:00–10:00 GMT (60)
    ['London whole DST-start week', '2024-03-25T00:00:00Z', '2024-04-01T00:00:00Z', nineToFive('Europe/London'), 2400], // 5 × 480, the change is on Sunday
    ['London 09–17 on the DST-start Sunday is still 8 h', '2024-03-30T00:00:00Z', '2024-04-01T00:00:00Z', sundayWindow('Europe/London', '09:00', '17:00'), 480], // 08:00Z–16:00Z
    ['London window across the 01:00–02:00 gap', '2024-03-30T00:00:00Z', '2024-04-01T00:00:00Z', sundayWindow('Europe/London', '00:30', '03:30'), 120], // 00:30 GMT=00:30Z → 03:30 BST=02:30Z: 3 h − 1 h
    ['London window starting inside the gap moves forward', '2024-03-30T00:00:00Z', '2024-04-01T00:00:00Z', sundayWindow('Europe/London', '01:30', '04:00'), 90], // 01:30 → 02:30 BST=01:30Z; 04:00 BST=03:00Z
    ['London window across the repeated hour', '2024-10-26T00:00:00Z', '2024-10-28T00:00:00Z', sundayWindow('Europe/London', '00:30', '03:30'), 240], // 00:30 BST=23:30Z Sat → 03:30 GMT=03:30Z: 3 h + 1 h
    // --- America/New_York (EST −5, EDT −4 from 2024-03-10 07:00Z to 2024-11-03 06:00Z)
    ['New York across DST start', '2024-03-08T21:00:00Z', '2024-03-11T14:00:00Z', nineToFive('America/New_York'), 120], // Fri 16:00–17:00 EST (60) + Mon 09:00–10:00 EDT (60)
    ['New York across DST end', '2024-11-01T20:00:00Z', '2024-11-04T15:00:00Z', nineToFive('America/New_York'), 120], // Fri 16:00–17:00 EDT (60) + Mon 09:00–10:00 EST (60)
    ['New York Windows name', '2024-03-08T21:00:00Z', '2024-03-11T14:00:00Z', nineToFive('Eastern Standard Time'), 120], // same as above via windows-iana
    // --- Australia/Lord_Howe (+11 DST until 2024-04-07 02:00 local, +10:30 standard, +11 again from 2024-10-06 02:00 local)
    ['Lord Howe DST end Sunday is 24.5 h', '2024-04-06T00:00:00Z', '2024-04-08T00:00:00Z', sundayWindow('Australia/Lord_Howe', '00:00', '24:00'), 1470], // Apr 6 13:00Z → Apr 7 13:30Z
    ['Lord Howe DST start Sunday is 23.5 h', '2024-10-05T00:00:00Z', '2024-10-07T00:00:00Z', sundayWindow('Australia/Lord_Howe', '00:00', '24:00'), 1410], // Oct 5 13:30Z → Oct 6 13:00Z
    ['Lord Howe window across the 30-minute gap', '2024-10-05T00:00:00Z', '2024-10-07T00:00:00Z', sundayWindow('Australia/Lord_Howe', '01:00', '04:00'), 150], // 01:00 +10:30=14:30Z → 04:00 +11=17:00Z: 3 h − 30 min
    // --- half-hour and 45-minute zones
    ['Kolkata +05:30 full day', '2024-01-15T00:00:00Z', '2024-01-16T00:00:00Z', nineToFive('Asia/Kolkata'), 480], // 09:00 IST=03:30Z → 17:00 IST=11:30Z
    ['Kolkata first half hour', '2024-01-15T03:00:00Z', '2024-01-15T04:00:00Z', nineToFive('Asia/Kolkata'), 30], // work starts 03:30Z
    ['Kolkata Windows name', '2024-01-15T03:00:00Z', '2024-01-15T04:00:00Z', nineToFive('India Standard Time'), 30], // same zone
    ['Kathmandu +05:45', '2024-01-15T03:00:00Z', '2024-01-15T04:00:00Z', nineToFive('Asia/Kathmandu'), 45], // 09:00 NPT=03:15Z
    ['Chatham +13:45 (DST)', '2024-01-14T19:00:00Z', '2024-01-14T20:00:00Z', nineToFive('Pacific/Chatham'), 45], // Mon 09:00 +13:45 = Sun 19:15Z
    ['Chatham DST end Sunday is 25 h', '2024-04-06T00:00:00Z', '2024-04-08T00:00:00Z', sundayWindow('Pacific/Chatham', '00:00', '24:00'), 1500], // Apr 6 10:15Z → Apr 7 11:15Z
    // --- night shifts
    ['night shift belongs to the day it starts', '2024-01-15T00:00:00Z', '2024-01-17T00:00:00Z', { timeZone: 'Europe/London', windows: [{ days: WEEKDAYS, start: '22:00', end: '06:00' }] }, 600], // Mon 22:00–Tue 06:00 (480) + Tue 22:00–24:00 (120)
    ['night shift across New York DST start', '2024-03-09T00:00:00Z', '2024-03-11T00:00:00Z', { timeZone: 'America/New_York', windows: [{ days: ['saturday'], start: '22:00', end: '06:00' }] }, 420], // Sat 22:00 EST=03:00Z → Sun 06:00 EDT=10:00Z
    ['night shift across New York DST end', '2024-11-02T00:00:00Z', '2024-11-04T00:00:00Z', { timeZone: 'America/New_York', windows: [{ days: ['saturday'], start: '22:00', end: '06:00' }] }, 540], // Sat 22:00 EDT=02:00Z → Sun 06:00 EST=11:00Z
    // --- split shifts and overlaps
    ['split shift skips lunch', '2024-01-15T11:00:00Z', '2024-01-15T14:00:00Z', { timeZone: 'UTC', windows: [{ days: WEEKDAYS, start: '09:00', end: '12:00' }, { days: WEEKDAYS, start: '13:00', end: '17:00' }] }, 120], // 11–12 (60) + 13–14 (60)
    ['overlapping windows count once', '2024-01-15T00:00:00Z', '2024-01-16T00:00:00Z', { timeZone: 'UTC', windows: [{ days: WEEKDAYS, start: '09:00', end: '13:00' }, { days: WEEKDAYS, start: '12:00', end: '17:00' }] }, 480], // 09–17, not 240 + 300
    // --- holidays
    ['holiday removes the night shift starting that date', '2024-01-15T00:00:00Z', '2024-01-17T00:00:00Z', { timeZone: 'Europe/London', windows: [{ days: WEEKDAYS, start: '22:00', end: '06:00' }], holidays: ['2024-01-15'] }, 120], // only Tue 22:00–24:00
    ['holiday keeps the previous night shift morning', '2024-01-15T00:00:00Z', '2024-01-17T00:00:00Z', { timeZone: 'Europe/London', windows: [{ days: WEEKDAYS, start: '22:00', end: '06:00' }], holidays: ['2024-01-16'] }, 480], // Mon 22:00–Tue 06:00 only
    ['leap day', '2024-02-28T16:00:00Z', '2024-03-01T10:00:00Z', nineToFive('UTC'), 600], // Wed 60 + Thu 29 Feb 480 + Fri 60
    ['leap day as a holiday', '2024-02-28T16:00:00Z', '2024-03-01T10:00:00Z', nineToFive('UTC', { holidays: ['2024-02-29'] }), 120], // Wed 60 + Fri 60
    // --- absences
    ['absence across two days', '2024-01-15T00:00:00Z', '2024-01-17T00:00:00Z', nineToFive('UTC', { closed: [{ from: d('2024-01-15T12:00:00Z'), to: d('2024-01-16T10:00:00Z') }] }), 600], // 960 − Mon 12–17 (300) − Tue 09–10 (60)
    ['absence over a lunch break', '2024-01-15T00:00:00Z', '2024-01-16T00:00:00Z', { timeZone: 'UTC', windows: [{ days: WEEKDAYS, start: '09:00', end: '12:00' }, { days: WEEKDAYS, start: '13:00', end: '17:00' }], closed: [{ from: d('2024-01-15T11:00:00Z'), to: d('2024-01-15T14:00:00Z') }] }, 300], // 420 − 11–12 − 13–14
    ['overlapping absences count once', '2024-01-15T00:00:00Z', '2024-01-16T00:00:00Z', nineToFive('UTC', { closed: [{ from: d('2024-01-15T10:00:00Z'), to: d('2024-01-15T12:00:00Z') }, { from: d('2024-01-15T11:00:00Z'), to: d('2024-01-15T13:00:00Z') }] }), 300], // 480 − 10–13 (180)
    // --- ends outside working time, empty and long spans
    ['both ends on a weekend', '2024-01-13T12:00:00Z', '2024-01-14T23:00:00Z', nineToFive('UTC'), 0], // Sat → Sun
    ['start before, end inside', '2024-01-14T20:00:00Z', '2024-01-15T10:00:00Z', nineToFive('UTC'), 60], // Mon 09–10
    ['start and end outside the same day', '2024-01-15T07:00:00Z', '2024-01-15T20:00:00Z', nineToFive('UTC'), 480], // whole day
    ['zero span', '2024-01-15T10:00:00Z', '2024-01-15T10:00:00Z', nineToFive('UTC'), 0], // to = from
    ['reversed span', '2024-01-15T12:00:00Z', '2024-01-15T10:00:00Z', nineToFive('UTC'), 0], // to < from
    ['year 2024 in London', '2024-01-01T00:00:00Z', '2025-01-01T00:00:00Z', nineToFive('Europe/London'), 125_760], // 262 weekdays × 480
    ['two years across an era boundary', '2023-01-01T00:00:00Z', '2025-01-01T00:00:00Z', nineToFive('UTC'), 250_560], // (260 + 262) weekdays × 480
    ['millisecond precision', '2024-01-15T09:00:00.000Z', '2024-01-15T09:00:00.001Z', nineToFive('UTC'), 1 / 60_000], // 1 ms
  ])('%s', (_name, from, to, calendar, expected) => {
    expect(workingMinutesBetween(d(from), d(to), calendar)).toBe(expected);
  });
});

describe('addWorkingMinutes', () => {
  it.each<[string, string, number, WorkingCalendar, string]>([
    ['Friday 16:00 + 2 h = Monday 10:00', '2024-01-12T16:00:00Z', 120, nineToFive('UTC'), '2024-01-15T10:00:00.000Z'], // 1 h Fri + 1 h Mon
    ['used up exactly at 17:00 is due 17:00', '2024-01-15T16:00:00Z', 60, nineToFive('UTC'), '2024-01-15T17:00:00.000Z'], // not Tue 09:00
    ['0 inside working time is from', '2024-01-15T10:15:00Z', 0, nineToFive('UTC'), '2024-01-15T10:15:00.000Z'],
    ['0 on a Saturday is Monday 09:00', '2024-01-13T10:00:00Z', 0, nineToFive('UTC'), '2024-01-15T09:00:00.000Z'],
    ['0 at 17:00 is the next morning', '2024-01-15T17:00:00Z', 0, nineToFive('UTC'), '2024-01-16T09:00:00.000Z'], // windows are [09:00, 17:00)
    ['London across DST start', '2024-03-29T16:00:00Z', 120, nineToFive('Europe/London'), '2024-04-01T09:00:00.000Z'], // 60 Fri + 60 Mon → 10:00 BST
    ['New York across DST start', '2024-03-08T21:30:00Z', 60, nineToFive('America/New_York'), '2024-03-11T13:30:00.000Z'], // 30 Fri + 30 Mon → 09:30 EDT
    ['split shift jumps lunch', '2024-01-15T11:30:00Z', 60, { timeZone: 'UTC', windows: [{ days: WEEKDAYS, start: '09:00', end: '12:00' }, { days: WEEKDAYS, start: '13:00', end: '17:00' }] }, '2024-01-15T13:30:00.000Z'], // 30 + 30
    ['leap-day holiday skipped', '2024-02-28T16:00:00Z', 120, nineToFive('UTC', { holidays: ['2024-02-29'] }), '2024-03-01T10:00:00.000Z'], // 60 Wed + 60 Fri
    ['absence pushes due', '2024-01-15T09:00:00Z', 480, nineToFive('UTC', { closed: [{ from: d('2024-01-15T12:00:00Z'), to: d('2024-01-16T10:00:00Z') }] }), '2024-01-16T15:00:00.000Z'], // 180 Mon + 300 Tue from 10:00
    ['Kathmandu', '2024-01-15T00:00:00Z', 45, nineToFive('Asia/Kathmandu'), '2024-01-15T04:00:00.000Z'], // starts 03:15Z + 45
    ['Lord Howe night across the 30-minute gap', '2024-10-05T00:00:00Z', 150, sundayWindow('Australia/Lord_Howe', '01:00', '04:00'), '2024-10-05T17:00:00.000Z'], // the whole shortened window
    ['one year of working time', '2024-01-01T00:00:00Z', 125_760, nineToFive('UTC'), '2024-12-31T17:00:00.000Z'], // 262 × 480 ends on Tue 31 Dec 17:00
    ['fractional minutes round to the millisecond', '2024-01-15T09:00:00Z', 0.5 / 60_000 + 1, nineToFive('UTC'), '2024-01-15T09:01:00.001Z'], // 60000.5 ms → 60001 ms
  ])('%s', (_name, from, minutes, calendar, expected) => {
    expect(addWorkingMinutes(d(from), minutes, calendar).toISOString()).toBe(expected);
  });
});

describe('invalid input throws DomainError with a code', () => {
  const expectCode = (fn: () => unknown, code: string): void => {
    let caught: unknown;
    try {
      fn();
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DomainError);
    expect((caught as DomainError).code).toBe(code);
  };
  const from = d('2024-01-15T09:00:00Z');
  const to = d('2024-01-16T09:00:00Z');

  it.each<[string, () => unknown, string]>([
    ['unknown zone', () => workingMinutesBetween(from, to, nineToFive('Mars/Olympus_Mons')), 'unknown_time_zone'],
    ['empty zone', () => workingMinutesBetween(from, to, nineToFive('')), 'unknown_time_zone'],
    ['hour out of range', () => workingMinutesBetween(from, to, { timeZone: 'UTC', windows: [{ days: WEEKDAYS, start: '25:00', end: '26:00' }] }), 'invalid_time'],
    ['minute out of range', () => workingMinutesBetween(from, to, { timeZone: 'UTC', windows: [{ days: WEEKDAYS, start: '09:60', end: '17:00' }] }), 'invalid_time'],
    ['single-digit hour', () => workingMinutesBetween(from, to, { timeZone: 'UTC', windows: [{ days: WEEKDAYS, start: '9:00', end: '17:00' }] }), 'invalid_time'],
    ['24:00 as a start', () => workingMinutesBetween(from, to, { timeZone: 'UTC', windows: [{ days: WEEKDAYS, start: '24:00', end: '17:00' }] }), 'invalid_time'],
    ['unknown day', () => workingMinutesBetween(from, to, { timeZone: 'UTC', windows: [{ days: ['funday' as DayOfWeek], start: '09:00', end: '17:00' }] }), 'invalid_day_of_week'],
    ['impossible holiday', () => workingMinutesBetween(from, to, nineToFive('UTC', { holidays: ['2023-02-29'] })), 'invalid_date'],
    ['from not finite', () => workingMinutesBetween(new Date(Number.NaN), to, nineToFive('UTC')), 'invalid_instant'],
    ['to not finite', () => workingMinutesBetween(from, new Date(Number.NaN), nineToFive('UTC')), 'invalid_instant'],
    ['closed bound not finite', () => workingMinutesBetween(from, to, nineToFive('UTC', { closed: [{ from, to: new Date(Number.NaN) }] })), 'invalid_instant'],
    ['negative minutes', () => addWorkingMinutes(from, -1, nineToFive('UTC')), 'invalid_duration'],
    ['NaN minutes', () => addWorkingMinutes(from, Number.NaN, nineToFive('UTC')), 'invalid_duration'],
    ['no windows at all', () => addWorkingMinutes(from, 1, { timeZone: 'UTC', windows: [] }), 'no_working_time'],
  ])('%s', (_name, fn, code) => expectCode(fn, code));

  it('a calendar without windows has no working time but does not throw for a span', () => {
    expect(workingMinutesBetween(from, to, { timeZone: 'UTC', windows: [] })).toBe(0);
  });
});

describe('calendar caching', () => {
  it('an equal calendar rebuilt as a new object gives the same answers', () => {
    const a = nineToFive('Europe/London', { holidays: ['2024-01-16'] });
    const b = nineToFive('Europe/London', { holidays: ['2024-01-16'] });
    const from = d('2024-01-15T00:00:00Z');
    const to = d('2024-01-18T00:00:00Z');
    expect(workingMinutesBetween(from, to, a)).toBe(960); // Mon + Wed, Tue is a holiday
    expect(workingMinutesBetween(from, to, b)).toBe(960);
    expect(workingMinutesBetween(from, to, nineToFive('Europe/London'))).toBe(1440); // a different calendar is not confused with it
  });

  it('isWorkingTime uses half-open windows', () => {
    const c = nineToFive('UTC');
    expect(isWorkingTime(d('2024-01-15T09:00:00Z'), c)).toBe(true);
    expect(isWorkingTime(d('2024-01-15T16:59:59.999Z'), c)).toBe(true);
    expect(isWorkingTime(d('2024-01-15T17:00:00Z'), c)).toBe(false);
    expect(isWorkingTime(d('2024-01-13T12:00:00Z'), c)).toBe(false);
  });
});

