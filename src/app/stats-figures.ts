/**
 * Turnaround statistics as the API shows them, shared by "my stats" and the team dashboard. The figures themselves —
 * medians, percentiles, the share within standard (met ÷ (met + missed + open and already breached)), the counts, the
 * backlog and the weeks (Monday 00:00 in a calendar's time zone) — are computed once, by the domain's
 * src/domain/turnaround.ts; this file turns evaluated requests into its rows and its results into views.
 */
import type { ClockStats, PeriodCounts, WeeklyPoint } from './views/figure-views';
import type { ClockEvaluation } from '../domain/clocks';
import { clockFigures, computeTurnaround, weeklyTurnaround, type ClockFigures, type TurnaroundRow } from '../domain/turnaround';
import type { RequestRecord } from './records';

export interface EvaluatedRequest {
  record: RequestRecord;
  firstResponse: ClockEvaluation;
  resolution: ClockEvaluation;
}

const DAY_MS = 86_400_000;

const round1 = (n: number | null): number | null => (n === null ? null : Math.round(n * 10) / 10);

/** The row the domain's statistics take for one evaluated request. */
function rowOf(item: EvaluatedRequest): TurnaroundRow {
  return { receivedAt: item.record.receivedAt, open: item.record.status !== 'resolved', firstResponse: item.firstResponse, resolution: item.resolution };
}

/** A clock's figures as the API shows them (minutes to one decimal). */
function statsView(figures: ClockFigures): ClockStats {
  return { ...figures, medianMinutes: round1(figures.medianMinutes), p90Minutes: round1(figures.p90Minutes) };
}

/** The figures of one clock over `clocks` (one per request, e.g. a department's or a category's). */
export function clockStats(clocks: readonly ClockEvaluation[]): ClockStats {
  return statsView(clockFigures(clocks));
}

/** What "my stats" and the dashboard show for a period: figures over the requests received in it, backlog over all. */
export interface PeriodFigures {
  firstResponse: ClockStats;
  resolution: ClockStats;
  counts: PeriodCounts;
  backlog: { open: number; breachedNow: number; oldestOpenMinutes: number | null };
  weekly: WeeklyPoint[];
}

/**
 * The period's figures over `items` (those received in the period, plus those open now whenever received), with the
 * weeks in `timeZone`.
 */
export function periodFigures(items: readonly EvaluatedRequest[], period: { from: Date; to: Date }, timeZone: string): PeriodFigures {
  const rows = items.map(rowOf);
  const stats = computeTurnaround(rows, period);
  return {
    firstResponse: statsView(stats.firstResponse),
    resolution: statsView(stats.resolution),
    counts: stats.counts,
    backlog: { ...stats.backlog, oldestOpenMinutes: round1(stats.backlog.oldestOpenMinutes) },
    weekly: weeklyTurnaround(rows, period, timeZone).map((w) => ({
      weekStart: w.week.start.toISOString(),
      weekOf: w.week.monday,
      received: w.received,
      firstResponse: statsView(w.firstResponse),
      resolution: statsView(w.resolution),
    })),
  };
}

/** The period [now - days, now). */
export function periodOf(now: Date, days: number): { from: Date; to: Date; days: number } {
  return { from: new Date(now.getTime() - days * DAY_MS), to: now, days };
}

/** Whether a request was received inside the period. */
export function receivedIn(r: RequestRecord, period: { from: Date; to: Date }): boolean {
  const t = r.receivedAt.getTime();
  return t >= period.from.getTime() && t < period.to.getTime();
}
