/**
 * When a calendar open requests depend on changes — a team's calendar, holidays or out-of-office setting saved by its
 * owners, or a person's Outlook calendar read again at sync — the stored due time of each of those requests is
 * recomputed, so the queue's order and limit (read from the stored `dueAt`) match the clocks shown on screen, and
 * their warning checks are made due, so the warning dispatcher computes their next transitions afresh.
 * A change of standards needs none: a request keeps the standards in force when it was tracked.
 */
import type { Clock } from './clock';
import type { RequestRecord } from './records';
import type { Stores } from './store-ports';
import { contextFor, loadClockContexts, nextDueAt } from './request-view';

/** Requests recomputed per page: their clock contexts are loaded and their writes made before the next page is read. */
export const DUE_TIME_PAGE = 200;

/** How many open requests had their due time recomputed, and how many of them moved. */
export interface DueTimesRecomputed {
  recomputed: number;
  changed: number;
}

/** Recomputes the stored due time of every open or waiting request of `teamId`. */
export async function recomputeTeamDueTimes(deps: { stores: Stores; clock: Clock }, tenantId: string, teamId: string): Promise<DueTimesRecomputed> {
  const now = deps.clock.now();
  // Received in the empty period [now, now) plus every request still open, whenever received.
  const open = (await deps.stores.requests.listForTeam(tenantId, teamId, now, now)).filter((r) => r.status !== 'resolved');
  return recomputeDueTimes(deps.stores, tenantId, open, now);
}

/** Recomputes the stored due time of every open or waiting request `assigneeId` holds (their calendar changed). */
export async function recomputeAssigneeDueTimes(deps: { stores: Stores; clock: Clock }, tenantId: string, assigneeId: string): Promise<DueTimesRecomputed> {
  const now = deps.clock.now();
  const open = await deps.stores.requests.listOpenForAssignee(tenantId, assigneeId);
  return recomputeDueTimes(deps.stores, tenantId, open, now);
}

/**
 * Recomputes and stores `nextDueAt` for each request, a page at a time (each write its own transaction, never one for
 * all). Idempotent: a request whose stored due time is already right is not written. A request changed meanwhile
 * (optimistic-concurrency conflict, or untracked) is skipped: that change computed its due time under the new calendar,
 * which was saved before this runs.
 */
async function recomputeDueTimes(stores: Stores, tenantId: string, requests: readonly RequestRecord[], now: Date): Promise<DueTimesRecomputed> {
  let changed = 0;
  for (let start = 0; start < requests.length; start += DUE_TIME_PAGE) {
    const page = requests.slice(start, start + DUE_TIME_PAGE);
    // Their warnings are looked at again whatever the due times do: a calendar change can move a clock's at-risk
    // instant, or another clock's, while the stored (earliest) due time stays (issue 20). A write below does it too.
    await stores.clockWarnings.recheckWarnings(tenantId, page.map((r) => r.id));
    const contexts = await loadClockContexts(stores, tenantId, page, now);
    for (const r of page) {
      const due = nextDueAt(r, contextFor(contexts, r), now);
      if ((due?.getTime() ?? null) === (r.dueAt?.getTime() ?? null)) continue;
      try {
        await stores.requests.update(tenantId, r.id, { dueAt: due }, [], r.updatedAt);
        changed += 1;
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (code !== 'conflict' && code !== 'not_found') throw error;
      }
    }
  }
  return { recomputed: requests.length, changed };
}
