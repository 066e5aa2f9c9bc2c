/**
 * Records: what the use cases keep in the database, as the store ports (store-ports.ts) read and write them. Stores
 * ids, times, people, subject and a short preview — never a message body. Instants are `Date` (UTC); durations are
 * working minutes unless a name says otherwise.
 */
import type { Priority } from '../domain/priority';
import type { ServiceStandard } from '../domain/standards';
import type { PastStandards } from '../domain/standards-history';
import type { RequestSource, RequestStatus, ResponseSource } from '../domain/request-lifecycle';
import type { WorkingCalendar } from '../domain/working-time';
import type { SubscriptionKind } from '../domain/change-subscription-policy';

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
  /** Graph message id (in the assignee's mailbox) or chat (or channel) message id. */
  sourceMessageId: string;
  /** Email conversationId, or the chat id for chat requests, or the channel's team (Graph group id) for channel requests. */
  conversationId: string | null;
  /** Chat id (chat requests), or the channel id ('19:…@thread.tacv2') for channel requests. */
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
  /** The Graph id of the answering message (email message id or chat message id); null when none or marked by hand. */
  firstResponseMessageId: string | null;
  resolvedAt: Date | null;
  /** When the request was first resolved (a reopen keeps it): the first-response clock stops here at the latest. */
  firstResolvedAt: Date | null;
  /** How many times the request was reopened. */
  reopenCount: number;
  waitingPeriods: WaitingPeriod[];
  status: RequestStatus;
  /**
   * The next due instant (first-response due while that clock runs, else resolution due; null when resolved or waiting),
   * denormalised so the queue can be read in due order from an index. Recomputed when standards or calendars change.
   */
  dueAt: Date | null;
  /**
   * Whether a breach event was already written for each clock (a breach is recorded once, by the breach recorder,
   * src/app/breach-recorder.ts; that write leaves `updatedAt` as it is, so a record read earlier may lag behind).
   */
  firstResponseBreachRecorded: boolean;
  resolutionBreachRecorded: boolean;
  /** When the request was tracked (its `tracked` event's instant): the team's standards in force then apply to it. */
  createdAt: Date;
  updatedAt: Date;
}

/** A request to track (`firstResolvedAt` starts as `resolvedAt`, `reopenCount` as 0). */
export type NewRequest = Omit<
  RequestRecord,
  'id' | 'createdAt' | 'updatedAt' | 'firstResponseBreachRecorded' | 'resolutionBreachRecorded' | 'firstResponseMessageId' | 'firstResolvedAt' | 'reopenCount'
>
  /** Null when absent (no first response yet, or one marked by hand). */
  & { firstResponseMessageId?: string | null };

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
    | 'firstResponseMessageId'
    | 'resolvedAt'
    | 'firstResolvedAt'
    | 'reopenCount'
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
  /**
   * Every address of the person, lower-cased (src/domain/person-addresses: mail, UPN, SMTP proxy addresses, addresses
   * their messages came from). Read from the store it is always present (mail and UPN for a row stored without it);
   * written without it, the stored list is kept.
   */
  addresses?: string[];
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
  /** The standards in force now: they apply to requests tracked since the last entry of `pastStandards` ended. */
  standards: ServiceStandard[];
  /** Earlier standards, oldest first: each applies to the team's requests tracked before its `until`. */
  pastStandards?: PastStandards[];
  /**
   * Team default WorkingCalendar without holidays/closed: the weekly pattern in force now (timeZone + windows) and
   * the patterns in force before (`pastPatterns`).
   */
  calendar: Pick<WorkingCalendar, 'timeZone' | 'windows' | 'pastPatterns'>;
  /** Local dates; past ones stay as they were when saved (calendars are history). */
  holidays: string[];
  pauseForOutOfOffice: boolean;
  minGroupSize: number;
  individualView: boolean;
  /**
   * Owners turned on the owners' digest (issue 20): each owner gets the team's breached and at-risk counts and the
   * oldest open request's age at the start of their working day. Off by default.
   */
  ownersDigest: boolean;
  updatedAt: Date;
}

/**
 * What a person chose to receive in their Teams activity feed (issue 20): warnings when a request they hold is at
 * risk or breached plus the working-day digest, the digest only, or nothing. {@link DEFAULT_WARNING_CHOICE} until
 * they choose.
 */
export type WarningChoice = 'warningsAndDigest' | 'digestOnly' | 'off';

/** Every {@link WarningChoice}, for validation (the API body, the stored column's check). */
export const WARNING_CHOICES = ['warningsAndDigest', 'digestOnly', 'off'] as const satisfies readonly WarningChoice[];

/** A person who never chose gets warnings and the digest (issue 20: "defaults: warnings and digest"). */
export const DEFAULT_WARNING_CHOICE: WarningChoice = 'warningsAndDigest';

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

/**
 * One Graph subscription of one person (issue 19): created when they start using Turnaround, renewed before
 * `expiresAt`, deleted with their data. `clientState` is the per-subscription secret Graph echoes in every
 * notification; it is compared in constant time and never logged.
 */
export interface ChangeSubscriptionRecord {
  /** Graph's subscription id. */
  id: string;
  tenantId: string;
  personId: string;
  kind: SubscriptionKind;
  /** The Graph resource subscribed to, e.g. `/users/{id}/mailFolders('inbox')/messages`. */
  resource: string;
  clientState: string;
  expiresAt: Date;
  createdAt: Date;
  /** Failed renewals or re-creations in a row; reset by a success. */
  failures: number;
}

/** What changed for a person and is waiting for a delta run: recorded before a notification is answered 202. */
export type PendingChangeKind = 'mail' | 'chats';

/** A person's pending changes, coalesced: one entry per person however many notifications arrived. */
export interface PendingChange {
  tenantId: string;
  personId: string;
  kinds: PendingChangeKind[];
  /** The highest change sequence recorded for the person; {@link PendingChangeStore.clear} removes up to it. */
  seq: number;
  /**
   * When the person is due for a sync: when their first pending change was recorded, or — for changes that arrived
   * during or just after a sync — the end of a short gap after that sync, so a burst for one mailbox is read once or
   * twice, never once per notification, and people waiting longer go first.
   */
  dueAt: Date;
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
