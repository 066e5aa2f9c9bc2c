import { CompiledCalendar, instantMs } from './compiled-calendar';
import { DomainError } from './domain-error';
import { PiecewiseCalendar, type WorkingTimeEngine } from './piecewise-calendar';
import type { WorkingCalendar } from './working-calendar';

export type { DayOfWeek, PastWeeklyPattern, WorkingCalendar, WorkingWindow } from './working-calendar';
export type { WorkingTimeEngine } from './piecewise-calendar';

const MS_PER_MINUTE = 60_000;
const byIdentity = new WeakMap<WorkingCalendar, WorkingTimeEngine>();
/** Content-keyed cache so calendars rebuilt per request (e.g. read from the store) reuse compiled eras. */
const byContent = new Map<string, WorkingTimeEngine>();
const BY_CONTENT_LIMIT = 512;

function contentKey(calendar: WorkingCalendar): string {
  return JSON.stringify([
    calendar.timeZone,
    calendar.windows.map((w) => [w.days, w.start, w.end]),
    calendar.holidays ?? [],
    (calendar.closed ?? []).map((c) => [c.from instanceof Date ? c.from.getTime() : null, c.to instanceof Date ? c.to.getTime() : null]),
    (calendar.pastPatterns ?? []).map((p) => [p?.until instanceof Date ? p.until.getTime() : null, p?.timeZone, Array.isArray(p?.windows) ? p.windows.map((w) => [w.days, w.start, w.end]) : null]),
  ]);
}

/**
 * The compiled (cached) form of a calendar: one {@link CompiledCalendar}, or a {@link PiecewiseCalendar} of them when
 * the calendar has past weekly patterns. Exposed for other domain modules; most callers use the functions below.
 * @throws DomainError `invalid_calendar`, `unknown_time_zone`, `invalid_time`, `invalid_day_of_week`, `invalid_date`,
 * `invalid_instant` for malformed calendars.
 */
export function compileCalendar(calendar: WorkingCalendar): WorkingTimeEngine {
  const known = byIdentity.get(calendar);
  if (known !== undefined) return known;
  if (calendar === null || typeof calendar !== 'object' || !Array.isArray(calendar.windows)) {
    throw new DomainError('invalid_calendar', 'A working calendar needs a time zone and a list of windows.');
  }
  if (calendar.pastPatterns !== undefined && !Array.isArray(calendar.pastPatterns)) {
    throw new DomainError('invalid_calendar', 'Past weekly patterns must be a list.');
  }
  const key = contentKey(calendar);
  let compiled = byContent.get(key);
  if (compiled === undefined) {
    compiled = (calendar.pastPatterns ?? []).length === 0 ? new CompiledCalendar(calendar) : new PiecewiseCalendar(calendar);
    if (byContent.size >= BY_CONTENT_LIMIT) {
      const oldest = byContent.keys().next().value;
      if (oldest !== undefined) byContent.delete(oldest);
    }
    byContent.set(key, compiled);
  }
  byIdentity.set(calendar, compiled);
  return compiled;
}

/**
 * Working minutes (fractional, millisecond precision) between two UTC instants: the length of working time in
 * [from, to). Cost does not depend on the span: two binary searches over precomputed prefix sums.
 * @returns 0 if `to <= from`.
 * @throws DomainError `invalid_instant` when from/to are not finite instants; calendar errors as {@link compileCalendar}.
 */
export function workingMinutesBetween(from: Date, to: Date, calendar: WorkingCalendar): number {
  const fromMs = instantMs(from, 'from');
  const toMs = instantMs(to, 'to');
  return compileCalendar(calendar).workingMsBetween(fromMs, toMs) / MS_PER_MINUTE;
}

/**
 * The instant at which `minutes` of working time after `from` have passed (the earliest such instant, so a target that
 * is used up exactly at 17:00 is due at 17:00, not at the next morning's start). `minutes` is rounded to the
 * millisecond. `minutes = 0` returns `from` if it is inside working time, else the next working instant.
 * @throws DomainError `invalid_duration` for negative or non-finite minutes, `invalid_instant`, `no_working_time` when
 * the calendar never works again, and calendar errors as {@link compileCalendar}.
 */
export function addWorkingMinutes(from: Date, minutes: number, calendar: WorkingCalendar): Date {
  const fromMs = instantMs(from, 'from');
  if (typeof minutes !== 'number' || !Number.isFinite(minutes) || minutes < 0) {
    throw new DomainError('invalid_duration', `Working minutes must be a finite number >= 0, got ${String(minutes)}.`);
  }
  return new Date(compileCalendar(calendar).addWorkingMs(fromMs, Math.round(minutes * MS_PER_MINUTE)));
}

/** True when `at` lies inside working time (windows are half-open: a 09:00–17:00 window includes 09:00, not 17:00). */
export function isWorkingTime(at: Date, calendar: WorkingCalendar): boolean {
  return compileCalendar(calendar).isWorkingAt(instantMs(at, 'at'));
}

/**
 * How many of the calendar's working days began after `from` and no later than `to` (UTC instants): local dates with
 * working time, holidays and out-of-office days excluded, counted at their first working instant — so a breach on
 * Monday 10:00 seen on Thursday 11:00 is 3 working days old, and one on Friday 16:00 seen on Monday 09:30 is 1.
 * @returns 0 when `to <= from`. @throws as {@link workingMinutesBetween}.
 */
export function workingDaysBegunBetween(from: Date, to: Date, calendar: WorkingCalendar): number {
  return compileCalendar(calendar).workingDaysBeganIn(instantMs(from, 'from'), instantMs(to, 'to'));
}

/**
 * The first working instant of the next working day that begins after `after` (strictly): the start of that local
 * date's working time, later when out of office takes its morning; holidays and days wholly out of office are skipped.
 * The same day beginnings {@link workingDaysBegunBetween} counts, so exactly one working day begins in (after, result].
 * @throws DomainError `no_working_time` when no working day begins again, `invalid_instant`, and calendar errors as
 * {@link compileCalendar}.
 */
export function nextWorkingDayBegin(after: Date, calendar: WorkingCalendar): Date {
  const found = compileCalendar(calendar).nextDayBeginAfter(instantMs(after, 'after'));
  if (found === undefined) throw new DomainError('no_working_time', 'The working calendar has no working day after this instant.');
  return new Date(found);
}
