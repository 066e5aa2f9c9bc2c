/**
 * The store side of breach events (SQLite and PostgreSQL): which requests are due a breach check, how a due time moves
 * the check, and the compare-and-set write of breach events and flags.
 */
import type { DatabaseStores } from '../../../src/store/open-stores';
import { createTestDatabase, type TestDatabase, type TestDialect } from './store-test-databases';
import { T0, newRequest, trackedEvent } from './store-fixtures';

const H = 3600_000;
const at = (hours: number) => new Date(T0 + hours * H);

describe.each([['sqlite'], ['postgres']] as [TestDialect][])('breach checks in the store on %s', (dialect) => {
  let testDb: TestDatabase;
  let stores: DatabaseStores;
  let n = 0;

  beforeAll(async () => {
    testDb = await createTestDatabase(dialect);
    stores = await testDb.open();
  });
  afterAll(async () => {
    await testDb?.dispose();
  });

  const track = async (tenantId: string, dueHours: number | null) => {
    n += 1;
    return (await stores.requests.track(tenantId, newRequest({ tenantId, sourceMessageId: `b-${n}`, dueAt: dueHours === null ? null : at(dueHours) }), trackedEvent())).request;
  };
  const dueIds = async (hours: number, limit = 100) => (await stores.requests.listBreachChecksDue(at(hours), limit)).map((r) => r.id);

  it('a tracked request is checked at its due time, in every tenant, earliest first, at most `limit`', async () => {
    const later = await track('tenant-b', 30);
    const sooner = await track('tenant-a', 20);
    const none = await track('tenant-a', null);
    expect(await dueIds(19.9)).not.toContain(sooner.id);
    const due = await dueIds(30);
    expect(due.indexOf(sooner.id)).toBeLessThan(due.indexOf(later.id));
    expect(due).not.toContain(none.id);
    expect(await dueIds(30, 1)).toHaveLength(1);
  });

  it('a new due time brings the check forward, never back; no due time (resolved, waiting) keeps a pending check', async () => {
    const r = await track('tenant-a', 50);
    const updated = await stores.requests.update('tenant-a', r.id, { dueAt: at(45) }, []);
    expect(await dueIds(45)).toContain(r.id);
    await stores.requests.update('tenant-a', r.id, { dueAt: at(60) }, [], updated.updatedAt);
    expect(await dueIds(45)).toContain(r.id); // still 45: a clock may have passed its target at 45 before the change
    await stores.requests.update('tenant-a', r.id, { status: 'resolved', resolvedAt: at(46), dueAt: null }, []);
    expect(await dueIds(45)).toContain(r.id);
  });

  it('records breaches once: events at the instant of breach, flags, next check; updatedAt unchanged', async () => {
    const r = await track('tenant-a', 70);
    expect(await stores.requests.recordBreaches('tenant-a', r.id, [{ clock: 'firstResponse', dueAt: at(70) }], at(80), r.updatedAt)).toBe(true);
    const after = await stores.requests.get('tenant-a', r.id);
    expect(after).toMatchObject({ firstResponseBreachRecorded: true, resolutionBreachRecorded: false, updatedAt: r.updatedAt });
    expect(await dueIds(79)).not.toContain(r.id);
    expect(await dueIds(80)).toContain(r.id);
    const breaches = (await stores.requests.listEvents('tenant-a', r.id)).filter((e) => e.type === 'breach');
    expect(breaches).toEqual([expect.objectContaining({ actorId: 'system', at: at(70), data: { clock: 'firstResponse', dueAt: at(70).toISOString() } })]);
    // The same breach again (another instance, same read): nothing written.
    expect(await stores.requests.recordBreaches('tenant-a', r.id, [{ clock: 'firstResponse', dueAt: at(70) }], null, r.updatedAt)).toBe(false);
    // Both clocks, one of them recorded already: nothing written either (all or nothing).
    expect(await stores.requests.recordBreaches('tenant-a', r.id, [{ clock: 'firstResponse', dueAt: at(70) }, { clock: 'resolution', dueAt: at(80) }], null, r.updatedAt)).toBe(false);
    expect((await stores.requests.listEvents('tenant-a', r.id)).filter((e) => e.type === 'breach')).toHaveLength(1);
    expect(await stores.requests.recordBreaches('tenant-a', r.id, [{ clock: 'resolution', dueAt: at(80) }], null, r.updatedAt)).toBe(true);
    expect(await stores.requests.get('tenant-a', r.id)).toMatchObject({ firstResponseBreachRecorded: true, resolutionBreachRecorded: true });
    expect(await dueIds(1000)).not.toContain(r.id);
  });

  it('writes nothing for a request changed since it was read (or gone)', async () => {
    const r = await track('tenant-a', 90);
    await stores.requests.update('tenant-a', r.id, { note: 'changed' }, []);
    expect(await stores.requests.recordBreaches('tenant-a', r.id, [{ clock: 'firstResponse', dueAt: at(90) }], null, r.updatedAt)).toBe(false);
    expect(await stores.requests.get('tenant-a', r.id)).toMatchObject({ firstResponseBreachRecorded: false });
    expect((await stores.requests.listEvents('tenant-a', r.id)).filter((e) => e.type === 'breach')).toEqual([]);
    expect(await stores.requests.recordBreaches('tenant-a', 'no-such-request', [], null, r.updatedAt)).toBe(false);
  });
});
