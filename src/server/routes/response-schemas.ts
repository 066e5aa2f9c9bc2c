/**
 * JSON Schemas of the hot JSON answers (GET /api/me/queue, /api/me/stats, /api/teams/:groupId/dashboard), which Fastify
 * compiles with fast-json-stringify into a serializer for the 200 answer. A serializer writes only the properties its
 * schema lists, so each object schema here is checked against its TypeScript type at compile time ({@link ObjectSchema}:
 * every property of the type, no other, `required` = the non-optional ones), and
 * tests/integration/server/response-schemas.test.ts checks real answers survive it whole.
 */
import type { ClockStats, ClockView, DashboardResponse, PeriodCounts, PersonRef, QueueResponse, QueueStampResponse, RequestView, StatsResponse, WeeklyPoint } from '../../contracts/api';

type RequiredKeys<T> = { [K in keyof T]-?: undefined extends T[K] ? never : K }[keyof T];

/** An object schema listing exactly the properties of `T` (optional ones outside `required`). */
interface ObjectSchema<T> {
  type: 'object' | readonly ['object', 'null'];
  properties: { [K in keyof Required<T>]: object };
  required: readonly RequiredKeys<T>[];
  additionalProperties: false;
}

function object<T>(properties: { [K in keyof Required<T>]: object }, required: readonly RequiredKeys<T>[]): ObjectSchema<T> {
  return { type: 'object', properties, required, additionalProperties: false };
}

/** The same object schema, also allowing null (`T | null` in the type). */
function orNull<T>(schema: ObjectSchema<T>): ObjectSchema<T> {
  return { ...schema, type: ['object', 'null'] };
}

const string = { type: 'string' } as const;
const stringOrNull = { type: ['string', 'null'] } as const;
// `number`, never `integer`: fast-json-stringify would round a fractional value silently.
const number = { type: 'number' } as const;
const numberOrNull = { type: ['number', 'null'] } as const;
const boolean = { type: 'boolean' } as const;
const arrayOf = (items: object) => ({ type: 'array', items }) as const;

const personRef = object<PersonRef>(
  { id: string, displayName: string, mail: stringOrNull, department: stringOrNull },
  ['id', 'displayName', 'mail', 'department'],
);

const clockView = object<ClockView>(
  { status: string, targetMinutes: number, usedMinutes: number, remainingMinutes: number, dueAt: stringOrNull, stoppedAt: stringOrNull, overdueWorkingDays: number },
  ['status', 'targetMinutes', 'usedMinutes', 'remainingMinutes', 'dueAt', 'stoppedAt'],
);

const undoOffer = object<NonNullable<RequestView['undo']>>({ eventId: string, action: string, until: string }, ['eventId', 'action', 'until']);

const requestView = object<RequestView>(
  {
    id: string, source: string, messageId: string, chatId: stringOrNull, webLink: stringOrNull, requester: personRef, assignee: personRef,
    teamId: stringOrNull, subject: string, preview: string, category: stringOrNull, priority: string, note: stringOrNull, status: string,
    colleagueOverride: boolean, receivedAt: string, firstResponseAt: stringOrNull, firstResponseSource: stringOrNull, resolvedAt: stringOrNull,
    reopenCount: number, waitingSince: stringOrNull,
    clocks: object<RequestView['clocks']>({ firstResponse: clockView, resolution: clockView }, ['firstResponse', 'resolution']),
    undo: undoOffer,
  },
  [
    'id', 'source', 'messageId', 'chatId', 'webLink', 'requester', 'assignee', 'teamId', 'subject', 'preview', 'category', 'priority', 'note',
    'status', 'colleagueOverride', 'receivedAt', 'firstResponseAt', 'firstResponseSource', 'resolvedAt', 'reopenCount', 'waitingSince', 'clocks',
  ],
);

/** GET /api/me/queue → {@link QueueResponse}. */
export const queueResponseSchema = object<QueueResponse>({ now: string, requests: arrayOf(requestView), stamp: string }, ['now', 'requests', 'stamp']);
export const queueStampResponseSchema = object<QueueStampResponse>({ stamp: string }, ['stamp']);

const clockStats = object<ClockStats>(
  { count: number, medianMinutes: numberOrNull, p90Minutes: numberOrNull, withinStandardShare: numberOrNull, met: number, missed: number, breached: number, running: number },
  ['count', 'medianMinutes', 'p90Minutes', 'withinStandardShare', 'met', 'missed', 'breached', 'running'],
);

const periodCounts = object<PeriodCounts>({ received: number, resolved: number, open: number, openReceivedEarlier: number }, ['received', 'resolved', 'open', 'openReceivedEarlier']);

const weeklyPoint = object<WeeklyPoint>(
  { weekStart: string, weekOf: string, received: number, firstResponse: clockStats, resolution: clockStats },
  ['weekStart', 'weekOf', 'received', 'firstResponse', 'resolution'],
);

const period = object<StatsResponse['period']>({ from: string, to: string, days: number }, ['from', 'to', 'days']);

/** GET /api/me/stats → {@link StatsResponse}. */
export const statsResponseSchema = object<StatsResponse>(
  {
    period, firstResponse: clockStats, resolution: clockStats, openBacklog: number, oldestOpenMinutes: numberOrNull, weekly: arrayOf(weeklyPoint),
    weeksTimeZone: string, counts: periodCounts,
  },
  ['period', 'firstResponse', 'resolution', 'openBacklog', 'oldestOpenMinutes', 'weekly', 'weeksTimeZone', 'counts'],
);

type DepartmentRow = DashboardResponse['departments'][number];
type CategoryRow = DashboardResponse['categories'][number];
type PersonRow = NonNullable<DashboardResponse['people']>[number];
type Backlog = NonNullable<DashboardResponse['backlog']>;

/** GET /api/teams/:groupId/dashboard → {@link DashboardResponse}. */
export const dashboardResponseSchema = object<DashboardResponse>(
  {
    teamId: string, teamName: string, period, minGroupSize: number, peopleWithData: number, enoughData: boolean,
    firstResponse: orNull(clockStats), resolution: orNull(clockStats),
    backlog: orNull(object<Backlog>({ open: number, breachedNow: number, oldestOpenMinutes: numberOrNull }, ['open', 'breachedNow', 'oldestOpenMinutes'])),
    weekly: arrayOf(weeklyPoint),
    weeksTimeZone: string,
    departments: arrayOf(object<DepartmentRow>({ department: string, requests: number, firstResponse: clockStats, resolution: clockStats }, ['department', 'requests', 'firstResponse', 'resolution'])),
    categories: arrayOf(object<CategoryRow>(
      { category: string, requests: number, breaches: number, firstResponse: clockStats, resolution: clockStats },
      ['category', 'requests', 'breaches', 'firstResponse', 'resolution'],
    )),
    people: { type: ['array', 'null'], items: object<PersonRow>(
      { person: personRef, requests: number, firstResponse: clockStats, resolution: clockStats, openBacklog: number },
      ['person', 'requests', 'firstResponse', 'resolution', 'openBacklog'],
    ) },
    counts: orNull(periodCounts),
  },
  [
    'teamId', 'teamName', 'period', 'minGroupSize', 'peopleWithData', 'enoughData', 'firstResponse', 'resolution', 'backlog', 'weekly',
    'weeksTimeZone', 'departments', 'categories', 'people', 'counts',
  ],
);
