/**
 * The team dashboard (its CSV export is dashboard-csv.ts). Privacy: every aggregate is withheld (nulls, empty lists) unless at least
 * `minGroupSize` people have data in the period; per-person rows leave the server only when the owners turned
 * individual view on AND the caller is an owner.
 */
import type { CategoryRow, DashboardResponse, DepartmentRow, PersonRow } from './views/figure-views';
import type { Clock } from './clock';
import type { UserContext } from './m365-ports';
import type { Stores } from './store-ports';
import { unknownPerson, type DirectoryService } from './directory-service';
import { contextFor, loadClockContexts, requestClocks } from './request-view';
import { clockStats, periodFigures, periodOf, receivedIn, type EvaluatedRequest } from './stats-figures';
import { requireMember } from './team-access';
import { defaultTeamSettings } from './team-settings';

export interface DashboardDeps {
  stores: Stores;
  clock: Clock;
  directory: DirectoryService;
}

export async function getDashboard(deps: DashboardDeps, user: UserContext, teamId: string, days: number): Promise<DashboardResponse> {
  const role = await requireMember(deps.directory, user, teamId);
  const now = deps.clock.now();
  const period = periodOf(now, days);
  const [team, stored, records] = await Promise.all([
    deps.stores.directory.getTeam(user.tenantId, teamId),
    deps.stores.teamSettings.get(user.tenantId, teamId),
    deps.stores.requests.listForTeam(user.tenantId, teamId, period.from, period.to),
  ]);
  const settings = stored ?? defaultTeamSettings(user.tenantId, teamId, now);
  const contexts = await loadClockContexts(deps.stores, user.tenantId, records, now);
  const items: EvaluatedRequest[] = records.map((record) => ({ record, ...requestClocks(record, contextFor(contexts, record), now) }));
  const inPeriod = items.filter((i) => receivedIn(i.record, period));
  const peopleWithData = new Set(inPeriod.map((i) => i.record.assigneeId)).size;
  const enoughData = peopleWithData >= settings.minGroupSize;
  const base = {
    teamId,
    teamName: team?.displayName ?? teamId,
    period: { from: period.from.toISOString(), to: period.to.toISOString(), days },
    minGroupSize: settings.minGroupSize,
    peopleWithData,
    enoughData,
    // Weeks run from Monday 00:00 in the team calendar's time zone (DESIGN.md "Turnaround statistics").
    weeksTimeZone: settings.calendar.timeZone,
  };
  if (!enoughData) {
    return { ...base, firstResponse: null, resolution: null, backlog: null, weekly: [], departments: [], categories: [], people: null, counts: null };
  }
  const people = await deps.directory.people(user.tenantId, items.flatMap((i) => [i.record.requesterId, i.record.assigneeId]));
  const departments = groupRows(inPeriod, (i) => people.get(i.record.requesterId)?.department ?? 'Unknown').map(([department, list]): DepartmentRow => ({
    department,
    requests: list.length,
    firstResponse: clockStats(list.map((i) => i.firstResponse)),
    resolution: clockStats(list.map((i) => i.resolution)),
  }));
  const categories = groupRows(inPeriod, (i) => i.record.category ?? 'Uncategorised').map(([category, list]): CategoryRow => ({
    category,
    requests: list.length,
    breaches: list.filter((i) => [i.firstResponse.status, i.resolution.status].some((s) => s === 'breached' || s === 'missed')).length,
    firstResponse: clockStats(list.map((i) => i.firstResponse)),
    resolution: clockStats(list.map((i) => i.resolution)),
  }));
  const showPeople = settings.individualView && role === 'owner';
  const personRows = showPeople
    ? groupRows(items, (i) => i.record.assigneeId).map(([personId, list]): PersonRow => {
        const received = list.filter((i) => receivedIn(i.record, period));
        return {
          person: people.get(personId) ?? unknownPerson(personId),
          requests: received.length,
          firstResponse: clockStats(received.map((i) => i.firstResponse)),
          resolution: clockStats(received.map((i) => i.resolution)),
          openBacklog: list.filter((i) => i.record.status !== 'resolved').length,
        };
      })
    : null;
  const figures = periodFigures(items, period, base.weeksTimeZone);
  return {
    ...base,
    firstResponse: figures.firstResponse,
    resolution: figures.resolution,
    backlog: figures.backlog,
    weekly: figures.weekly,
    departments,
    categories,
    people: personRows,
    counts: figures.counts,
  };
}

function groupRows<T>(items: readonly T[], keyOf: (item: T) => string): [string, T[]][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = keyOf(item);
    const list = groups.get(k);
    if (list === undefined) groups.set(k, [item]);
    else list.push(item);
  }
  return [...groups.entries()].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]));
}
