/**
 * Turnaround statistics over evaluated requests: count, median and 90th percentile of working minutes to first
 * response and to resolution (stopped clocks only), share within standard (met ÷ (met + missed + open and already
 * breached), the domain's rule), open backlog, oldest open age, how the counts add up, and the same per ISO week
 * (Monday 00:00 UTC). Shared by "my stats" and the team dashboard.
 */
import type { ClockStats, PeriodCounts, WeeklyPoint } from './views/figure-views';
import type { ClockEvaluation } from '../domain/clocks';
import { nearestRankPercentile, tallyClocks, withinStandardShare } from '../domain/turnaround';
import type { RequestRecord } from './records';

export interface EvaluatedRequest {
  record: RequestRecord;
  firstResponse: ClockEvaluation;
  resolution: ClockEvaluation;
}

const DAY_MS = 86_400_000;

const round1 = (n: number | null): number | null => (n === null ? null : Math.round(n * 10) / 10);

/**
 * Statistics of `clocks` (one per request received in the period): median and p90 over the stopped ones; the share
 * within standard also counts the running clocks already past their target as misses.
 */
export function clockStats(clocks: readonly ClockEvaluation[]): ClockStats {
  const used = clocks.filter((c) => c.status === 'met' || c.status === 'missed').map((c) => c.usedMinutes).sort((a, b) => a - b);
  const tally = tallyClocks(clocks.map((c) => c.status));
  return {
    count: used.length,
    medianMinutes: round1(nearestRankPercentile(used, 50)),
    p90Minutes: round1(nearestRankPercentile(used, 90)),
    withinStandardShare: withinStandardShare(tally),
    ...tally,
  };
}

/** Monday 00:00 UTC of the week containing `at`. */
export function weekStartUtc(at: Date): Date {
  const day = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
  const offset = (day.getUTCDay() + 6) % 7;
  return new Date(day.getTime() - offset * DAY_MS);
}

/** Weekly points for requests received in [from, to). */
export function weeklyPoints(items: readonly EvaluatedRequest[], from: Date, to: Date): WeeklyPoint[] {
  const weeks = new Map<number, EvaluatedRequest[]>();
  for (let w = weekStartUtc(from).getTime(); w < to.getTime(); w += 7 * DAY_MS) weeks.set(w, []);
  for (const item of items) {
    const t = item.record.receivedAt.getTime();
    if (t < from.getTime() || t >= to.getTime()) continue;
    weeks.get(weekStartUtc(item.record.receivedAt).getTime())?.push(item);
  }
  return [...weeks.entries()].map(([w, list]) => ({
    weekStart: new Date(w).toISOString(),
    received: list.length,
    firstResponse: clockStats(list.map((i) => i.firstResponse)),
    resolution: clockStats(list.map((i) => i.resolution)),
  }));
}

/** Backlog figures over the open (not resolved) requests. */
export function backlogFigures(items: readonly EvaluatedRequest[]): { open: number; breachedNow: number; oldestOpenMinutes: number | null } {
  const open = items.filter((i) => i.record.status !== 'resolved');
  const breached = open.filter((i) => i.firstResponse.status === 'breached' || i.resolution.status === 'breached').length;
  const oldest = open.reduce<number | null>((max, i) => (max === null || i.resolution.usedMinutes > max ? i.resolution.usedMinutes : max), null);
  return { open: open.length, breachedNow: breached, oldestOpenMinutes: round1(oldest) };
}

/** How the period's requests add up: received = resolved + open; and the open ones received before the period. */
export function periodCounts(items: readonly EvaluatedRequest[], period: { from: Date; to: Date }): PeriodCounts {
  const received = items.filter((i) => receivedIn(i.record, period));
  const resolved = received.filter((i) => i.record.status === 'resolved').length;
  const openReceivedEarlier = items.filter((i) => i.record.status !== 'resolved' && i.record.receivedAt.getTime() < period.from.getTime()).length;
  return { received: received.length, resolved, open: received.length - resolved, openReceivedEarlier };
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
