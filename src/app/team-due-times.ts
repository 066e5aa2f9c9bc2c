/**
 * After a team's standards, calendar or holidays change, the stored due time of each of its open requests is
 * recomputed. Clocks shown on screen are evaluated at read time under the team's current settings; this keeps the
 * stored `dueAt` (the queue's order in the database) the same as what is shown.
 */
import type { Clock } from './clock';
import type { Stores } from './store-ports';
import { contextFor, loadClockContexts, nextDueAt } from './request-view';

/**
 * Recomputes the stored due time of every open or waiting request of `teamId`. A request changed meanwhile
 * (optimistic-concurrency conflict, or untracked) is skipped: every change to a request recomputes its due time.
 * @returns how many requests' stored due time changed.
 */
export async function recomputeTeamDueTimes(deps: { stores: Stores; clock: Clock }, tenantId: string, teamId: string): Promise<number> {
  const now = deps.clock.now();
  // Received in the empty period [now, now) plus every request still open, whenever received.
  const open = (await deps.stores.requests.listForTeam(tenantId, teamId, now, now)).filter((r) => r.status !== 'resolved');
  const contexts = await loadClockContexts(deps.stores, tenantId, open, now);
  let changed = 0;
  for (const r of open) {
    const due = nextDueAt(r, contextFor(contexts, r), now);
    if ((due?.getTime() ?? null) === (r.dueAt?.getTime() ?? null)) continue;
    try {
      await deps.stores.requests.update(tenantId, r.id, { dueAt: due }, [], r.updatedAt);
      changed += 1;
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code !== 'conflict' && code !== 'not_found') throw error;
    }
  }
  return changed;
}
