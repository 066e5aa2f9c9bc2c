import type { ClockStatus } from './clocks';
import { instantMs } from './compiled-calendar';
import { DomainError } from './domain-error';

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
 * One request as the statistics need it: cheap to produce from the store (clocks already evaluated).
 * All minutes are working minutes.
 */
export interface TurnaroundRow {
  /** UTC instant; a row belongs to the period when from <= receivedAt < to. */
  receivedAt: Date;
  /** Working minutes to first response; null while none. */
  firstResponseMinutes: number | null;
  /** Working minutes to resolution, waiting periods excluded; null while open. */
  resolutionMinutes: number | null;
  firstResponseTargetMinutes: number;
  resolutionTargetMinutes: number;
  open: boolean;
  /** For open rows: working minutes used so far on the resolution clock at `now`. */
  openAgeMinutes?: number;
}

export interface DurationStats {
  /** Number of stopped clocks the figures are computed over. */
  count: number;
  medianMinutes: number | null;
  p90Minutes: number | null;
  /**
   * Share (0–1) within the target: stopped clocks at or under target, over stopped clocks plus open rows already past
   * the target (certain misses); null when that denominator is 0.
   */
  withinStandardShare: number | null;
}

export interface TurnaroundStats {
  period: { from: Date; to: Date };
  /** Requests received in the period. */
  count: number;
  firstResponse: DurationStats;
  resolution: DurationStats;
  /** Open requests received in the period. */
  openBacklog: number;
  /** The open request received earliest in the period, if any. */
  oldestOpen: { receivedAt: Date; ageMinutes: number | null } | null;
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

function durationStats(stopped: { minutes: number; target: number }[], certainMisses: number): DurationStats {
  const sorted = stopped.map((s) => s.minutes).sort((a, b) => a - b);
  const within = stopped.filter((s) => s.minutes <= s.target).length;
  return {
    count: stopped.length,
    medianMinutes: nearestRankPercentile(sorted, 50),
    p90Minutes: nearestRankPercentile(sorted, 90),
    withinStandardShare: withinStandardShare({ met: within, missed: stopped.length - within, breached: certainMisses }),
  };
}

/**
 * Turnaround statistics for requests received in [period.from, period.to).
 *
 * Rules: median and p90 use the nearest-rank method ({@link nearestRankPercentile}); the median is the nearest-rank
 * p50, i.e. for an even count the lower of the two middle values (never an average, so it is always a real request's
 * turnaround). First-response figures cover rows with a first response; resolution figures cover resolved rows.
 * The resolution within-standard share also counts, as misses, open rows whose `openAgeMinutes` already exceeds the
 * resolution target; the first-response share covers responded rows only (`openAgeMinutes` measures the resolution
 * clock). Rows received outside the period are ignored.
 * @throws DomainError `invalid_instant` for non-finite dates, `invalid_period` when to < from.
 */
export function computeTurnaround(rows: readonly TurnaroundRow[], period: { from: Date; to: Date }): TurnaroundStats {
  const fromMs = instantMs(period.from, 'period.from');
  const toMs = instantMs(period.to, 'period.to');
  if (toMs < fromMs) throw new DomainError('invalid_period', 'The period ends before it starts.');
  const inPeriod = rows.filter((r) => {
    const ms = instantMs(r.receivedAt, 'receivedAt');
    return ms >= fromMs && ms < toMs;
  });
  const responded = inPeriod.flatMap((r) => (r.firstResponseMinutes === null ? [] : [{ minutes: r.firstResponseMinutes, target: r.firstResponseTargetMinutes }]));
  const resolved = inPeriod.flatMap((r) => (r.resolutionMinutes === null || r.open ? [] : [{ minutes: r.resolutionMinutes, target: r.resolutionTargetMinutes }]));
  const open = inPeriod.filter((r) => r.open);
  const overdueOpen = open.filter((r) => r.openAgeMinutes !== undefined && r.openAgeMinutes > r.resolutionTargetMinutes).length;
  let oldest: TurnaroundRow | undefined;
  for (const r of open) if (oldest === undefined || r.receivedAt.getTime() < oldest.receivedAt.getTime()) oldest = r;
  return {
    period: { from: new Date(fromMs), to: new Date(toMs) },
    count: inPeriod.length,
    firstResponse: durationStats(responded, 0),
    resolution: durationStats(resolved, overdueOpen),
    openBacklog: open.length,
    oldestOpen: oldest === undefined ? null : { receivedAt: new Date(oldest.receivedAt.getTime()), ageMinutes: oldest.openAgeMinutes ?? null },
  };
}
