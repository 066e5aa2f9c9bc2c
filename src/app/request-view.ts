/**
 * Turns stored requests into what the API shows: people resolved to PersonRefs and both clocks evaluated at `now` in
 * the assignee's working time (their Outlook calendar or the team's, each with its history), under the standard that
 * covers the request among those in force when it was tracked. Also computes the denormalised `dueAt` a lifecycle change must store.
 */
import type { PersonRef } from './records';
import type { ClockView, RequestView } from './views/request-views';
import { evaluateClocks, type ClockEvaluation } from '../domain/clocks';
import { selectStandard, type ServiceStandard } from '../domain/standards';
import { standardsInForce } from '../domain/standards-history';
import { workingDaysBegunBetween, type WorkingCalendar } from '../domain/working-time';
import type { RequestRecord, TeamSettingsRecord } from './records';
import type { Stores } from './store-ports';
import { unknownPerson } from './directory-service';
import { defaultTeamSettings, teamWorkingCalendar } from './team-settings';
import { usableStoredCalendar } from './stored-calendar';

/** What clock evaluation needs for one assignee/team: settings and the effective calendar. */
export interface ClockContext {
  settings: TeamSettingsRecord;
  calendar: WorkingCalendar;
}

/**
 * Loads the clock contexts for a set of requests: one per (team, assignee) pair, each read once.
 * The assignee's own calendar (from Graph mailboxSettings) wins; the team's holidays always apply.
 */
export async function loadClockContexts(stores: Stores, tenantId: string, requests: readonly RequestRecord[], now: Date): Promise<Map<string, ClockContext>> {
  const settingsByTeam = new Map<string, TeamSettingsRecord>();
  const teamIds = [...new Set(requests.map((r) => r.teamId ?? ''))];
  await Promise.all(
    teamIds.map(async (teamId) => {
      const stored = teamId === '' ? null : await stores.teamSettings.get(tenantId, teamId);
      settingsByTeam.set(teamId, stored ?? defaultTeamSettings(tenantId, teamId, now));
    }),
  );
  const assigneeIds = [...new Set(requests.map((r) => r.assigneeId))];
  const people = assigneeIds.length === 0 ? [] : await stores.directory.getPeople(tenantId, assigneeIds);
  const personCalendar = new Map(people.map((p) => [p.id, p.calendar]));
  const contexts = new Map<string, ClockContext>();
  for (const r of requests) {
    const key = contextKey(r);
    if (contexts.has(key)) continue;
    const settings = settingsByTeam.get(r.teamId ?? '') ?? defaultTeamSettings(tenantId, r.teamId ?? '', now);
    const own = personCalendar.get(r.assigneeId) ?? null;
    const teamCalendar = teamWorkingCalendar(settings);
    const calendar = own !== null
      ? { ...own, holidays: [...(own.holidays ?? []), ...settings.holidays], closed: settings.pauseForOutOfOffice ? (own.closed ?? []) : [] }
      : teamCalendar;
    contexts.set(key, { settings, calendar: usableStoredCalendar(calendar, calendar === teamCalendar ? `team ${r.teamId ?? '(none)'}` : `person ${r.assigneeId}`) });
  }
  return contexts;
}

export function contextKey(r: Pick<RequestRecord, 'teamId' | 'assigneeId'>): string {
  return `${r.teamId ?? ''}\u0000${r.assigneeId}`;
}

/** The clock context {@link loadClockContexts} loaded for a request; it loads one for every request it is given. */
export function contextFor(contexts: ReadonlyMap<string, ClockContext>, r: Pick<RequestRecord, 'teamId' | 'assigneeId'>): ClockContext {
  const context = contexts.get(contextKey(r));
  if (context === undefined) throw new Error('No clock context loaded for this request: pass it to loadClockContexts first.');
  return context;
}

/**
 * Both clocks of a request at `now`, under the standard that covers it among the team's standards in force when it was
 * tracked (`createdAt`): a later change of standards applies only to requests tracked after it. The one place a
 * request's standard is chosen.
 */
export function requestClocks(r: RequestRecord, context: ClockContext, now: Date): { firstResponse: ClockEvaluation; resolution: ClockEvaluation } {
  return evaluateClocks(r, requestStandard(r, context), context.calendar, now);
}

/** The standard that covers the request among the team's standards in force when it was tracked (see requestClocks). */
export function requestStandard(r: RequestRecord, context: ClockContext): ServiceStandard {
  const standards = standardsInForce(context.settings.standards, context.settings.pastStandards, r.createdAt);
  return selectStandard(standards, { category: r.category, priority: r.priority });
}

/**
 * The next due instant to store with a request: first-response due while that clock runs (unanswered, never resolved),
 * else resolution due.
 */
export function nextDueAt(r: RequestRecord, context: ClockContext, now: Date): Date | null {
  if (r.status === 'resolved') return null;
  const clocks = requestClocks(r, context, now);
  if (clocks.firstResponse.stoppedAt === null) return clocks.firstResponse.dueAt;
  return r.status === 'waiting' ? null : clocks.resolution.dueAt;
}

function clockView(c: ClockEvaluation, calendar: WorkingCalendar, now: Date): ClockView {
  const dto: ClockView = {
    status: c.status,
    targetMinutes: c.targetMinutes,
    usedMinutes: Math.round(c.usedMinutes * 10) / 10,
    remainingMinutes: Math.round(c.remainingMinutes * 10) / 10,
    dueAt: c.dueAt?.toISOString() ?? null,
    stoppedAt: c.stoppedAt?.toISOString() ?? null,
  };
  // Past the target: the assignee's working days since the due instant (until the stop, else now), counted on their
  // calendar here, so no surface has to guess a day's length from minutes.
  if (c.usedMinutes > c.targetMinutes && c.dueAt !== null) dto.overdueWorkingDays = workingDaysBegunBetween(c.dueAt, c.stoppedAt ?? now, calendar);
  return dto;
}

/** One request as the API shows it to its assignee. */
export function toRequestView(r: RequestRecord, people: Map<string, PersonRef>, context: ClockContext, now: Date): RequestView {
  const clocks = requestClocks(r, context, now);
  const waiting = r.waitingPeriods.find((p) => p.to === null);
  return {
    id: r.id,
    source: r.source,
    messageId: r.sourceMessageId,
    chatId: r.chatId,
    webLink: r.webLink,
    requester: people.get(r.requesterId) ?? unknownPerson(r.requesterId),
    assignee: people.get(r.assigneeId) ?? unknownPerson(r.assigneeId),
    teamId: r.teamId,
    subject: r.subject,
    preview: r.preview,
    category: r.category,
    priority: r.priority,
    note: r.note,
    status: r.status,
    colleagueOverride: r.colleagueOverride,
    receivedAt: r.receivedAt.toISOString(),
    firstResponseAt: r.firstResponseAt?.toISOString() ?? null,
    firstResponseSource: r.firstResponseSource,
    resolvedAt: r.resolvedAt?.toISOString() ?? null,
    reopenCount: r.reopenCount,
    waitingSince: waiting === undefined ? null : waiting.from.toISOString(),
    clocks: { firstResponse: clockView(clocks.firstResponse, context.calendar, now), resolution: clockView(clocks.resolution, context.calendar, now) },
  };
}
