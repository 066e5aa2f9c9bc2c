/**
 * The answering message's id on a request (migration 0004), on real SQLite (temp file) and real PostgreSQL (fresh
 * schema): stored when tracked, changed by an update, absent (null) when not given, kept through untrack and undo.
 */
import type { DatabaseStores } from '../../../src/store/open-stores';
import { createTestDatabase, type TestDatabase, type TestDialect } from './store-test-databases';
import { T0, newRequest, trackedEvent } from './store-fixtures';

const MINUTE = 60_000;
const dialects: [TestDialect][] = [['sqlite'], ['postgres']];

describe.each(dialects)('first response message id on %s', (dialect) => {
  let testDb: TestDatabase;
  let stores: DatabaseStores;
  const T = 'tenant-frm';

  beforeAll(async () => {
    testDb = await createTestDatabase(dialect);
    stores = await testDb.open();
  });
  afterAll(async () => {
    await testDb?.dispose();
  });

  it('is stored when a request is tracked with it, and read back', async () => {
    const { request } = await stores.requests.track(T, newRequest({
      tenantId: T, sourceMessageId: 'frm-1', firstResponseAt: new Date(T0 + 30 * MINUTE), firstResponseSource: 'email', firstResponseMessageId: 'AAMkAD-reply-1',
    }), trackedEvent());
    expect(request.firstResponseMessageId).toBe('AAMkAD-reply-1');
    expect((await stores.requests.get(T, request.id))?.firstResponseMessageId).toBe('AAMkAD-reply-1');
    expect((await stores.requests.findBySourceMessage(T, 'email', 'frm-1', 'assignee-1'))?.firstResponseMessageId).toBe('AAMkAD-reply-1');
  });

  it('is null when tracked without it, and set by an update with the first response', async () => {
    const { request } = await stores.requests.track(T, newRequest({ tenantId: T, sourceMessageId: 'frm-2' }), trackedEvent());
    expect(request.firstResponseMessageId).toBeNull();
    const updated = await stores.requests.update(T, request.id, {
      firstResponseAt: new Date(T0 + 10 * MINUTE), firstResponseSource: 'chat', firstResponseMessageId: '1741946400000',
    }, [{ type: 'responded', actorId: 'system', at: new Date(T0 + 10 * MINUTE), data: { source: 'chat', messageId: '1741946400000', replaced: null } }], request.updatedAt);
    expect(updated).toMatchObject({ firstResponseSource: 'chat', firstResponseMessageId: '1741946400000' });
    // An update that does not name it leaves it as it is.
    const resolved = await stores.requests.update(T, request.id, { status: 'resolved', resolvedAt: new Date(T0 + 60 * MINUTE), dueAt: null }, []);
    expect(resolved.firstResponseMessageId).toBe('1741946400000');
    expect((await stores.requests.listForAssignee(T, 'assignee-1', { includeResolved: true })).find((r) => r.id === request.id)?.firstResponseMessageId).toBe('1741946400000');
  });

  it('comes back with a request restored after an untrack', async () => {
    const { request } = await stores.requests.track(T, newRequest({
      tenantId: T, sourceMessageId: 'frm-3', firstResponseAt: new Date(T0 + 5 * MINUTE), firstResponseSource: 'email', firstResponseMessageId: 'AAMkAD-reply-3',
    }), trackedEvent());
    await stores.requests.untrack(T, request.id, { type: 'untracked', actorId: 'assignee-1', at: new Date(T0 + 2 * 60 * MINUTE), data: null });
    expect((await stores.requests.getUntracked(T, request.id))?.request.firstResponseMessageId).toBe('AAMkAD-reply-3');
    const restored = await stores.requests.restoreUntracked(T, request.id, { type: 'undone', actorId: 'assignee-1', at: new Date(T0 + 2 * 60 * MINUTE + 1000), data: null });
    expect(restored.firstResponseMessageId).toBe('AAMkAD-reply-3');
  });
});
