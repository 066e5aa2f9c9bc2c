/**
 * Undo of a person's own change to a request (PATCH /api/requests/:id `{action: "undo", eventId}`): the pure rule in
 * src/domain/request-undo.ts decides; this use case reads the request (live, or kept aside after an untrack), writes
 * the restore with an `undone` event, and recomputes the stored due time.
 */
import type { RequestView } from './views/request-views';
import { DomainError } from '../domain/domain-error';
import { decideUndo } from '../domain/request-undo';
import type { UserContext } from './m365-ports';
import type { RequestChanges, RequestEventType, RequestRecord } from './records';
import { viewRequest, type RequestActionDeps } from './request-actions';
import { contextFor, loadClockContexts, nextDueAt } from './request-view';

function notFound(): DomainError {
  return new DomainError('not_found', 'The request was not found.');
}

/**
 * Puts back the change `eventId` made to the caller's request `id`.
 * @returns the request as it was before that change.
 * @throws DomainError `not_found` (not the caller's request or event), `undo_unavailable`, `undo_expired`,
 * `undo_superseded` (see decideUndo; also when an untracked message was tracked again meanwhile).
 */
export async function undoRequestChange(deps: RequestActionDeps, user: UserContext, id: string, eventId: string): Promise<RequestView> {
  const { requests } = deps.stores;
  const now = deps.clock.now();
  const live = await requests.get(user.tenantId, id);
  const kept = live === null ? await requests.getUntracked(user.tenantId, id) : null;
  const record = live ?? kept?.request ?? null;
  if (record !== null && (record.assigneeId !== user.userId || record.tenantId !== user.tenantId)) throw notFound();
  const events = await requests.listEvents(user.tenantId, id);
  const target = events.find((e) => e.id === eventId);
  // Purged after an untrack, only the history is left: it is the caller's only if they made the change.
  if (target === undefined || (record === null && target.actorId !== user.userId)) throw notFound();
  const decision = decideUndo(target, events, user.userId, now);
  const undoneEvent = { type: 'undone' as RequestEventType, actorId: user.userId, at: now, data: { eventId, undid: target.type } };

  if (decision.kind === 'restoreUntracked') {
    if (live !== null) throw new DomainError('undo_superseded', 'The request is tracked again already.');
    if (kept === null) throw new DomainError('undo_expired', 'The untracked request was deleted for good.');
    try {
      return await viewRequest(deps, user, await requests.restoreUntracked(user.tenantId, id, undoneEvent));
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      if (code === 'conflict') throw new DomainError('undo_superseded', 'The message was tracked again meanwhile, as a new request.');
      if (code === 'not_found') throw new DomainError('undo_expired', 'The untracked request was deleted for good.');
      throw err;
    }
  }

  if (live === null) throw new DomainError('undo_superseded', 'The request was untracked after this change; undo the untrack first.');
  const s = decision.state;
  const changes: RequestChanges = {
    status: s.status, firstResponseAt: s.firstResponseAt, firstResponseSource: s.firstResponseSource, resolvedAt: s.resolvedAt,
    firstResolvedAt: s.firstResolvedAt, reopenCount: s.reopenCount, waitingPeriods: s.waitingPeriods,
  };
  const next: RequestRecord = { ...live, ...changes };
  const contexts = await loadClockContexts(deps.stores, user.tenantId, [next], now);
  changes.dueAt = nextDueAt(next, contextFor(contexts, next), now);
  return viewRequest(deps, user, await requests.update(user.tenantId, id, changes, [undoneEvent], live.updatedAt));
}
