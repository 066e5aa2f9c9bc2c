/**
 * Store ports: what the use cases in src/app need from the database; src/store implements them. Every store method
 * takes the tenant id first and never returns another tenant's rows.
 */
import type { ClockName } from '../domain/clocks';
import type { RequestSource } from '../domain/request-lifecycle';
import type {
  ChangeSubscriptionRecord, NewRequest, PendingChange, PendingChangeKind, NewRequestEvent, PersonRecord, PersonRef, RequestChanges, RequestEvent, RequestRecord, SuggestionRecord, SyncLease,
  SyncStateRecord, TeamMemberRecord, TeamRecord, TeamRole, TeamSettingsRecord, WarningChoice,
} from './records';

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
  /**
   * The id and last change of each of the assignee's open and waiting requests (what {@link listForAssignee} returns by
   * default, without reading the rows): enough to tell whether their queue changed (src/app/queue-stamp.ts).
   */
  listOpenStamps(tenantId: string, assigneeId: string): Promise<{ id: string; updatedAt: Date }[]>;
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
  /**
   * For the breach recorder, across tenants (like the sync leases): up to `limit` requests whose breach check is due —
   * the earliest instant one of their clocks may pass its target with no breach event written yet is at or before
   * `now` — earliest first. Every write of a due time brings a request's check forward to it (never back).
   */
  listBreachChecksDue(now: Date, limit: number): Promise<RequestRecord[]>;
  /**
   * In one transaction, only if the request is unchanged since `expectedUpdatedAt` and none of `breaches` is recorded
   * yet: appends one `breach` event per breach (actor 'system', `at` = its `dueAt`, data `{clock, dueAt}`), sets their
   * flags and the next check (`nextCheckAt`, null for none). Leaves `updatedAt` as it is (no person's change).
   * @returns false, writing nothing, when the request changed, is gone, or a breach was recorded meanwhile.
   */
  recordBreaches(tenantId: string, id: string, breaches: BreachToRecord[], nextCheckAt: Date | null, expectedUpdatedAt: Date): Promise<boolean>;
}

/** A clock's breach to write: which clock, and the instant it passed its target. */
export interface BreachToRecord {
  clock: ClockName;
  dueAt: Date;
}

export interface DirectoryStore {
  upsertTenant(tenantId: string, verifiedDomains: string[], at: Date): Promise<void>;
  getTenantDomains(tenantId: string): Promise<string[] | null>;
  upsertPeople(tenantId: string, people: PersonRecord[]): Promise<void>;
  getPerson(tenantId: string, id: string): Promise<PersonRecord | null>;
  getPeople(tenantId: string, ids: string[]): Promise<PersonRecord[]>;
  /** Replaces a known person's addresses (PersonRecord.addresses) and nothing else; false when the person has no row. */
  setPersonAddresses(tenantId: string, personId: string, addresses: string[]): Promise<boolean>;
  /** What the API shows of people (no calendars, so nothing to parse): for lists that name many people. */
  getPersonRefs(tenantId: string, ids: string[]): Promise<PersonRef[]>;
  upsertTeam(tenantId: string, team: TeamRecord, members: TeamMemberRecord[]): Promise<void>;
  getTeam(tenantId: string, teamId: string): Promise<TeamRecord | null>;
  listTeamMembers(tenantId: string, teamId: string): Promise<TeamMemberRecord[]>;
  listTeamsOf(tenantId: string, personId: string): Promise<(TeamRecord & { role: TeamRole })[]>;
  /** Deletes the person's memberships of every team not in `teamIds` (teams Graph no longer lists for them). */
  removeMembershipsExcept(tenantId: string, personId: string, teamIds: string[]): Promise<void>;
  /** The team the person chose for their requests (null until chosen, or when the person is unknown). */
  getHomeTeamId(tenantId: string, personId: string): Promise<string | null>;
  /** Stores the person's chosen team; false (nothing written) when the person has no row. */
  setHomeTeamId(tenantId: string, personId: string, teamId: string | null): Promise<boolean>;
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

/** Graph change-notification subscriptions (issue 19). */
export interface ChangeSubscriptionStore {
  /** Inserts or replaces by id. */
  put(subscription: ChangeSubscriptionRecord): Promise<void>;
  /** By Graph's subscription id, in any tenant (a notification names only the subscription and its tenant). */
  get(id: string): Promise<ChangeSubscriptionRecord | null>;
  /** Those of `ids` that exist, in any order (the notification routes read the ids of a burst together). */
  getMany(ids: readonly string[]): Promise<ChangeSubscriptionRecord[]>;
  listForPerson(tenantId: string, personId: string): Promise<ChangeSubscriptionRecord[]>;
  /** Subscriptions expiring before `before`, soonest first (renewal). */
  listExpiringBefore(before: Date, limit: number): Promise<ChangeSubscriptionRecord[]>;
  delete(id: string): Promise<void>;
}

/**
 * Changes recorded from notifications and waiting for a delta run, coalesced per person and kept until a sync that
 * started after them has finished: nothing answered 202 is lost when an instance dies.
 */
export interface PendingChangeStore {
  /** Records a change of the person's mail or chats; many records for one person stay one entry (its seq grows). */
  record(tenantId: string, personId: string, kind: PendingChangeKind, at: Date): Promise<void>;
  /**
   * {@link record} for many changes in one write (the notification routes commit what arrived together as one
   * transaction, so a burst costs one disk flush per batch rather than one per notification).
   */
  recordMany(changes: readonly { tenantId: string; personId: string; kind: PendingChangeKind }[], at: Date): Promise<void>;
  /** People with pending changes, soonest due first (some may be due later than now). */
  listPending(limit: number): Promise<PendingChange[]>;
  /**
   * After a sync that read up to `upToSeq`: removes the person's pending changes recorded up to it. Changes recorded
   * later (during the sync), and any recorded from now until `quietUntil`, are due at `quietUntil`: a burst for one
   * mailbox is read by at most one more sync.
   */
  clear(tenantId: string, personId: string, upToSeq: number, quietUntil: Date): Promise<void>;
}

export interface SuggestionStore {
  /** Upserts by (tenant, person, source, sourceMessageId); never un-dismisses. */
  upsert(suggestions: Omit<SuggestionRecord, 'id' | 'dismissed'>[]): Promise<void>;
  list(tenantId: string, personId: string, options?: { includeDismissed?: boolean; limit?: number }): Promise<SuggestionRecord[]>;
  dismiss(tenantId: string, personId: string, id: string): Promise<boolean>;
  deleteForMessage(tenantId: string, personId: string, source: RequestSource, sourceMessageId: string): Promise<void>;
}

/**
 * Each person's choice of what reaches their Teams activity feed (issue 20). A person who never chose has
 * the default (`DEFAULT_WARNING_CHOICE`, records.ts); nothing is stored for them until they do.
 */
export interface WarningPreferenceStore {
  /** The person's choice, or the default when they never chose. */
  get(tenantId: string, personId: string): Promise<WarningChoice>;
  /** The choice of each of `personIds` (every one is in the map; the default for those who never chose). */
  getMany(tenantId: string, personIds: readonly string[]): Promise<Map<string, WarningChoice>>;
  /** Stores the person's choice as of `now` (replacing an earlier one). */
  put(tenantId: string, personId: string, choice: WarningChoice, now: Date): Promise<void>;
}

/** What became of a warning about a clock transition (issue 20; migration 0011 describes each). */
export type ClockWarningStatus = 'sending' | 'sent' | 'held' | 'digested' | 'skipped' | 'failed';

/** A warning about one clock transition of a request, claimed once per (request, clock, kind). */
export interface ClockWarningRecord {
  tenantId: string;
  requestId: string;
  clock: ClockName;
  kind: 'atRisk' | 'breached';
  /** Who it is for: the request's assignee when it was claimed. */
  assigneeId: string;
  /** When the clock turned `kind` (UTC). */
  transitionAt: Date;
  status: ClockWarningStatus;
  recordedAt: Date;
  /** When Graph accepted it; null unless sent. */
  sentAt: Date | null;
  /** For a held warning: the digest it waits for. */
  digestAt: Date | null;
}

/** A request whose warning check is due, with the check as read (the compare-and-set of {@link ClockWarningStore.setWarningCheck}). */
export interface WarningCheckDue {
  request: RequestRecord;
  checkAt: Date;
}

/** Which digest: a person's own, or the owners' digest of one team. */
export type DigestKind = 'personal' | 'owners';

/** What became of a claimed digest: `empty` when there was nothing to say (nothing sent). */
export type DigestStatus = 'sending' | 'sent' | 'empty' | 'failed';

/**
 * Warnings before a breach and working-day digests (issue 20), each sent once across restarts and instances: a
 * warning or digest is claimed by inserting its row (a unique key), and only the claimer sends it.
 */
export interface ClockWarningStore {
  /** Across tenants: up to `limit` requests whose warning check is at or before `now`, earliest first. */
  listWarningChecksDue(now: Date, limit: number): Promise<WarningCheckDue[]>;
  /** The earliest warning check of any request (the dispatcher's timer), or null when none is pending. */
  earliestWarningCheck(): Promise<Date | null>;
  /**
   * Stores the request's next warning check (null: none left), only if neither the request (`updatedAt`) nor its check
   * changed since they were read. @returns false, writing nothing, otherwise.
   */
  setWarningCheck(tenantId: string, requestId: string, next: Date | null, expected: { updatedAt: Date; checkAt: Date }): Promise<boolean>;
  /**
   * Makes the warning check of each of these requests that is still open due at once (its `receivedAt`, at or before
   * every clock's now): their calendar changed, which may move a transition even where the stored due time stays.
   */
  recheckWarnings(tenantId: string, requestIds: readonly string[]): Promise<void>;
  /** Every warning claimed for these requests. */
  listWarnings(tenantId: string, requestIds: readonly string[]): Promise<ClockWarningRecord[]>;
  /** Inserts the warning unless one exists for its (request, clock, kind). @returns true for the one caller that inserted it. */
  claimWarning(warning: ClockWarningRecord): Promise<boolean>;
  /** Sets a claimed warning's status (and `sentAt` when sent). */
  setWarningStatus(tenantId: string, requestId: string, clock: ClockName, kind: 'atRisk' | 'breached', status: ClockWarningStatus, sentAt?: Date | null): Promise<void>;
  /**
   * Releases the warnings claimed `sending` before `claimedBefore` (an instance stopped between the claim and Graph's
   * answer): deletes their claims and makes their requests' warning checks due, so the usual path claims and delivers
   * them again. @returns how many were released.
   */
  releaseStaleWarningClaims(claimedBefore: Date): Promise<number>;
  /** The person's warnings held for a digest. */
  listHeldWarnings(tenantId: string, assigneeId: string): Promise<ClockWarningRecord[]>;
  /** Across tenants: each person who holds an open or waiting request or a held warning (who may get a digest). */
  listDigestRecipients(): Promise<{ tenantId: string; personId: string }[]>;
  /** Across tenants: the teams whose owners turned the owners' digest on. */
  listOwnersDigestTeams(): Promise<{ tenantId: string; teamId: string }[]>;
  /**
   * Releases the digests claimed `sending` before `claimedBefore` (as {@link releaseStaleWarningClaims}): deletes the
   * claims, so the digest of that day can be claimed and sent again. @returns whose they were.
   */
  releaseStaleDigestClaims(claimedBefore: Date): Promise<{ tenantId: string; personId: string; kind: DigestKind; teamId: string }[]>;
  /**
   * Claims the digest of `kind` for the person's local working day (`teamId` '' for a personal digest).
   * @returns true for the one caller that claimed it (it sends); false when it was claimed already.
   */
  claimDigest(tenantId: string, personId: string, kind: DigestKind, teamId: string, localDate: string, at: Date): Promise<boolean>;
  setDigestStatus(tenantId: string, personId: string, kind: DigestKind, teamId: string, localDate: string, status: DigestStatus): Promise<void>;
}

/** Everything the use cases need from the database, and how to close it. */
export interface Stores {
  requests: RequestStore;
  directory: DirectoryStore;
  teamSettings: TeamSettingsStore;
  syncState: SyncStateStore;
  suggestions: SuggestionStore;
  changeSubscriptions: ChangeSubscriptionStore;
  pendingChanges: PendingChangeStore;
  warningPreferences: WarningPreferenceStore;
  clockWarnings: ClockWarningStore;
  /** Deletes every row of the tenant (admin purge). */
  purgeTenant(tenantId: string): Promise<void>;
  /** Deletes one person's data: requests they are assignee of, their suggestions, sync state, change subscriptions, pending changes and warning choice; anonymises them as requester. */
  deletePersonData(tenantId: string, personId: string): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
}
