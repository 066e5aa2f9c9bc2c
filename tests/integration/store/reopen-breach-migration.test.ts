/**
 * Migration 0005 on a database that already has requests (SQLite and PostgreSQL): `first_resolved_at` is the earliest
 * resolve that was not undone (else `resolved_at`), `reopen_count` the reopens that were not undone, `breach_check_at`
 * the due time of open requests; the recorder's index exists.
 */
import { Migrator, sql, type Kysely } from 'kysely';
import type { StoreDatabase } from '../../../src/store/open-database';
import { migrationProvider } from '../../../src/store/migrations/migration-provider';
import { openUnmigratedDatabase, type TestDialect } from './store-test-databases';
import { T0 } from './store-fixtures';

const H = 3600_000;

describe.each([['sqlite'], ['postgres']] as [TestDialect][])('migration 0005 (reopen and breaches) on %s', (dialect) => {
  let database: StoreDatabase;
  let migrator: Migrator;
  let dispose: () => Promise<void>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- rows as they were before the migration, not today's schema type
  let db: Kysely<any>;

  beforeAll(async () => {
    ({ database, dispose } = await openUnmigratedDatabase(dialect, '0005'));
    db = database.db;
    migrator = new Migrator({ db: database.db, provider: migrationProvider(dialect), ...(database.schema ? { migrationTableSchema: database.schema } : {}) });
    const before = await migrator.migrateTo('0004-first-response-message');
    expect(before.error).toBeUndefined();

    const request = (id: string, status: string, resolvedAt: number | null, dueAt: number | null) => ({
      id, tenant_id: 't', source: 'email', source_message_id: `m-${id}`, conversation_id: null, chat_id: null, thread_id: null, web_link: null,
      requester_id: 'r', assignee_id: 'a', team_id: null, subject: id, preview: '', category: null, priority: 'normal', note: null,
      colleague_override: 0, received_at: T0, first_response_at: null, first_response_source: null, first_response_message_id: null,
      resolved_at: resolvedAt, waiting_periods: '[]', status, due_at: dueAt, first_response_breach_recorded: 0, resolution_breach_recorded: 0,
      created_at: T0, updated_at: T0,
    });
    await db.insertInto('requests').values([
      request('reopened-once', 'resolved', T0 + 3 * H, null), // resolved 1 h, reopened 2 h, resolved again 3 h
      request('resolve-undone', 'open', null, T0 + 4 * H), // resolved 1 h, undone
      request('tracked-resolved', 'resolved', T0 + 5 * H, null), // tracked already resolved: no events
      request('reopen-undone', 'resolved', T0 + 1 * H, null), // resolved 1 h, reopened 2 h, that reopen undone
    ]).execute();
    const event = (id: string, requestId: string, type: string, at: number, data: unknown = null) => ({
      id, tenant_id: 't', request_id: requestId, type, actor_id: 'a', at, data: data === null ? null : JSON.stringify(data),
    });
    await db.insertInto('request_events').values([
      event('e1', 'reopened-once', 'resolved', T0 + 1 * H),
      event('e2', 'reopened-once', 'reopened', T0 + 2 * H),
      event('e3', 'reopened-once', 'resolved', T0 + 3 * H),
      event('e4', 'resolve-undone', 'resolved', T0 + 1 * H),
      event('e5', 'resolve-undone', 'undone', T0 + 1 * H + 60_000, { eventId: 'e4', undid: 'resolved' }),
      event('e6', 'reopen-undone', 'resolved', T0 + 1 * H),
      event('e7', 'reopen-undone', 'reopened', T0 + 2 * H),
      event('e8', 'reopen-undone', 'undone', T0 + 2 * H + 60_000, { eventId: 'e7', undid: 'reopened' }),
    ]).execute();
    const after = await migrator.migrateTo('0005-reopen-and-breaches');
    expect(after.error).toBeUndefined();
  });
  afterAll(async () => {
    await dispose?.();
  });

  it('fills the new columns from each request and its history', async () => {
    const rows = await db.selectFrom('requests').select(['id', 'first_resolved_at', 'reopen_count', 'breach_check_at']).orderBy('id').execute();
    expect(rows.map((r) => ({ ...r, first_resolved_at: r.first_resolved_at === null ? null : Number(r.first_resolved_at), breach_check_at: r.breach_check_at === null ? null : Number(r.breach_check_at), reopen_count: Number(r.reopen_count) }))).toEqual([
      { id: 'reopen-undone', first_resolved_at: T0 + 1 * H, reopen_count: 0, breach_check_at: null },
      { id: 'reopened-once', first_resolved_at: T0 + 1 * H, reopen_count: 1, breach_check_at: null },
      { id: 'resolve-undone', first_resolved_at: null, reopen_count: 0, breach_check_at: T0 + 4 * H },
      { id: 'tracked-resolved', first_resolved_at: T0 + 5 * H, reopen_count: 0, breach_check_at: null },
    ]);
  });

  it('creates the breach check index, partial on the requests with a check', async () => {
    const text = dialect === 'sqlite'
      ? (await sql<{ sql: string }>`select sql from sqlite_master where name = 'requests_breach_check_idx'`.execute(db)).rows[0]?.sql
      : (await sql<{ indexdef: string }>`select indexdef from pg_indexes where indexname = 'requests_breach_check_idx'`.execute(db)).rows[0]?.indexdef;
    expect(text).toMatch(/breach_check_at.*where.*breach_check_at.*is not null/is);
  });

  it('down removes the columns and the index again', async () => {
    const columns = async () => (dialect === 'sqlite'
      ? (await sql<{ name: string }>`select name from pragma_table_info('requests')`.execute(db)).rows.map((r) => r.name)
      : (await sql<{ name: string }>`select column_name as name from information_schema.columns where table_schema = current_schema() and table_name = 'requests'`.execute(db)).rows.map((r) => r.name));
    const added = ['first_resolved_at', 'reopen_count', 'breach_check_at'];
    expect(await columns()).toEqual(expect.arrayContaining(added));
    const down = await migrator.migrateTo('0004-first-response-message');
    expect(down.error).toBeUndefined();
    expect((await columns()).filter((c) => added.includes(c))).toEqual([]);
    const up = await migrator.migrateTo('0005-reopen-and-breaches');
    expect(up.error).toBeUndefined();
    expect(await columns()).toEqual(expect.arrayContaining(added));
  });
});
