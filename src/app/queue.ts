/**
 * "My queue": the caller's requests (open and waiting by default, or all), ordered by due time, with both clocks
 * evaluated now. Only requests where the caller is the assignee, in the caller's tenant.
 */
import type { QueueResponse, QueueStampResponse } from './views/request-views';
import type { Clock } from './clock';
import type { UserContext } from './m365-ports';
import type { Stores } from './store-ports';
import type { DirectoryService } from './directory-service';
import { loadClockContexts, contextFor, toRequestView } from './request-view';
import { queueStampOf } from './queue-stamp';

export interface QueueDeps {
  stores: Stores;
  clock: Clock;
  directory: DirectoryService;
}

/** Most requests a queue answer carries. */
export const QUEUE_LIMIT = 500;

export async function getQueue(deps: QueueDeps, user: UserContext, include: 'open' | 'all'): Promise<QueueResponse> {
  const now = deps.clock.now();
  const records = await deps.stores.requests.listForAssignee(user.tenantId, user.userId, { includeResolved: include === 'all', limit: QUEUE_LIMIT });
  const [contexts, people] = await Promise.all([
    loadClockContexts(deps.stores, user.tenantId, records, now),
    deps.directory.people(user.tenantId, records.flatMap((r) => [r.requesterId, r.assigneeId])),
  ]);
  return {
    now: now.toISOString(),
    requests: records.map((r) => toRequestView(r, people, contextFor(contexts, r), now)),
    stamp: queueStampOf(include === 'open' ? records : records.filter((r) => r.status !== 'resolved')),
  };
}

/** The caller's open queue's stamp now: one index read, no rows, no clocks (the tab asks every few seconds). */
export async function getQueueStamp(deps: Pick<QueueDeps, 'stores'>, user: UserContext): Promise<QueueStampResponse> {
  return { stamp: queueStampOf(await deps.stores.requests.listOpenStamps(user.tenantId, user.userId)) };
}
