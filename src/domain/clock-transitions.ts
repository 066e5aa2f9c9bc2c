/**
 * Transitions computed, not polled (issue 20): the exact instants a running clock turns `atRisk` and `breached`, so a
 * scheduler can store one instant per request, wake for it, deliver, and ask again. The instants come from
 * {@link evaluateClocks} itself (its `dueAt` for a threshold in place of the target), so they agree with what every
 * view reads, pauses and the assignee's calendar included.
 */
import { AT_RISK_SHARE, evaluateClocks, type ClockedRequest, type ClockName } from './clocks';
import { instantMs } from './compiled-calendar';
import { isDomainError } from './domain-error';
import type { ServiceStandard } from './standards';
import type { WorkingCalendar } from './working-time';

/** The statuses a running clock moves into that deserve a warning, in the order it reaches them. */
export type ClockTransitionKind = 'atRisk' | 'breached';

/** One clock turning `atRisk` or `breached` at `at` (UTC): evaluateClocks reads the new status from `at` on, not 1 ms before. */
export interface ClockTransition {
  clock: ClockName;
  kind: ClockTransitionKind;
  at: Date;
}

/** Per clock, the furthest transition already delivered (a warning or breach notice is sent once per clock and kind). */
export type DeliveredTransitions = Partial<Record<ClockName, ClockTransitionKind>>;

const MS_PER_MINUTE = 60_000;
const CLOCKS: readonly ClockName[] = ['firstResponse', 'resolution'];
const RANK: Record<ClockTransitionKind, number> = { atRisk: 1, breached: 2 };

type Targets = Pick<ServiceStandard, 'firstResponseTargetMinutes' | 'resolutionTargetMinutes'>;

function targetOf(standard: Targets, clock: ClockName): number {
  return clock === 'firstResponse' ? standard.firstResponseTargetMinutes : standard.resolutionTargetMinutes;
}

/**
 * Both transitions of every clock that is running at `now` (neither stopped nor paused), ordered by `at` (first
 * response before resolution at equal instants). The instants are facts of the request's history, so those at or
 * before `now` are included — they have happened (the status read at `now` shows them); {@link nextTransition} picks
 * what is still to deliver.
 *
 * Boundaries, exactly as evaluateClocks decides (used working time is counted in whole milliseconds):
 * - `atRisk` at the earliest instant the used time reaches 75 % of the target (used ≥ 0.75 × target): a 240-minute
 *   target is at risk once 180:00.000 are used, so at that instant, not 1 ms later. A 0 target is at risk from `receivedAt`.
 * - `breached` at the earliest instant the used time exceeds the target (used > target): the first working
 *   millisecond after the target is used up — a 240-minute target used up at 13:00 is breached at 13:00:00.001; used
 *   up at 17:00 (end of a window), it is breached at the next working morning's 09:00:00.001.
 *
 * A stopped clock has no transition, nor has a resolution clock paused by an open waiting period (it gets them again
 * when it resumes: recompute after each change to the request). A clock whose target is never reached (the calendar
 * never works again) has none either.
 */
export function nextClockTransitions(request: ClockedRequest, standard: Targets, calendar: WorkingCalendar, now: Date): ClockTransition[] {
  const current = evaluateClocks(request, standard, calendar, now);
  const running = CLOCKS.filter((clock) => current[clock].stoppedAt === null && !current[clock].paused);
  if (running.length === 0) return [];
  const transitions: ClockTransition[] = [];
  for (const clock of running) {
    const target = targetOf(standard, clock);
    // Used time is whole milliseconds, compared in minutes as evaluateClocks compares it (statusOf in clocks.ts).
    const atRiskMs = fewestMs(AT_RISK_SHARE * target, (used) => used >= AT_RISK_SHARE * target);
    const atRisk = atRiskMs === 0 ? new Date(instantMs(request.receivedAt, 'receivedAt')) : reachedAt(request, clock, atRiskMs, calendar, now);
    const breached = reachedAt(request, clock, fewestMs(target, (used) => used > target), calendar, now);
    if (atRisk !== null) transitions.push({ clock, kind: 'atRisk', at: atRisk });
    if (breached !== null) transitions.push({ clock, kind: 'breached', at: breached });
  }
  return transitions.sort((a, b) => a.at.getTime() - b.at.getTime() || CLOCKS.indexOf(a.clock) - CLOCKS.indexOf(b.clock) || RANK[a.kind] - RANK[b.kind]);
}

/**
 * The fewest whole milliseconds whose length in minutes (ms / 60 000, as evaluateClocks reads used time) passes
 * `reached`, searched from `minutes`: a target of 128.0004667 minutes is exceeded at 7 680 029 ms, which floating-point
 * rounding of 128.0004667 × 60 000 alone could miss by one.
 */
function fewestMs(minutes: number, reached: (usedMinutes: number) => boolean): number {
  let ms = Math.max(0, Math.round(minutes * MS_PER_MINUTE));
  while (ms > 0 && reached((ms - 1) / MS_PER_MINUTE)) ms -= 1;
  while (!reached(ms / MS_PER_MINUTE)) ms += 1;
  return ms;
}

/**
 * The earliest instant the clock has used `usedMs` of working time: evaluateClocks' `dueAt` with that as the target
 * (the same pause-aware arithmetic), or null when it is never reached.
 */
function reachedAt(request: ClockedRequest, clock: ClockName, usedMs: number, calendar: WorkingCalendar, now: Date): Date | null {
  const minutes = usedMs / MS_PER_MINUTE;
  try {
    return evaluateClocks(request, { firstResponseTargetMinutes: minutes, resolutionTargetMinutes: minutes }, calendar, now)[clock].dueAt;
  } catch (error) {
    // A calendar that never works again: the clock stays where it is, so there is nothing to schedule.
    if (isDomainError(error, 'no_working_time')) return null;
    throw error;
  }
}

/**
 * The one transition a scheduler should act on next for a request, given what it already delivered: the earliest
 * transition not yet delivered — overdue when its `at` is at or before `now` (deliver it now; e.g. the scheduler was
 * down), else the instant to store and wake for. After delivering, record it in `delivered` and ask again.
 *
 * A clock's `atRisk` is skipped once its `breached` has happened by `now` (the breach says more; a warning for a state
 * already passed is noise), and a kind at or below the one delivered for that clock is never returned again.
 * Null when nothing is left (clocks stopped, paused or already delivered up to `breached`).
 */
export function nextTransition(
  request: ClockedRequest,
  standard: Targets,
  calendar: WorkingCalendar,
  now: Date,
  delivered: DeliveredTransitions = {},
): ClockTransition | null {
  const nowMs = instantMs(now, 'now');
  const all = nextClockTransitions(request, standard, calendar, now);
  const breachedBy = (clock: ClockName): boolean => all.some((t) => t.clock === clock && t.kind === 'breached' && t.at.getTime() <= nowMs);
  for (const t of all) {
    const done = delivered[t.clock];
    if (done !== undefined && RANK[t.kind] <= RANK[done]) continue;
    if (t.kind === 'atRisk' && breachedBy(t.clock)) continue;
    return t;
  }
  return null;
}
