/**
 * A person's data rights: a copy of everything Turnaround stores about them (GDPR Art. 15 access and Art. 20
 * portability) and its erasure (Art. 17). Both read and write the store only, so the export shows exactly what is
 * stored and neither call re-creates the data it is about. The one Graph call: erasure deletes the person's
 * change-notification subscriptions (issue 19), so Graph stops telling Turnaround about their mailbox and chats.
 *
 * What erasure means here (the store does it in one transaction, see `Stores.deletePersonData`):
 * - the person's own work record goes: requests they serve (assignee) with their history, the history of requests
 *   they untracked, their suggestions (dismissed ones too), sync state and registration, their choice of warnings in
 *   the activity feed, team memberships and their cached directory entry;
 * - requests colleagues track where the person is the requester stay — they are the colleague's work record and feed
 *   the colleague's and their team's turnaround — but the requester id becomes the anonymous `deleted-person` (one
 *   constant for everybody, not a per-person pseudonym: a stable pseudonym would still link the rows to one individual
 *   and so remain personal data). The same applies to the sender of suggestions in colleagues' lists. The subject and
 *   preview stay: they are the colleague's copy of mail in their own mailbox, which Turnaround does not own.
 * - Graph stays the source of truth for the directory: when a colleague's session later reads the person from Graph
 *   (team members, a newly tracked message from them), a directory entry comes back. Removing the person from Entra ID
 *   is the tenant admin's job, not this app's.
 */
import type { PersonRef } from './records';
import type { ExportedAsk, ExportedRequest, ExportedRequestEvent, ExportedSuggestion, ExportedSyncState, PersonalDataExport } from './views/personal-data-export';
import { DomainError } from '../domain/domain-error';
import type { Clock } from './clock';
import type { UserContext } from './m365-ports';
import type { RequestEvent, RequestRecord } from './records';
import type { Stores } from './store-ports';
import { unknownPerson } from './directory-service';

export interface DataRightsDeps {
  stores: Stores;
  clock: Clock;
  /** Deletes the person's Graph subscriptions (src/app/change-subscriptions.ts); absent or null without application access. */
  changeSubscriptions?: { remove(user: Pick<UserContext, 'tenantId' | 'userId'>): Promise<unknown> } | null;
}

/** Why parts of the export are missing, written for the person who opens the file. */
export const EXPORT_NOTES: readonly string[] = [
  'Message bodies are not included because Turnaround never stores them: only ids, times, people, the subject and a preview of at most 255 characters.',
  'Sync delta links are reported as present or absent but not exported: they are opaque Microsoft Graph cursors (state tokens) into your mailbox, carry no information about you, and would only be a risk in a file that gets passed around.',
  'Requests where you are the requester are shown as in "My asks": without the assignee\'s private note, category and priority, which are their working notes.',
  'Your turnaround figures and clock states are not stored; they are computed from the requests above each time you open the app.',
];

/** How many request histories the export reads concurrently. */
const EVENT_READS_AT_ONCE = 8;

const iso = (d: Date | null): string | null => (d === null ? null : d.toISOString());

function eventOut(e: RequestEvent): ExportedRequestEvent {
  return { id: e.id, requestId: e.requestId, type: e.type, actorId: e.actorId, at: e.at.toISOString(), data: e.data };
}

function personOf(people: Map<string, PersonRef>, id: string): PersonRef {
  return people.get(id) ?? unknownPerson(id);
}

function requestOut(r: RequestRecord, requester: PersonRef, events: RequestEvent[]): ExportedRequest {
  return {
    id: r.id,
    source: r.source,
    messageId: r.sourceMessageId,
    conversationId: r.conversationId,
    chatId: r.chatId,
    threadId: r.threadId,
    webLink: r.webLink,
    requester,
    teamId: r.teamId,
    subject: r.subject,
    preview: r.preview,
    category: r.category,
    priority: r.priority,
    note: r.note,
    colleagueOverride: r.colleagueOverride,
    status: r.status,
    receivedAt: r.receivedAt.toISOString(),
    firstResponseAt: iso(r.firstResponseAt),
    firstResponseSource: r.firstResponseSource,
    resolvedAt: iso(r.resolvedAt),
    firstResolvedAt: iso(r.firstResolvedAt),
    reopenCount: r.reopenCount,
    waitingPeriods: r.waitingPeriods.map((w) => ({ from: w.from.toISOString(), to: iso(w.to) })),
    dueAt: iso(r.dueAt),
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    events: events.map(eventOut),
  };
}

function askOut(r: RequestRecord, assignee: PersonRef): ExportedAsk {
  return {
    id: r.id,
    source: r.source,
    assignee,
    subject: r.subject,
    preview: r.preview,
    status: r.status,
    receivedAt: r.receivedAt.toISOString(),
    firstResponseAt: iso(r.firstResponseAt),
    resolvedAt: iso(r.resolvedAt),
  };
}

/**
 * Everything stored about the caller, read from the store only (no Graph call, nothing written). People other than
 * the caller appear as the PersonRef the app already shows the caller (name, mail, department) or as a bare id.
 */
export async function exportPersonalData(deps: DataRightsDeps, user: UserContext): Promise<PersonalDataExport> {
  const { stores } = deps;
  const { tenantId, userId } = user;
  const [profile, teams, served, asked, untracked, suggestions, syncState] = await Promise.all([
    stores.directory.getPerson(tenantId, userId),
    stores.directory.listTeamsOf(tenantId, userId),
    stores.requests.listForAssignee(tenantId, userId, { includeResolved: true }),
    stores.requests.listForRequester(tenantId, userId),
    stores.requests.listUntrackedHistory(tenantId, userId),
    stores.suggestions.list(tenantId, userId, { includeDismissed: true }),
    stores.syncState.list(tenantId, userId),
  ]);
  // One history read per request, a few at a time (PostgreSQL serves them on several pooled connections).
  const events: RequestEvent[][] = [];
  for (let i = 0; i < served.length; i += EVENT_READS_AT_ONCE) {
    events.push(...(await Promise.all(served.slice(i, i + EVENT_READS_AT_ONCE).map((r) => stores.requests.listEvents(tenantId, r.id)))));
  }
  const otherIds = new Set([...served.map((r) => r.requesterId), ...asked.map((r) => r.assigneeId)]);
  const found = otherIds.size === 0 ? [] : await stores.directory.getPeople(tenantId, [...otherIds]);
  const people = new Map<string, PersonRef>(found.map((p) => [p.id, { id: p.id, displayName: p.displayName, mail: p.mail, department: p.department }]));

  return {
    format: 'turnaround-personal-data-export',
    version: 1,
    exportedAt: deps.clock.now().toISOString(),
    tenantId,
    personId: userId,
    profile:
      profile === null
        ? null
        : {
            id: profile.id,
            displayName: profile.displayName,
            mail: profile.mail,
            userPrincipalName: profile.userPrincipalName,
            addresses: profile.addresses ?? [],
            department: profile.department,
            managerId: profile.managerId,
            calendar: profile.calendar,
            refreshedAt: profile.refreshedAt.toISOString(),
          },
    teams: teams.map((t) => ({ id: t.id, displayName: t.displayName, role: t.role })),
    homeTeamId: await stores.directory.getHomeTeamId(tenantId, userId),
    warnings: await stores.warningPreferences.get(tenantId, userId),
    requestsAsAssignee: served.map((r, i) => requestOut(r, personOf(people, r.requesterId), events[i] ?? [])),
    untrackedRequestHistory: untracked.map(eventOut),
    requestsAsRequester: asked.map((r) => askOut(r, personOf(people, r.assigneeId))),
    suggestions: suggestions.map(
      (s): ExportedSuggestion => ({
        id: s.id,
        source: s.source,
        messageId: s.sourceMessageId,
        chatId: s.chatId,
        fromId: s.fromId,
        subject: s.subject,
        preview: s.preview,
        receivedAt: s.receivedAt.toISOString(),
        reason: s.reason,
        answered: s.answered,
        score: s.score,
        dismissed: s.dismissed,
      }),
    ),
    syncState: syncState.map(
      (s): ExportedSyncState => ({ resource: s.resource, hasDeltaLink: s.deltaLink !== null, watermark: iso(s.watermark), lastRunAt: iso(s.lastRunAt) }),
    ),
    notes: [...EXPORT_NOTES],
  };
}

/** How long the deletion holds the caller's sync lease, in seconds (the deletion itself takes milliseconds). */
const DELETION_LEASE_SECONDS = 60;

/**
 * Erases the caller's data (see the file comment for exactly what). Takes the caller's sync lease first so no sync of
 * their mailbox runs meanwhile and writes state back after the deletion; the deletion removes the lease row with the
 * rest. Idempotent: deleting again finds nothing and succeeds.
 * @param leaseOwner a lease owner no sync worker uses (so a running sync on this server is not mistaken for ours).
 * @throws DomainError `sync_in_progress` while a sync of the caller's mailbox holds the lease (try again shortly).
 */
export async function deletePersonalData(deps: DataRightsDeps, user: UserContext, leaseOwner: string): Promise<void> {
  const { stores } = deps;
  const lease = await stores.syncState.tryLease(user.tenantId, user.userId, leaseOwner, deps.clock.now(), DELETION_LEASE_SECONDS);
  if (lease === null) throw new DomainError('sync_in_progress', 'Your mailbox is being synced right now; try again in a minute.');
  // Subscriptions first, while their rows still name them (a deletion Graph fails is reported, and the subscription
  // lapses within 3 days; its notifications meanwhile name an unknown subscription and are ignored).
  await deps.changeSubscriptions?.remove(user);
  await stores.deletePersonData(user.tenantId, user.userId);
}
