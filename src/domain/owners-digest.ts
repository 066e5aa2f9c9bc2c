/**
 * The owners' digest (issue 20): at the start of each owner's working day, the team's breached and at-risk counts and
 * the age of its oldest open request — a person named only where the team turned individual view on.
 */
import type { ClockEvaluation, ClockName } from './clocks';

/** One of the team's open requests with both clocks evaluated at the digest instant. */
export interface OwnersDigestRequest {
  receivedAt: Date;
  assigneeId: string;
  /** The assignee's display name (shown only with individual view on), or null when unknown. */
  assigneeName: string | null;
  clocks: Record<ClockName, ClockEvaluation>;
}

/** What an owners' digest says. */
export interface OwnersDigest {
  open: number;
  /** Requests with a running clock past its target. */
  breached: number;
  /** Requests with a running clock at risk and none breached. */
  atRisk: number;
  /** The oldest open request's age in whole minutes, calendar time (the time the requester has been waiting). */
  oldestAgeMinutes: number;
  /** E.g. "Support: 2 breached, 1 at risk of 9 open; the oldest open request is 3 days old (Ana Lima)". */
  text: string;
}

const CLOCKS: readonly ClockName[] = ['firstResponse', 'resolution'];
const MS_PER_MINUTE = 60_000;

function runningWith(r: OwnersDigestRequest, status: ClockEvaluation['status']): boolean {
  return CLOCKS.some((c) => r.clocks[c].stoppedAt === null && !r.clocks[c].paused && r.clocks[c].status === status);
}

/** "3 days", "5 hours", "20 minutes": the largest whole unit, rounded down (a request 47 hours old is "1 day"). */
export function ageText(minutes: number): string {
  const whole = (n: number, unit: string): string => `${String(n)} ${unit}${n === 1 ? '' : 's'}`;
  if (minutes >= 1440) return whole(Math.floor(minutes / 1440), 'day');
  if (minutes >= 60) return whole(Math.floor(minutes / 60), 'hour');
  return whole(Math.max(0, Math.floor(minutes)), 'minute');
}

/** The team's privacy settings the digest keeps (DESIGN.md, README "Privacy and data rights"). */
export interface OwnersDigestPrivacy {
  /** Aggregates are shown only when at least this many people have data (here: hold open requests). */
  minGroupSize: number;
  /** Owners see individuals: the digest may then name a person, and the group-size floor does not apply. */
  individualView: boolean;
}

/**
 * Composes the owners' digest of team `teamName` at `at` from its open requests. The oldest is the earliest received
 * (ties: the first given). @returns null when the team has no open request, or when without individual view fewer
 * than `minGroupSize` people hold them (the counts would point at someone) — nothing is sent then.
 */
export function composeOwnersDigest(at: Date, teamName: string, requests: readonly OwnersDigestRequest[], privacy: OwnersDigestPrivacy): OwnersDigest | null {
  if (requests.length === 0) return null;
  if (!privacy.individualView && new Set(requests.map((r) => r.assigneeId)).size < privacy.minGroupSize) return null;
  let breached = 0;
  let atRisk = 0;
  let oldest = requests[0] as OwnersDigestRequest;
  for (const r of requests) {
    if (runningWith(r, 'breached')) breached += 1;
    else if (runningWith(r, 'atRisk')) atRisk += 1;
    if (r.receivedAt.getTime() < oldest.receivedAt.getTime()) oldest = r;
  }
  const oldestAgeMinutes = Math.max(0, Math.floor((at.getTime() - oldest.receivedAt.getTime()) / MS_PER_MINUTE));
  const named = !privacy.individualView || oldest.assigneeName === null || oldest.assigneeName.trim() === '' ? '' : ` (${oldest.assigneeName.trim()})`;
  const text = `${teamName}: ${String(breached)} breached, ${String(atRisk)} at risk of ${String(requests.length)} open; `
    + `the oldest open request is ${ageText(oldestAgeMinutes)} old${named}`;
  return { open: requests.length, breached, atRisk, oldestAgeMinutes, text };
}
