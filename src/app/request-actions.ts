/**
 * Changes to one request by its assignee: lifecycle actions (resolve, reopen, wait, resume, respond), untrack, and
 * update (team, category, priority, note). Another person's request — or another tenant's — is `not_found`, never revealed.
 * Every change recomputes the stored due time and appends an event, with an optimistic-concurrency check.
 */
import type { LookupResponse, RequestAction, RequestView, UntrackResponse } from './views/request-views';
import type { Priority } from '../domain/priority';
import type { RequestSource } from '../domain/request-lifecycle';
import { DomainError } from '../domain/domain-error';
import { applyLifecycleAction } from '../domain/request-lifecycle';
import { assertNoteFits } from '../domain/request-note';
import { snapshotLifecycle } from '../domain/request-undo';
import type { Clock } from './clock';
import type { UserContext } from './m365-ports';
import type { RequestChanges, RequestRecord } from './records';
import type { Stores } from './store-ports';
import type { DirectoryService } from './directory-service';
import { contextFor, loadClockContexts, nextDueAt, toRequestView } from './request-view';
import { teamAndCategoryChanges } from './request-team-change';
import { undoOfferFor } from './undo-offer';

export interface RequestActionDeps {
  stores: Stores;
  clock: Clock;
  directory: DirectoryService;
}

/** The caller's own request, or DomainError `not_found` (also for other people's and other tenants' ids). */
export async function getOwnRequest(deps: RequestActionDeps, user: UserContext, id: string): Promise<RequestRecord> {
  const record = await deps.stores.requests.get(user.tenantId, id);
  if (record === null || record.assigneeId !== user.userId || record.tenantId !== user.tenantId) {
    throw new DomainError('not_found', 'The request was not found.');
  }
  return record;
}

/** One request as its assignee sees it. */
export async function viewRequest(deps: RequestActionDeps, user: UserContext, record: RequestRecord): Promise<RequestView> {
  const now = deps.clock.now();
  const [contexts, people] = await Promise.all([
    loadClockContexts(deps.stores, user.tenantId, [record], now),
    deps.directory.people(user.tenantId, [record.requesterId, record.assigneeId]),
  ]);
  return toRequestView(record, people, contextFor(contexts, record), now);
}

/**
 * Applies `action` to the caller's request `id`. A lifecycle change records the state it replaced in its event
 * (`data.before`) and answers with an {@link UndoOffer}; untrack keeps the request aside for the undo window.
 * @returns the updated request (with `undo` for lifecycle changes), or the untrack answer.
 * @throws DomainError `not_found`, `invalid_transition`, `not_a_member` (update to a team the caller is not in),
 * `unknown_category` (a category not in the request's — new — team's list; nothing is written); StoreError
 * `conflict` when it changed meanwhile.
 */
export async function applyRequestAction(
  deps: RequestActionDeps, user: UserContext, id: string, action: Exclude<RequestAction, { action: 'undo' }>,
): Promise<RequestView | UntrackResponse> {
  const record = await getOwnRequest(deps, user, id);
  const now = deps.clock.now();
  if (action.action === 'untrack') {
    await deps.stores.requests.untrack(user.tenantId, id, { type: 'untracked', actorId: user.userId, at: now, data: null });
    const undo = undoOfferFor(await deps.stores.requests.listEvents(user.tenantId, id), 'untracked', user.userId, now);
    if (undo === null) throw new Error(`untrack of ${id} wrote no event`);
    return { id, untracked: true, undo };
  }
  let changes: RequestChanges;
  let eventType: 'updated' | 'resolved' | 'reopened' | 'waiting' | 'resumed' | 'responded';
  let data: Record<string, unknown> | null = null;
  if (action.action === 'update') {
    // The team (one of the assignee's) and the category (one of that team's) are checked before anything is written.
    const settled = await teamAndCategoryChanges(deps, user, record, action, now);
    changes = { ...settled.changes };
    if (action.priority !== undefined) changes.priority = action.priority as Priority;
    if (action.note !== undefined) {
      if (action.note !== null) assertNoteFits(action.note);
      changes.note = action.note;
    }
    eventType = 'updated';
    data = { fields: Object.keys(changes), ...(settled.team === null ? {} : { teamId: settled.team }) };
  } else {
    const transition = applyLifecycleAction(record, action.action, now);
    const s = transition.state;
    changes = {
      status: s.status, firstResponseAt: s.firstResponseAt, firstResponseSource: s.firstResponseSource, resolvedAt: s.resolvedAt,
      firstResolvedAt: s.firstResolvedAt, reopenCount: s.reopenCount, waitingPeriods: s.waitingPeriods,
    };
    // A mark by hand names no message; a message the sync finds earlier replaces it (RequestUpdates.setFirstResponse).
    if (action.action === 'respond') changes.firstResponseMessageId = null;
    eventType = transition.eventType;
    // What the change replaced, so that undo can put it back exactly.
    data = { ...(action.action === 'respond' ? { source: 'manual' } : {}), before: snapshotLifecycle(record) };
  }
  const next: RequestRecord = { ...record, ...changes };
  const contexts = await loadClockContexts(deps.stores, user.tenantId, [next], now);
  changes.dueAt = nextDueAt(next, contextFor(contexts, next), now);
  const updated = await deps.stores.requests.update(user.tenantId, id, changes, [{ type: eventType, actorId: user.userId, at: now, data }], record.updatedAt);
  const view = await viewRequest(deps, user, updated);
  if (eventType === 'updated') return view;
  const undo = undoOfferFor(await deps.stores.requests.listEvents(user.tenantId, id), eventType, user.userId, now);
  return undo === null ? view : { ...view, undo };
}

/** The add-in's question "is this message tracked by me?". */
export async function lookupRequest(deps: RequestActionDeps, user: UserContext, source: RequestSource, messageId: string): Promise<LookupResponse> {
  const record = await deps.stores.requests.findBySourceMessage(user.tenantId, source, messageId, user.userId);
  if (record === null) return { tracked: false, request: null, sender: null };
  const view = await viewRequest(deps, user, record);
  return { tracked: true, request: view, sender: { ...view.requester, isColleague: !record.colleagueOverride } };
}
