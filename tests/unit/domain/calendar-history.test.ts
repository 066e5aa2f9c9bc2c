/**
 * Calendars are history: a calendar with past weekly patterns evaluates each instant with the pattern in force then,
 * and mergeCalendarChange turns a calendar read again into one that changes only the future.
 */
import fc from 'fast-check';
import { HISTORY_KEPT_DAYS, localDateAt, mergeCalendarChange, sameCalendar } from '../../../src/domain/calendar-history';
import { DomainError } from '../../../src/domain/domain-error';
import {
  addWorkingMinutes, isWorkingTime, workingDaysBegunBetween, workingMinutesBetween, type DayOfWeek, type WorkingCalendar, type WorkingWindow,
} from '../../../src/domain/working-time';

const utc = (s: string) => new Date(`${s}Z`);
const WEEKDAYS: DayOfWeek[] = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'];
const DAY_MS = 86_400_000;
const keep = (now: Date) => new Date(now.getTime() - HISTORY_KEPT_DAYS * DAY_MS);

// 3 March 2025 is a Monday. Until Wed 5 March 12:00 UTC the person worked 09:00–17:00 UTC; from then on 13:00–15:00.
const changed: WorkingCalendar = {
  timeZone: 'UTC',
  windows: [{ days: WEEKDAYS, start: '13:00', end: '15:00' }],
  pastPatterns: [{ until: utc('2025-03-05T12:00:00'), timeZone: 'UTC', windows: [{ days: WEEKDAYS, start: '09:00', end: '17:00' }] }],
};

describe('a calendar with past weekly patterns', () => {
  it.each<[string, string, string, number]>([
    // all before the change: old hours, Mon 09:00–17:00 = 480
    ['Mon 09:00 → Mon 17:00', '2025-03-03T09:00:00', '2025-03-03T17:00:00', 480],
    // Mon 8 h + Tue 8 h + Wed 09:00–12:00 (old, 3 h) + Wed 13:00–15:00 (new, 2 h) = 21 h
    ['Mon 09:00 → Wed 17:00', '2025-03-03T09:00:00', '2025-03-05T17:00:00', 21 * 60],
    // all after: new hours only, Thu 13:00–15:00 = 120
    ['Thu 00:00 → Fri 00:00', '2025-03-06T00:00:00', '2025-03-07T00:00:00', 120],
    // the change at 12:00 cuts Wednesday's old window: 11:00–12:00 old (60) + 13:00–14:00 new (60)
    ['Wed 11:00 → Wed 14:00', '2025-03-05T11:00:00', '2025-03-05T14:00:00', 120],
  ])('working minutes %s (%s → %s) = %d: old hours before the change, new hours after', (_label, from, to, minutes) => {
    expect(workingMinutesBetween(utc(from), utc(to), changed)).toBe(minutes);
  });

  it.each<[string, string, number, string]>([
    // Tue 16:00 + 2 h: 1 h Tue (old) + Wed 09:00–10:00 (old) → Wed 10:00
    ['Tue 16:00 + 2 h', '2025-03-04T16:00:00', 120, '2025-03-05T10:00:00'],
    // Wed 11:00 + 2 h: 1 h to the change at 12:00, then the new hours: Wed 13:00–14:00 → 14:00
    ['Wed 11:00 + 2 h', '2025-03-05T11:00:00', 120, '2025-03-05T14:00:00'],
    // Wed 11:00 + 1 h ends exactly at the change: due at 12:00, the earliest instant
    ['Wed 11:00 + 1 h', '2025-03-05T11:00:00', 60, '2025-03-05T12:00:00'],
    // Wed 12:00 + 0: not working under the new hours until 13:00
    ['Wed 12:00 + 0', '2025-03-05T12:00:00', 0, '2025-03-05T13:00:00'],
    // Wed 11:30 + 0: still working under the old hours
    ['Wed 11:30 + 0', '2025-03-05T11:30:00', 0, '2025-03-05T11:30:00'],
    // Wed 16:00 + 3 h: new hours only, Thu 13:00–15:00 (2 h) + Fri 13:00–14:00 → Fri 14:00
    ['Wed 16:00 + 3 h', '2025-03-05T16:00:00', 180, '2025-03-07T14:00:00'],
  ])('%s (from %s, %d min) → %s', (_label, from, minutes, due) => {
    expect(addWorkingMinutes(utc(from), minutes, changed).toISOString()).toBe(utc(due).toISOString());
  });

  it('is working at an instant by the pattern in force then', () => {
    expect(isWorkingTime(utc('2025-03-05T10:00:00'), changed)).toBe(true); // old hours
    expect(isWorkingTime(utc('2025-03-05T12:30:00'), changed)).toBe(false); // after the change, before 13:00
    expect(isWorkingTime(utc('2025-03-06T10:00:00'), changed)).toBe(false); // new hours: not yet
    expect(isWorkingTime(utc('2025-03-06T13:30:00'), changed)).toBe(true);
  });

  it('counts working days begun under each pattern, each over its own time range', () => {
    // Tue 09:00 (old), Thu 13:00 (new), Fri 13:00 (new) begin after Mon 10:00 and by Fri 14:00; Wednesday, split by
    // the change at 12:00, begins under both patterns (09:00 old, 13:00 new) and so counts twice (documented limit)
    expect(workingDaysBegunBetween(utc('2025-03-03T10:00:00'), utc('2025-03-07T14:00:00'), changed)).toBe(5);
    // Thursday 13:00 only: Friday has not begun by 12:00 under the new hours
    expect(workingDaysBegunBetween(utc('2025-03-05T14:00:00'), utc('2025-03-07T12:00:00'), changed)).toBe(1);
    // all under the old pattern: Tue and Wed began
    expect(workingDaysBegunBetween(utc('2025-03-03T10:00:00'), utc('2025-03-05T11:00:00'), changed)).toBe(2);
  });

  it('applies holidays and out-of-office under whichever pattern is in force', () => {
    const withDated: WorkingCalendar = { ...changed, holidays: ['2025-03-04', '2025-03-06'], closed: [{ from: utc('2025-03-05T13:00:00'), to: utc('2025-03-05T14:00:00') }] };
    // Mon 8 h + Tue holiday + Wed 3 h old + Wed 14:00–15:00 new + Thu holiday = 12 h
    expect(workingMinutesBetween(utc('2025-03-03T00:00:00'), utc('2025-03-07T00:00:00'), withDated)).toBe(12 * 60);
  });

  it('handles several changes and a change of time zone', () => {
    const moved: WorkingCalendar = {
      timeZone: 'America/New_York', // EST, UTC−5, in early March 2025
      windows: [{ days: WEEKDAYS, start: '09:00', end: '10:00' }],
      pastPatterns: [
        { until: utc('2025-03-04T00:00:00'), timeZone: 'UTC', windows: [{ days: WEEKDAYS, start: '09:00', end: '17:00' }] },
        { until: utc('2025-03-06T00:00:00'), timeZone: 'Europe/Berlin', windows: [{ days: WEEKDAYS, start: '09:00', end: '11:00' }] },
      ],
    };
    // Mon 09–17 UTC (8 h) + Tue, Wed 08–10 UTC (Berlin, 2 h each) + Thu, Fri 14–15 UTC (New York, 1 h each) = 14 h
    expect(workingMinutesBetween(utc('2025-03-03T00:00:00'), utc('2025-03-08T00:00:00'), moved)).toBe(14 * 60);
  });

  it('rejects past patterns out of order as invalid_calendar', () => {
    const bad: WorkingCalendar = {
      ...changed,
      pastPatterns: [
        { until: utc('2025-03-05T12:00:00'), timeZone: 'UTC', windows: [] },
        { until: utc('2025-03-04T12:00:00'), timeZone: 'UTC', windows: [] },
      ],
    };
    expect(() => workingMinutesBetween(utc('2025-03-03T00:00:00'), utc('2025-03-07T00:00:00'), bad)).toThrow(expect.objectContaining({ code: 'invalid_calendar' }));
    expect(() => workingMinutesBetween(utc('2025-03-03T00:00:00'), utc('2025-03-07T00:00:00'), { ...changed, pastPatterns: 'x' as never })).toThrow(DomainError);
  });
});

const DAYS: DayOfWeek[] = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const ZONES = ['UTC', 'Europe/London', 'America/New_York', 'Asia/Kathmandu', 'Australia/Lord_Howe'];
const MS_2024 = Date.UTC(2024, 0, 1);
const hhmm = (minute: number): string => `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
const windowArb: fc.Arbitrary<WorkingWindow> = fc.record({ days: fc.subarray(DAYS, { minLength: 1 }), start: fc.integer({ min: 0, max: 1439 }), length: fc.integer({ min: 30, max: 14 * 60 }) })
  .map(({ days, start, length }) => ({ days, start: hhmm(start), end: (start + length) % 1440 === 0 ? '24:00' : hhmm((start + length) % 1440) }));
const patternArb = fc.record({ timeZone: fc.constantFrom(...ZONES), windows: fc.array(windowArb, { minLength: 1, maxLength: 2 }) });
/** A calendar with 1–4 pattern changes at random instants within 2024, plus holidays and absences. */
const historyArb: fc.Arbitrary<WorkingCalendar> = fc.record({
  current: patternArb,
  past: fc.array(fc.record({ at: fc.integer({ min: 0, max: 300 * DAY_MS }), pattern: patternArb }), { minLength: 1, maxLength: 4 }),
  holidays: fc.array(fc.integer({ min: 0, max: 365 }).map((n) => new Date(MS_2024 + n * DAY_MS).toISOString().slice(0, 10)), { maxLength: 8 }),
  closed: fc.array(fc.record({ from: fc.integer({ min: 0, max: 300 * DAY_MS }), length: fc.integer({ min: 1, max: 10 * DAY_MS }) }), { maxLength: 3 }),
}).map(({ current, past, holidays, closed }) => {
  const untils = [...new Set(past.map((p) => p.at))].sort((a, b) => a - b);
  return {
    ...current,
    holidays,
    closed: closed.map((c) => ({ from: new Date(MS_2024 + c.from), to: new Date(MS_2024 + c.from + c.length) })),
    pastPatterns: untils.map((at, i) => ({ until: new Date(MS_2024 + at), ...(past[i] ?? past[0]!).pattern })),
  };
});
const instantArb = fc.integer({ min: MS_2024 - 20 * DAY_MS, max: MS_2024 + 330 * DAY_MS });

describe('properties of a calendar with history (across change boundaries)', () => {
  it('working time adds up: (a, c) = (a, b) + (b, c)', () => {
    fc.assert(fc.property(historyArb, instantArb, instantArb, instantArb, (calendar, x, y, z) => {
      const [a, b, c] = [x, y, z].sort((p, q) => p - q).map((ms) => new Date(ms)) as [Date, Date, Date];
      const whole = workingMinutesBetween(a, c, calendar);
      const parts = workingMinutesBetween(a, b, calendar) + workingMinutesBetween(b, c, calendar);
      expect(Math.round(whole * 60_000)).toBe(Math.round(parts * 60_000));
    }), { numRuns: 300 });
  });

  it('addWorkingMinutes is the inverse of workingMinutesBetween, and lands on worked time', () => {
    fc.assert(fc.property(historyArb, instantArb, fc.integer({ min: 0, max: 5 * 1440 * 60_000 }), (calendar, fromMs, amountMs) => {
      const from = new Date(fromMs);
      const due = addWorkingMinutes(from, amountMs / 60_000, calendar);
      expect(due.getTime()).toBeGreaterThanOrEqual(fromMs);
      expect(Math.round(workingMinutesBetween(from, due, calendar) * 60_000)).toBe(amountMs);
      if (amountMs > 0) expect(Math.round(workingMinutesBetween(new Date(due.getTime() - 1), due, calendar) * 60_000)).toBe(1);
      else expect(isWorkingTime(due, calendar)).toBe(true);
    }), { numRuns: 300 });
  });

  it('agrees with each pattern alone inside that pattern’s time range', () => {
    fc.assert(fc.property(historyArb, fc.nat(), fc.integer({ min: 1, max: 3 * DAY_MS }), (calendar, pick, span) => {
      const past = calendar.pastPatterns!;
      const i = pick % (past.length + 1);
      const start = i === 0 ? MS_2024 - 30 * DAY_MS : past[i - 1]!.until.getTime();
      const end = i < past.length ? past[i]!.until.getTime() : start + 30 * DAY_MS;
      const to = Math.min(end, start + span);
      const alone: WorkingCalendar = { ...(i < past.length ? past[i]! : calendar), holidays: calendar.holidays, closed: calendar.closed };
      delete (alone as { until?: Date }).until;
      delete alone.pastPatterns;
      expect(workingMinutesBetween(new Date(start), new Date(to), calendar)).toBe(workingMinutesBetween(new Date(start), new Date(to), alone));
    }), { numRuns: 300 });
  });
});

describe('mergeCalendarChange (a change alters the future, never the past)', () => {
  const nineToFive: WorkingCalendar = { timeZone: 'UTC', windows: [{ days: WEEKDAYS, start: '09:00', end: '17:00' }] };
  const now = utc('2025-03-05T12:00:00'); // Wednesday noon

  it('starts a changed weekly pattern at now: old hours before, new after', () => {
    const fresh: WorkingCalendar = { timeZone: 'UTC', windows: [{ days: WEEKDAYS, start: '13:00', end: '15:00' }] };
    const { calendar } = mergeCalendarChange(nineToFive, fresh, now, keep(now));
    expect(calendar.pastPatterns).toEqual([{ until: now, timeZone: 'UTC', windows: nineToFive.windows }]);
    expect(calendar.windows).toEqual(fresh.windows);
    // Mon 09:00 → Wed 17:00: 8 + 8 + 3 (old) + 2 (new) — not 2 + 2 + 2 with the new hours over the past
    expect(workingMinutesBetween(utc('2025-03-03T09:00:00'), utc('2025-03-05T17:00:00'), calendar)).toBe(21 * 60);
  });

  it('keeps the same calendar (and history) when nothing changed, so a refresh is idempotent', () => {
    const once = mergeCalendarChange(nineToFive, { ...nineToFive, windows: [{ days: [...WEEKDAYS].reverse(), start: '09:00', end: '17:00' }] }, now, keep(now)).calendar;
    expect(once.pastPatterns).toBeUndefined();
    const later = utc('2025-03-06T12:00:00');
    const again = mergeCalendarChange(changed, { timeZone: changed.timeZone, windows: changed.windows }, later, keep(later)).calendar;
    expect(sameCalendar(again, changed)).toBe(true);
  });

  it('keeps an out-of-office that ended for the past (Graph no longer reports it)', () => {
    const stored: WorkingCalendar = { ...nineToFive, closed: [{ from: utc('2025-03-03T00:00:00'), to: utc('2025-03-05T00:00:00') }] };
    const after = utc('2025-03-06T12:00:00');
    const { calendar } = mergeCalendarChange(stored, nineToFive, after, keep(after));
    expect(calendar.closed).toEqual(stored.closed);
    // Mon–Wed: only Wednesday counts, as before the out-of-office ended
    expect(workingMinutesBetween(utc('2025-03-03T00:00:00'), utc('2025-03-06T00:00:00'), calendar)).toBe(480);
  });

  it('cuts a cancelled out-of-office at now, and joins one read again across now into one period', () => {
    const stored: WorkingCalendar = { ...nineToFive, closed: [{ from: utc('2025-03-04T00:00:00'), to: utc('2025-03-07T00:00:00') }] };
    expect(mergeCalendarChange(stored, nineToFive, now, keep(now)).calendar.closed).toEqual([{ from: utc('2025-03-04T00:00:00'), to: now }]);
    expect(mergeCalendarChange(stored, stored, now, keep(now)).calendar.closed).toEqual(stored.closed);
    // an absence newly scheduled from Monday, read on Wednesday: only its future part applies
    const late: WorkingCalendar = { ...nineToFive, closed: [{ from: utc('2025-03-03T00:00:00'), to: utc('2025-03-08T00:00:00') }] };
    expect(mergeCalendarChange(nineToFive, late, now, keep(now)).calendar.closed).toEqual([{ from: now, to: utc('2025-03-08T00:00:00') }]);
  });

  it('keeps past holidays a fresh list leaves out, ignores past ones it adds, takes future ones as given', () => {
    const stored: WorkingCalendar = { ...nineToFive, holidays: ['2025-01-01', '2025-03-04', '2025-03-10'] };
    const fresh: WorkingCalendar = { ...nineToFive, holidays: ['2025-02-14', '2025-03-05', '2025-03-12'] };
    const merged = mergeCalendarChange(stored, fresh, now, keep(now));
    // today (5 March) is from today on: the fresh list decides it
    expect(merged.calendar.holidays).toEqual(['2025-01-01', '2025-03-04', '2025-03-05', '2025-03-12']);
    expect(merged.pastHolidaysKept).toEqual(['2025-01-01', '2025-03-04']);
    expect(merged.pastHolidaysNotAdded).toEqual(['2025-02-14']);
  });

  it('takes the first calendar known as it is', () => {
    const fresh: WorkingCalendar = { ...nineToFive, holidays: ['2025-01-01'], closed: [{ from: utc('2025-03-03T00:00:00'), to: utc('2025-03-04T00:00:00') }] };
    expect(mergeCalendarChange(null, fresh, now, keep(now))).toEqual({ calendar: fresh, pastHolidaysKept: [], pastHolidaysNotAdded: [] });
  });

  it('drops history no stored request can need (before keepSince)', () => {
    const longAgo: WorkingCalendar = {
      ...nineToFive,
      holidays: ['2023-12-25', '2025-01-01'],
      closed: [{ from: utc('2023-06-01T00:00:00'), to: utc('2023-06-10T00:00:00') }, { from: utc('2025-02-03T00:00:00'), to: utc('2025-02-04T00:00:00') }],
      pastPatterns: [
        { until: utc('2023-09-01T00:00:00'), timeZone: 'UTC', windows: [{ days: WEEKDAYS, start: '08:00', end: '16:00' }] },
        { until: utc('2024-06-01T00:00:00'), timeZone: 'UTC', windows: [{ days: WEEKDAYS, start: '10:00', end: '18:00' }] },
      ],
    };
    const { calendar } = mergeCalendarChange(longAgo, nineToFive, now, keep(now)); // keeps from 2024-01-30 on
    expect(calendar.holidays).toEqual(['2025-01-01']);
    expect(calendar.closed).toEqual([{ from: utc('2025-02-03T00:00:00'), to: utc('2025-02-04T00:00:00') }]);
    expect(calendar.pastPatterns?.map((p) => p.until)).toEqual([utc('2024-06-01T00:00:00')]);
  });

  it('replaces a pattern that never applied (two changes at the same instant)', () => {
    const first = mergeCalendarChange(nineToFive, { timeZone: 'UTC', windows: [{ days: WEEKDAYS, start: '10:00', end: '11:00' }] }, now, keep(now)).calendar;
    const second = mergeCalendarChange(first, { timeZone: 'UTC', windows: [{ days: WEEKDAYS, start: '12:00', end: '13:00' }] }, now, keep(now)).calendar;
    expect(second.pastPatterns).toEqual([{ until: now, timeZone: 'UTC', windows: nineToFive.windows }]);
  });

  it('reads today in the calendar’s zone', () => {
    expect(localDateAt(utc('2025-03-05T23:30:00'), 'Asia/Tokyo')).toBe('2025-03-06');
    expect(localDateAt(utc('2025-03-05T23:30:00'), 'UTC')).toBe('2025-03-05');
  });
});
