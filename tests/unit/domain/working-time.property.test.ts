import fc from 'fast-check';
import {
  addWorkingMinutes,
  workingMinutesBetween,
  type DayOfWeek,
  type WorkingCalendar,
  type WorkingWindow,
} from '../../../src/domain/working-time';

const DAYS: DayOfWeek[] = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const ZONES = ['UTC', 'Europe/London', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kolkata', 'Asia/Kathmandu', 'Pacific/Chatham', 'GMT Standard Time', 'America/Sao_Paulo'];
const MS_2020 = Date.UTC(2020, 0, 1);
const MS_2030 = Date.UTC(2030, 0, 1);
const DAY_MS = 86_400_000;

const hhmm = (minute: number): string => `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

const windowArb = (minMinute: number, maxMinute: number): fc.Arbitrary<WorkingWindow> =>
  fc.record({
    days: fc.subarray(DAYS, { minLength: 1 }),
    start: fc.integer({ min: minMinute, max: maxMinute }),
    length: fc.integer({ min: 60, max: 16 * 60 }),
  }).map(({ days, start, length }) => ({ days, start: hhmm(start), end: (start + length) % 1440 === 0 ? '24:00' : hhmm((start + length) % 1440) }));

/** Any calendar with working time: random zone, 1–3 windows (any minute, overnight allowed), holidays and absences. */
const calendarArb: fc.Arbitrary<WorkingCalendar> = fc.record({
  timeZone: fc.constantFrom(...ZONES),
  windows: fc.array(windowArb(0, 1439), { minLength: 1, maxLength: 3 }),
  holidays: fc.array(fc.integer({ min: 0, max: 3650 }).map((n) => new Date(MS_2020 + n * DAY_MS).toISOString().slice(0, 10)), { maxLength: 20 }),
  closed: fc.array(
    fc.record({ from: fc.integer({ min: MS_2020, max: MS_2030 }), length: fc.integer({ min: 1, max: 20 * DAY_MS }) })
      .map(({ from, length }) => ({ from: new Date(from), to: new Date(from + length) })),
    { maxLength: 5 },
  ),
});

const instantArb = fc.integer({ min: MS_2020, max: MS_2030 - 400 * DAY_MS }).map((ms) => new Date(ms));
/** Minutes with an integer number of milliseconds, up to 10 days (240 h) of working time. */
const minutesArb = fc.integer({ min: 0, max: 10 * 1440 * 60_000 }).map((ms) => ms / 60_000);
const ms = (minutes: number): number => Math.round(minutes * 60_000);

describe('working-time properties', () => {
  it('workingMinutesBetween(f, addWorkingMinutes(f, m)) === m, to the millisecond', () => {
    fc.assert(fc.property(calendarArb, instantArb, minutesArb, (calendar, from, minutes) => {
      const due = addWorkingMinutes(from, minutes, calendar);
      expect(due.getTime()).toBeGreaterThanOrEqual(from.getTime());
      expect(workingMinutesBetween(from, due, calendar)).toBe(minutes);
    }), { numRuns: 300 });
  });

  it('the result is inside working time when m > 0 (the millisecond before it is worked)', () => {
    fc.assert(fc.property(calendarArb, instantArb, minutesArb.filter((m) => m > 0), (calendar, from, minutes) => {
      const due = addWorkingMinutes(from, minutes, calendar);
      expect(workingMinutesBetween(new Date(due.getTime() - 1), due, calendar)).toBe(1 / 60_000);
    }), { numRuns: 300 });
  });

  it('is monotonic in both directions', () => {
    fc.assert(fc.property(calendarArb, instantArb, fc.nat(30 * DAY_MS), fc.nat(30 * DAY_MS), minutesArb, minutesArb, (calendar, from, d1, d2, m1, m2) => {
      const near = new Date(from.getTime() + Math.min(d1, d2));
      const far = new Date(from.getTime() + Math.max(d1, d2));
      expect(workingMinutesBetween(from, near, calendar)).toBeLessThanOrEqual(workingMinutesBetween(from, far, calendar));
      expect(addWorkingMinutes(from, Math.min(m1, m2), calendar).getTime()).toBeLessThanOrEqual(addWorkingMinutes(from, Math.max(m1, m2), calendar).getTime());
    }), { numRuns: 200 });
  });

  it('is additive over a split point', () => {
    fc.assert(fc.property(calendarArb, instantArb, fc.nat(400 * DAY_MS), fc.nat(400 * DAY_MS), (calendar, from, d1, d2) => {
      const split = new Date(from.getTime() + Math.min(d1, d2));
      const to = new Date(from.getTime() + Math.max(d1, d2));
      const whole = ms(workingMinutesBetween(from, to, calendar));
      expect(ms(workingMinutesBetween(from, split, calendar)) + ms(workingMinutesBetween(split, to, calendar))).toBe(whole);
    }), { numRuns: 300 });
  });

  it('adding in two steps equals adding once', () => {
    fc.assert(fc.property(calendarArb, instantArb, minutesArb, minutesArb, (calendar, from, m1, m2) => {
      const once = addWorkingMinutes(from, (ms(m1) + ms(m2)) / 60_000, calendar).getTime();
      const twice = addWorkingMinutes(addWorkingMinutes(from, m1, calendar), m2, calendar).getTime();
      // A step ending exactly at the end of a window continues from there: both reach the same instant when m2 > 0.
      if (m2 > 0) expect(twice).toBe(once);
      else expect(twice).toBeGreaterThanOrEqual(once);
    }), { numRuns: 200 });
  });
});

/**
 * An independent oracle: walk minute by minute, read each minute's local wall time with Intl and test it against the
 * windows. It only agrees with the engine when no window boundary falls inside a DST transition (the engine then
 * applies Temporal's 'compatible' rule), so windows here start and end between 04:00 and 23:59 local time.
 */
function oracleMinutes(fromMs: number, toMs: number, calendar: WorkingCalendar, zone: string): number {
  const format = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', weekday: 'long' });
  const holidays = new Set(calendar.holidays ?? []);
  let count = 0;
  for (let t = fromMs; t < toMs; t += 60_000) {
    if ((calendar.closed ?? []).some((c) => t >= c.from.getTime() && t < c.to.getTime())) continue;
    const parts = Object.fromEntries(format.formatToParts(t).map((p) => [p.type, p.value]));
    const date = `${parts.year}-${parts.month}-${parts.day}`;
    const minute = Number(parts.hour) * 60 + Number(parts.minute);
    const weekday = DAYS.indexOf(String(parts.weekday).toLowerCase() as DayOfWeek);
    const previousDate = new Date(Date.parse(`${date}T00:00:00Z`) - DAY_MS).toISOString().slice(0, 10);
    const worked = calendar.windows.some((w) => {
      const start = Number(w.start.slice(0, 2)) * 60 + Number(w.start.slice(3));
      const end = Number(w.end.slice(0, 2)) * 60 + Number(w.end.slice(3));
      const overnight = end <= start;
      const today = w.days.includes(DAYS[weekday] as DayOfWeek) && !holidays.has(date) && minute >= start && (overnight || minute < end);
      const fromYesterday = overnight && w.days.includes(DAYS[(weekday + 6) % 7] as DayOfWeek) && !holidays.has(previousDate) && minute < end;
      return today || fromYesterday;
    });
    if (worked) count++;
  }
  return count;
}

describe('working-time against a minute-by-minute Intl oracle', () => {
  it('agrees on random calendars and spans of up to 3 days around DST changes', () => {
    const dstDays = ['2024-03-09', '2024-03-30', '2024-04-06', '2024-10-05', '2024-10-26', '2024-11-02', '2024-09-28'];
    fc.assert(fc.property(
      fc.constantFrom(...ZONES.filter((z) => z !== 'GMT Standard Time')),
      fc.array(windowArb(4 * 60, 23 * 60 + 59).filter((w) => w.end === '24:00' || Number(w.end.slice(0, 2)) >= 4), { minLength: 1, maxLength: 3 }),
      fc.constantFrom(...dstDays),
      fc.integer({ min: 0, max: 24 * 60 }),
      fc.integer({ min: 0, max: 3 * 24 * 60 }),
      fc.boolean(),
      (timeZone, windows, day, startMinute, lengthMinutes, withHoliday) => {
        const fromMs = Date.parse(`${day}T00:00:00Z`) + startMinute * 60_000;
        const toMs = fromMs + lengthMinutes * 60_000;
        const calendar: WorkingCalendar = { timeZone, windows, holidays: withHoliday ? [day] : [], closed: [{ from: new Date(fromMs + 600 * 60_000), to: new Date(fromMs + 900 * 60_000) }] };
        expect(workingMinutesBetween(new Date(fromMs), new Date(toMs), calendar)).toBe(oracleMinutes(fromMs, toMs, calendar, timeZone));
      },
    ), { numRuns: 60 });
  });
});
