/**
 * Ports: what the use cases in src/app need from the outside world. Adapters implement them — src/store (database),
 * src/graph (Microsoft Graph), src/server (clock, tokens). Use cases import only this file and src/domain.
 * Every store method takes the tenant id first and never returns another tenant's rows.
 * Instants are `Date` (UTC); durations are working minutes unless a name says otherwise.
 */
import type { PersonRef, Priority, RequestSource, RequestStatus, ResponseSource } from '../contracts/api';

export type { Priority, RequestSource, RequestStatus, ResponseSource };

export interface Clock {
  now(): Date;
}

// ---------------------------------------------------------------------------------------------------------------
// Records
// ---------------------------------------------------------------------------------------------------------------

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
  /** The person's WorkingCalendar (src/domain/working-time) as JSON, from Graph mailboxSettings; null = team default. */
  calendar: unknown | null;
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

export interface ServiceStandardRecord {
  id: string;
  name: string;
  category: string | null;
  priority: Priority | null;
  firstResponseTargetMinutes: number;
  resolutionTargetMinutes: number;
}

export interface TeamSettingsRecord {
  tenantId: string;
  teamId: string;
  categories: string[];
  standards: ServiceStandardRecord[];
  /** Team default WorkingCalendar without holidays/closed (timeZone + windows). */
  calendar: { timeZone: string; windows: { days: string[]; start: string; end: string }[] };
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

// ---------------------------------------------------------------------------------------------------------------
// Store ports
// ---------------------------------------------------------------------------------------------------------------

export interface RequestStore {
  /**
   * Idempotent: one request per (tenant, source, sourceMessageId, assignee). Concurrent calls for the same message
   * produce one row; every caller gets it, `created` true for exactly one of them. Writes a `tracked` event when created.
   */
  track(tenantId: string, input: NewRequest, event: NewRequestEvent): Promise<{ request: RequestRecord; created: boolean }>;
  get(tenantId: string, id: string): Promise<RequestRecord | null>;
  findBySourceMessage(tenantId: string, source: RequestSource, sourceMessageId: string, assigneeId: string): Promise<RequestRecord | null>;
  /**
   * Applies changes and appends events in one transaction. `expectedUpdatedAt` (optimistic concurrency): when given and
   * the row changed meanwhile, throws a StoreError with code `conflict` and changes nothing.
   */
  update(tenantId: string, id: string, changes: RequestChanges, events: NewRequestEvent[], expectedUpdatedAt?: Date): Promise<RequestRecord>;
  /**
   * Untrack: the request leaves every read (queue, lookup, lists, tracking the message again makes a new one) and an
   * `untracked` event is appended (events outlive the row). The row is kept aside for undo until purged
   * (`untracked_at` = the event's `at`). @throws StoreError `not_found`.
   */
  untrack(tenantId: string, id: string, event: NewRequestEvent): Promise<void>;
  /** An untracked request still kept aside for undo, or null (never untracked, restored, or purged). */
  getUntracked(tenantId: string, id: string): Promise<{ request: RequestRecord; untrackedAt: Date } | null>;
  /**
   * Brings an untracked request back as it was, appending `event`.
   * @throws StoreError `not_found` when it is not kept aside (any more); `conflict` when its message was tracked again.
   */
  restoreUntracked(tenantId: string, id: string, event: NewRequestEvent): Promise<RequestRecord>;
  /** The assignee's requests: open and waiting by default (ordered by dueAt, nulls last), or all. */
  listForAssignee(tenantId: string, assigneeId: string, options?: { includeResolved?: boolean; receivedFrom?: Date; limit?: number }): Promise<RequestRecord[]>;
  listForRequester(tenantId: string, requesterId: string, options?: { limit?: number }): Promise<RequestRecord[]>;
  /** A team's requests received in [from, to) plus every request still open regardless of when received. */
  listForTeam(tenantId: string, teamId: string, from: Date, to: Date): Promise<RequestRecord[]>;
  /** Open or waiting requests of one assignee (for sync). */
  listOpenForAssignee(tenantId: string, assigneeId: string): Promise<RequestRecord[]>;
  listEvents(tenantId: string, requestId: string): Promise<RequestEvent[]>;
  /**
   * The history of requests `actorId` untracked: every event of each request that no longer exists and on which
   * `actorId` acted (events outlive an untracked row). Ordered by requestId, then at. For a person's data export.
   */
  listUntrackedHistory(tenantId: string, actorId: string): Promise<RequestEvent[]>;
  /** Deletes requests (and their events) received before `before`; returns how many requests were purged. */
  purgeReceivedBefore(tenantId: string, before: Date): Promise<number>;
}

export interface DirectoryStore {
  upsertTenant(tenantId: string, verifiedDomains: string[], at: Date): Promise<void>;
  getTenantDomains(tenantId: string): Promise<string[] | null>;
  upsertPeople(tenantId: string, people: PersonRecord[]): Promise<void>;
  getPerson(tenantId: string, id: string): Promise<PersonRecord | null>;
  getPeople(tenantId: string, ids: string[]): Promise<PersonRecord[]>;
  /** What the API shows of people (no calendars, so nothing to parse): for lists that name many people. */
  getPersonRefs(tenantId: string, ids: string[]): Promise<PersonRef[]>;
  upsertTeam(tenantId: string, team: TeamRecord, members: TeamMemberRecord[]): Promise<void>;
  getTeam(tenantId: string, teamId: string): Promise<TeamRecord | null>;
  listTeamMembers(tenantId: string, teamId: string): Promise<TeamMemberRecord[]>;
  listTeamsOf(tenantId: string, personId: string): Promise<(TeamRecord & { role: TeamRole })[]>;
}

export interface TeamSettingsStore {
  /** Null when the team has never saved settings (callers apply defaults). */
  get(tenantId: string, teamId: string): Promise<TeamSettingsRecord | null>;
  put(settings: TeamSettingsRecord): Promise<void>;
}

export interface SyncStateStore {
  get(tenantId: string, personId: string, resource: string): Promise<SyncStateRecord | null>;
  list(tenantId: string, personId: string): Promise<SyncStateRecord[]>;
  put(state: SyncStateRecord): Promise<void>;
  /**
   * Leases up to `limit` people whose sync is due (lastRunAt older than `dueBefore` or never), skipping people leased
   * by another live owner. PostgreSQL: FOR UPDATE SKIP LOCKED. Returns the leases taken.
   */
  leaseDue(owner: string, now: Date, dueBefore: Date, leaseSeconds: number, limit: number): Promise<SyncLease[]>;
  /** Takes the lease on one person if free or expired (for a user-started sync); null if another owner holds it. */
  tryLease(tenantId: string, personId: string, owner: string, now: Date, leaseSeconds: number): Promise<SyncLease | null>;
  release(lease: SyncLease, finishedAt: Date): Promise<void>;
  /** Registers a person as someone to sync (an active user). */
  registerPerson(tenantId: string, personId: string, at: Date): Promise<void>;
}

export interface SuggestionStore {
  /** Upserts by (tenant, person, source, sourceMessageId); never un-dismisses. */
  upsert(suggestions: Omit<SuggestionRecord, 'id' | 'dismissed'>[]): Promise<void>;
  list(tenantId: string, personId: string, options?: { includeDismissed?: boolean; limit?: number }): Promise<SuggestionRecord[]>;
  dismiss(tenantId: string, personId: string, id: string): Promise<boolean>;
  deleteForMessage(tenantId: string, personId: string, source: RequestSource, sourceMessageId: string): Promise<void>;
}

/** Everything the use cases need from the database, and how to close it. */
export interface Stores {
  requests: RequestStore;
  directory: DirectoryStore;
  teamSettings: TeamSettingsStore;
  syncState: SyncStateStore;
  suggestions: SuggestionStore;
  /** Deletes every row of the tenant (admin purge). */
  purgeTenant(tenantId: string): Promise<void>;
  /** Deletes one person's data: requests they are assignee of, their suggestions, sync state; anonymises them as requester. */
  deletePersonData(tenantId: string, personId: string): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------------------------
// Microsoft Graph ports (implemented in src/graph). Calls are made on behalf of a signed-in user (delegated).
// ---------------------------------------------------------------------------------------------------------------

/** Who a Graph call is made for: the adapter gets that user's Graph token from the GraphTokenProvider. */
export interface UserContext {
  tenantId: string;
  userId: string;
}

/** Demo: the dev identity provider; tenant: msal-node on-behalf-of from the user's API token. */
export interface GraphTokenProvider {
  /** @throws an error with code `consent_required` when the user or admin has not consented. */
  getGraphToken(user: UserContext): Promise<string>;
}

export interface DirectoryPerson {
  id: string;
  displayName: string;
  mail: string | null;
  userPrincipalName: string | null;
  department: string | null;
}

/** Graph's directory, read as the user: /me, /users/{id}, /organization, mailboxSettings, teams. */
export interface DirectorySource {
  me(user: UserContext): Promise<DirectoryPerson>;
  person(user: UserContext, personId: string): Promise<DirectoryPerson | null>;
  /** The manager's id, or null. */
  managerOf(user: UserContext, personId: string): Promise<string | null>;
  /** Verified domain names of the tenant (/organization). */
  verifiedDomains(user: UserContext): Promise<string[]>;
  /** Raw Graph mailboxSettings (workingHours, automaticRepliesSetting, timeZone) of the user — for calendarFromGraph. */
  mailboxSettings(user: UserContext): Promise<unknown>;
  joinedTeams(user: UserContext): Promise<{ id: string; displayName: string }[]>;
  teamMembers(user: UserContext, teamId: string): Promise<{ personId: string; displayName: string; roles: string[] }[]>;
  /** People of the tenant by email address (batched); addresses not found are missing from the map (keys lower-cased). */
  peopleByAddress?(user: UserContext, addresses: string[]): Promise<Map<string, DirectoryPerson>>;
}

// ---------------------------------------------------------------------------------------------------------------
// Mail and chat sources (implemented in src/graph: GraphMailSource, GraphChatSource). Read as the signed-in user.
// ---------------------------------------------------------------------------------------------------------------

export interface MailAddress {
  name: string | null;
  address: string;
}

/** A mailbox message as the use cases need it: headers-level facts, subject and a ≤ 255-character preview; no body. */
export interface MailMessage {
  id: string;
  conversationId: string | null;
  from: MailAddress | null;
  to: MailAddress[];
  cc: MailAddress[];
  receivedAt: Date | null;
  sentAt: Date | null;
  isDraft: boolean;
  subject: string;
  preview: string;
  webLink: string | null;
  categories: string[];
  /** An automatic reply (Auto-Submitted other than "no", X-Auto-Response-Suppress on an auto reply, OOF class). */
  isAutoReply: boolean;
  /** Bulk mail (List-Unsubscribe, Precedence: bulk/list). */
  isBulk: boolean;
  /** A meeting request, response or cancellation (eventMessage). */
  isMeeting: boolean;
}

export type MailFolderName = 'inbox' | 'sentitems';

/** One page of a folder's delta round. */
export interface MailDeltaPage {
  messages: MailMessage[];
  /** Ids reported `@removed` (deleted or moved out of the folder). */
  removedIds: string[];
  /** Resume here for the next page of this round (null on the last page). */
  nextLink: string | null;
  /** Present on the last page: store it and start the next round from it. */
  deltaLink: string | null;
}

export interface MailSource {
  /** One message of the user's mailbox read from Graph; null when it does not exist. */
  getMessage(user: UserContext, messageId: string): Promise<MailMessage | null>;
  /** The user's Sent Items messages in one conversation (all pages). */
  sentInConversation(user: UserContext, conversationId: string): Promise<MailMessage[]>;
  /**
   * One delta page of a folder: from `link` (a stored nextLink or deltaLink) or, when null, a new round covering
   * messages received since `since`. @throws an error with code `delta_expired` when Graph answers 410 (start again).
   */
  deltaPage(user: UserContext, folder: MailFolderName, link: string | null, since: Date | null): Promise<MailDeltaPage>;
  /**
   * Adds an Outlook category to a message, creating the master category first when the mailbox lacks it.
   * `currentCategories`: the message's categories as just read (getMessage) — spares re-reading the message.
   */
  addCategory(user: UserContext, messageId: string, category: string, currentCategories?: readonly string[]): Promise<void>;
}

/** A Teams chat (or channel) message: ids, people, times and a ≤ 255-character text preview; no body. */
export interface ChatMessageInfo {
  id: string;
  chatId: string;
  fromUserId: string | null;
  fromDisplayName: string | null;
  /** The sender's tenant when Graph says (from.user.tenantId). */
  fromTenantId: string | null;
  createdAt: Date;
  lastModifiedAt: Date;
  deletedAt: Date | null;
  /** 'message', 'systemEventMessage', … */
  messageType: string;
  preview: string;
  replyToId: string | null;
  webUrl: string | null;
}

export interface ChatInfo {
  id: string;
  topic: string | null;
  chatType: string;
  lastMessageAt: Date | null;
  webUrl: string | null;
}

export interface ChatSource {
  /** One chat message read from Graph; null when the chat or message does not exist. */
  getMessage(user: UserContext, chatId: string, messageId: string): Promise<ChatMessageInfo | null>;
  /**
   * For each chat, every message modified after `since` (null = all), newest first, all pages; batched (≤ 20 per
   * HTTP request). Chats that could not be read are missing from the result.
   */
  messagesModifiedSince(user: UserContext, queries: { chatId: string; since: Date | null }[]): Promise<Map<string, ChatMessageInfo[]>>;
  /** The user's chats, most recent activity first (up to `limit`). */
  recentChats(user: UserContext, limit: number): Promise<ChatInfo[]>;
}
