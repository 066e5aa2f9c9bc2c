import { CompiledCalendar, instantMs } from './compiled-calendar';
import { DomainError } from './domain-error';
import type { WorkingCalendar } from './working-calendar';

/** What the working-time functions need of a compiled calendar (all instants are epoch milliseconds, UTC). */
export interface WorkingTimeEngine {
  /** Working milliseconds in [fromMs, toMs); 0 when toMs <= fromMs. */
  workingMsBetween(fromMs: number, toMs: number): number;
  /** True when the instant lies in working time (intervals are half-open). */
  isWorkingAt(ms: number): boolean;
  /** The earliest instant t >= fromMs with workingMsBetween(fromMs, t) = amountMs; amountMs = 0: the next working instant. */
  addWorkingMs(fromMs: number, amountMs: number): number;
  /** How many working days began in (fromMs, toMs]. */
  workingDaysBeganIn(fromMs: number, toMs: number): number;
  /** The first working instant of the first working day that begins after fromMs; undefined if none ever does. */
  nextDayBeginAfter(fromMs: number): number | undefined;
}

/**
 * A calendar whose weekly pattern changed over time ({@link WorkingCalendar.pastPatterns}): one {@link CompiledCalendar}
 * per pattern, each with the calendar's holidays and closed periods, and the boundaries between them. Every instant is
 * evaluated with the pattern in force at it: working time between two instants is the sum over the patterns the span
 * crosses (a binary search for the first, then each compiled pattern's own prefix-sum lookups), so a change alters the
 * future and never the past. A span inside one pattern costs what it costs on a calendar without history.
 *
 * Working days (for "overdue by n working days") are counted per pattern, each over its own time range: a local date
 * whose windows straddle a change may begin once under each pattern.
 */
export class PiecewiseCalendar implements WorkingTimeEngine {
  /** bounds[i] (epoch ms) ends parts[i] and starts parts[i + 1]; strictly ascending. */
  private readonly bounds: number[];
  private readonly parts: CompiledCalendar[];

  constructor(calendar: WorkingCalendar) {
    const past = calendar.pastPatterns ?? [];
    for (const p of past) {
      if (p === null || typeof p !== 'object' || !Array.isArray(p.windows)) {
        throw new DomainError('invalid_calendar', 'A past weekly pattern needs an end, a time zone and a list of windows.');
      }
    }
    this.bounds = past.map((p, i) => instantMs(p.until, `pastPatterns[${i}].until`));
    for (let i = 1; i < this.bounds.length; i++) {
      if ((this.bounds[i] as number) <= (this.bounds[i - 1] as number)) {
        throw new DomainError('invalid_calendar', 'Past weekly patterns must be ordered by `until`, strictly ascending.');
      }
    }
    const dated = { holidays: calendar.holidays, closed: calendar.closed };
    this.parts = [
      ...past.map((p) => new CompiledCalendar({ timeZone: p.timeZone, windows: p.windows, ...dated })),
      new CompiledCalendar({ timeZone: calendar.timeZone, windows: calendar.windows, ...dated }),
    ];
  }

  workingMsBetween(fromMs: number, toMs: number): number {
    if (toMs <= fromMs) return 0;
    let i = this.partAt(fromMs);
    let cursor = fromMs;
    let total = 0;
    for (;;) {
      const end = this.endOf(i);
      total += this.part(i).workingMsBetween(cursor, Math.min(toMs, end));
      if (end >= toMs) return total;
      cursor = end;
      i += 1;
    }
  }

  isWorkingAt(ms: number): boolean {
    return this.part(this.partAt(ms)).isWorkingAt(ms);
  }

  addWorkingMs(fromMs: number, amountMs: number): number {
    let i = this.partAt(fromMs);
    let cursor = fromMs;
    let remaining = amountMs;
    for (; i < this.bounds.length; i++) {
      const end = this.bounds[i] as number;
      const available = this.part(i).workingMsBetween(cursor, end);
      // Reached inside this pattern (exactly at its end counts: the earliest instant is then at or before the change).
      if (remaining > 0 ? available >= remaining : available > 0) return this.part(i).addWorkingMs(cursor, remaining);
      remaining -= available;
      cursor = end;
    }
    return this.part(i).addWorkingMs(cursor, remaining);
  }

  workingDaysBeganIn(fromMs: number, toMs: number): number {
    if (toMs <= fromMs) return 0;
    let count = 0;
    for (let i = this.partAt(fromMs); i < this.parts.length; i++) {
      // Part i covers [start, end) = (start − 1, end − 1] in whole milliseconds.
      const start = i === 0 ? -Infinity : (this.bounds[i - 1] as number);
      const end = this.endOf(i);
      count += this.part(i).workingDaysBeganIn(Math.max(fromMs, start - 1), Math.min(toMs, end - 1));
      if (end > toMs) break;
    }
    return count;
  }

  nextDayBeginAfter(fromMs: number): number | undefined {
    for (let i = this.partAt(fromMs); i < this.parts.length; i++) {
      // Part i owns the days that begin in [start, end), as in workingDaysBeganIn.
      const start = i === 0 ? -Infinity : (this.bounds[i - 1] as number);
      const found = this.part(i).nextDayBeginAfter(Math.max(fromMs, start - 1), this.endOf(i));
      if (found !== undefined) return found;
    }
    return undefined;
  }

  /** Index of the pattern in force at ms: how many boundaries are at or before it. */
  private partAt(ms: number): number {
    let lo = 0;
    let hi = this.bounds.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.bounds[mid] as number) <= ms) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private endOf(i: number): number {
    return i < this.bounds.length ? (this.bounds[i] as number) : Infinity;
  }

  private part(i: number): CompiledCalendar {
    return this.parts[i] as CompiledCalendar;
  }
}
