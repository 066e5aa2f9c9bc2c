/** Pure queue logic: which clock is running, the badge status, the order and the filters. */
import type { ClockView, RequestAction, RequestView } from '../../contracts/api';

export type QueueBadgeStatus = 'onTrack' | 'atRisk' | 'breached' | 'waiting' | 'resolved';
export type QueueStatusFilter = 'all' | QueueBadgeStatus;

/** The clock that matters now: first response until it stops, then resolution. */
export function activeClock(request: RequestView): { kind: 'firstResponse' | 'resolution'; clock: ClockView } {
  const first = request.clocks.firstResponse;
  if (first.stoppedAt === null && request.firstResponseAt === null) return { kind: 'firstResponse', clock: first };
  return { kind: 'resolution', clock: request.clocks.resolution };
}

/** The status badge: resolved and waiting win; else the worse of the running clocks. */
export function badgeStatus(request: RequestView): QueueBadgeStatus {
  if (request.status === 'resolved') return 'resolved';
  if (request.status === 'waiting') return 'waiting';
  const statuses = [request.clocks.firstResponse.status, request.clocks.resolution.status];
  if (statuses.includes('breached')) return 'breached';
  if (statuses.includes('atRisk')) return 'atRisk';
  return 'onTrack';
}

/** Sort key: remaining working minutes of the active clock; resolved and paused requests go last. */
function dueKey(request: RequestView): number {
  if (request.status === 'resolved') return Number.MAX_SAFE_INTEGER;
  const { clock } = activeClock(request);
  if (request.status === 'waiting' && clock.dueAt === null) return Number.MAX_SAFE_INTEGER / 2 + clock.remainingMinutes;
  return clock.remainingMinutes;
}

/** Requests ordered by due time (most urgent first), ties by received time. */
export function sortByDue(requests: readonly RequestView[]): RequestView[] {
  return [...requests].sort((a, b) => dueKey(a) - dueKey(b) || a.receivedAt.localeCompare(b.receivedAt));
}

export function filterQueue(requests: readonly RequestView[], status: QueueStatusFilter, category: string | null): RequestView[] {
  return requests.filter((r) => (status === 'all' || badgeStatus(r) === status) && (category === null || r.category === category));
}

export function categoriesOf(requests: readonly RequestView[]): string[] {
  return [...new Set(requests.map((r) => r.category).filter((c): c is string => c !== null))].sort();
}

export type QueueActionName = Exclude<RequestAction['action'], 'update' | 'undo'> | 'open';

/** The actions offered for a request in its current state, in menu order. */
export function availableActions(request: RequestView): QueueActionName[] {
  const actions: QueueActionName[] = [];
  if (request.status === 'resolved') actions.push('reopen');
  else {
    actions.push('resolve');
    actions.push(request.status === 'waiting' ? 'resume' : 'wait');
    if (request.firstResponseAt === null) actions.push('respond');
  }
  if (request.webLink) actions.push('open');
  actions.push('untrack');
  return actions;
}

/**
 * The queue after a change the server confirmed. A request that left the list goes — untracked (`updated` null), or
 * resolved while resolved ones are hidden — so the list and its count change at once; one that came back (undo) is
 * added; any other is replaced in place (the order is {@link sortByDue}'s).
 */
export function withChange(requests: readonly RequestView[], id: string, updated: RequestView | null, includeResolved: boolean): RequestView[] {
  if (updated === null || (!includeResolved && updated.status === 'resolved')) return requests.filter((r) => r.id !== id);
  return requests.some((r) => r.id === id) ? requests.map((r) => (r.id === id ? updated : r)) : [...requests, updated];
}
