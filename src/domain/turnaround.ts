import type { ClockStatus } from './clocks';
import { instantMs } from './compiled-calendar';
import { DomainError } from './domain-error';
import { resolveZone, wallTimeToUtcMs, type ZoneRules } from './zone-offsets';

/**
 * What one clock did across the requests a figure covers. Every request lands in exactly one part, so
 * met + missed + breached + running = the requests counted.
 */
export interface ClockTally {
  /** Stopped at or under the target. */
  met: number;
  /** Stopped over the target. */
  missed: number;
  /** Still running and already past the target: a certain miss. */
  breached: number;
  /** Still running within the target (on track or at risk): not decided yet, so not in the share. */
  running: number;
}

/** Counts clock statuses into a {@link ClockTally}. */
export function tallyClocks(statuses: Iterable<ClockStatus>): ClockTally {
  const tally: ClockTally = { met: 0, missed: 0, breached: 0, running: 0 };
  for (const status of statuses) {
    if (status === 'met') tally.met += 1;
    else if (status === 'missed') tally.missed += 1;
    else if (status === 'breached') tally.breached += 1;
    else tally.running += 1;
  }
  return tally;
}

/**
 * Share within standard (DESIGN.md): met ÷ (met + missed + open and already breached), 0–1; null when that
 * denominator is 0. Clocks still running within their target are left out until they stop or breach.
 */
export function withinStandardShare(tally: Pick<ClockTally, 'met' | 'missed' | 'breached'>): number | null {
  const denominator = tally.met + tally.missed + tally.breached;
  return denominator === 0 ? null : tally.met / denominator;
}

/**
 * Nearest-rank percentile: the smallest value such that at least p % of the values are at or below it, i.e. the value
 * at 1-based rank ⌈p/100 × n⌉ of the ascending sort. Always one of the observed values; null for no values.
 * @param sortedAscending values sorted ascending
 * @param p percentile in (0, 100]
 */
export function nearestRankPercentile(sortedAscending: readonly number[], p: number): number | null {
  if (!(p > 0 && p <= 100)) throw new DomainError('invalid_percentile', `Percentile must be in (0, 100], got ${String(p)}.`);
  const n = sortedAscending.length;
  if (n === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * n));
  return sortedAscending[rank - 1] ?? null;
}

/** One clock of one request as the statistics need it: its status and the working minutes it used (to its stop, else now). */
export interface ClockOutcome {
  status: ClockStatus;
  usedMinutes: number;
}

/**
 * The figures of one clock over a set of requests: how its statuses tally, the share within standard, and the median
 * and 90th percentile of the stopped clocks (working minutes, unrounded).
 */
export interface ClockFigures extends ClockTally {
  /** Stopped clocks (met + missed): what the median and 90th percentile are computed over. */
  count: number;
  medianMinutes: number | null;
  p90Minutes: number | null;
  /** {@link withinStandardShare}: met ÷ (met + missed + breached); null when that is 0. */
  withinStandardShare: number | null;
}

/** The figures of one clock over `outcomes` (one per request). */
export function clockFigures(outcomes: Iterable<ClockOutcome>): ClockFigures {
  const list = [...outcomes];
  const stopped = list.filter((c) => c.status === 'met' || c.status === 'missed').map((c) => c.usedMinutes).sort((a, b) => a - b);
  const tally = tallyClocks(list.map((c) => c.status));
  return {
    count: stopped.length,
    medianMinutes: nearestRankPercentile(stopped, 50),
    p90Minutes: nearestRankPercentile(stopped, 90),
    withinStandardShare: withinStandardShare(tally),
    ...tally,
  };
}

/** One request as the statistics need it: both clocks already evaluated at `now`. */
export interface TurnaroundRow {
  /** UTC instant; a row belongs to the period when from <= receivedAt < to. */
  receivedAt: Date;
  /** Not resolved yet (open, or waiting on the requester). */
  open: boolean;
  firstResponse: ClockOutcome;
  resolution: ClockOutcome;
}

/** How a period's requests add up: received = resolved + open; the backlog also holds open ones received before. */
export interface TurnaroundCounts {
  received: number;
  resolved: number;
  open: number;
  openReceivedEarlier: number;
}

export interface TurnaroundStats {
  period: { from: Date; to: Date };
  counts: TurnaroundCounts;
  /** Over the requests received in the period. */
  firstResponse: ClockFigures;
  resolution: ClockFigures;
  /**
   * Every open row given, whenever received: how many, how many with either clock past its target, and the most
   * working minutes one of them has used on its resolution clock (null when none is open).
   */
  backlog: { open: number; breachedNow: number; oldestOpenMinutes: number | null };
}

function periodMs(period: { from: Date; to: Date }): [number, number] {
  const fromMs = instantMs(period.from, 'period.from');
  const toMs = instantMs(period.to, 'period.to');
  if (toMs < fromMs) throw new DomainError('invalid_period', 'The period ends before it starts.');
  return [fromMs, toMs];
}

/**
 * Turnaround statistics (DESIGN.md "Turnaround statistics") over rows received in [period.from, period.to), with the
 * backlog over every open row given (pass the ones open now that were received earlier too).
 *
 * Rules: median and p90 cover stopped clocks (met or missed) and use the nearest-rank method
 * ({@link nearestRankPercentile}): the median is the nearest-rank p50, i.e. for an even count the lower of the two
 * middle values (never an average, so it is always a real request's turnaround). The share within standard is
 * met ÷ (met + missed + still running and already breached), for each clock alike; clocks still running within their
 * target are left out until they stop or breach.
 * @throws DomainError `invalid_instant` for non-finite dates, `invalid_period` when to < from.
 */
export function computeTurnaround(rows: readonly TurnaroundRow[], period: { from: Date; to: Date }): TurnaroundStats {
  const [fromMs, toMs] = periodMs(period);
  const inPeriod = rows.filter((r) => {
    const ms = instantMs(r.receivedAt, 'receivedAt');
    return ms >= fromMs && ms < toMs;
  });
  const open = rows.filter((r) => r.open);
  const resolved = inPeriod.filter((r) => !r.open).length;
  let oldest: number | null = null;
  for (const r of open) if (oldest === null || r.resolution.usedMinutes > oldest) oldest = r.resolution.usedMinutes;
  return {
    period: { from: new Date(fromMs), to: new Date(toMs) },
    counts: {
      received: inPeriod.length,
      resolved,
      open: inPeriod.length - resolved,
      openReceivedEarlier: open.filter((r) => r.receivedAt.getTime() < fromMs).length,
    },
    firstResponse: clockFigures(inPeriod.map((r) => r.firstResponse)),
    resolution: clockFigures(inPeriod.map((r) => r.resolution)),
    backlog: {
      open: open.length,
      breachedNow: open.filter((r) => r.firstResponse.status === 'breached' || r.resolution.status === 'breached').length,
      oldestOpenMinutes: oldest,
    },
  };
}

const DAY_MS = 86_400_000;

/** A week of the weekly figures: Monday 00:00 in a time zone. */
export interface LocalWeek {
  /** The UTC instant of Monday 00:00 local time (the first instant at or after it, when midnight is skipped). */
  start: Date;
  /** That Monday's local date, 'YYYY-MM-DD'. */
  monday: string;
}

/** The week of `wallDay` (days since 1970-01-01 in local wall time) in `zone`. */
function weekOfWallDay(wallDay: number, zone: ZoneRules): LocalWeek {
  const mondayDay = wallDay - (((wallDay + 3) % 7) + 7) % 7; // 1970-01-01 was a Thursday (index 3 from Monday)
  const mondayWallMs = mondayDay * DAY_MS;
  return { start: new Date(wallTimeToUtcMs(zone, mondayWallMs)), monday: new Date(mondayWallMs).toISOString().slice(0, 10) };
}

/**
 * The week (Monday 00:00 to the next Monday 00:00, local time in `timeZone`) that contains `at`.
 * @throws DomainError `unknown_time_zone`, `invalid_instant`.
 */
export function localWeekOf(at: Date, timeZone: string): LocalWeek {
  const zone = resolveZone(timeZone);
  const ms = instantMs(at, 'at');
  return weekOfWallDay(Math.floor((ms + zone.offsetMsAt(ms)) / DAY_MS), zone);
}

/** The figures of one week. */
export interface WeeklyTurnaround {
  week: LocalWeek;
  /** Requests received in the week (and in the period). */
  received: number;
  firstResponse: ClockFigures;
  resolution: ClockFigures;
}

/**
 * The figures week by week for rows received in [period.from, period.to): weeks run from Monday 00:00 local time in
 * `timeZone` (the team calendar's), so a request received on Monday 00:30 in Berlin (Sunday 23:30 UTC) is in that
 * Monday's week. Every week that overlaps the period is listed, with or without requests.
 * @throws DomainError `invalid_period`, `invalid_instant`, `unknown_time_zone`.
 */
export function weeklyTurnaround(rows: readonly TurnaroundRow[], period: { from: Date; to: Date }, timeZone: string): WeeklyTurnaround[] {
  const [fromMs, toMs] = periodMs(period);
  const zone = resolveZone(timeZone);
  const weeks = new Map<string, { week: LocalWeek; rows: TurnaroundRow[] }>();
  for (let week = localWeekOf(new Date(fromMs), timeZone); week.start.getTime() < toMs; week = weekOfWallDay(Date.parse(`${week.monday}T00:00:00Z`) / DAY_MS + 7, zone)) {
    weeks.set(week.monday, { week, rows: [] });
  }
  for (const r of rows) {
    const ms = instantMs(r.receivedAt, 'receivedAt');
    if (ms < fromMs || ms >= toMs) continue;
    weeks.get(localWeekOf(r.receivedAt, timeZone).monday)?.rows.push(r);
  }
  return [...weeks.values()].map(({ week: w, rows: list }) => ({
    week: w,
    received: list.length,
    firstResponse: clockFigures(list.map((r) => r.firstResponse)),
    resolution: clockFigures(list.map((r) => r.resolution)),
  }));
}
