import type { Selectable } from 'kysely';
import type { NewRequest, RequestEvent, RequestEventType, RequestChanges, RequestRecord, WaitingPeriod } from '../app/records';
import type { Priority } from '../domain/priority';
import type { RequestSource, RequestStatus, ResponseSource } from '../domain/request-lifecycle';
import { PREVIEW_MAX_CHARACTERS } from '../domain/request-text';
import type { RequestEventsTable, RequestsTable } from './database-schema';

type RequestRow = Selectable<RequestsTable>;
type EventRow = Selectable<RequestEventsTable>;

const toMillis = (d: Date): number => d.getTime();
const toMillisOrNull = (d: Date | null): number | null => (d === null ? null : d.getTime());
const toDateOrNull = (ms: number | null): Date | null => (ms === null ? null : new Date(Number(ms)));

/** Waiting periods as JSON text: [{from, to}] in epoch milliseconds. */
export function waitingPeriodsToText(periods: WaitingPeriod[]): string {
  return JSON.stringify(periods.map((p) => ({ from: p.from.getTime(), to: p.to === null ? null : p.to.getTime() })));
}

function waitingPeriodsFromText(text: string): WaitingPeriod[] {
  const raw = JSON.parse(text) as { from: number; to: number | null }[];
  return raw.map((p) => ({ from: new Date(p.from), to: p.to === null ? null : new Date(p.to) }));
}

/** The row for a new request (the tenant comes from the caller's argument, never from the input). */
export function newRequestToRow(tenantId: string, id: string, input: NewRequest, nowMillis: number): RequestRow {
  return {
    id,
    tenant_id: tenantId,
    source: input.source,
    source_message_id: input.sourceMessageId,
    conversation_id: input.conversationId,
    chat_id: input.chatId,
    thread_id: input.threadId,
    web_link: input.webLink,
    requester_id: input.requesterId,
    assignee_id: input.assigneeId,
    team_id: input.teamId,
    subject: input.subject,
    preview: input.preview.slice(0, PREVIEW_MAX_CHARACTERS),
    category: input.category,
    priority: input.priority,
    note: input.note,
    colleague_override: input.colleagueOverride ? 1 : 0,
    received_at: toMillis(input.receivedAt),
    first_response_at: toMillisOrNull(input.firstResponseAt),
    first_response_source: input.firstResponseSource,
    first_response_message_id: input.firstResponseMessageId ?? null,
    resolved_at: toMillisOrNull(input.resolvedAt),
    first_resolved_at: toMillisOrNull(input.resolvedAt),
    reopen_count: 0,
    waiting_periods: waitingPeriodsToText(input.waitingPeriods),
    status: input.status,
    due_at: toMillisOrNull(input.dueAt),
    first_response_breach_recorded: 0,
    resolution_breach_recorded: 0,
    breach_check_at: toMillisOrNull(input.dueAt),
    // A new request is looked at by the warning dispatcher at once: it stores the instant of the first transition.
    warning_check_at: input.status === 'resolved' ? null : toMillis(input.receivedAt),
    created_at: nowMillis,
    updated_at: nowMillis,
  };
}

/** The columns a lifecycle change sets (only the fields present in `changes`). */
export function changesToRow(changes: RequestChanges): Partial<RequestRow> {
  const row: Partial<RequestRow> = {};
  if (changes.category !== undefined) row.category = changes.category;
  if (changes.priority !== undefined) row.priority = changes.priority;
  if (changes.note !== undefined) row.note = changes.note;
  if (changes.firstResponseAt !== undefined) row.first_response_at = toMillisOrNull(changes.firstResponseAt);
  if (changes.firstResponseSource !== undefined) row.first_response_source = changes.firstResponseSource;
  if (changes.firstResponseMessageId !== undefined) row.first_response_message_id = changes.firstResponseMessageId;
  if (changes.resolvedAt !== undefined) row.resolved_at = toMillisOrNull(changes.resolvedAt);
  if (changes.firstResolvedAt !== undefined) row.first_resolved_at = toMillisOrNull(changes.firstResolvedAt);
  if (changes.reopenCount !== undefined) row.reopen_count = changes.reopenCount;
  if (changes.waitingPeriods !== undefined) row.waiting_periods = waitingPeriodsToText(changes.waitingPeriods);
  if (changes.status !== undefined) row.status = changes.status;
  if (changes.dueAt !== undefined) row.due_at = toMillisOrNull(changes.dueAt);
  if (changes.teamId !== undefined) row.team_id = changes.teamId;
  if (changes.firstResponseBreachRecorded !== undefined) row.first_response_breach_recorded = changes.firstResponseBreachRecorded ? 1 : 0;
  if (changes.resolutionBreachRecorded !== undefined) row.resolution_breach_recorded = changes.resolutionBreachRecorded ? 1 : 0;
  return row;
}

export function requestFromRow(row: RequestRow): RequestRecord {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    source: row.source as RequestSource,
    sourceMessageId: row.source_message_id,
    conversationId: row.conversation_id,
    chatId: row.chat_id,
    threadId: row.thread_id,
    webLink: row.web_link,
    requesterId: row.requester_id,
    assigneeId: row.assignee_id,
    teamId: row.team_id,
    subject: row.subject,
    preview: row.preview,
    category: row.category,
    priority: row.priority as Priority,
    note: row.note,
    colleagueOverride: Number(row.colleague_override) === 1,
    receivedAt: new Date(Number(row.received_at)),
    firstResponseAt: toDateOrNull(row.first_response_at),
    firstResponseSource: row.first_response_source as ResponseSource | null,
    // Absent in an untracked row kept aside before migration 0004.
    firstResponseMessageId: row.first_response_message_id ?? null,
    resolvedAt: toDateOrNull(row.resolved_at),
    // Absent in an untracked row kept aside before migration 0005.
    firstResolvedAt: toDateOrNull(row.first_resolved_at ?? null),
    reopenCount: Number(row.reopen_count ?? 0),
    waitingPeriods: waitingPeriodsFromText(row.waiting_periods),
    status: row.status as RequestStatus,
    dueAt: toDateOrNull(row.due_at),
    firstResponseBreachRecorded: Number(row.first_response_breach_recorded) === 1,
    resolutionBreachRecorded: Number(row.resolution_breach_recorded) === 1,
    createdAt: new Date(Number(row.created_at)),
    updatedAt: new Date(Number(row.updated_at)),
  };
}

export function eventFromRow(row: EventRow): RequestEvent {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    requestId: row.request_id,
    type: row.type as RequestEventType,
    actorId: row.actor_id,
    at: new Date(Number(row.at)),
    data: row.data === null ? null : (JSON.parse(row.data) as Record<string, unknown>),
  };
}
