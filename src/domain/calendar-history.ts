/**
 * Calendars are history (DESIGN "Working time"): a calendar read again (Outlook working hours and out-of-office, a
 * team's calendar and holidays saved by its owners) changes what is stored only from `now` on, so every clock keeps
 * what was in force at each moment it counted.
 */
import { instantMs } from './compiled-calendar';
import type { PastWeeklyPattern, WorkingCalendar, WorkingWindow } from './working-calendar';
import { resolveZone } from './zone-offsets';

const DAY_MS = 86_400_000;
const WEEK_ORDER = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

/**
 * How long settings history (calendars, standards) is kept unless told otherwise, in days: the default retention
 * (`RETENTION_DAYS`) — requests received earlier are purged, so no stored request needs what was in force before.
 */
export const HISTORY_KEPT_DAYS = 400;

/** What a save or a refresh did to the dated parts of a calendar. */
export interface CalendarMerge {
  calendar: WorkingCalendar;
  /** Stored holidays dated before today that `fresh` left out: kept, since the past is not rewritten. */
  pastHolidaysKept: string[];
  /** Holidays dated before today that `fresh` added: not applied, for the same reason. */
  pastHolidaysNotAdded: string[];
}

/** The local date ('YYYY-MM-DD') of an instant in a time zone. @throws DomainError `unknown_time_zone`. */
export function localDateAt(at: Date, timeZone: string): string {
  const ms = instantMs(at, 'at');
  return new Date(ms + resolveZone(timeZone).offsetMsAt(ms)).toISOString().slice(0, 10);
}

/** True when two weekly patterns are the same: zone name and windows (day order within a window does not matter). */
export function samePattern(a: { timeZone: string; windows: WorkingWindow[] }, b: { timeZone: string; windows: WorkingWindow[] }): boolean {
  return a.timeZone === b.timeZone && windowsKey(a.windows) === windowsKey(b.windows);
}

function windowsKey(windows: WorkingWindow[]): string {
  return JSON.stringify(windows.map((w) => [[...w.days].sort((x, y) => WEEK_ORDER.indexOf(x) - WEEK_ORDER.indexOf(y)), w.start, w.end]));
}

/** True when two calendars (history included) are equal in content. */
export function sameCalendar(a: WorkingCalendar | null, b: WorkingCalendar | null): boolean {
  return JSON.stringify(a === null ? null : normalised(a)) === JSON.stringify(b === null ? null : normalised(b));
}

function normalised(c: WorkingCalendar): unknown {
  return [
    c.timeZone,
    windowsKey(c.windows),
    [...(c.holidays ?? [])].sort(),
    (c.closed ?? []).map((p) => [p.from.getTime(), p.to.getTime()]),
    (c.pastPatterns ?? []).map((p) => [p.until.getTime(), p.timeZone, windowsKey(p.windows)]),
  ];
}

/**
 * The calendar to store when `fresh` is read at `now` and `stored` is what was kept so far (null: nothing yet, so
 * `fresh` is all there is to know):
 * - weekly pattern: a different pattern in `fresh` starts at `now`; the stored one joins `pastPatterns`, in force until
 *   `now` (unless it came into force at `now` itself and so never applied: then `fresh` simply replaces it);
 * - closed periods (out of office): the stored ones before `now` and `fresh`'s from `now` on — an absence that ended,
 *   or that Graph no longer reports (mailboxSettings gives only the current or next one), stays closed for the past;
 * - holidays: the stored ones dated before today (in the zone in force now) and `fresh`'s from today on — a past
 *   holiday left out of `fresh` is kept, and one added for a past date is not applied (both are reported).
 * History that no stored request can need is dropped: patterns that ended, periods that closed and holidays dated
 * before `keepSince` (requests received before it are purged; {@link HISTORY_KEPT_DAYS} before `now` by default).
 * Pure: `now` is a parameter.
 */
export function mergeCalendarChange(stored: WorkingCalendar | null, fresh: WorkingCalendar, now: Date, keepSince: Date): CalendarMerge {
  const nowMs = instantMs(now, 'now');
  const keepMs = instantMs(keepSince, 'keepSince');
  const today = localDateAt(now, fresh.timeZone);
  const base = stored ?? { ...fresh, pastPatterns: fresh.pastPatterns ?? [] };

  const past: PastWeeklyPattern[] = (base.pastPatterns ?? []).filter((p) => p.until.getTime() <= nowMs);
  // The stored pattern joins the past, unless it never applied (it came into force at `now`: two changes at one instant).
  const storedFrom = past.length === 0 ? -Infinity : (past[past.length - 1] as PastWeeklyPattern).until.getTime();
  if (stored !== null && !samePattern(stored, fresh) && storedFrom < nowMs) {
    past.push({ until: new Date(nowMs), timeZone: stored.timeZone, windows: copyWindows(stored.windows) });
  }
  const pastPatterns = past.filter((p) => p.until.getTime() > keepMs).map((p) => ({ until: p.until, timeZone: p.timeZone, windows: copyWindows(p.windows) }));

  const closedBefore = stored === null ? (fresh.closed ?? []) : clip(stored.closed ?? [], -Infinity, nowMs);
  const closedFrom = stored === null ? [] : clip(fresh.closed ?? [], nowMs, Infinity);
  const closed = mergePeriods([...closedBefore, ...closedFrom]).filter((p) => p.to.getTime() > keepMs);

  const keepDate = new Date(keepMs - 2 * DAY_MS).toISOString().slice(0, 10); // a local date's windows start within ±2 days of UTC
  const storedHolidays = stored === null ? (fresh.holidays ?? []) : (stored.holidays ?? []);
  const freshHolidays = new Set(fresh.holidays ?? []);
  const storedSet = new Set(storedHolidays);
  const pastHolidaysKept = [...storedSet].filter((d) => d < today && !freshHolidays.has(d)).sort();
  const pastHolidaysNotAdded = stored === null ? [] : [...freshHolidays].filter((d) => d < today && !storedSet.has(d)).sort();
  const holidays = [...new Set([...storedHolidays.filter((d) => d < today), ...[...freshHolidays].filter((d) => stored === null || d >= today)])]
    .filter((d) => d >= keepDate)
    .sort();

  const calendar: WorkingCalendar = { timeZone: fresh.timeZone, windows: copyWindows(fresh.windows) };
  if (holidays.length > 0) calendar.holidays = holidays;
  if (closed.length > 0) calendar.closed = closed;
  if (pastPatterns.length > 0) calendar.pastPatterns = pastPatterns;
  return { calendar, pastHolidaysKept: stored === null ? [] : pastHolidaysKept, pastHolidaysNotAdded };
}

function copyWindows(windows: WorkingWindow[]): WorkingWindow[] {
  return windows.map((w) => ({ days: [...w.days], start: w.start, end: w.end }));
}

/** Periods cut to [fromMs, toMs); empty ones dropped. */
function clip(periods: { from: Date; to: Date }[], fromMs: number, toMs: number): { from: Date; to: Date }[] {
  const out: { from: Date; to: Date }[] = [];
  for (const p of periods) {
    const a = Math.max(p.from.getTime(), fromMs);
    const b = Math.min(p.to.getTime(), toMs);
    if (b > a) out.push({ from: new Date(a), to: new Date(b) });
  }
  return out;
}

/** Sorted, with overlapping or touching periods joined (so a period read again across `now` stays one period). */
function mergePeriods(periods: { from: Date; to: Date }[]): { from: Date; to: Date }[] {
  const sorted = [...periods].sort((x, y) => x.from.getTime() - y.from.getTime());
  const out: { from: Date; to: Date }[] = [];
  for (const p of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && p.from.getTime() <= last.to.getTime()) {
      if (p.to.getTime() > last.to.getTime()) last.to = new Date(p.to.getTime());
    } else {
      out.push({ from: new Date(p.from.getTime()), to: new Date(p.to.getTime()) });
    }
  }
  return out;
}
