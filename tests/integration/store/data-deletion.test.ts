/**
 * A person's erasure (`deletePersonData`) and an operator's tenant purge (`purgeTenant`) on real SQLite and real
 * PostgreSQL. Every table is dumped before and after, and the dump after must equal the dump before with exactly the
 * documented changes applied — so a stray change to anyone else's row fails the test.
 */
import type { PersonRecord } from '../../../src/app/records';
import { DELETED_PERSON_ID, type DatabaseStores } from '../../../src/store/open-stores';
import { countTenantRows, TENANT_TABLES, type TenantTable } from '../../../src/store/tenant-row-counts';
import { createTestDatabase, type TestDatabase, type TestDialect } from './store-test-databases';
import { T0, newRequest, trackedEvent } from './store-fixtures';

const dialects: [TestDialect][] = [['sqlite'], ['postgres']];
type Row = Record<string, unknown>;
type Dump = Record<TenantTable, Row[]>;

async function dump(stores: DatabaseStores): Promise<Dump> {
  const out = {} as Dump;
  for (const table of TENANT_TABLES) {
    const rows = (await stores.database.db.selectFrom(table).selectAll().execute()) as Row[];
    out[table] = rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v]))).sort(byJson);
  }
  return out;
}

function byJson(a: Row, b: Row): number {
  const x = JSON.stringify(a);
  const y = JSON.stringify(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function person(id: string, tenantId: string, managerId: string | null = null): PersonRecord {
  return { id, tenantId, displayName: `${id} of ${tenantId}`, mail: `${id}@${tenantId}.example`, userPrincipalName: `${id}@${tenantId}.example`, department: 'IT', managerId, calendar: null, refreshedAt: new Date(T0) };
}

interface SeededIds {
  leaverServes: string;
  leaverAsks: string;
  leaverUntracked: string;
  stayerUntracked: string;
  unrelated: string;
}

/** The same people and shapes of data in one tenant; returns the ids of the requests it tracked. */
async function seedTenant(stores: DatabaseStores, t: string): Promise<SeededIds> {
  const at = (minutes: number) => new Date(T0 + minutes * 60_000);
  await stores.directory.upsertTenant(t, [`${t}.example`], at(0));
  await stores.directory.upsertPeople(t, [person('leaver', t), person('stayer', t, 'leaver'), person('other', t)]);
  await stores.directory.upsertTeam(t, { id: 'team-1', tenantId: t, displayName: 'Service desk', refreshedAt: at(0) }, [
    { teamId: 'team-1', personId: 'leaver', role: 'owner' },
    { teamId: 'team-1', personId: 'stayer', role: 'member' },
  ]);
  const track = async (key: string, assigneeId: string, requesterId: string) =>
    (await stores.requests.track(t, newRequest({ tenantId: t, sourceMessageId: `${key}-msg`, assigneeId, requesterId }), trackedEvent(assigneeId, at(1)))).request.id;
  const ids = {} as SeededIds;
  ids.leaverServes = await track('r1', 'leaver', 'stayer');
  await stores.requests.update(t, ids.leaverServes, { status: 'resolved', resolvedAt: at(5) }, [{ type: 'resolved', actorId: 'leaver', at: at(5), data: null }]);
  ids.leaverAsks = await track('r2', 'stayer', 'leaver');
  await stores.requests.update(t, ids.leaverAsks, { firstResponseAt: at(3), firstResponseSource: 'email' }, [{ type: 'responded', actorId: 'system', at: at(3), data: { source: 'email' } }]);
  ids.leaverUntracked = await track('r3', 'leaver', 'other');
  await stores.requests.update(t, ids.leaverUntracked, { firstResponseAt: at(2) }, [{ type: 'responded', actorId: 'system', at: at(2), data: { messageId: 'sent-by-leaver' } }]);
  await stores.requests.untrack(t, ids.leaverUntracked, { type: 'untracked', actorId: 'leaver', at: at(4), data: null });
  ids.stayerUntracked = await track('r4', 'stayer', 'other');
  await stores.requests.untrack(t, ids.stayerUntracked, { type: 'untracked', actorId: 'stayer', at: at(4), data: null });
  ids.unrelated = await track('r5', 'other', 'stayer');

  const suggestion = (personId: string, fromId: string, key: string) => ({
    tenantId: t, personId, source: 'email' as const, sourceMessageId: key, chatId: null, fromId, subject: `subject ${key}`, preview: 'p', receivedAt: at(0), reason: 'asks a question', answered: false, score: 1,
  });
  await stores.suggestions.upsert([suggestion('leaver', 'stayer', 's1'), suggestion('leaver', 'other', 's2'), suggestion('stayer', 'leaver', 's3'), suggestion('stayer', 'other', 's4')]);
  const dismissed = (await stores.suggestions.list(t, 'leaver')).find((s) => s.sourceMessageId === 's2');
  await stores.suggestions.dismiss(t, 'leaver', dismissed!.id);

  for (const personId of ['leaver', 'stayer']) {
    await stores.syncState.registerPerson(t, personId, at(0));
    await stores.syncState.put({ tenantId: t, personId, resource: 'inbox', deltaLink: `https://graph.example/delta?$deltatoken=${personId}`, watermark: null, lastRunAt: at(0) });
    await stores.syncState.put({ tenantId: t, personId, resource: 'chat:19:abc', deltaLink: null, watermark: at(1), lastRunAt: at(1) });
    // Change notifications (issue 19): a Graph subscription and a pending change each.
    await stores.changeSubscriptions.put({
      id: `${t}-sub-${personId}`, tenantId: t, personId, kind: 'inbox', resource: `/users/${personId}/mailFolders('inbox')/messages`, clientState: `secret-${t}-${personId}`,
      expiresAt: at(600), createdAt: at(0), failures: 0,
    });
    await stores.pendingChanges.record(t, personId, 'mail', at(2));
    // Warnings in the activity feed (issue 20): each chose something other than the default.
    await stores.warningPreferences.put(t, personId, personId === 'leaver' ? 'off' : 'digestOnly', at(3));
    // A warning about a request they hold and a digest, each (issue 20).
    await stores.clockWarnings.claimWarning({
      tenantId: t, requestId: `${t}-${personId}-held`, clock: 'firstResponse', kind: 'atRisk', assigneeId: personId, transitionAt: at(3), status: 'sent', recordedAt: at(3), sentAt: at(3), digestAt: null,
    });
    await stores.clockWarnings.claimDigest(t, personId, 'personal', '', '2025-03-03', at(3));
  }
  return ids;
}

describe.each(dialects)('data deletion on %s', (dialect) => {
  let testDb: TestDatabase;
  let stores: DatabaseStores;
  let ids: Record<string, SeededIds>;

  beforeAll(async () => {
    testDb = await createTestDatabase(dialect);
    stores = await testDb.open();
    ids = { 'tenant-a': await seedTenant(stores, 'tenant-a'), 'tenant-b': await seedTenant(stores, 'tenant-b'), 'tenant-c': await seedTenant(stores, 'tenant-c') };
  });
  afterAll(async () => {
    await testDb?.dispose();
  });

  it('deletes a person’s own data, anonymises them in colleagues’ rows, and changes nothing else', async () => {
    const a = ids['tenant-a']!;
    const history = await stores.requests.listUntrackedHistory('tenant-a', 'leaver');
    expect(history.map((e) => [e.requestId, e.type])).toEqual([[a.leaverUntracked, 'tracked'], [a.leaverUntracked, 'responded'], [a.leaverUntracked, 'untracked']]);
    expect((await stores.requests.listUntrackedHistory('tenant-a', 'stayer')).map((e) => e.requestId)).toEqual([a.stayerUntracked, a.stayerUntracked]);
    const before = await dump(stores);
    await stores.deletePersonData('tenant-a', 'leaver');
    const after = await dump(stores);

    const inA = (r: Row) => r.tenant_id === 'tenant-a';
    const goneRequests = new Set([a.leaverServes, a.leaverUntracked]);
    const expected: Dump = {
      ...before,
      people: before.people.filter((r) => !(inA(r) && r.id === 'leaver')),
      team_members: before.team_members.filter((r) => !(inA(r) && r.person_id === 'leaver')),
      requests: before.requests
        .filter((r) => !(inA(r) && goneRequests.has(r.id as string)))
        // updated_at moves by one (PostgreSQL's bigint comes back as a string), so cached copies of the row are stale.
        .map((r) => (inA(r) && r.requester_id === 'leaver' ? { ...r, requester_id: DELETED_PERSON_ID, updated_at: typeof r.updated_at === 'string' ? String(Number(r.updated_at) + 1) : Number(r.updated_at) + 1 } : r))
        .sort(byJson),
      request_events: before.request_events.filter((r) => !(inA(r) && goneRequests.has(r.request_id as string))),
      // Untracked requests kept for undo: the leaver's own, and colleagues' that name the leaver as requester.
      untracked_requests: before.untracked_requests.filter((r) => !(inA(r) && (r.assignee_id === 'leaver' || r.requester_id === 'leaver'))),
      sync_state: before.sync_state.filter((r) => !(inA(r) && r.person_id === 'leaver')),
      sync_people: before.sync_people.filter((r) => !(inA(r) && r.person_id === 'leaver')),
      graph_subscriptions: before.graph_subscriptions.filter((r) => !(inA(r) && r.person_id === 'leaver')),
      pending_changes: before.pending_changes.filter((r) => !(inA(r) && r.person_id === 'leaver')),
      warning_preferences: before.warning_preferences.filter((r) => !(inA(r) && r.person_id === 'leaver')),
      clock_warnings: before.clock_warnings.filter((r) => !(inA(r) && r.assignee_id === 'leaver')),
      digests_sent: before.digests_sent.filter((r) => !(inA(r) && r.person_id === 'leaver')),
      suggestions: before.suggestions
        .filter((r) => !(inA(r) && r.person_id === 'leaver'))
        .map((r) => (inA(r) && r.from_id === 'leaver' ? { ...r, from_id: DELETED_PERSON_ID } : r))
        .sort(byJson),
    };
    expect(after).toEqual(expected);

    // The expectation above is not vacuous: each kind of change really happened.
    expect(before.request_events.filter((r) => inA(r) && r.request_id === a.leaverUntracked).map((r) => r.type).sort()).toEqual(['responded', 'tracked', 'untracked']);
    expect(after.request_events.filter((r) => inA(r) && r.request_id === a.stayerUntracked).map((r) => r.type).sort()).toEqual(['tracked', 'untracked']);
    expect((await stores.requests.get('tenant-a', a.leaverAsks))?.requesterId).toBe(DELETED_PERSON_ID);
    expect((await stores.requests.listEvents('tenant-a', a.leaverAsks)).map((e) => e.type)).toEqual(['tracked', 'responded']);
    expect(await stores.requests.listForAssignee('tenant-a', 'leaver', { includeResolved: true })).toEqual([]);
    expect(await stores.requests.listForRequester('tenant-a', 'leaver')).toEqual([]);
    expect(await stores.requests.listUntrackedHistory('tenant-a', 'leaver')).toEqual([]);
    expect(await stores.requests.listUntrackedHistory('tenant-b', 'leaver')).toHaveLength(3);
    expect(await stores.suggestions.list('tenant-a', 'leaver', { includeDismissed: true })).toEqual([]);
    expect((await stores.suggestions.list('tenant-a', 'stayer')).map((s) => s.fromId).sort()).toEqual([DELETED_PERSON_ID, 'other']);
    expect(await stores.syncState.list('tenant-a', 'leaver')).toEqual([]);
    // The leaver's choice ('off') is gone, so they read as the default; the colleague's choice stays.
    expect(before.warning_preferences.filter((r) => inA(r) && r.person_id === 'leaver').map((r) => r.choice)).toEqual(['off']);
    expect(await stores.warningPreferences.get('tenant-a', 'leaver')).toBe('warningsAndDigest');
    expect(await stores.warningPreferences.get('tenant-a', 'stayer')).toBe('digestOnly');
    expect(await stores.warningPreferences.get('tenant-b', 'leaver')).toBe('off');
    expect(await stores.directory.getPerson('tenant-a', 'leaver')).toBeNull();
    expect(await stores.directory.listTeamsOf('tenant-a', 'leaver')).toEqual([]);
    // The colleague's own directory entry (including who Entra says their manager is) is theirs and stays.
    expect((await stores.directory.getPerson('tenant-a', 'stayer'))?.managerId).toBe('leaver');
    // The same person id in another tenant is another person.
    expect((await stores.directory.getPerson('tenant-b', 'leaver'))?.displayName).toBe('leaver of tenant-b');
  });

  it('is idempotent: a second deletion changes nothing', async () => {
    const before = await dump(stores);
    await stores.deletePersonData('tenant-a', 'leaver');
    await stores.deletePersonData('tenant-a', 'never-existed');
    expect(await dump(stores)).toEqual(before);
  });

  it('purges one tenant completely and leaves every other tenant’s rows exactly as they were', async () => {
    const before = await dump(stores);
    const countsBefore = await countTenantRows(stores.database, 'tenant-b');
    expect(countsBefore).toEqual({
      tenants: 1, people: 3, teams: 1, team_members: 2, team_settings: 0, requests: 3,
      // r1 tracked+resolved, r2 tracked+responded, r3 tracked+responded+untracked, r4 tracked+untracked, r5 tracked
      request_events: 10, untracked_requests: 2, sync_state: 4, sync_people: 2, suggestions: 4, graph_subscriptions: 2, pending_changes: 2,
      warning_preferences: 2, clock_warnings: 2, digests_sent: 2,
    });
    await stores.purgeTenant('tenant-b');
    const zero = Object.fromEntries(TENANT_TABLES.map((t) => [t, 0]));
    expect(await countTenantRows(stores.database, 'tenant-b')).toEqual(zero);

    const notB = (rows: Row[]) => rows.filter((r) => r.tenant_id !== 'tenant-b' && r.id !== 'tenant-b');
    const after = await dump(stores);
    for (const table of TENANT_TABLES) expect({ table, rows: after[table] }).toEqual({ table, rows: notB(before[table]) });
    expect((await countTenantRows(stores.database, 'tenant-c')).requests).toBe(3);

    await stores.purgeTenant('tenant-b');
    expect(await dump(stores)).toEqual(after);
  });
});
