/**
 * The figures: a person's stats and a team's dashboard (medians, percentiles, shares, what counts).
 * The API sends these as JSON (src/contracts/api.ts re-exports them): instants are ISO-8601 UTC strings.
 */
import type { PersonRef } from '../records';

export interface ClockStats {
  /** Stopped clocks (met + missed): the requests the median and 90th percentile are computed over. */
  count: number;
  medianMinutes: number | null;
  p90Minutes: number | null;
  /** met ÷ (met + missed + breached), 0..1; null when that denominator is 0. */
  withinStandardShare: number | null;
  /** Stopped at or under the target. */
  met: number;
  /** Stopped over the target. */
  missed: number;
  /** Still running and already past the target (counted as misses in the share). */
  breached: number;
  /** Still running within the target: not in the share yet. met + missed + breached + running = requests received. */
  running: number;
}

/**
 * How a period's request counts add up ("what counts"): received = resolved + open; the open backlog is every request
 * open now, so it also holds `openReceivedEarlier` requests received before the period.
 */
export interface PeriodCounts {
  /** Requests received in the period: the weekly, department and category rows add up to this. */
  received: number;
  /** Of those, resolved by now. */
  resolved: number;
  /** Of those, still open (or waiting on the requester). */
  open: number;
  /** Open now but received before the period: in the backlog, not in the period's figures. */
  openReceivedEarlier: number;
}

export interface WeeklyPoint {
  /** Monday 00:00 of the week in the figures' time zone (`weeksTimeZone`), as a UTC instant. */
  weekStart: string;
  /** That Monday's date in the figures' time zone, 'YYYY-MM-DD' (what a "Week of" label shows). */
  weekOf: string;
  received: number;
  firstResponse: ClockStats;
  resolution: ClockStats;
}

/** GET /api/me/stats?period=30d|90d */
export interface StatsResponse {
  period: { from: string; to: string; days: number };
  firstResponse: ClockStats;
  resolution: ClockStats;
  openBacklog: number;
  oldestOpenMinutes: number | null;
  weekly: WeeklyPoint[];
  /** The time zone the weeks run in (Monday 00:00 local): that of the calendar my clocks are measured in. */
  weeksTimeZone: string;
  /** How the counts above add up. */
  counts: PeriodCounts;
}

export interface DepartmentRow {
  department: string;
  requests: number;
  firstResponse: ClockStats;
  resolution: ClockStats;
}

export interface CategoryRow {
  category: string;
  requests: number;
  /** Requests with either clock breached (open) or missed (stopped). */
  breaches: number;
  firstResponse: ClockStats;
  resolution: ClockStats;
}

export interface PersonRow {
  person: PersonRef;
  requests: number;
  firstResponse: ClockStats;
  resolution: ClockStats;
  openBacklog: number;
}

/** GET /api/teams/:groupId/dashboard?period=7d|30d|90d */
export interface DashboardResponse {
  teamId: string;
  teamName: string;
  period: { from: string; to: string; days: number };
  minGroupSize: number;
  peopleWithData: number;
  /** False when fewer than minGroupSize people have data: every number below is then null/empty. */
  enoughData: boolean;
  firstResponse: ClockStats | null;
  resolution: ClockStats | null;
  backlog: { open: number; breachedNow: number; oldestOpenMinutes: number | null } | null;
  weekly: WeeklyPoint[];
  /** The time zone the weeks run in (Monday 00:00 local): the team calendar's. */
  weeksTimeZone: string;
  departments: DepartmentRow[];
  categories: CategoryRow[];
  /** Present only when the team's owners turned individual view on and the caller is an owner. */
  people: PersonRow[] | null;
  /** How the request counts add up; null with the other figures when there is not enough data. */
  counts: PeriodCounts | null;
}
