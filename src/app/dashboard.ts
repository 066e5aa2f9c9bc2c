/**
 * The team dashboard and its CSV export. Privacy: every aggregate is withheld (nulls, empty lists) unless at least
 * `minGroupSize` people have data in the period; per-person rows leave the server only when the owners turned
 * individual view on AND the caller is an owner.
 */
import type { CategoryRow, DashboardResponse, DepartmentRow, PersonRow } from '../contracts/api';
import type { Clock, Stores, UserContext } from './ports';
import { unknownPerson, type DirectoryService } from './directory-service';
import { contextKey, loadClockContexts, requestClocks, type ClockContext } from './request-view';
import { backlogFigures, clockStats, periodOf, receivedIn, weeklyPoints, type EvaluatedRequest } from './stats-figures';
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
  const items: EvaluatedRequest[] = records.map((record) => ({ record, ...requestClocks(record, contexts.get(contextKey(record)) as ClockContext, now) }));
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
  };
  if (!enoughData) {
    return { ...base, firstResponse: null, resolution: null, backlog: null, weekly: [], departments: [], categories: [], people: null };
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
  return {
    ...base,
    firstResponse: clockStats(inPeriod.map((i) => i.firstResponse)),
    resolution: clockStats(inPeriod.map((i) => i.resolution)),
    backlog: backlogFigures(items),
    weekly: weeklyPoints(inPeriod, period.from, period.to),
    departments,
    categories,
    people: personRows,
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

/** One CSV cell: quoted when needed, and neutralised against spreadsheet formula injection. */
function cell(value: string | number | null): string {
  if (value === null) return '';
  let s = String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The dashboard's rows as CSV (weekly, departments, categories and — under the same rules — people). */
export function dashboardCsv(d: DashboardResponse): string {
  const lines: string[] = [['section', 'key', 'requests', 'first_response_median_minutes', 'first_response_p90_minutes', 'first_response_within_standard', 'resolution_median_minutes', 'resolution_p90_minutes', 'resolution_within_standard'].join(',')];
  const row = (section: string, key: string, requests: number, fr: DepartmentRow['firstResponse'], rs: DepartmentRow['resolution']): void => {
    lines.push([section, key, requests, fr.medianMinutes, fr.p90Minutes, fr.withinStandardShare, rs.medianMinutes, rs.p90Minutes, rs.withinStandardShare].map((v) => cell(v)).join(','));
  };
  for (const w of d.weekly) row('week', w.weekStart.slice(0, 10), w.received, w.firstResponse, w.resolution);
  for (const dep of d.departments) row('department', dep.department, dep.requests, dep.firstResponse, dep.resolution);
  const empty = { count: 0, medianMinutes: null, p90Minutes: null, withinStandardShare: null };
  for (const c of d.categories) row('category', c.category, c.requests, empty, empty);
  for (const p of d.people ?? []) row('person', p.person.displayName, p.requests, p.firstResponse, p.resolution);
  return `${lines.join('\r\n')}\r\n`;
}
