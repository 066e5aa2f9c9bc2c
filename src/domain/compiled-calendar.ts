import { DomainError } from './domain-error';
import { resolveZone, wallTimeToUtcMs, type ZoneRules } from './zone-offsets';
import type { DayOfWeek, WorkingCalendar } from './working-calendar';

/**
 * A WorkingCalendar compiled into merged UTC working intervals with prefix sums, built lazily per "era" of 64 UTC
 * weeks. Working time between two instants is then prefix(to) − prefix(from): two binary searches, whatever the span
 * (a span that crosses eras adds each whole era's total, one addition per 448 days).
 *
 * All interval ends are integer milliseconds, so every sum here is exact in float64.
 */

const DAY_MS = 86_400_000;
const ERA_MS = 64 * 7 * DAY_MS;
/** Searching forward for working time gives up after this many eras (~123 years) with `no_working_time`. */
const MAX_ERAS_SEARCHED = 100;

const DAY_INDEX: Record<DayOfWeek, number> = { sunday: 0, monday: 1, tuesday: 2, wednesday: 3, thursday: 4, friday: 5, saturday: 6 };

interface Era {
  readonly startMs: number;
  readonly starts: Float64Array;
  readonly ends: Float64Array;
  /** Working ms in this era before interval i. */
  readonly before: Float64Array;
  readonly totalMs: number;
}

interface CompiledWindow { weekdays: boolean[]; startMinute: number; endMinute: number; overnight: boolean }

function parseClock(text: string, field: string, allow24: boolean): number {
  const m = typeof text === 'string' ? /^(\d{2}):(\d{2})$/.exec(text) : null;
  const h = Number(m?.[1]);
  const min = Number(m?.[2]);
  if (m === null || min > 59 || h > 24 || (h === 24 && (!allow24 || min !== 0))) {
    throw new DomainError('invalid_time', `Working window ${field} "${String(text)}" is not a local time 'HH:MM' (00:00–${allow24 ? '24:00' : '23:59'}).`);
  }
  return h * 60 + min;
}

function parseLocalDate(text: string): number {
  const m = typeof text === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(text) : null;
  const ms = m === null ? NaN : Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const back = new Date(ms);
  if (m === null || !Number.isFinite(ms) || back.getUTCDate() !== Number(m[3]) || back.getUTCMonth() !== Number(m[2]) - 1) {
    throw new DomainError('invalid_date', `Holiday "${String(text)}" is not a local date 'YYYY-MM-DD'.`);
  }
  return ms / DAY_MS;
}

/** Milliseconds of a Date, or DomainError `invalid_instant` when it is not a finite instant. */
export function instantMs(value: Date, field: string): number {
  const ms = value instanceof Date ? value.getTime() : NaN;
  if (!Number.isFinite(ms)) throw new DomainError('invalid_instant', `${field} is not a valid instant.`);
  return ms;
}

/** Merges sorted-by-start intervals in place order; touching intervals merge. */
function mergeSorted(starts: number[], ends: number[]): [number[], number[]] {
  const s: number[] = [];
  const e: number[] = [];
  for (let i = 0; i < starts.length; i++) {
    const a = starts[i] as number;
    const b = ends[i] as number;
    const last = e.length - 1;
    if (last >= 0 && a <= (e[last] as number)) {
      if (b > (e[last] as number)) e[last] = b;
    } else {
      s.push(a);
      e.push(b);
    }
  }
  return [s, e];
}

export class CompiledCalendar {
  private readonly zone: ZoneRules;
  private readonly windows: CompiledWindow[];
  private readonly holidayDays: Set<number>;
  private readonly closedStarts: number[];
  private readonly closedEnds: number[];
  private readonly eras = new Map<number, Era>();
  private readonly dayBegins = new Map<number, Float64Array>();
  /** Most queries hit the era of the previous one. */
  private lastEraIndex = Number.NaN;
  private lastEra: Era | undefined;
  /** False when no weekday has any window: there is never working time. */
  readonly hasWindows: boolean;

  constructor(calendar: WorkingCalendar) {
    if (calendar === null || typeof calendar !== 'object' || !Array.isArray(calendar.windows)) {
      throw new DomainError('invalid_calendar', 'A working calendar needs a time zone and a list of windows.');
    }
    this.zone = resolveZone(calendar.timeZone);
    this.windows = calendar.windows.map((w, i) => {
      const startMinute = parseClock(w.start, `${i} start`, false);
      const endMinute = parseClock(w.end, `${i} end`, true);
      const weekdays = [false, false, false, false, false, false, false];
      for (const day of w.days ?? []) {
        const index = DAY_INDEX[day];
        if (index === undefined) throw new DomainError('invalid_day_of_week', `"${String(day)}" is not a day of the week.`);
        weekdays[index] = true;
      }
      return { weekdays, startMinute, endMinute, overnight: endMinute <= startMinute };
    });
    this.hasWindows = this.windows.some((w) => w.weekdays.some(Boolean));
    this.holidayDays = new Set((calendar.holidays ?? []).map(parseLocalDate));
    const closed = (calendar.closed ?? [])
      .map((c, i) => [instantMs(c.from, `closed[${i}].from`), instantMs(c.to, `closed[${i}].to`)] as const)
      .filter(([a, b]) => b > a)
      .sort((x, y) => x[0] - y[0]);
    [this.closedStarts, this.closedEnds] = mergeSorted(closed.map((c) => c[0]), closed.map((c) => c[1]));
  }

  /** Working milliseconds in [fromMs, toMs); 0 when toMs <= fromMs. */
  workingMsBetween(fromMs: number, toMs: number): number {
    if (toMs <= fromMs) return 0;
    const kFrom = Math.floor(fromMs / ERA_MS);
    const kTo = Math.floor(toMs / ERA_MS);
    const eraFrom = this.era(kFrom);
    if (kFrom === kTo) {
      const i = lastStartAtOrBefore(eraFrom, fromMs);
      return prefixAt(eraFrom, toMs, lastStartAtOrBefore(eraFrom, toMs, i < 0 ? 0 : i)) - prefixAt(eraFrom, fromMs, i);
    }
    let total = eraFrom.totalMs - prefixMs(eraFrom, fromMs);
    for (let k = kFrom + 1; k < kTo; k++) total += this.era(k).totalMs;
    return total + prefixMs(this.era(kTo), toMs);
  }

  /** True when the instant lies in working time (intervals are half-open: [start, end)). */
  isWorkingAt(ms: number): boolean {
    const era = this.era(Math.floor(ms / ERA_MS));
    const i = lastStartAtOrBefore(era, ms);
    return i >= 0 && ms < (era.ends[i] as number);
  }

  /**
   * The earliest instant t >= fromMs with workingMsBetween(fromMs, t) = amountMs (integer ms). For amountMs = 0: fromMs
   * if it is working time, else the start of the next working interval.
   * @throws DomainError `no_working_time` when the calendar has no working time in the next ~123 years.
   */
  addWorkingMs(fromMs: number, amountMs: number): number {
    let k = Math.floor(fromMs / ERA_MS);
    let era = this.era(k);
    let needed = prefixMs(era, fromMs) + amountMs; // target as a prefix within the current era
    for (let searched = 0; this.hasWindows && searched < MAX_ERAS_SEARCHED; searched++) {
      const found = amountMs === 0 && searched === 0 ? nextWorkingInEra(era, fromMs) : reachInEra(era, needed);
      if (found !== undefined) return found;
      needed -= era.totalMs;
      if (amountMs === 0) needed = 0;
      k += 1;
      era = this.era(k);
    }
    throw new DomainError('no_working_time', 'The working calendar has no working time after this instant.');
  }

  /**
   * How many working days began in (fromMs, toMs]: local dates (not holidays) with working time whose first working
   * instant lies in that span. "Breached 3 working days ago" counts these, as "3 days ago" counts midnights. Each era's
   * day beginnings are computed once, so a count costs a binary search per era spanned.
   */
  workingDaysBeganIn(fromMs: number, toMs: number): number {
    if (toMs <= fromMs || !this.hasWindows) return 0;
    let count = 0;
    for (let k = Math.floor(fromMs / ERA_MS); k <= Math.floor(toMs / ERA_MS); k++) {
      const begins = this.dayBeginsOf(k);
      count += countAtOrBefore(begins, toMs) - countAtOrBefore(begins, fromMs);
    }
    return count;
  }

  /**
   * The first working instant of the first working day that begins after fromMs (strictly), as counted by
   * {@link workingDaysBeganIn}; only beginnings before `untilMs` count. Undefined when there is none within reach.
   */
  nextDayBeginAfter(fromMs: number, untilMs = Infinity): number | undefined {
    if (!this.hasWindows) return undefined;
    for (let k = Math.floor(fromMs / ERA_MS), searched = 0; searched < MAX_ERAS_SEARCHED && k * ERA_MS < untilMs; k++, searched++) {
      const begins = this.dayBeginsOf(k);
      const next = begins[countAtOrBefore(begins, fromMs)];
      if (next !== undefined) return next < untilMs ? next : undefined;
    }
    return undefined;
  }

  /** The first working instant of every working day that begins in era k, ascending. */
  private dayBeginsOf(k: number): Float64Array {
    let begins = this.dayBegins.get(k);
    if (begins !== undefined) return begins;
    const eraStart = k * ERA_MS;
    const eraEnd = eraStart + ERA_MS;
    const found: number[] = [];
    // Local dates whose windows may start in the era: offsets are within ±26 h.
    for (let day = Math.floor(eraStart / DAY_MS) - 2; day <= Math.floor(eraEnd / DAY_MS) + 2; day++) {
      if (this.holidayDays.has(day)) continue;
      const weekday = (((day + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
      let dayStart = Infinity;
      let dayEnd = -Infinity;
      for (const w of this.windows) {
        if (!w.weekdays[weekday]) continue;
        dayStart = Math.min(dayStart, wallTimeToUtcMs(this.zone, day * DAY_MS + w.startMinute * 60_000));
        dayEnd = Math.max(dayEnd, wallTimeToUtcMs(this.zone, (w.overnight ? day + 1 : day) * DAY_MS + w.endMinute * 60_000));
      }
      if (dayStart === Infinity || this.workingMsBetween(dayStart, dayEnd) === 0) continue;
      // Out of office may take the morning: the day begins at its first working instant.
      const began = this.addWorkingMs(dayStart, 0);
      if (began >= eraStart && began < eraEnd) found.push(began);
    }
    begins = Float64Array.from(found.sort((a, b) => a - b));
    this.dayBegins.set(k, begins);
    return begins;
  }

  private era(k: number): Era {
    if (k === this.lastEraIndex && this.lastEra !== undefined) return this.lastEra;
    let era = this.eras.get(k);
    if (era === undefined) {
      era = this.buildEra(k);
      this.eras.set(k, era);
    }
    this.lastEraIndex = k;
    this.lastEra = era;
    return era;
  }

  private buildEra(k: number): Era {
    const eraStart = k * ERA_MS;
    const eraEnd = eraStart + ERA_MS;
    const raw: [number, number][] = [];
    // Local dates whose windows may reach into the era: offsets are within ±26 h and windows last at most ~25 h.
    const firstDay = Math.floor(eraStart / DAY_MS) - 3;
    const lastDay = Math.floor(eraEnd / DAY_MS) + 2;
    for (let day = firstDay; day <= lastDay; day++) {
      if (this.holidayDays.has(day)) continue;
      const weekday = (((day + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
      for (const w of this.windows) {
        if (!w.weekdays[weekday]) continue;
        const startMs = wallTimeToUtcMs(this.zone, day * DAY_MS + w.startMinute * 60_000);
        const endMs = wallTimeToUtcMs(this.zone, (w.overnight ? day + 1 : day) * DAY_MS + w.endMinute * 60_000);
        const a = Math.max(startMs, eraStart);
        const b = Math.min(endMs, eraEnd);
        if (b > a) raw.push([a, b]);
      }
    }
    raw.sort((x, y) => x[0] - y[0]);
    const [mergedStarts, mergedEnds] = mergeSorted(raw.map((r) => r[0]), raw.map((r) => r[1]));
    const [starts, ends] = this.subtractClosed(mergedStarts, mergedEnds);
    const before = new Float64Array(starts.length);
    let total = 0;
    for (let i = 0; i < starts.length; i++) {
      before[i] = total;
      total += (ends[i] as number) - (starts[i] as number);
    }
    return { startMs: eraStart, starts: Float64Array.from(starts), ends: Float64Array.from(ends), before, totalMs: total };
  }

  private subtractClosed(starts: number[], ends: number[]): [number[], number[]] {
    if (this.closedStarts.length === 0) return [starts, ends];
    const s: number[] = [];
    const e: number[] = [];
    let c = 0;
    for (let i = 0; i < starts.length; i++) {
      let a = starts[i] as number;
      const b = ends[i] as number;
      while (c < this.closedEnds.length && (this.closedEnds[c] as number) <= a) c++;
      let j = c;
      while (a < b) {
        const cs = this.closedStarts[j];
        const ce = this.closedEnds[j];
        if (cs === undefined || ce === undefined || cs >= b) {
          s.push(a);
          e.push(b);
          break;
        }
        if (cs > a) {
          s.push(a);
          e.push(cs);
        }
        a = Math.max(a, ce);
        j++;
      }
    }
    return [s, e];
  }
}

/**
 * Index of the last interval whose start <= ms, or -1: a binary search, or, given `hint` (an index whose start is known
 * to be <= ms), a gallop forward from it (1, 2, 4… steps) so that a short span costs a couple of comparisons.
 */
function lastStartAtOrBefore(era: Era, ms: number, hint = -1): number {
  const starts = era.starts;
  const n = starts.length;
  let lo = 0;
  let hi = n;
  if (hint >= 0) {
    lo = hint;
    let step = 1;
    hi = lo + step;
    while (hi < n && (starts[hi] as number) <= ms) {
      lo = hi + 1;
      step *= 2;
      hi = lo + step;
    }
    if (hi > n) hi = n;
    if (lo > hi) lo = hi;
  }
  // Invariant: starts[i] <= ms for i < lo (or lo = hint), starts[hi] > ms or hi = n.
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((starts[mid] as number) <= ms) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** How many of the ascending `values` are <= ms. */
function countAtOrBefore(values: Float64Array, ms: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((values[mid] as number) <= ms) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Working ms from the era's start up to ms. */
function prefixMs(era: Era, ms: number): number {
  return prefixAt(era, ms, lastStartAtOrBefore(era, ms));
}

/** Working ms from the era's start up to ms, given i = lastStartAtOrBefore(era, ms). */
function prefixAt(era: Era, ms: number, i: number): number {
  if (i < 0) return 0;
  const end = era.ends[i] as number;
  return (era.before[i] as number) + (ms < end ? ms : end) - (era.starts[i] as number);
}

/** The earliest instant in the era whose prefix reaches `needed` (> 0 or = 0 at an interval start), if any. */
function reachInEra(era: Era, needed: number): number | undefined {
  if (needed > era.totalMs) return undefined;
  const n = era.starts.length;
  // First interval i with before[i] + length(i) >= needed, and needed > before[i] unless needed is 0.
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const endPrefix = (era.before[mid] as number) + (era.ends[mid] as number) - (era.starts[mid] as number);
    if (endPrefix < needed) lo = mid + 1;
    else hi = mid;
  }
  if (lo >= n) return undefined;
  return (era.starts[lo] as number) + needed - (era.before[lo] as number);
}

function nextWorkingInEra(era: Era, ms: number): number | undefined {
  const i = lastStartAtOrBefore(era, ms);
  if (i >= 0 && ms < (era.ends[i] as number)) return ms;
  const next = era.starts[i + 1];
  return next;
}
