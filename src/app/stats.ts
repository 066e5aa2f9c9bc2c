/**
 * "My stats": the caller's own turnaround over the last N days against the standards that cover each request.
 */
import type { StatsResponse } from './views/figure-views';
import type { Clock } from './clock';
import type { UserContext } from './m365-ports';
import type { Stores } from './store-ports';
import { contextFor, loadClockContexts, requestClocks } from './request-view';
import { backlogFigures, clockStats, periodCounts, periodOf, receivedIn, weeklyPoints, type EvaluatedRequest } from './stats-figures';

export interface StatsDeps {
  stores: Stores;
  clock: Clock;
}

export async function getOwnStats(deps: StatsDeps, user: UserContext, days: number): Promise<StatsResponse> {
  const now = deps.clock.now();
  const period = periodOf(now, days);
  const [received, open] = await Promise.all([
    deps.stores.requests.listForAssignee(user.tenantId, user.userId, { includeResolved: true, receivedFrom: period.from, limit: 20_000 }),
    deps.stores.requests.listOpenForAssignee(user.tenantId, user.userId),
  ]);
  const byId = new Map([...received, ...open].map((r) => [r.id, r]));
  const records = [...byId.values()];
  const contexts = await loadClockContexts(deps.stores, user.tenantId, records, now);
  const items: EvaluatedRequest[] = records.map((record) => ({ record, ...requestClocks(record, contextFor(contexts, record), now) }));
  const inPeriod = items.filter((i) => receivedIn(i.record, period));
  const backlog = backlogFigures(items);
  return {
    period: { from: period.from.toISOString(), to: period.to.toISOString(), days },
    firstResponse: clockStats(inPeriod.map((i) => i.firstResponse)),
    resolution: clockStats(inPeriod.map((i) => i.resolution)),
    openBacklog: backlog.open,
    oldestOpenMinutes: backlog.oldestOpenMinutes,
    weekly: weeklyPoints(inPeriod, period.from, period.to),
    counts: periodCounts(items, period),
  };
}
