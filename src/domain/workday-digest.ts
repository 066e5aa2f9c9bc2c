/**
 * The working-day digest (issue 20): at the first working minute of a person's working day, one notice that sums up
 * their open requests — "3 requests due today, 1 at risk, 1 breached" — and names the most urgent, folding in the
 * warnings held back by quiet hours. Nothing is sent when there is nothing to say.
 */
import type { ClockEvaluation, ClockName } from './clocks';
import type { ClockTransition } from './clock-transitions';
import { addWorkingMinutes, nextWorkingDayBegin, type WorkingCalendar } from './working-time';

/** One of the person's open requests with both clocks evaluated at the digest instant (evaluateClocks). */
export interface DigestRequest {
  id: string;
  subject: string;
  clocks: Record<ClockName, ClockEvaluation>;
}

/** A warning quiet hours held back for the digest: a request's clock transition. */
export interface HeldWarning extends ClockTransition {
  requestId: string;
}

/** Why a request is the most urgent one: its clock past its target, at risk, or merely due today. */
export type DigestUrgency = 'breached' | 'atRisk' | 'dueToday';

/** The request a digest names, and which of its clocks makes it urgent. */
export interface MostUrgentRequest {
  requestId: string;
  subject: string;
  clock: ClockName;
  urgency: DigestUrgency;
  /** When that clock's target is (or was) used up, UTC. */
  dueAt: Date;
}

/** What a digest says. */
export interface WorkdayDigest {
  /** Requests not breached with a running clock due before the end of the working day (at-risk ones included). */
  dueToday: number;
  /** Requests with a running clock at risk and none breached (due today or later). */
  atRisk: number;
  /** Requests with a running clock past its target. */
  breached: number;
  mostUrgent: MostUrgentRequest;
  /** E.g. "3 requests due today, 1 at risk, 1 breached. Most urgent: Laptop for Ana (first response breached)". */
  text: string;
  /** The held warnings still true at the digest instant, which this digest delivers; the others are stale. */
  warnings: HeldWarning[];
}

const CLOCKS: readonly ClockName[] = ['firstResponse', 'resolution'];
const URGENCY_ORDER: Record<DigestUrgency, number> = { breached: 0, atRisk: 1, dueToday: 2 };
const CLOCK_WORDS: Record<ClockName, string> = { firstResponse: 'first response', resolution: 'resolution' };
const URGENCY_WORDS: Record<DigestUrgency, string> = { breached: 'breached', atRisk: 'at risk', dueToday: 'due today' };

/**
 * Composes a person's digest at `at` (the digest instant: the first working minute of their working day, from
 * nextDigestAt) from their open requests, each with both clocks evaluated at `at`, and the warnings held for it.
 * Only clocks that are running count: stopped clocks are done, and a paused one waits on the requester.
 *
 * - "Due today" means due before the end of the recipient's working day: before the next working day begins in their
 *   calendar (their local date; when `at` is outside working time, the working day that comes next). A due instant is
 *   always inside working time or at the end of a window, so this is "by the end of today's working hours".
 * - Most urgent: breached first, the longest overdue (earliest due) first; then at risk, soonest due first; then due
 *   today, soonest first; ties by request id. A request counts once, by its most urgent clock.
 * - A held warning is delivered when its request is still open and its clock still running at or beyond the warned
 *   status (an at-risk warning for a clock now breached included, a breached one only while still breached).
 *
 * @returns null when nothing is due today, at risk or breached — nothing is sent then.
 */
export function composeWorkdayDigest(
  at: Date,
  calendar: WorkingCalendar,
  requests: readonly DigestRequest[],
  heldWarnings: readonly HeldWarning[],
): WorkdayDigest | null {
  const endOfDayMs = nextWorkingDayBegin(addWorkingMinutes(at, 0, calendar), calendar).getTime();
  let dueToday = 0;
  let atRisk = 0;
  let breached = 0;
  let mostUrgent: MostUrgentRequest | null = null;
  for (const r of requests) {
    const best = urgentClockOf(r, endOfDayMs);
    if (best === null) continue;
    if (best.urgency === 'breached') breached += 1;
    else {
      if (best.urgency === 'atRisk') atRisk += 1;
      if (CLOCKS.some((c) => isRunning(r.clocks[c]) && dueBefore(r.clocks[c], endOfDayMs))) dueToday += 1;
    }
    if (mostUrgent === null || moreUrgent(best, mostUrgent)) mostUrgent = best;
  }
  if (mostUrgent === null) return null;
  const byId = new Map(requests.map((r) => [r.id, r]));
  const warnings = heldWarnings.filter((w) => {
    const c = byId.get(w.requestId)?.clocks[w.clock];
    return c !== undefined && isRunning(c) && (c.status === 'breached' || (w.kind === 'atRisk' && c.status === 'atRisk'));
  });
  return { dueToday, atRisk, breached, mostUrgent, text: digestText(dueToday, atRisk, breached, mostUrgent), warnings };
}

function isRunning(c: ClockEvaluation): boolean {
  return c.stoppedAt === null && !c.paused;
}

function dueBefore(c: ClockEvaluation, endMs: number): boolean {
  return c.status !== 'breached' && c.dueAt !== null && c.dueAt.getTime() < endMs;
}

/** The request's most urgent running clock, or null when none is breached, at risk or due today. */
function urgentClockOf(r: DigestRequest, endOfDayMs: number): MostUrgentRequest | null {
  let best: MostUrgentRequest | null = null;
  for (const clock of CLOCKS) {
    const c = r.clocks[clock];
    if (!isRunning(c) || c.dueAt === null) continue;
    const urgency: DigestUrgency | null = c.status === 'breached' ? 'breached' : c.status === 'atRisk' ? 'atRisk' : dueBefore(c, endOfDayMs) ? 'dueToday' : null;
    if (urgency === null) continue;
    const candidate: MostUrgentRequest = { requestId: r.id, subject: r.subject, clock, urgency, dueAt: c.dueAt };
    if (best === null || moreUrgent(candidate, best)) best = candidate;
  }
  return best;
}

function moreUrgent(a: MostUrgentRequest, b: MostUrgentRequest): boolean {
  return (
    URGENCY_ORDER[a.urgency] - URGENCY_ORDER[b.urgency] ||
    a.dueAt.getTime() - b.dueAt.getTime() ||
    (a.requestId < b.requestId ? -1 : a.requestId > b.requestId ? 1 : 0)
  ) < 0;
}

/** "3 requests due today, 1 at risk, 1 breached. Most urgent: …": zero counts left out, the noun on the first. */
function digestText(dueToday: number, atRisk: number, breached: number, mostUrgent: MostUrgentRequest): string {
  const parts = ([[dueToday, 'due today'], [atRisk, 'at risk'], [breached, 'breached']] as const).filter(([n]) => n > 0);
  const counts = parts.map(([n, words], i) => (i === 0 ? `${n} ${n === 1 ? 'request' : 'requests'} ${words}` : `${n} ${words}`)).join(', ');
  const subject = mostUrgent.subject.trim() === '' ? '(no subject)' : mostUrgent.subject.trim();
  return `${counts}. Most urgent: ${subject} (${CLOCK_WORDS[mostUrgent.clock]} ${URGENCY_WORDS[mostUrgent.urgency]})`;
}
