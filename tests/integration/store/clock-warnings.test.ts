/**
 * The store side of warnings and digests (issue 20) on real SQLite and PostgreSQL: migration 0011 on requests that
 * exist already, the warning check (set when tracked, reset by every change, compare-and-set by the dispatcher), and
 * "once": a warning per (request, clock, kind) and a digest per person and local date, claimed by one caller only,
 * also by two stores on one database at once. A person's erasure and a tenant purge take the rows with them.
 */
import { Migrator, type Kysely } from 'kysely';
import type { ClockWarningRecord } from '../../../src/app/store-ports';
import type { StoreDatabase } from '../../../src/store/open-database';
import type { DatabaseStores } from '../../../src/store/open-stores';
import { migrationProvider } from '../../../src/store/migrations/migration-provider';
import { newRequestToRow } from '../../../src/store/request-row-mapping';
import { countTenantRows } from '../../../src/store/tenant-row-counts';
import { createTestDatabase, openUnmigratedDatabase, tableNames, type TestDatabase, type TestDialect } from './store-test-databases';
import { T0, newRequest, trackedEvent } from './store-fixtures';

const dialects: [TestDialect][] = [['sqlite'], ['postgres']];
const H = 3_600_000;

describe.each(dialects)('migration 0011 (clock warnings) on %s', (dialect) => {
  let database: StoreDatabase;
  let migrator: Migrator;
  let dispose: () => Promise<void>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- rows as they were before the migration, not today's schema type
  let db: Kysely<any>;
  const tables = (): Promise<string[]> => tableNames(db, dialect);

  beforeAll(async () => {
    ({ database, dispose } = await openUnmigratedDatabase(dialect, '0011'));
    db = database.db;
    migrator = new Migrator({ db: database.db, provider: migrationProvider(dialect), ...(database.schema ? { migrationTableSchema: database.schema } : {}) });
    expect((await migrator.migrateTo('0010-warning-preferences')).error).toBeUndefined();
    const row = (id: string, status: 'open' | 'waiting' | 'resolved') => {
      const { warning_check_at: _omitted, ...before } = newRequestToRow('t', id, newRequest({ tenantId: 't', sourceMessageId: id, status, resolvedAt: status === 'resolved' ? new Date(T0 + H) : null }), T0);
      return before;
    };
    await db.insertInto('requests').values([row('open-1', 'open'), row('waiting-1', 'waiting'), row('resolved-1', 'resolved')]).execute();
    expect((await migrator.migrateTo('0011-clock-warnings')).error).toBeUndefined();
  });
  afterAll(async () => {
    await dispose?.();
  });

  it('looks at every open and waiting request at once (its received_at), never at a resolved one', async () => {
    const rows = await db.selectFrom('requests').select(['id', 'warning_check_at']).orderBy('id').execute();
    expect(rows.map((r) => [r.id, r.warning_check_at === null ? null : Number(r.warning_check_at)])).toEqual([['open-1', T0], ['resolved-1', null], ['waiting-1', T0]]);
    expect(await tables()).toEqual(expect.arrayContaining(['clock_warnings', 'digests_sent']));
  });

  it('down removes the tables and the column; up brings them back', async () => {
    expect((await migrator.migrateTo('0010-warning-preferences')).error).toBeUndefined();
    expect(await tables()).not.toContain('clock_warnings');
    expect(await tables()).not.toContain('digests_sent');
    expect((await migrator.migrateTo('0011-clock-warnings')).error).toBeUndefined();
    expect(await tables()).toEqual(expect.arrayContaining(['clock_warnings', 'digests_sent']));
    // 0012 adds the partial indexes the release of stale claims reads, and takes them away again.
    expect((await migrator.migrateTo('0012-stale-claims')).error).toBeUndefined();
    expect((await migrator.migrateTo('0011-clock-warnings')).error).toBeUndefined();
    expect((await migrator.migrateTo('0012-stale-claims')).error).toBeUndefined();
  });
});

describe.each(dialects)('the clock warning store on %s', (dialect) => {
  let testDb: TestDatabase;
  let stores: DatabaseStores;
  let second: DatabaseStores;
  let n = 0;

  beforeAll(async () => {
    testDb = await createTestDatabase(dialect);
    stores = await testDb.open();
    second = await testDb.secondServer(stores);
  });
  afterAll(async () => {
    await testDb?.dispose();
  });

  const track = async (tenantId: string, overrides: Parameters<typeof newRequest>[0] = {}) => {
    n += 1;
    return (await stores.requests.track(tenantId, newRequest({ tenantId, sourceMessageId: `w-${String(n)}`, ...overrides }), trackedEvent())).request;
  };
  const warning = (tenantId: string, requestId: string, over: Partial<ClockWarningRecord> = {}): ClockWarningRecord => ({
    tenantId, requestId, clock: 'firstResponse', kind: 'atRisk', assigneeId: 'assignee-1', transitionAt: new Date(T0 + 3 * H), status: 'sending',
    recordedAt: new Date(T0 + 3 * H), sentAt: null, digestAt: null, ...over,
  });

  it('a tracked request is checked at once; the dispatcher’s next check is a compare-and-set; any change resets it', async () => {
    const r = await track('tenant-a');
    const resolved = await track('tenant-a', { status: 'resolved', resolvedAt: new Date(T0 + H) });
    const due = await stores.clockWarnings.listWarningChecksDue(new Date(T0), 1000);
    expect(due.find((d) => d.request.id === r.id)?.checkAt).toEqual(new Date(T0));
    expect(due.map((d) => d.request.id)).not.toContain(resolved.id);

    const next = new Date(T0 + 3 * H);
    expect(await stores.clockWarnings.setWarningCheck('tenant-a', r.id, next, { updatedAt: r.updatedAt, checkAt: new Date(T0) })).toBe(true);
    // A second dispatcher holding the same read writes nothing (the check moved).
    expect(await second.clockWarnings.setWarningCheck('tenant-a', r.id, null, { updatedAt: r.updatedAt, checkAt: new Date(T0) })).toBe(false);
    expect((await stores.clockWarnings.listWarningChecksDue(new Date(T0 + 3 * H - 1), 1000)).map((d) => d.request.id)).not.toContain(r.id);
    expect(await stores.clockWarnings.earliestWarningCheck()).toEqual(next);

    // A person's change (here: priority) resets it to received_at: looked at again on the next tick.
    const changed = await stores.requests.update('tenant-a', r.id, { priority: 'high' }, []);
    const again = (await stores.clockWarnings.listWarningChecksDue(new Date(T0), 1000)).find((d) => d.request.id === r.id);
    expect(again?.checkAt).toEqual(new Date(T0));
    // The dispatcher's write from before the change (old updated_at) is refused.
    expect(await stores.clockWarnings.setWarningCheck('tenant-a', r.id, next, { updatedAt: r.updatedAt, checkAt: new Date(T0) })).toBe(false);
    expect(await stores.clockWarnings.setWarningCheck('tenant-a', r.id, null, { updatedAt: changed.updatedAt, checkAt: new Date(T0) })).toBe(true);
    expect((await stores.clockWarnings.listWarningChecksDue(new Date(T0 + 1000 * H), 1000)).map((d) => d.request.id)).not.toContain(r.id);
  });

  it('a recheck (the requests\u2019 calendar changed) makes their open checks due at once, without touching anything else', async () => {
    const [r, s2] = [await track('tenant-a'), await track('tenant-a')];
    const resolved = await track('tenant-a', { status: 'resolved', resolvedAt: new Date(T0 + H) });
    const elsewhere = await track('tenant-b');
    const later = new Date(T0 + 5 * H);
    for (const x of [r, s2, elsewhere]) expect(await stores.clockWarnings.setWarningCheck(x.tenantId, x.id, later, { updatedAt: x.updatedAt, checkAt: new Date(T0) })).toBe(true);
    const dueAtT0 = async () => (await stores.clockWarnings.listWarningChecksDue(new Date(T0), 1000)).map((d) => d.request.id);
    expect(await dueAtT0()).not.toContain(r.id);

    // Only tenant-a's open requests named: tenant-b's request, named under tenant-a, keeps its check, and so does s2.
    await stores.clockWarnings.recheckWarnings('tenant-a', [r.id, resolved.id, elsewhere.id]);
    const due = await dueAtT0();
    expect(due).toContain(r.id);
    expect(due).not.toContain(s2.id);
    expect(due).not.toContain(resolved.id);
    expect(due).not.toContain(elsewhere.id);
    // Nothing else changed: a dispatcher's compare-and-set with its read of the row still holds.
    const reread = (await stores.clockWarnings.listWarningChecksDue(new Date(T0), 1000)).find((d) => d.request.id === r.id);
    expect(reread?.request.updatedAt).toEqual(r.updatedAt);
    expect(await stores.clockWarnings.setWarningCheck('tenant-a', r.id, later, { updatedAt: r.updatedAt, checkAt: new Date(T0) })).toBe(true);
  });

  it('claims a warning once, even by two stores at once, and keeps its status', async () => {
    const r = await track('tenant-a');
    const claims = await Promise.all([stores.clockWarnings.claimWarning(warning('tenant-a', r.id)), second.clockWarnings.claimWarning(warning('tenant-a', r.id))]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    // Another kind of the same clock is another warning.
    expect(await stores.clockWarnings.claimWarning(warning('tenant-a', r.id, { kind: 'breached', status: 'held', digestAt: new Date(T0 + 24 * H) }))).toBe(true);
    await stores.clockWarnings.setWarningStatus('tenant-a', r.id, 'firstResponse', 'atRisk', 'sent', new Date(T0 + 3 * H + 5000));
    const rows = await stores.clockWarnings.listWarnings('tenant-a', [r.id]);
    expect(rows.map((w) => [w.kind, w.status, w.sentAt?.getTime() ?? null, w.digestAt?.getTime() ?? null]).sort()).toEqual([
      ['atRisk', 'sent', T0 + 3 * H + 5000, null],
      ['breached', 'held', null, T0 + 24 * H],
    ]);
    expect((await stores.clockWarnings.listHeldWarnings('tenant-a', 'assignee-1')).map((w) => w.requestId)).toEqual([r.id]);
    // Other tenants see nothing of it.
    expect(await stores.clockWarnings.listWarnings('tenant-b', [r.id])).toEqual([]);
  });

  it('claims a digest once per person, kind, team and local date', async () => {
    const claim = (s: DatabaseStores, localDate: string, kind: 'personal' | 'owners' = 'personal', teamId = '') =>
      s.clockWarnings.claimDigest('tenant-a', 'assignee-1', kind, teamId, localDate, new Date(T0));
    const both = await Promise.all([claim(stores, '2025-03-03'), claim(second, '2025-03-03')]);
    expect(both.filter(Boolean)).toHaveLength(1);
    expect(await claim(stores, '2025-03-04')).toBe(true);
    expect(await claim(stores, '2025-03-03', 'owners', 'team-1')).toBe(true);
    expect(await claim(stores, '2025-03-03', 'owners', 'team-1')).toBe(false);
    await stores.clockWarnings.setDigestStatus('tenant-a', 'assignee-1', 'personal', '', '2025-03-03', 'sent');
    const row = await stores.database.db.selectFrom('digests_sent').select('status').where('local_date', '=', '2025-03-03').where('kind', '=', 'personal').executeTakeFirst();
    expect(row?.status).toBe('sent');
  });

  it('lists who may get a digest (open requests or held warnings) and the teams with the owners’ digest on', async () => {
    await track('tenant-c', { assigneeId: 'holder' });
    await track('tenant-c', { assigneeId: 'done', status: 'resolved', resolvedAt: new Date(T0 + H) });
    const resolvedWithHeld = await track('tenant-c', { assigneeId: 'held-only', status: 'resolved', resolvedAt: new Date(T0 + H) });
    await stores.clockWarnings.claimWarning(warning('tenant-c', resolvedWithHeld.id, { assigneeId: 'held-only', status: 'held' }));
    const recipients = (await stores.clockWarnings.listDigestRecipients()).filter((p) => p.tenantId === 'tenant-c').map((p) => p.personId).sort();
    expect(recipients).toEqual(['held-only', 'holder']);

    const settings = (teamId: string, ownersDigest: boolean) => ({
      tenantId: 'tenant-c', teamId, categories: [], standards: [], calendar: { timeZone: 'UTC', windows: [] }, holidays: [], pauseForOutOfOffice: true,
      minGroupSize: 5, individualView: false, ownersDigest, updatedAt: new Date(T0),
    });
    await stores.teamSettings.put(settings('team-on', true));
    await stores.teamSettings.put(settings('team-off', false));
    expect((await stores.clockWarnings.listOwnersDigestTeams()).filter((t) => t.tenantId === 'tenant-c')).toEqual([{ tenantId: 'tenant-c', teamId: 'team-on' }]);
  });

  it('the retention purge deletes the warnings of the requests it purges, and digests recorded before its cutoff', async () => {
    const old = await track('tenant-e', { receivedAt: new Date(T0 - 500 * 24 * H) });
    const recent = await track('tenant-e', { receivedAt: new Date(T0) });
    await stores.clockWarnings.claimWarning(warning('tenant-e', old.id, { transitionAt: new Date(T0 - 499 * 24 * H) }));
    await stores.clockWarnings.claimWarning(warning('tenant-e', recent.id));
    await stores.clockWarnings.claimDigest('tenant-e', 'assignee-1', 'personal', '', '2024-07-20', new Date(T0 - 499 * 24 * H));
    await stores.clockWarnings.claimDigest('tenant-e', 'assignee-1', 'personal', '', '2025-03-03', new Date(T0));
    expect(await stores.requests.purgeReceivedBefore('tenant-e', new Date(T0 - 400 * 24 * H))).toBe(1);
    expect((await stores.clockWarnings.listWarnings('tenant-e', [old.id, recent.id])).map((w) => w.requestId)).toEqual([recent.id]);
    const counts = await countTenantRows(stores.database, 'tenant-e');
    expect({ warnings: counts.clock_warnings, digests: counts.digests_sent }).toEqual({ warnings: 1, digests: 1 });
  });

  it('a person’s erasure and a tenant purge delete their warnings and digests', async () => {
    const mine = await track('tenant-d', { assigneeId: 'leaver' });
    const theirs = await track('tenant-d', { assigneeId: 'stayer' });
    await stores.clockWarnings.claimWarning(warning('tenant-d', mine.id, { assigneeId: 'leaver' }));
    await stores.clockWarnings.claimWarning(warning('tenant-d', theirs.id, { assigneeId: 'stayer' }));
    await stores.clockWarnings.claimDigest('tenant-d', 'leaver', 'personal', '', '2025-03-03', new Date(T0));
    await stores.clockWarnings.claimDigest('tenant-d', 'stayer', 'personal', '', '2025-03-03', new Date(T0));
    await stores.deletePersonData('tenant-d', 'leaver');
    expect((await stores.clockWarnings.listWarnings('tenant-d', [mine.id, theirs.id])).map((w) => w.assigneeId)).toEqual(['stayer']);
    let counts = await countTenantRows(stores.database, 'tenant-d');
    expect({ warnings: counts.clock_warnings, digests: counts.digests_sent }).toEqual({ warnings: 1, digests: 1 });
    await stores.purgeTenant('tenant-d');
    counts = await countTenantRows(stores.database, 'tenant-d');
    expect({ warnings: counts.clock_warnings, digests: counts.digests_sent }).toEqual({ warnings: 0, digests: 0 });
  });
  // Last in this file: a release is across tenants, so it also takes the stale `sending` claims earlier tests left.
  it('releases the claims left sending past the cutoff, and only those: the request is due again, the digest claimable', async () => {
    const cutoff = new Date(T0 + 10 * H);
    const [stuck, fresh, done, closed] = [await track('tenant-s'), await track('tenant-s'), await track('tenant-s'), await track('tenant-s')];
    await stores.requests.update('tenant-s', closed.id, { status: 'resolved', resolvedAt: new Date(T0 + H) }, []);
    const later = new Date(T0 + 50 * H);
    const read = new Map((await stores.clockWarnings.listWarningChecksDue(new Date(T0), 1000)).map((d) => [d.request.id, d]));
    // As the dispatcher leaves them: the next transition far ahead, none for the resolved request.
    for (const x of [stuck, fresh, done, closed]) {
      const d = read.get(x.id);
      if (d === undefined) throw new Error('a tracked or changed request is due at once');
      expect(await stores.clockWarnings.setWarningCheck('tenant-s', x.id, x === closed ? null : later, { updatedAt: d.request.updatedAt, checkAt: d.checkAt })).toBe(true);
    }
    await stores.clockWarnings.claimWarning(warning('tenant-s', stuck.id, { recordedAt: new Date(T0 + 9 * H) }));
    await stores.clockWarnings.claimWarning(warning('tenant-s', fresh.id, { recordedAt: new Date(T0 + 10 * H) }));
    await stores.clockWarnings.claimWarning(warning('tenant-s', done.id, { recordedAt: new Date(T0 + 9 * H), status: 'sent' }));
    await stores.clockWarnings.claimWarning(warning('tenant-s', closed.id, { recordedAt: new Date(T0 + 9 * H) }));

    expect(await stores.clockWarnings.releaseStaleWarningClaims(cutoff)).toBeGreaterThanOrEqual(2);
    // The stuck and the resolved request's claims are gone; the fresh one (not before the cutoff) and the sent one stay.
    expect((await stores.clockWarnings.listWarnings('tenant-s', [stuck.id, fresh.id, done.id, closed.id])).map((w) => w.requestId).sort())
      .toEqual([fresh.id, done.id].sort());
    // The stuck request is due again (received_at); the others keep their checks; the resolved one has none.
    const due = (await stores.clockWarnings.listWarningChecksDue(new Date(T0), 1000)).map((d) => d.request.id);
    expect(due).toContain(stuck.id);
    expect(due).not.toContain(fresh.id);
    expect(due).not.toContain(done.id);
    expect(due).not.toContain(closed.id);
    // A second release finds nothing of these.
    expect(await stores.clockWarnings.releaseStaleWarningClaims(cutoff)).toBe(0);

    await stores.clockWarnings.claimDigest('tenant-s', 'p-stuck', 'personal', '', '2025-03-03', new Date(T0 + 9 * H));
    await stores.clockWarnings.claimDigest('tenant-s', 'p-owner', 'owners', 'team-s', '2025-03-03', new Date(T0 + 9 * H));
    await stores.clockWarnings.claimDigest('tenant-s', 'p-sent', 'personal', '', '2025-03-03', new Date(T0 + 9 * H));
    await stores.clockWarnings.setDigestStatus('tenant-s', 'p-sent', 'personal', '', '2025-03-03', 'sent');
    await stores.clockWarnings.claimDigest('tenant-s', 'p-fresh', 'personal', '', '2025-03-03', new Date(T0 + 10 * H));
    const released = (await stores.clockWarnings.releaseStaleDigestClaims(cutoff)).filter((r) => r.tenantId === 'tenant-s');
    expect(released.sort((a, b) => a.personId.localeCompare(b.personId))).toEqual([
      { tenantId: 'tenant-s', personId: 'p-owner', kind: 'owners', teamId: 'team-s' },
      { tenantId: 'tenant-s', personId: 'p-stuck', kind: 'personal', teamId: '' },
    ]);
    // Released: claimable again that day; the sent and the fresh ones are not.
    expect(await stores.clockWarnings.claimDigest('tenant-s', 'p-stuck', 'personal', '', '2025-03-03', new Date(T0 + 11 * H))).toBe(true);
    expect(await stores.clockWarnings.claimDigest('tenant-s', 'p-sent', 'personal', '', '2025-03-03', new Date(T0 + 11 * H))).toBe(false);
    expect(await stores.clockWarnings.claimDigest('tenant-s', 'p-fresh', 'personal', '', '2025-03-03', new Date(T0 + 11 * H))).toBe(false);
  });
});
