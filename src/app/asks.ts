/**
 * "My asks": requests where the caller is the requester — what colleagues are doing about them. The assignee's note,
 * category and priority are the assignee's business and never shown here.
 */
import type { AsksResponse } from './views/request-views';
import type { Clock } from './clock';
import type { UserContext } from './m365-ports';
import type { Stores } from './store-ports';
import { unknownPerson, type DirectoryService } from './directory-service';
import { contextFor, loadClockContexts, requestClocks } from './request-view';

export interface AsksDeps {
  stores: Stores;
  clock: Clock;
  directory: DirectoryService;
}

export async function getAsks(deps: AsksDeps, user: UserContext): Promise<AsksResponse> {
  const now = deps.clock.now();
  const records = await deps.stores.requests.listForRequester(user.tenantId, user.userId, { limit: 500 });
  const [contexts, people] = await Promise.all([
    loadClockContexts(deps.stores, user.tenantId, records, now),
    deps.directory.people(user.tenantId, records.map((r) => r.assigneeId)),
  ]);
  return {
    requests: records.map((r) => {
      const clocks = requestClocks(r, contextFor(contexts, r), now);
      return {
        id: r.id,
        source: r.source,
        assignee: people.get(r.assigneeId) ?? unknownPerson(r.assigneeId),
        subject: r.subject,
        status: r.status,
        receivedAt: r.receivedAt.toISOString(),
        firstResponseAt: r.firstResponseAt?.toISOString() ?? null,
        resolvedAt: r.resolvedAt?.toISOString() ?? null,
        // Only while that clock runs: a request resolved without a reply (and maybe reopened) has none to wait for.
        firstResponseDueAt: clocks.firstResponse.stoppedAt === null ? clocks.firstResponse.dueAt?.toISOString() ?? null : null,
      };
    }),
  };
}
