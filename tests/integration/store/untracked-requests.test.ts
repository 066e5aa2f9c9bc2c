/**
 * Untrack as a soft state, on real SQLite (temp file) and real PostgreSQL (fresh schema): an untracked request leaves
 * every read of the store (queue, lookup, asks, team lists, "already tracked"), is restored exactly by undo, cannot
 * come back beside a request tracked again for the same message, and is deleted for good by the purge after the undo
 * window, by a person's data deletion and by a tenant purge. Its history stays as before (until retention).
 */
import type { DatabaseStores } from '../../../src/store/open-stores';
import { purgeExpiredRequests, purgeExpiredUntracked } from '../../../src/store/retention-purge-job';
import { isStoreError } from '../../../src/store/store-error';
import { countTenantRows } from '../../../src/store/tenant-row-counts';
import { createTestDatabase, type TestDatabase, type TestDialect } from './store-test-databases';
import { T0, newRequest, trackedEvent } from './store-fixtures';

const MINUTE = 60_000;
const dialects: [TestDialect][] = [['sqlite'], ['postgres']];

async function storeErrorCode(promise: Promise<unknown>): Promise<unknown> {
  const error = await promise.then(() => null, (e: unknown) => e);
  return isStoreError(error) ? error.code : error;
}

describe.each(dialects)('untracked requests on %s', (dialect) => {
  let testDb: TestDatabase;
  let stores: DatabaseStores;
  const T = 'tenant-u';
  const untrackAt = new Date(T0 + 3 * 3600_000);
  const untracked = (actorId = 'assignee-1', at = untrackAt) => ({ type: 'untracked' as const, actorId, at, data: null });
  const undone = (eventId: string) => ({ type: 'undone' as const, actorId: 'assignee-1', at: new Date(untrackAt.getTime() + MINUTE), data: { eventId, undid: 'untracked' } });
  let n = 0;
  const track = async (overrides: Parameters<typeof newRequest>[0] = {}) => {
    n += 1;
    return (await stores.requests.track(T, newRequest({ tenantId: T, sourceMessageId: `u-msg-${n}`, note: 'call back after 3', waitingPeriods: [{ from: new Date(T0 + MINUTE), to: new Date(T0 + 5 * MINUTE) }], ...overrides }), trackedEvent())).request;
  };

  beforeAll(async () => {
    testDb = await createTestDatabase(dialect);
    stores = await testDb.open();
  });
  afterAll(async () => {
    await testDb?.dispose();
  });

  it('hides an untracked request from every read, and restores it exactly as it was', async () => {
    const before = await track({ firstResponseAt: new Date(T0 + 30 * MINUTE), firstResponseSource: 'email' });
    await stores.requests.untrack(T, before.id, untracked());

    expect(await stores.requests.get(T, before.id)).toBeNull();
    expect(await stores.requests.findBySourceMessage(T, 'email', before.sourceMessageId, 'assignee-1')).toBeNull();
    expect((await stores.requests.listForAssignee(T, 'assignee-1', { includeResolved: true })).map((r) => r.id)).not.toContain(before.id);
    expect((await stores.requests.listOpenForAssignee(T, 'assignee-1')).map((r) => r.id)).not.toContain(before.id);
    expect((await stores.requests.listForRequester(T, 'requester-1')).map((r) => r.id)).not.toContain(before.id);
    expect((await stores.requests.listForTeam(T, 'team-1', new Date(T0 - MINUTE), new Date(T0 + MINUTE))).map((r) => r.id)).not.toContain(before.id);
    const kept = await stores.requests.getUntracked(T, before.id);
    expect(kept?.untrackedAt).toEqual(untrackAt);
    expect(kept?.request).toEqual(before);

    const events = await stores.requests.listEvents(T, before.id);
    const untrackEvent = events.find((e) => e.type === 'untracked');
    const restored = await stores.requests.restoreUntracked(T, before.id, undone(untrackEvent!.id));
    expect({ ...restored, updatedAt: null }).toEqual({ ...before, updatedAt: null });
    expect(restored.updatedAt.getTime()).toBeGreaterThan(before.updatedAt.getTime());
    expect(await stores.requests.get(T, before.id)).toEqual(restored);
    expect(await stores.requests.getUntracked(T, before.id)).toBeNull();
    expect((await stores.requests.listEvents(T, before.id)).map((e) => e.type)).toEqual(['tracked', 'untracked', 'undone']);
    expect(await storeErrorCode(stores.requests.restoreUntracked(T, before.id, undone('x')))).toBe('not_found');
  });

  it('tracking the message again makes a new request; the old one then cannot be restored beside it', async () => {
    const first = await track();
    await stores.requests.untrack(T, first.id, untracked());
    const again = await stores.requests.track(T, newRequest({ tenantId: T, sourceMessageId: first.sourceMessageId }), trackedEvent());
    expect(again.created).toBe(true);
    expect(again.request.id).not.toBe(first.id);
    expect(await storeErrorCode(stores.requests.restoreUntracked(T, first.id, undone('x')))).toBe('conflict');
    // Nothing changed by the refused restore: still kept aside, the new one still tracked.
    expect(await stores.requests.getUntracked(T, first.id)).not.toBeNull();
    expect((await stores.requests.findBySourceMessage(T, 'email', first.sourceMessageId, 'assignee-1'))?.id).toBe(again.request.id);
  });

  it('the purge deletes for good what was untracked more than the undo window ago, and nothing younger', async () => {
    const old = await track();
    const young = await track();
    await stores.requests.untrack(T, old.id, untracked('assignee-1', new Date(T0 + 2 * MINUTE)));
    await stores.requests.untrack(T, young.id, untracked('assignee-1', new Date(T0 + 7 * MINUTE)));
    // At T0 + 13 min the first was untracked 11 minutes ago (past the 10-minute window), the second 6.
    const purged = await purgeExpiredUntracked(stores, new Date(T0 + 13 * MINUTE));
    expect(purged).toBeGreaterThanOrEqual(1);
    expect(await stores.requests.getUntracked(T, old.id)).toBeNull();
    expect(await stores.requests.getUntracked(T, young.id)).not.toBeNull();
    // Its history outlives it, as it did before untrack was soft.
    expect((await stores.requests.listEvents(T, old.id)).map((e) => e.type)).toEqual(['tracked', 'untracked']);
    expect(await storeErrorCode(stores.requests.restoreUntracked(T, old.id, undone('x')))).toBe('not_found');
  });

  it('retention, a person\'s data deletion and a tenant purge delete untracked requests too', async () => {
    const mine = await track({ assigneeId: 'leaver', requesterId: 'stayer' });
    const asked = await track({ assigneeId: 'stayer', requesterId: 'leaver' });
    const bystander = await track({ assigneeId: 'stayer', requesterId: 'someone' });
    for (const r of [mine, asked, bystander]) await stores.requests.untrack(T, r.id, untracked(r.assigneeId));
    await stores.deletePersonData(T, 'leaver');
    expect(await stores.requests.getUntracked(T, mine.id)).toBeNull();
    expect(await stores.requests.getUntracked(T, asked.id)).toBeNull();
    expect(await stores.requests.getUntracked(T, bystander.id)).not.toBeNull();

    const ancient = await track({ receivedAt: new Date(T0 - 500 * 24 * 3600_000) });
    await stores.requests.untrack(T, ancient.id, untracked('assignee-1', new Date(T0)));
    await purgeExpiredRequests(stores, 400, new Date(T0));
    expect(await stores.requests.getUntracked(T, ancient.id)).toBeNull();

    expect((await countTenantRows(stores.database, T)).untracked_requests).toBeGreaterThan(0);
    await stores.purgeTenant(T);
    expect((await countTenantRows(stores.database, T)).untracked_requests).toBe(0);
  });
});
