/**
 * "My stats": the caller's own turnaround over the last N days against the standards that cover each request.
 */
import type { StatsResponse } from './views/figure-views';
import type { Clock } from './clock';
import type { UserContext } from './m365-ports';
import type { RequestRecord } from './records';
import type { Stores } from './store-ports';
import { contextFor, loadClockContexts, requestClocks, type ClockContext } from './request-view';
import { periodFigures, periodOf, type EvaluatedRequest } from './stats-figures';
import { defaultTeamSettings } from './team-settings';

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
  const weeksTimeZone = await ownWeeksTimeZone(deps, user, records, contexts, now);
  const figures = periodFigures(items, period, weeksTimeZone);
  return {
    period: { from: period.from.toISOString(), to: period.to.toISOString(), days },
    firstResponse: figures.firstResponse,
    resolution: figures.resolution,
    openBacklog: figures.backlog.open,
    oldestOpenMinutes: figures.backlog.oldestOpenMinutes,
    weekly: figures.weekly,
    weeksTimeZone,
    counts: figures.counts,
  };
}

/**
 * The time zone my weeks run in: that of the calendar my clocks are measured in — my own working hours when stored,
 * else my latest request's team calendar, else the default team calendar's.
 */
async function ownWeeksTimeZone(
  deps: StatsDeps, user: UserContext, records: readonly RequestRecord[], contexts: ReadonlyMap<string, ClockContext>, now: Date,
): Promise<string> {
  const own = (await deps.stores.directory.getPerson(user.tenantId, user.userId))?.calendar ?? null;
  if (own !== null) return own.timeZone;
  const latest = records.reduce<RequestRecord | null>((a, r) => (a === null || r.receivedAt.getTime() > a.receivedAt.getTime() ? r : a), null);
  return latest === null ? defaultTeamSettings(user.tenantId, '', now).calendar.timeZone : contextFor(contexts, latest).calendar.timeZone;
}
