/**
 * The stores behind change notifications (issue 19) on real SQLite and real PostgreSQL: Graph subscriptions by id,
 * per person and by expiry; pending changes coalesced per person with a growing `seq`, cleared only up to a snapshot;
 * and both tables emptied by a person's erasure and a tenant purge.
 */
import type { ChangeSubscriptionRecord } from '../../../src/app/records';
import type { DatabaseStores } from '../../../src/store/open-stores';
import { createTestDatabase, type TestDatabase, type TestDialect } from './store-test-databases';

const dialects: [TestDialect][] = [['sqlite'], ['postgres']];
const T0 = Date.UTC(2026, 10, 2, 9, 0, 0);
const at = (minutes: number): Date => new Date(T0 + minutes * 60_000);

function subscription(id: string, tenantId: string, personId: string, expiresInMinutes: number, kind: ChangeSubscriptionRecord['kind'] = 'inbox'): ChangeSubscriptionRecord {
  return {
    id, tenantId, personId, kind, resource: `/users/${personId}/mailFolders('${kind}')/messages`, clientState: `secret-${id}`,
    expiresAt: at(expiresInMinutes), createdAt: at(0), failures: 0,
  };
}

describe.each(dialects)('change notification stores on %s', (dialect) => {
  let testDb: TestDatabase;
  let stores: DatabaseStores;

  beforeEach(async () => {
    testDb = await createTestDatabase(dialect);
    stores = await testDb.open();
  });
  afterEach(async () => {
    await testDb.dispose();
  });

  describe('ChangeSubscriptionStore', () => {
    it('puts (insert, then replace by id), gets by id in any tenant, lists per person and by expiry, deletes', async () => {
      await stores.changeSubscriptions.put(subscription('s1', 't1', 'p1', 60));
      await stores.changeSubscriptions.put(subscription('s2', 't1', 'p1', 30, 'chats'));
      await stores.changeSubscriptions.put(subscription('s3', 't2', 'p1', 10));
      expect(await stores.changeSubscriptions.get('s1')).toEqual(subscription('s1', 't1', 'p1', 60));
      expect(await stores.changeSubscriptions.get('nope')).toBeNull();

      // A renewal replaces the row: new expiry, failures reset; the clientState travels with it.
      const renewed = { ...subscription('s1', 't1', 'p1', 600), failures: 2, clientState: 'rotated' };
      await stores.changeSubscriptions.put(renewed);
      expect(await stores.changeSubscriptions.get('s1')).toEqual(renewed);

      expect((await stores.changeSubscriptions.listForPerson('t1', 'p1')).map((s) => s.id).sort()).toEqual(['s1', 's2']);
      expect((await stores.changeSubscriptions.listForPerson('t2', 'p1')).map((s) => s.id)).toEqual(['s3']);
      // Soonest first, strictly before the bound, bounded by the limit.
      expect((await stores.changeSubscriptions.listExpiringBefore(at(600), 10)).map((s) => s.id)).toEqual(['s3', 's2']);
      expect((await stores.changeSubscriptions.listExpiringBefore(at(601), 2)).map((s) => s.id)).toEqual(['s3', 's2']);
      expect((await stores.changeSubscriptions.listExpiringBefore(at(601), 3)).map((s) => s.id)).toEqual(['s3', 's2', 's1']);

      await stores.changeSubscriptions.delete('s2');
      expect(await stores.changeSubscriptions.get('s2')).toBeNull();
      expect((await stores.changeSubscriptions.listForPerson('t1', 'p1')).map((s) => s.id)).toEqual(['s1']);
    });
    it('gets many by id at once, in any tenant, leaving out unknown ids, more than one statement\'s worth', async () => {
      const many = Array.from({ length: 1_203 }, (_, i) => subscription(`m${i}`, i % 2 === 0 ? 't1' : 't2', `p${i}`, 60));
      for (const s of many) await stores.changeSubscriptions.put(s);
      const asked = [...many.map((s) => s.id), 'nope-1', 'nope-2'];
      const found = await stores.changeSubscriptions.getMany(asked);
      expect(found.map((s) => s.id).sort()).toEqual(many.map((s) => s.id).sort());
      expect(found.find((s) => s.id === 'm7')).toEqual(subscription('m7', 't2', 'p7', 60));
      expect(await stores.changeSubscriptions.getMany([])).toEqual([]);
    });
  });

  describe('PendingChangeStore', () => {
    it('coalesces records per person: one entry, both kinds, seq grows with every record, due from the first', async () => {
      await stores.pendingChanges.record('t1', 'p1', 'mail', at(1));
      await stores.pendingChanges.record('t1', 'p1', 'mail', at(2));
      await stores.pendingChanges.record('t1', 'p2', 'chats', at(0));
      await stores.pendingChanges.record('t1', 'p1', 'chats', at(3));
      const pending = await stores.pendingChanges.listPending(10);
      // The longest waiting first.
      expect(pending).toEqual([
        { tenantId: 't1', personId: 'p2', kinds: ['chats'], seq: 1, dueAt: at(0) },
        { tenantId: 't1', personId: 'p1', kinds: ['mail', 'chats'], seq: 3, dueAt: at(1) },
      ]);
      expect(await stores.pendingChanges.listPending(1)).toHaveLength(1);
    });

    it('clears up to a snapshot only: a record after the snapshot survives the clear, due later; seq never restarts', async () => {
      await stores.pendingChanges.record('t1', 'p1', 'mail', at(1));
      await stores.pendingChanges.record('t1', 'p1', 'mail', at(2));
      const [snapshot] = await stores.pendingChanges.listPending(10);
      expect(snapshot?.seq).toBe(2);

      // A notification arrives while the sync of the snapshot runs: it stays pending, due at the gap the clear names.
      await stores.pendingChanges.record('t1', 'p1', 'chats', at(3));
      await stores.pendingChanges.clear('t1', 'p1', snapshot!.seq, at(50));
      expect(await stores.pendingChanges.listPending(10)).toEqual([{ tenantId: 't1', personId: 'p1', kinds: ['mail', 'chats'], seq: 3, dueAt: at(50) }]);

      await stores.pendingChanges.clear('t1', 'p1', 3, at(60));
      expect(await stores.pendingChanges.listPending(10)).toEqual([]);
      // A late clear with an older snapshot leaves a cleared row cleared.
      await stores.pendingChanges.clear('t1', 'p1', 1, at(61));
      expect(await stores.pendingChanges.listPending(10)).toEqual([]);

      // A change recorded within the quiet gap after the last sync is due when the gap ends (at(61), the last clear's),
      // not at once. The next record continues the sequence, so a processor still holding the old snapshot (seq 3)
      // cannot clear it (it only moves when it is due); and only the new kind is pending.
      await stores.pendingChanges.record('t1', 'p1', 'chats', at(9));
      expect(await stores.pendingChanges.listPending(10)).toEqual([{ tenantId: 't1', personId: 'p1', kinds: ['chats'], seq: 4, dueAt: at(61) }]);
      await stores.pendingChanges.clear('t1', 'p1', 3, at(70));
      expect(await stores.pendingChanges.listPending(10)).toEqual([{ tenantId: 't1', personId: 'p1', kinds: ['chats'], seq: 4, dueAt: at(70) }]);
      await stores.pendingChanges.clear('t1', 'p1', 4, at(80));
      // Past the gap, a change is due when it is recorded.
      await stores.pendingChanges.record('t1', 'p1', 'mail', at(90));
      expect(await stores.pendingChanges.listPending(10)).toEqual([{ tenantId: 't1', personId: 'p1', kinds: ['mail'], seq: 5, dueAt: at(90) }]);
    });

    it('records many changes in one write: one entry per person with every kind, a person twice in the batch included', async () => {
      await stores.pendingChanges.record('t1', 'p1', 'mail', at(1));
      await stores.pendingChanges.recordMany([
        { tenantId: 't1', personId: 'p1', kind: 'chats' },
        { tenantId: 't1', personId: 'p2', kind: 'mail' },
        { tenantId: 't1', personId: 'p2', kind: 'chats' },
        { tenantId: 't2', personId: 'p2', kind: 'mail' },
      ], at(5));
      expect(await stores.pendingChanges.listPending(10)).toEqual([
        { tenantId: 't1', personId: 'p1', kinds: ['mail', 'chats'], seq: 2, dueAt: at(1) },
        { tenantId: 't1', personId: 'p2', kinds: ['mail', 'chats'], seq: 1, dueAt: at(5) },
        { tenantId: 't2', personId: 'p2', kinds: ['mail'], seq: 1, dueAt: at(5) },
      ]);
      // More people than one statement takes (the store writes them in parts, in one transaction).
      await stores.pendingChanges.recordMany(Array.from({ length: 1_200 }, (_, i) => ({ tenantId: 't3', personId: `q${i}`, kind: 'mail' as const })), at(6));
      expect(await stores.pendingChanges.listPending(2_000)).toHaveLength(1_203);
    });

    it('records from two servers at once stay one entry with every record counted', async () => {
      const second = await testDb.secondServer(stores);
      await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? stores : second).pendingChanges.record('t1', 'p1', i % 3 === 0 ? 'chats' : 'mail', at(i))));
      const pending = await stores.pendingChanges.listPending(10);
      expect(pending).toHaveLength(1);
      expect(pending[0]).toMatchObject({ personId: 'p1', kinds: ['mail', 'chats'], seq: 20 });
    });
  });

  it("a person's erasure removes their subscriptions and pending changes, nobody else's", async () => {
    await stores.changeSubscriptions.put(subscription('s1', 't1', 'leaver', 60));
    await stores.changeSubscriptions.put(subscription('s2', 't1', 'stayer', 60));
    await stores.changeSubscriptions.put(subscription('s3', 't2', 'leaver', 60));
    await stores.pendingChanges.record('t1', 'leaver', 'mail', at(1));
    await stores.pendingChanges.record('t1', 'stayer', 'mail', at(2));
    await stores.pendingChanges.record('t2', 'leaver', 'mail', at(3));

    await stores.deletePersonData('t1', 'leaver');
    expect(await stores.changeSubscriptions.get('s1')).toBeNull();
    expect((await stores.changeSubscriptions.get('s2'))?.personId).toBe('stayer');
    expect((await stores.changeSubscriptions.get('s3'))?.tenantId).toBe('t2');
    expect((await stores.pendingChanges.listPending(10)).map((p) => `${p.tenantId}/${p.personId}`)).toEqual(['t1/stayer', 't2/leaver']);
    // No row is left behind (not even a cleared one).
    const rows = await stores.database.db.selectFrom('pending_changes').select(['tenant_id', 'person_id']).where('person_id', '=', 'leaver').where('tenant_id', '=', 't1').execute();
    expect(rows).toEqual([]);
  });

  it('a tenant purge removes the tenant\'s subscriptions and pending changes (cleared rows too), no other tenant\'s', async () => {
    await stores.changeSubscriptions.put(subscription('s1', 't1', 'a', 60));
    await stores.changeSubscriptions.put(subscription('s2', 't2', 'a', 60));
    await stores.pendingChanges.record('t1', 'a', 'mail', at(1));
    await stores.pendingChanges.record('t1', 'b', 'chats', at(1));
    await stores.pendingChanges.clear('t1', 'b', 1, at(2));
    await stores.pendingChanges.record('t2', 'a', 'mail', at(2));

    await stores.purgeTenant('t1');
    expect(await stores.changeSubscriptions.get('s1')).toBeNull();
    expect((await stores.changeSubscriptions.get('s2'))?.tenantId).toBe('t2');
    const rows = await stores.database.db.selectFrom('pending_changes').select(['tenant_id', 'person_id']).orderBy('tenant_id').execute();
    expect(rows).toEqual([{ tenant_id: 't2', person_id: 'a' }]);
  });
});
