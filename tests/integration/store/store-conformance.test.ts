/**
 * One conformance suite for the store, run against real SQLite (temp file) and real PostgreSQL (fresh schema).
 */
import { sql } from 'kysely';
import type { PersonRecord, TeamSettingsRecord } from '../../../src/app/records';
import type { DatabaseStores } from '../../../src/store/open-stores';
import { DELETED_PERSON_ID } from '../../../src/store/open-stores';
import { KyselyRequestStore } from '../../../src/store/kysely-request-store';
import { purgeExpiredRequests } from '../../../src/store/retention-purge-job';
import { isStoreError } from '../../../src/store/store-error';
import { createTestDatabase, type TestDatabase, type TestDialect } from './store-test-databases';
import { T0, newRequest, trackedEvent } from './store-fixtures';

const DAY = 24 * 3600_000;
const dialects: [TestDialect][] = [['sqlite'], ['postgres']];

function person(id: string, tenantId: string, extra: Partial<PersonRecord> = {}): PersonRecord {
  return {
    id,
    tenantId,
    displayName: `Person ${id} of ${tenantId}`,
    mail: `${id}@${tenantId}.example`,
    userPrincipalName: `${id}@${tenantId}.example`,
    department: tenantId === 'tenant-a' ? 'IT' : 'Payroll',
    managerId: null,
    calendar: { timeZone: 'Europe/Berlin', windows: [{ days: ['monday'], start: '09:00', end: '17:00' }] },
    refreshedAt: new Date(T0),
    ...extra,
  };
}

function settings(tenantId: string, minGroupSize: number): TeamSettingsRecord {
  return {
    tenantId,
    teamId: 'team-1',
    categories: ['hardware', 'access'],
    standards: [{ id: 's1', name: 'Default', category: null, priority: null, firstResponseTargetMinutes: 240, resolutionTargetMinutes: 960 }],
    calendar: { timeZone: 'Europe/Berlin', windows: [{ days: ['monday', 'tuesday'], start: '09:00', end: '17:00' }] },
    holidays: ['2025-12-25'],
    pauseForOutOfOffice: true,
    minGroupSize,
    individualView: tenantId === 'tenant-a',
    ownersDigest: false,
    updatedAt: new Date(T0),
  };
}

async function expectStoreError(promise: Promise<unknown>, code: string): Promise<void> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(isStoreError(error) ? error.code : error).toBe(code);
}

describe.each(dialects)('store conformance on %s', (dialect) => {
  let testDb: TestDatabase;
  let stores: DatabaseStores;

  beforeAll(async () => {
    testDb = await createTestDatabase(dialect);
    stores = await testDb.open();
  });
  afterAll(async () => {
    await testDb?.dispose();
  });

  describe('migrations', () => {
    it('ran from empty on first open and apply nothing when re-run', async () => {
      expect(stores.appliedMigrations).toEqual(['0001-initial-schema', '0002-untracked-requests', '0003-undone-request-events', '0004-first-response-message', '0005-reopen-and-breaches', '0006-settings-history', '0007-person-addresses', '0008-home-team', '0009-change-notifications', '0010-warning-preferences', '0011-clock-warnings', '0012-stale-claims']);
      const again = await testDb.open();
      expect(again.appliedMigrations).toEqual([]);
      await again.close();
      const recorded = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(stores.database.db);
      expect(recorded.rows.map((r) => r.name)).toEqual(['0001-initial-schema', '0002-untracked-requests', '0003-undone-request-events', '0004-first-response-message', '0005-reopen-and-breaches', '0006-settings-history', '0007-person-addresses', '0008-home-team', '0009-change-notifications', '0010-warning-preferences', '0011-clock-warnings', '0012-stale-claims']);
      const counts = await stores.database.db.selectFrom('requests').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      expect(Number(counts.n)).toBe(0);
    });

    it('runs with the connection settings the issue asks for', async () => {
      if (dialect === 'sqlite') {
        const handle = stores.database.sqlite!;
        expect(handle.pragma('journal_mode', { simple: true })).toBe('wal');
        expect(handle.pragma('foreign_keys', { simple: true })).toBe(1);
        expect(Number(handle.pragma('busy_timeout', { simple: true }))).toBeGreaterThan(0);
      } else {
        const result = await sql<{ schema: string }>`select current_schema() as schema`.execute(stores.database.db);
        expect(result.rows[0]?.schema).toMatch(/^t_[0-9a-f]{12}$/);
      }
    });
  });

  describe('tracking', () => {
    it('is idempotent per (tenant, source, message, assignee) and writes one tracked event', async () => {
      const input = newRequest({ sourceMessageId: 'idem-1' });
      const first = await stores.requests.track('tenant-a', input, trackedEvent());
      const second = await stores.requests.track('tenant-a', { ...input, subject: 'changed' }, trackedEvent());
      expect(first.created).toBe(true);
      expect(second.created).toBe(false);
      expect(second.request.id).toBe(first.request.id);
      expect(second.request.subject).toBe('Laptop for new starter');
      expect(first.request).toMatchObject({ tenantId: 'tenant-a', status: 'open', dueAt: input.dueAt, receivedAt: input.receivedAt, waitingPeriods: [] });
      const events = await stores.requests.listEvents('tenant-a', first.request.id);
      expect(events.map((e) => e.type)).toEqual(['tracked']);
      expect(events[0]?.data).toEqual({ via: 'test' });

      // Another assignee tracking the same message gets their own request.
      const other = await stores.requests.track('tenant-a', { ...input, assigneeId: 'assignee-2' }, trackedEvent('assignee-2'));
      expect(other.created).toBe(true);
      expect(other.request.id).not.toBe(first.request.id);
    });

    it('gives many concurrent callers on two servers one row, created exactly once', async () => {
      const second = await testDb.secondServer(stores);
      const input = newRequest({ sourceMessageId: 'concurrent-1' });
      const calls = Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? stores : second).requests.track('tenant-a', input, trackedEvent()));
      const results = await Promise.all(calls);
      const ids = new Set(results.map((r) => r.request.id));
      expect(ids.size).toBe(1);
      expect(results.filter((r) => r.created)).toHaveLength(1);
      const rows = await stores.database.db
        .selectFrom('requests')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('tenant_id', '=', 'tenant-a')
        .where('source_message_id', '=', 'concurrent-1')
        .executeTakeFirstOrThrow();
      expect(Number(rows.n)).toBe(1);
      const events = await stores.requests.listEvents('tenant-a', [...ids][0]!);
      expect(events.filter((e) => e.type === 'tracked')).toHaveLength(1);
    });

    it('round-trips every field and finds a request by its source message', async () => {
      const input = newRequest({
        sourceMessageId: 'chat-msg-1',
        source: 'chat',
        chatId: '19:abc@thread.v2',
        conversationId: '19:abc@thread.v2',
        threadId: 'root-1',
        colleagueOverride: true,
        priority: 'urgent',
        note: 'call back',
        firstResponseAt: new Date(T0 + 1000),
        firstResponseSource: 'chat',
        waitingPeriods: [{ from: new Date(T0 + 2000), to: new Date(T0 + 3000) }, { from: new Date(T0 + 4000), to: null }],
        status: 'waiting',
        dueAt: null,
      });
      const { request } = await stores.requests.track('tenant-a', input, trackedEvent());
      const found = await stores.requests.findBySourceMessage('tenant-a', 'chat', 'chat-msg-1', 'assignee-1');
      expect(found).toEqual(request);
      const { tenantId: _t, ...expected } = input;
      expect(request).toMatchObject(expected);
      expect(request.firstResponseBreachRecorded).toBe(false);
    });
  });

  describe('updates and history', () => {
    it('applies changes with events in order, and rejects a stale expectedUpdatedAt without changing anything', async () => {
      const { request } = await stores.requests.track('tenant-a', newRequest({ sourceMessageId: 'upd-1' }), trackedEvent());
      const resolved = await stores.requests.update(
        'tenant-a',
        request.id,
        { status: 'resolved', resolvedAt: new Date(T0 + DAY), dueAt: null, firstResponseBreachRecorded: true },
        [
          { type: 'breach', actorId: 'system', at: new Date(T0 + 5 * 3600_000), data: { clock: 'firstResponse' } },
          { type: 'resolved', actorId: 'assignee-1', at: new Date(T0 + DAY), data: null },
        ],
        request.updatedAt,
      );
      expect(resolved).toMatchObject({ status: 'resolved', resolvedAt: new Date(T0 + DAY), dueAt: null, firstResponseBreachRecorded: true, category: 'hardware' });
      expect(resolved.updatedAt.getTime()).toBeGreaterThan(request.updatedAt.getTime());

      await expectStoreError(stores.requests.update('tenant-a', request.id, { status: 'open' }, [], request.updatedAt), 'conflict');
      expect((await stores.requests.get('tenant-a', request.id))?.status).toBe('resolved');
      await expectStoreError(stores.requests.update('tenant-a', 'no-such-id', { status: 'open' }, []), 'not_found');

      const events = await stores.requests.listEvents('tenant-a', request.id);
      expect(events.map((e) => e.type)).toEqual(['tracked', 'breach', 'resolved']);
      expect(events[1]?.data).toEqual({ clock: 'firstResponse' });
    });

    it('keeps events append-only: the database refuses to change one, and they outlive an untracked request', async () => {
      const { request } = await stores.requests.track('tenant-a', newRequest({ sourceMessageId: 'hist-1' }), trackedEvent());
      // Matched by message, not toThrow: better-sqlite3's native code builds its SqliteError from the first jest
      // realm that loaded the addon in this worker, so `instanceof Error` fails when another test file loaded it first.
      await expect(
        stores.database.db.updateTable('request_events').set({ type: 'resolved' }).where('request_id', '=', request.id).execute(),
      ).rejects.toHaveProperty('message', expect.stringMatching(/append-only/));
      await stores.requests.untrack('tenant-a', request.id, { type: 'untracked', actorId: 'assignee-1', at: new Date(T0 + 2 * DAY), data: null });
      expect(await stores.requests.get('tenant-a', request.id)).toBeNull();
      expect((await stores.requests.listEvents('tenant-a', request.id)).map((e) => e.type)).toEqual(['tracked', 'untracked']);
      await expectStoreError(stores.requests.untrack('tenant-a', request.id, trackedEvent()), 'not_found');
    });
  });

  describe('queries', () => {
    it("lists a person's open queue by due time (nulls last), with resolved on request", async () => {
      const a = 'queue-person';
      const mk = (id: string, dueOffsetH: number | null, status: 'open' | 'waiting' | 'resolved') =>
        stores.requests.track(
          'tenant-a',
          newRequest({ sourceMessageId: id, assigneeId: a, status, dueAt: dueOffsetH === null ? null : new Date(T0 + dueOffsetH * 3600_000) }),
          trackedEvent(a),
        );
      await mk('q3', 3, 'open');
      await mk('q1', 1, 'open');
      await mk('qw', null, 'waiting');
      await mk('q2', 2, 'open');
      await mk('qr', null, 'resolved');
      const open = await stores.requests.listForAssignee('tenant-a', a);
      expect(open.map((r) => r.sourceMessageId)).toEqual(['q1', 'q2', 'q3', 'qw']);
      expect((await stores.requests.listOpenForAssignee('tenant-a', a)).map((r) => r.sourceMessageId)).toEqual(['q1', 'q2', 'q3', 'qw']);
      expect((await stores.requests.listForAssignee('tenant-a', a, { limit: 2 })).map((r) => r.sourceMessageId)).toEqual(['q1', 'q2']);
      const all = await stores.requests.listForAssignee('tenant-a', a, { includeResolved: true });
      expect(all.map((r) => r.sourceMessageId).sort()).toEqual(['q1', 'q2', 'q3', 'qr', 'qw']);
    });

    it("sees at once, in a person's queue, every change another instance wrote (the queue keeps rows it read)", async () => {
      const a = 'queue-cached';
      // Another server instance: the same database, its own store object (and so its own memory of rows read).
      const other = new KyselyRequestStore(stores.database.db);
      const track = (store: KyselyRequestStore | DatabaseStores['requests'], id: string, dueOffsetH: number) =>
        store.track('tenant-a', newRequest({ sourceMessageId: id, assigneeId: a, dueAt: new Date(T0 + dueOffsetH * 3600_000) }), trackedEvent(a));
      const first = (await track(stores.requests, 'c1', 1)).request;
      const second = (await track(stores.requests, 'c2', 2)).request;
      const queue = async () => (await stores.requests.listForAssignee('tenant-a', a)).map((r) => `${r.sourceMessageId}:${r.status}:${r.note ?? ''}`);
      expect(await queue()).toEqual(['c1:open:', 'c2:open:']);

      await other.update('tenant-a', first.id, { note: 'called them', dueAt: new Date(T0 + 3 * 3600_000) }, []);
      expect(await queue()).toEqual(['c2:open:', 'c1:open:called them']);
      await other.update('tenant-a', second.id, { status: 'waiting', dueAt: null }, []);
      expect(await queue()).toEqual(['c1:open:called them', 'c2:waiting:']);
      await track(other, 'c3', 0);
      expect(await queue()).toEqual(['c3:open:', 'c1:open:called them', 'c2:waiting:']);
      await other.update('tenant-a', first.id, { status: 'resolved', resolvedAt: new Date(T0 + 3600_000), dueAt: null }, []);
      expect(await queue()).toEqual(['c3:open:', 'c2:waiting:']);
      await other.untrack('tenant-a', second.id, { type: 'untracked', actorId: a, at: new Date(T0 + 7200_000), data: null });
      expect(await queue()).toEqual(['c3:open:']);

      // A colleague deleting their data anonymises them as requester: the queue shows it at once.
      await track(stores.requests, 'c4', 5);
      await stores.requests.update('tenant-a', (await stores.requests.findBySourceMessage('tenant-a', 'email', 'c4', a))!.id, { note: 'x' }, []);
      expect((await stores.requests.listForAssignee('tenant-a', a)).map((r) => r.requesterId)).toEqual(['requester-1', 'requester-1']);
      await stores.deletePersonData('tenant-a', 'requester-1');
      expect((await stores.requests.listForAssignee('tenant-a', a)).map((r) => r.requesterId)).toEqual([DELETED_PERSON_ID, DELETED_PERSON_ID]);

      // Rows are shared between callers, so none of them can change what the next caller reads.
      const [row] = await stores.requests.listForAssignee('tenant-a', a);
      expect(() => {
        (row as { note: string | null }).note = 'changed by a caller';
      }).toThrow(TypeError);
      expect(() => (row!.waitingPeriods as unknown[]).push({})).toThrow(TypeError);
      expect((await stores.requests.listForAssignee('tenant-a', a))[0]?.note).toBeNull();
    });

    it("lists a team's requests in a period plus those still open, and a requester's asks newest first", async () => {
      const team = 'team-period';
      const mk = (id: string, dayOffset: number, status: 'open' | 'resolved') =>
        stores.requests.track(
          'tenant-a',
          newRequest({ sourceMessageId: id, teamId: team, requesterId: 'asker', status, receivedAt: new Date(T0 + dayOffset * DAY) }),
          trackedEvent(),
        );
      await mk('old-open', -100, 'open');
      await mk('old-resolved', -100, 'resolved');
      await mk('in-1', -10, 'resolved');
      await mk('in-2', -5, 'open');
      await mk('future', 5, 'resolved');
      const rows = await stores.requests.listForTeam('tenant-a', team, new Date(T0 - 30 * DAY), new Date(T0));
      expect(rows.map((r) => r.sourceMessageId)).toEqual(['old-open', 'in-1', 'in-2']);
      const asks = await stores.requests.listForRequester('tenant-a', 'asker', { limit: 3 });
      expect(asks.map((r) => r.sourceMessageId)).toEqual(['future', 'in-2', 'in-1']);
    });
  });

  describe('tenant isolation', () => {
    it('never returns or changes another tenant’s rows, on every repository method', async () => {
      const tenants = ['iso-a', 'iso-b'];
      const ids: Record<string, string> = {};
      const suggestionIds: Record<string, string> = {};
      for (const t of tenants) {
        await stores.directory.upsertTenant(t, [`${t}.example`], new Date(T0));
        await stores.directory.upsertPeople(t, [person('p1', t), person('p2', t)]);
        await stores.directory.upsertTeam(t, { id: 'team-1', tenantId: t, displayName: `Team of ${t}`, refreshedAt: new Date(T0) }, [
          { teamId: 'team-1', personId: 'p1', role: 'owner' },
          { teamId: 'team-1', personId: 'p2', role: 'member' },
        ]);
        await stores.teamSettings.put(settings(t, t === 'iso-a' ? 5 : 7));
        const { request } = await stores.requests.track(t, newRequest({ tenantId: t, sourceMessageId: 'same-msg', assigneeId: 'p1', requesterId: 'p2' }), trackedEvent('p1'));
        ids[t] = request.id;
        await stores.syncState.put({ tenantId: t, personId: 'p1', resource: 'inbox', deltaLink: `https://graph/${t}`, watermark: null, lastRunAt: new Date(T0) });
        await stores.suggestions.upsert([
          { tenantId: t, personId: 'p1', source: 'email', sourceMessageId: 'sugg-1', chatId: null, fromId: 'p2', subject: `s ${t}`, preview: 'p', receivedAt: new Date(T0), reason: 'asks a question', answered: false, score: 1 },
        ]);
        suggestionIds[t] = (await stores.suggestions.list(t, 'p1'))[0]!.id;
      }
      const [A, B] = tenants as [string, string];
      const idA = ids[A]!;
      const idB = ids[B]!;
      expect(idA).not.toBe(idB);

      // requests
      expect(await stores.requests.get(B, idA)).toBeNull();
      expect((await stores.requests.get(A, idA))?.tenantId).toBe(A);
      expect((await stores.requests.findBySourceMessage(B, 'email', 'same-msg', 'p1'))?.id).toBe(idB);
      await expectStoreError(stores.requests.update(B, idA, { status: 'resolved' }, [{ type: 'resolved', actorId: 'p1', at: new Date(T0), data: null }]), 'not_found');
      await expectStoreError(stores.requests.untrack(B, idA, { type: 'untracked', actorId: 'p1', at: new Date(T0), data: null }), 'not_found');
      expect((await stores.requests.get(A, idA))?.status).toBe('open');
      for (const list of [
        await stores.requests.listForAssignee(B, 'p1', { includeResolved: true }),
        await stores.requests.listOpenForAssignee(B, 'p1'),
        await stores.requests.listForRequester(B, 'p2'),
        await stores.requests.listForTeam(B, 'team-1', new Date(0), new Date(T0 + DAY)),
      ]) {
        expect(list.map((r) => r.id)).toEqual([idB]);
      }
      expect(await stores.requests.listEvents(B, idA)).toEqual([]);
      expect((await stores.requests.listEvents(A, idA)).map((e) => e.type)).toEqual(['tracked']);

      // directory
      expect(await stores.directory.getTenantDomains(B)).toEqual([`${B}.example`]);
      expect((await stores.directory.getPerson(B, 'p1'))?.mail).toBe(`p1@${B}.example`);
      expect((await stores.directory.getPeople(B, ['p1', 'p2'])).map((p) => p.tenantId)).toEqual([B, B]);
      expect((await stores.directory.getPersonRefs(B, ['p1', 'p2'])).map((p) => p.mail).sort()).toEqual([`p1@${B}.example`, `p2@${B}.example`]);
      expect((await stores.directory.getTeam(B, 'team-1'))?.displayName).toBe(`Team of ${B}`);
      expect(await stores.directory.listTeamMembers(B, 'team-1')).toHaveLength(2);
      expect((await stores.directory.listTeamsOf(B, 'p1')).map((t) => [t.tenantId, t.displayName, t.role])).toEqual([[B, `Team of ${B}`, 'owner']]);

      // team settings
      expect((await stores.teamSettings.get(B, 'team-1'))?.minGroupSize).toBe(7);
      expect((await stores.teamSettings.get(A, 'team-1'))?.minGroupSize).toBe(5);

      // sync state and leases
      expect((await stores.syncState.get(B, 'p1', 'inbox'))?.deltaLink).toBe(`https://graph/${B}`);
      expect((await stores.syncState.list(B, 'p1')).map((s) => s.tenantId)).toEqual([B]);
      const leaseA = await stores.syncState.tryLease(A, 'p1', 'worker-1', new Date(T0), 60);
      expect(leaseA).not.toBeNull();
      expect(await stores.syncState.tryLease(B, 'p1', 'worker-2', new Date(T0), 60)).not.toBeNull();
      expect(await stores.syncState.tryLease(A, 'p1', 'worker-2', new Date(T0), 60)).toBeNull();

      // suggestions
      expect(await stores.suggestions.dismiss(B, 'p1', suggestionIds[A]!)).toBe(false);
      expect((await stores.suggestions.list(A, 'p1')).map((s) => s.dismissed)).toEqual([false]);
      expect((await stores.suggestions.list(B, 'p1')).map((s) => s.subject)).toEqual([`s ${B}`]);
      await stores.suggestions.deleteForMessage(B, 'p1', 'email', 'sugg-1');
      expect(await stores.suggestions.list(B, 'p1')).toEqual([]);
      expect(await stores.suggestions.list(A, 'p1')).toHaveLength(1);

      // person deletion and tenant purge touch one tenant only
      await stores.deletePersonData(B, 'p1');
      expect(await stores.requests.get(B, idB)).toBeNull();
      expect(await stores.directory.getPerson(B, 'p1')).toBeNull();
      expect(await stores.requests.get(A, idA)).not.toBeNull();
      expect(await stores.directory.getPerson(A, 'p1')).not.toBeNull();
      expect(await stores.requests.purgeReceivedBefore(B, new Date(T0 + 100 * DAY))).toBe(0);
      await stores.purgeTenant(B);
      expect(await stores.directory.getTenantDomains(B)).toBeNull();
      expect(await stores.teamSettings.get(B, 'team-1')).toBeNull();
      expect(await stores.syncState.list(B, 'p1')).toEqual([]);
      expect(await stores.directory.getTenantDomains(A)).toEqual([`${A}.example`]);
      expect(await stores.requests.get(A, idA)).not.toBeNull();
      expect(await stores.directory.listTeamMembers(A, 'team-1')).toHaveLength(2);
      expect(await stores.syncState.get(A, 'p1', 'inbox')).not.toBeNull();
    });

    it('anonymises a deleted person as requester and keeps the assignee’s request', async () => {
      const { request } = await stores.requests.track('anon-t', newRequest({ tenantId: 'anon-t', requesterId: 'leaver', assigneeId: 'stayer' }), trackedEvent('stayer'));
      await stores.deletePersonData('anon-t', 'leaver');
      expect((await stores.requests.get('anon-t', request.id))?.requesterId).toBe(DELETED_PERSON_ID);
    });
  });

  describe('directory, settings and suggestions', () => {
    it('upserts people, replaces team members, stores settings JSON and keeps dismissals sticky', async () => {
      const t = 'dir-t';
      await stores.directory.upsertPeople(t, [person('x', t)]);
      await stores.directory.upsertPeople(t, [person('x', t, { department: 'HR', calendar: null })]);
      expect(await stores.directory.getPerson(t, 'x')).toMatchObject({ department: 'HR', calendar: null, tenantId: t });
      await stores.directory.upsertPeople(t, [person('z', t)]);
      // References name people and nothing else; unknown ids are simply absent.
      expect((await stores.directory.getPersonRefs(t, ['z', 'x', 'z', 'nobody'])).sort((a, b) => a.id.localeCompare(b.id))).toEqual([
        { id: 'x', displayName: `Person x of ${t}`, mail: `x@${t}.example`, department: 'HR' },
        { id: 'z', displayName: `Person z of ${t}`, mail: `z@${t}.example`, department: 'Payroll' },
      ]);
      const team = { id: 'tm', tenantId: t, displayName: 'Team', refreshedAt: new Date(T0) };
      await stores.directory.upsertTeam(t, team, [{ teamId: 'tm', personId: 'x', role: 'owner' }, { teamId: 'tm', personId: 'y', role: 'member' }]);
      await stores.directory.upsertTeam(t, { ...team, displayName: 'Renamed' }, [{ teamId: 'tm', personId: 'y', role: 'owner' }]);
      expect(await stores.directory.listTeamMembers(t, 'tm')).toEqual([{ teamId: 'tm', personId: 'y', role: 'owner' }]);
      expect((await stores.directory.getTeam(t, 'tm'))?.displayName).toBe('Renamed');

      const s = settings(t, 3);
      await stores.teamSettings.put(s);
      expect(await stores.teamSettings.get(t, 'team-1')).toEqual(s);
      await stores.teamSettings.put({ ...s, individualView: true, ownersDigest: true, holidays: ['2025-01-01'] });
      expect(await stores.teamSettings.get(t, 'team-1')).toEqual({ ...s, individualView: true, ownersDigest: true, holidays: ['2025-01-01'] });

      const base = { tenantId: t, personId: 'x', source: 'email' as const, chatId: null, fromId: 'y', subject: 's', preview: 'p', receivedAt: new Date(T0), reason: 'r', answered: false };
      await stores.suggestions.upsert([{ ...base, sourceMessageId: 'm1', score: 1 }, { ...base, sourceMessageId: 'm2', score: 2 }]);
      const listed = await stores.suggestions.list(t, 'x');
      expect(listed.map((x) => x.sourceMessageId)).toEqual(['m2', 'm1']);
      expect(await stores.suggestions.dismiss(t, 'x', listed[0]!.id)).toBe(true);
      await stores.suggestions.upsert([{ ...base, sourceMessageId: 'm2', score: 9, answered: true }]);
      expect((await stores.suggestions.list(t, 'x')).map((x) => x.sourceMessageId)).toEqual(['m1']);
      const all = await stores.suggestions.list(t, 'x', { includeDismissed: true });
      expect(all.find((x) => x.sourceMessageId === 'm2')).toMatchObject({ dismissed: true, score: 9, answered: true });
    });
  });

  describe("a person's addresses", () => {
    it('stores the list lower-cased and once each, keeps it when a record comes without one, replaces it when one comes', async () => {
      const t = 'addr-t';
      const mail = `a@${t}.example`; // the fixture's mail and UPN, always among a person's addresses
      await stores.directory.upsertPeople(t, [person('a', t, { addresses: ['A.Silva@Contoso.example', 'ana@contoso.example', 'a.silva@contoso.example'] }), person('b', t)]);
      expect((await stores.directory.getPerson(t, 'a'))?.addresses).toEqual([mail, 'a.silva@contoso.example', 'ana@contoso.example']);
      // A person stored without a list reads as mail and UPN.
      expect((await stores.directory.getPerson(t, 'b'))?.addresses).toEqual([`b@${t}.example`]);
      // A refresh that knows nothing of addresses (another writer) keeps the list…
      await stores.directory.upsertPeople(t, [person('a', t, { department: 'HR' })]);
      expect(await stores.directory.getPerson(t, 'a')).toMatchObject({ department: 'HR', addresses: [mail, 'a.silva@contoso.example', 'ana@contoso.example'] });
      // …one that does replaces it.
      await stores.directory.upsertPeople(t, [person('a', t, { addresses: ['a.silva@contoso.example'] })]);
      expect((await stores.directory.getPeople(t, ['a']))[0]?.addresses).toEqual([mail, 'a.silva@contoso.example']);
    });

    it('replaces only the addresses of a known person, and writes nothing for an unknown one', async () => {
      const t = 'addr-set-t';
      await stores.directory.upsertPeople(t, [person('a', t, { department: 'Payroll' })]);
      expect(await stores.directory.setPersonAddresses(t, 'a', ['ANA@contoso.example', 'a@addr-set-t.example'])).toBe(true);
      expect(await stores.directory.getPerson(t, 'a')).toMatchObject({ department: 'Payroll', addresses: ['a@addr-set-t.example', 'ana@contoso.example'] });
      expect(await stores.directory.setPersonAddresses(t, 'nobody', ['x@contoso.example'])).toBe(false);
      expect(await stores.directory.getPerson(t, 'nobody')).toBeNull();
      // Isolation: the same id in another tenant is untouched.
      await stores.directory.upsertPeople('addr-other-t', [person('a', 'addr-other-t')]);
      await stores.directory.setPersonAddresses(t, 'a', ['z@contoso.example']);
      expect((await stores.directory.getPerson('addr-other-t', 'a'))?.addresses).toEqual(['a@addr-other-t.example']);
    });

    it('reads a list it cannot parse as mail and UPN (the list is a copy of directory data)', async () => {
      const t = 'addr-bad-t';
      await stores.directory.upsertPeople(t, [person('a', t, { userPrincipalName: 'asilva@contoso.example' })]);
      await stores.database.db.updateTable('people').set({ addresses: 'not json' }).where('tenant_id', '=', t).execute();
      expect((await stores.directory.getPerson(t, 'a'))?.addresses).toEqual([`a@${t}.example`, 'asilva@contoso.example']);
    });
  });

  describe('sync leases', () => {
    it('two concurrent workers never lease the same person, and together lease every due person once', async () => {
      const worker2 = await testDb.secondServer(stores);
      const tenant = 'lease-t';
      const people = Array.from({ length: 60 }, (_, i) => `lp-${String(i).padStart(2, '0')}`);
      for (const p of people) await stores.syncState.registerPerson(tenant, p, new Date(T0));
      const now = new Date(T0 + DAY);
      const leased: Record<string, string[]> = { w1: [], w2: [] };
      const loop = async (s: DatabaseStores, owner: 'w1' | 'w2'): Promise<void> => {
        for (;;) {
          const leases = await s.syncState.leaseDue(owner, now, now, 300, 7);
          if (leases.length === 0) return;
          leased[owner]!.push(...leases.filter((l) => l.tenantId === tenant).map((l) => l.personId));
        }
      };
      await Promise.all([loop(stores, 'w1'), loop(worker2, 'w2')]);
      const all = [...leased.w1!, ...leased.w2!];
      expect(new Set(all).size).toBe(all.length);
      expect([...all].sort()).toEqual(people);
      expect(leased.w1!.length).toBeGreaterThan(0);
      expect(leased.w2!.length).toBeGreaterThan(0);

      // A held lease blocks tryLease by others; after release the person is not due until dueBefore passes.
      expect(await worker2.syncState.tryLease(tenant, leased.w1![0]!, 'w2', now, 60)).toBeNull();
      await stores.syncState.release({ tenantId: tenant, personId: leased.w1![0]!, owner: 'w1', expiresAt: now }, now);
      expect((await worker2.syncState.leaseDue('w2', now, now, 300, 100)).filter((l) => l.tenantId === tenant)).toEqual([]);
      const later = new Date(now.getTime() + 10 * 60_000);
      // Expired leases (300 s) are free again; the released person is due again once dueBefore is after its run.
      const again = (await worker2.syncState.leaseDue('w2', later, later, 300, 100)).filter((l) => l.tenantId === tenant);
      expect(again.map((l) => l.personId).sort()).toEqual(people);
    });
  });

  describe('retention purge', () => {
    it('deletes requests received before the cutoff with their events, and nothing newer', async () => {
      const t = 'purge-t';
      const old = await stores.requests.track(t, newRequest({ tenantId: t, sourceMessageId: 'old', receivedAt: new Date(T0 - 400 * DAY) }), trackedEvent());
      const fresh = await stores.requests.track(t, newRequest({ tenantId: t, sourceMessageId: 'fresh', receivedAt: new Date(T0 - 10 * DAY) }), trackedEvent());
      const other = await stores.requests.track('purge-u', newRequest({ tenantId: 'purge-u', sourceMessageId: 'old', receivedAt: new Date(T0 - 400 * DAY) }), trackedEvent());
      expect(await stores.requests.purgeReceivedBefore(t, new Date(T0 - 365 * DAY))).toBe(1);
      expect(await stores.requests.get(t, old.request.id)).toBeNull();
      expect(await stores.requests.listEvents(t, old.request.id)).toEqual([]);
      expect(await stores.requests.get(t, fresh.request.id)).not.toBeNull();
      expect(await stores.requests.get('purge-u', other.request.id)).not.toBeNull();

      // The job purges every tenant by age in days.
      const purged = await purgeExpiredRequests(stores, 365, new Date(T0));
      expect(purged).toBeGreaterThanOrEqual(1);
      expect(await stores.requests.get('purge-u', other.request.id)).toBeNull();
      expect(await stores.requests.get(t, fresh.request.id)).not.toBeNull();
    });
  });
});
