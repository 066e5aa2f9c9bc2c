import { instantMs } from './compiled-calendar';
import type { ServiceStandard } from './standards';
import { addWorkingMinutes, workingMinutesBetween, type WorkingCalendar } from './working-time';

/** Per clock: `onTrack` → `atRisk` (75 % of target used) → `breached` while running; `met` or `missed` once stopped. */
export type ClockStatus = 'onTrack' | 'atRisk' | 'breached' | 'met' | 'missed';

/** Share of the target used from which an open clock is `atRisk`. */
export const AT_RISK_SHARE = 0.75;

export interface ClockEvaluation {
  status: ClockStatus;
  targetMinutes: number;
  /** Working minutes counted so far (until `stoppedAt`, else until `now`). */
  usedMinutes: number;
  /** targetMinutes − usedMinutes; negative when the target is exceeded. */
  remainingMinutes: number;
  /** When the target is (or was) used up; null while the clock is paused with no end in sight (waiting on requester). */
  dueAt: Date | null;
  stoppedAt: Date | null;
  /** True while the resolution clock is paused by an open waiting period. Always false for first response. */
  paused: boolean;
}

/** The minimal, structural request shape the clocks need (times are UTC instants). */
export interface ClockedRequest {
  receivedAt: Date;
  firstResponseAt: Date | null;
  resolvedAt: Date | null;
  /**
   * When the request was first resolved; a reopen clears `resolvedAt`, never this. The first-response clock stops here
   * at the latest. Absent or null: never resolved (or not known — then `resolvedAt` stops it).
   */
  firstResolvedAt?: Date | null;
  /** Waiting on requester; `to: null` means still waiting. Pauses the resolution clock only. */
  waitingPeriods: { from: Date; to: Date | null }[];
}

function statusOf(usedMinutes: number, targetMinutes: number, stopped: boolean): ClockStatus {
  if (stopped) return usedMinutes <= targetMinutes ? 'met' : 'missed';
  if (usedMinutes > targetMinutes) return 'breached';
  return usedMinutes >= AT_RISK_SHARE * targetMinutes ? 'atRisk' : 'onTrack';
}

/** Waiting periods clipped to start at `startMs`, sorted and merged; an open period ends at +Infinity. */
function mergedPauses(periods: ClockedRequest['waitingPeriods'], startMs: number): [number, number][] {
  const list = periods
    .map((p, i) => [Math.max(instantMs(p.from, `waitingPeriods[${i}].from`), startMs), p.to === null ? Infinity : instantMs(p.to, `waitingPeriods[${i}].to`)] as [number, number])
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  const merged: [number, number][] = [];
  for (const [a, b] of list) {
    const last = merged[merged.length - 1];
    if (last !== undefined && a <= last[1]) last[1] = Math.max(last[1], b);
    else merged.push([a, b]);
  }
  return merged;
}

/**
 * Working minutes in [startMs, endMs) outside the pauses. Summed in whole milliseconds and divided once, so the result
 * is exactly (working ms) / 60 000 however many pauses split it — a sum of per-segment minutes could fall an ulp short
 * and read a clock as `onTrack` at the very millisecond it reaches 75 % (clock-transitions.ts relies on this).
 */
function workingMinutesOutside(startMs: number, endMs: number, pauses: [number, number][], calendar: WorkingCalendar): number {
  const segmentMs = (fromMs: number, toMs: number): number => Math.round(workingMinutesBetween(new Date(fromMs), new Date(toMs), calendar) * 60_000);
  let totalMs = 0;
  let cursor = startMs;
  for (const [a, b] of pauses) {
    if (a >= endMs) break;
    if (a > cursor) totalMs += segmentMs(cursor, Math.min(a, endMs));
    cursor = Math.max(cursor, b);
    if (cursor >= endMs) return totalMs / 60_000;
  }
  if (endMs > cursor) totalMs += segmentMs(cursor, endMs);
  return totalMs / 60_000;
}

/** The instant `targetMinutes` of working time after startMs, skipping pauses; null if a pause never ends first. */
function dueOutside(startMs: number, targetMinutes: number, pauses: [number, number][], calendar: WorkingCalendar): Date | null {
  let remainingMs = Math.round(targetMinutes * 60_000);
  let cursor = startMs;
  for (const [a, b] of pauses) {
    if (a > cursor) {
      const availableMs = Math.round(workingMinutesBetween(new Date(cursor), new Date(a), calendar) * 60_000);
      // Due before the pause when the working time before it covers what is left (a zero target needs any working time).
      if (availableMs > remainingMs || (availableMs === remainingMs && remainingMs > 0)) {
        return addWorkingMinutes(new Date(cursor), remainingMs / 60_000, calendar);
      }
      remainingMs -= availableMs;
    }
    if (b === Infinity) return null;
    cursor = Math.max(cursor, b);
  }
  return addWorkingMinutes(new Date(cursor), remainingMs / 60_000, calendar);
}

/** Pauses of a stopped clock end no later than the stop (a still-open waiting period ends when the request does). */
function clipPauses(pauses: [number, number][], stopMs: number): [number, number][] {
  return pauses.filter(([a]) => a < stopMs).map(([a, b]) => [a, Math.min(b, stopMs)]);
}

function evaluate(startMs: number, stopMs: number | null, nowMs: number, targetMinutes: number, pauses: [number, number][], calendar: WorkingCalendar): ClockEvaluation {
  const endMs = stopMs ?? Math.max(nowMs, startMs);
  const usedMinutes = workingMinutesOutside(startMs, endMs, pauses, calendar);
  const paused = stopMs === null && pauses.some(([a, b]) => a <= nowMs && nowMs < b);
  const dueAt = dueOutside(startMs, targetMinutes, stopMs === null ? pauses : clipPauses(pauses, stopMs), calendar);
  return {
    status: statusOf(usedMinutes, targetMinutes, stopMs !== null),
    targetMinutes,
    usedMinutes,
    remainingMinutes: targetMinutes - usedMinutes,
    dueAt,
    stoppedAt: stopMs === null ? null : new Date(stopMs),
    paused,
  };
}

/** A stop time as epoch ms, no earlier than `receivedMs`; null when absent or still in the future at `nowMs`. */
function happenedMs(at: Date | null, field: string, receivedMs: number, nowMs: number): number | null {
  if (at === null) return null;
  const ms = instantMs(at, field);
  return ms <= nowMs ? Math.max(ms, receivedMs) : null;
}

/** The earliest of the instants given (epoch ms); null when there is none. */
function earliestMs(...values: (number | null)[]): number | null {
  let earliest: number | null = null;
  for (const v of values) if (v !== null && (earliest === null || v < earliest)) earliest = v;
  return earliest;
}

/** The two clocks of a request, by name (the `clock` of a breach event). */
export type ClockName = 'firstResponse' | 'resolution';

/** A clock past its target: which one, and the instant it used up its target. */
export interface ClockBreach {
  clock: ClockName;
  at: Date;
}

/**
 * What a breach check of one request finds, from both clocks evaluated at `now` and the breaches already recorded:
 * - `breaches`: each clock past its target (`breached` while running, `missed` once stopped) whose breach is not
 *   recorded yet, with the instant it passed the target (its `dueAt`, known even while paused: the target was used up
 *   before the pause began; never the check's `now`);
 * - `nextCheckAt`: for the clocks still running within their target (not paused, breach not recorded), the earliest
 *   instant one of them is past it — the first working millisecond after its `dueAt` in `calendar` (a target used up
 *   at 17:00 is passed at 09:00:00.001 the next working morning). Null when neither clock can breach without a change
 *   to the request (stopped, paused, recorded).
 */
export function breachCheck(
  clocks: Record<ClockName, ClockEvaluation>,
  recorded: Record<ClockName, boolean>,
  calendar: WorkingCalendar,
): { breaches: ClockBreach[]; nextCheckAt: Date | null } {
  const breaches: ClockBreach[] = [];
  let nextMs: number | null = null;
  for (const clock of ['firstResponse', 'resolution'] as const) {
    const c = clocks[clock];
    if (recorded[clock]) continue;
    if ((c.status === 'breached' || c.status === 'missed') && c.dueAt !== null) breaches.push({ clock, at: c.dueAt });
    else if (c.stoppedAt === null && !c.paused && c.dueAt !== null) nextMs = earliestMs(nextMs, addWorkingMinutes(c.dueAt, 1 / 60_000, calendar).getTime());
  }
  return { breaches, nextCheckAt: nextMs === null ? null : new Date(nextMs) };
}

/**
 * Evaluates both clocks of a request at `now` in working time.
 *
 * - First response runs from `receivedAt` to the earliest of `firstResponseAt`, `firstResolvedAt` and `resolvedAt`:
 *   resolving without a recorded response (e.g. handled by phone) stops it, and once stopped it stays stopped — a
 *   reopen (which clears `resolvedAt`, not `firstResolvedAt`) never restarts it (DESIGN.md "Reopen").
 * - Resolution runs from `receivedAt` to `resolvedAt`, paused during waiting periods (they count as closed time for
 *   this clock only, so `dueAt` moves later by the working time they cover). While a waiting period is open, `usedMinutes`
 *   stops growing so the status keeps the value it had, `paused` is true and `dueAt` is null (no due time while the
 *   requester holds the ball). A reopen adds the time spent resolved as such a pause (request-lifecycle.ts), so it
 *   does not count.
 * - Status: open clocks are `onTrack`, `atRisk` from 75 % of the target used, `breached` once more than the target is
 *   used; stopped clocks are `met` (used <= target) or `missed`. Stop times after `now` are treated as not yet happened.
 */
export function evaluateClocks(
  request: ClockedRequest,
  standard: Pick<ServiceStandard, 'firstResponseTargetMinutes' | 'resolutionTargetMinutes'>,
  calendar: WorkingCalendar,
  now: Date,
): { firstResponse: ClockEvaluation; resolution: ClockEvaluation } {
  const receivedMs = instantMs(request.receivedAt, 'receivedAt');
  const nowMs = instantMs(now, 'now');
  const resolvedMs = happenedMs(request.resolvedAt, 'resolvedAt', receivedMs, nowMs);
  const respondedMs = earliestMs(
    happenedMs(request.firstResponseAt, 'firstResponseAt', receivedMs, nowMs),
    happenedMs(request.firstResolvedAt ?? null, 'firstResolvedAt', receivedMs, nowMs),
    resolvedMs,
  );
  return {
    firstResponse: evaluate(receivedMs, respondedMs, nowMs, standard.firstResponseTargetMinutes, [], calendar),
    resolution: evaluate(receivedMs, resolvedMs, nowMs, standard.resolutionTargetMinutes, mergedPauses(request.waitingPeriods, receivedMs), calendar),
  };
}
