/**
 * Records: what the use cases keep in the database, as the store ports (store-ports.ts) read and write them. Stores
 * ids, times, people, subject and a short preview — never a message body. Instants are `Date` (UTC); durations are
 * working minutes unless a name says otherwise.
 */
import type { Priority } from '../domain/priority';
import type { ServiceStandard } from '../domain/standards';
import type { RequestSource, RequestStatus, ResponseSource } from '../domain/request-lifecycle';
import type { WorkingCalendar } from '../domain/working-time';

/** A person as every view names them. */
export interface PersonRef {
  id: string;
  displayName: string;
  mail: string | null;
  department: string | null;
}

export interface WaitingPeriod {
  from: Date;
  /** null while still waiting. */
  to: Date | null;
}

/** A tracked internal request. Stores ids, times, people, subject and a short preview — never the message body. */
export interface RequestRecord {
  id: string;
  tenantId: string;
  source: RequestSource;
  /** Graph message id (in the assignee's mailbox) or chat message id. */
  sourceMessageId: string;
  /** Email conversationId, or the chat id for chat requests. */
  conversationId: string | null;
  /** Chat id (chat requests only). */
  chatId: string | null;
  /** For channel messages: the id of the thread's root message. */
  threadId: string | null;
  webLink: string | null;
  requesterId: string;
  assigneeId: string;
  /** The team whose standards apply (the assignee's team when tracked), or null. */
  teamId: string | null;
  subject: string;
  /** ≤ 255 characters. */
  preview: string;
  category: string | null;
  priority: Priority;
  note: string | null;
  colleagueOverride: boolean;
  receivedAt: Date;
  firstResponseAt: Date | null;
  firstResponseSource: ResponseSource | null;
  resolvedAt: Date | null;
  waitingPeriods: WaitingPeriod[];
  status: RequestStatus;
  /**
   * The next due instant (first-response due while unanswered, else resolution due; null when resolved or waiting),
   * denormalised so the queue can be read in due order from an index. Recomputed when standards or calendars change.
   */
  dueAt: Date | null;
  /** Whether a breach event was already written for each clock (a breach is recorded once). */
  firstResponseBreachRecorded: boolean;
  resolutionBreachRecorded: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export type NewRequest = Omit<RequestRecord, 'id' | 'createdAt' | 'updatedAt' | 'firstResponseBreachRecorded' | 'resolutionBreachRecorded'>;

export type RequestEventType =
  | 'tracked'
  | 'responded'
  | 'resolved'
  | 'reopened'
  | 'waiting'
  | 'resumed'
  | 'untracked'
  | 'updated'
  | 'breach'
  /** A person undid their own change: `data.eventId` names the change, `data.undid` its type. */
  | 'undone';

/** Append-only history of a request. */
export interface RequestEvent {
  id: string;
  tenantId: string;
  requestId: string;
  type: RequestEventType;
  /** The person who acted, or 'system' for sync/scheduler. */
  actorId: string;
  at: Date;
  /** Small JSON details (e.g. {clock: 'firstResponse'} for breach, {source: 'manual'} for responded). Never bodies. */
  data: Record<string, unknown> | null;
}
export type NewRequestEvent = Omit<RequestEvent, 'id' | 'tenantId' | 'requestId'>;

/** The `actorId` of events the sync and the scheduler write (no person acted). */
export const SYSTEM_ACTOR_ID = 'system';

/** Fields a lifecycle change may set on a request. */
export type RequestChanges = Partial<
  Pick<
    RequestRecord,
    | 'category'
    | 'priority'
    | 'note'
    | 'firstResponseAt'
    | 'firstResponseSource'
    | 'resolvedAt'
    | 'waitingPeriods'
    | 'status'
    | 'dueAt'
    | 'teamId'
    | 'firstResponseBreachRecorded'
    | 'resolutionBreachRecorded'
  >
>;

export interface PersonRecord {
  id: string;
  tenantId: string;
  displayName: string;
  mail: string | null;
  userPrincipalName: string | null;
  department: string | null;
  managerId: string | null;
  /** The person's working calendar, from Graph mailboxSettings (checked when read from the store); null = team default. */
  calendar: WorkingCalendar | null;
  refreshedAt: Date;
}

export type TeamRole = 'owner' | 'member';

export interface TeamRecord {
  id: string;
  tenantId: string;
  displayName: string;
  refreshedAt: Date;
}

export interface TeamMemberRecord {
  teamId: string;
  personId: string;
  role: TeamRole;
}

export interface TeamSettingsRecord {
  tenantId: string;
  teamId: string;
  categories: string[];
  standards: ServiceStandard[];
  /** Team default WorkingCalendar without holidays/closed (timeZone + windows). */
  calendar: Pick<WorkingCalendar, 'timeZone' | 'windows'>;
  holidays: string[];
  pauseForOutOfOffice: boolean;
  minGroupSize: number;
  individualView: boolean;
  updatedAt: Date;
}

export interface SyncStateRecord {
  tenantId: string;
  personId: string;
  /** 'inbox', 'sentitems', or 'chat:<chatId>'. */
  resource: string;
  deltaLink: string | null;
  /** For chats: lastModifiedDateTime high-water mark. */
  watermark: Date | null;
  lastRunAt: Date | null;
}

export interface SyncLease {
  tenantId: string;
  personId: string;
  owner: string;
  expiresAt: Date;
}

export interface SuggestionRecord {
  id: string;
  tenantId: string;
  personId: string;
  source: RequestSource;
  sourceMessageId: string;
  chatId: string | null;
  fromId: string;
  subject: string;
  preview: string;
  receivedAt: Date;
  reason: string;
  answered: boolean;
  score: number;
  dismissed: boolean;
}
