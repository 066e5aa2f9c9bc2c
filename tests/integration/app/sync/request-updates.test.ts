/**
 * What sync writes to a request's first response (RequestUpdates), on real SQLite and real PostgreSQL: the earliest
 * response wins whatever its source — a message found in Graph replaces a later manual mark, never an earlier one —
 * also when the assignee changed the request while the sync was reading (the conflict retry); a first response is
 * never cleared; the `responded` event says what replaced what.
 */
import type { RequestRecord } from '../../../../src/app/records';
import { RequestUpdates } from '../../../../src/app/sync/request-updates';
import type { DatabaseStores } from '../../../../src/store/open-stores';
import { createTestDatabase, type TestDatabase, type TestDialect } from '../../store/store-test-databases';
import { T0, newRequest, trackedEvent } from '../../store/store-fixtures';

const MINUTE = 60_000;
const at = (minutes: number): Date => new Date(T0 + minutes * MINUTE);
const dialects: [TestDialect][] = [['sqlite'], ['postgres']];

describe.each(dialects)('sync first-response updates on %s', (dialect) => {
  let testDb: TestDatabase;
  let stores: DatabaseStores;
  const T = 'tenant-ru';
  let n = 0;

  const track = async (overrides: Parameters<typeof newRequest>[0] = {}): Promise<RequestRecord> => {
    n += 1;
    return (await stores.requests.track(T, newRequest({ tenantId: T, sourceMessageId: `ru-${n}`, teamId: null, ...overrides }), trackedEvent())).request;
  };
  /** The assignee marks "responded" by hand at `when` (what PATCH respond writes). */
  const markByHand = (r: RequestRecord, when: Date) => stores.requests.update(T, r.id, { firstResponseAt: when, firstResponseSource: 'manual', firstResponseMessageId: null }, [
    { type: 'responded', actorId: 'assignee-1', at: when, data: { source: 'manual' } },
  ], r.updatedAt);
  const systemResponded = async (id: string) => (await stores.requests.listEvents(T, id)).filter((e) => e.type === 'responded' && e.actorId === 'system');

  beforeAll(async () => {
    testDb = await createTestDatabase(dialect);
    stores = await testDb.open();
  });
  afterAll(async () => {
    await testDb?.dispose();
  });

  it('an earlier message replaces a manual mark and records its source, message and what it replaced', async () => {
    const manual = await markByHand(await track(), at(45));
    const updates = new RequestUpdates(stores, T);
    updates.setFirstResponse(manual, at(20), 'email', 'AAMk-reply', 'https://outlook.example/reply');
    const [written] = await updates.flush(at(60));
    expect(written).toMatchObject({ firstResponseAt: at(20), firstResponseSource: 'email', firstResponseMessageId: 'AAMk-reply' });
    expect((await systemResponded(manual.id)).map((e) => ({ at: e.at, data: e.data }))).toEqual([
      { at: at(20), data: { source: 'email', messageId: 'AAMk-reply', replaced: 'manual', webLink: 'https://outlook.example/reply' } },
    ]);
  });

  it('a later message never replaces an earlier manual mark', async () => {
    const manual = await markByHand(await track(), at(15));
    const updates = new RequestUpdates(stores, T);
    updates.setFirstResponse(manual, at(20), 'chat', '1741000000000');
    expect(await updates.flush(at(60))).toEqual([]);
    expect(await stores.requests.get(T, manual.id)).toMatchObject({ firstResponseAt: at(15), firstResponseSource: 'manual', firstResponseMessageId: null });
    expect(await systemResponded(manual.id)).toEqual([]);
  });

  it('of two messages found in one run, the earlier wins and one event is written', async () => {
    const r = await track();
    const updates = new RequestUpdates(stores, T);
    updates.setFirstResponse(r, at(30), 'email', 'later');
    updates.setFirstResponse(r, at(10), 'email', 'earlier');
    updates.setFirstResponse(r, at(20), 'email', 'between');
    const [written] = await updates.flush(at(60));
    expect(written).toMatchObject({ firstResponseAt: at(10), firstResponseMessageId: 'earlier' });
    expect((await systemResponded(r.id)).map((e) => e.data)).toEqual([{ source: 'email', messageId: 'earlier', replaced: null }]);
  });

  it('the assignee marked "responded" while the sync was reading: an earlier message still replaces the mark (conflict retry)', async () => {
    const read = await track();
    const updates = new RequestUpdates(stores, T);
    updates.setFirstResponse(read, at(20), 'email', 'AAMk-early');
    await markByHand(read, at(40)); // the row the sync read is now stale
    const [written] = await updates.flush(at(60));
    expect(written).toMatchObject({ firstResponseAt: at(20), firstResponseSource: 'email', firstResponseMessageId: 'AAMk-early' });
    expect((await systemResponded(read.id)).map((e) => e.data)).toEqual([{ source: 'email', messageId: 'AAMk-early', replaced: 'manual' }]);
  });

  it('the assignee marked "responded" earlier than the message, while the sync was reading: the mark stays (conflict retry)', async () => {
    const read = await track();
    const updates = new RequestUpdates(stores, T);
    updates.setFirstResponse(read, at(20), 'email', 'AAMk-late');
    await markByHand(read, at(5));
    expect(await updates.flush(at(60))).toEqual([]);
    expect(await stores.requests.get(T, read.id)).toMatchObject({ firstResponseAt: at(5), firstResponseSource: 'manual', firstResponseMessageId: null });
  });

  it('the conflict retry keeps the assignee\'s lifecycle and applies only the first response', async () => {
    const read = await track();
    const updates = new RequestUpdates(stores, T);
    updates.setFirstResponse(read, at(20), 'chat', '1741000000001');
    const resolved = await stores.requests.update(T, read.id, { status: 'resolved', resolvedAt: at(30), dueAt: null }, [{ type: 'resolved', actorId: 'assignee-1', at: at(30), data: null }], read.updatedAt);
    const [written] = await updates.flush(at(60));
    expect(written).toMatchObject({ status: 'resolved', resolvedAt: resolved.resolvedAt, firstResponseAt: at(20), firstResponseSource: 'chat', firstResponseMessageId: '1741000000001' });
  });
});
