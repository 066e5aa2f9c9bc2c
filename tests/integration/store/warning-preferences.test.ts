/**
 * Issue 20's stored settings on real SQLite (temp file) and real PostgreSQL (fresh schema): migration 0010 on a
 * database that already has team settings (every team's owners' digest starts off; down and up again), and the warning
 * preference store — the default for a person who never chose, a choice replaced by the next, many people at once,
 * tenants apart, and only the three choices accepted by the column.
 */
import { Migrator, sql, type Kysely } from 'kysely';
import type { StoreDatabase } from '../../../src/store/open-database';
import type { DatabaseStores } from '../../../src/store/open-stores';
import { migrationProvider } from '../../../src/store/migrations/migration-provider';
import { createTestDatabase, openUnmigratedDatabase, tableNames, type TestDatabase, type TestDialect } from './store-test-databases';
import { T0 } from './store-fixtures';

const dialects: [TestDialect][] = [['sqlite'], ['postgres']];

describe.each(dialects)('migration 0010 (warning preferences) on %s', (dialect) => {
  let database: StoreDatabase;
  let migrator: Migrator;
  let dispose: () => Promise<void>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- rows as they were before the migration, not today's schema type
  let db: Kysely<any>;

  const tables = (): Promise<string[]> => tableNames(db, dialect);
  const settingsColumns = async (): Promise<string[]> => (dialect === 'sqlite'
    ? (await sql<{ name: string }>`select name from pragma_table_info('team_settings')`.execute(db)).rows.map((r) => r.name)
    : (await sql<{ name: string }>`select column_name as name from information_schema.columns where table_schema = current_schema() and table_name = 'team_settings'`.execute(db)).rows.map((r) => r.name));

  beforeAll(async () => {
    ({ database, dispose } = await openUnmigratedDatabase(dialect, '0010'));
    db = database.db;
    migrator = new Migrator({ db: database.db, provider: migrationProvider(dialect), ...(database.schema ? { migrationTableSchema: database.schema } : {}) });
    const before = await migrator.migrateTo('0009-change-notifications');
    expect(before.error).toBeUndefined();
    const team = (teamId: string, individualView: number) => ({
      tenant_id: 't', team_id: teamId, categories: '[]', standards: '[]', calendar: '{"timeZone":"UTC","windows":[]}', holidays: '[]',
      pause_for_out_of_office: 1, min_group_size: 5, individual_view: individualView, updated_at: T0, past_standards: '[]',
    });
    await db.insertInto('team_settings').values([team('team-open', 1), team('team-private', 0)]).execute();
    const after = await migrator.migrateTo('0010-warning-preferences');
    expect(after.error).toBeUndefined();
  });
  afterAll(async () => {
    await dispose?.();
  });

  it('turns the owners’ digest off for every team saved before, keeping their other settings', async () => {
    const rows = await db.selectFrom('team_settings').select(['team_id', 'individual_view', 'owners_digest']).orderBy('team_id').execute();
    expect(rows.map((r) => ({ team: r.team_id, individualView: Number(r.individual_view), ownersDigest: Number(r.owners_digest) }))).toEqual([
      { team: 'team-open', individualView: 1, ownersDigest: 0 },
      { team: 'team-private', individualView: 0, ownersDigest: 0 },
    ]);
    expect(await tables()).toContain('warning_preferences');
  });

  it('accepts only the three choices, one row per person', async () => {
    await db.insertInto('warning_preferences').values({ tenant_id: 't', person_id: 'p', choice: 'digestOnly', updated_at: T0 }).execute();
    // The refusal's message, read without `instanceof`: better-sqlite3's native part keeps the error class of the first
    // test file that loaded it in this jest worker, so its errors are not this file's Error.
    const refusal = (insert: Promise<unknown>): Promise<string> => insert.then(() => 'inserted', (e: unknown) => String((e as { message?: unknown }).message));
    expect(await refusal(db.insertInto('warning_preferences').values({ tenant_id: 't', person_id: 'q', choice: 'sometimes', updated_at: T0 }).execute())).toMatch(/check constraint/i);
    expect(await refusal(db.insertInto('warning_preferences').values({ tenant_id: 't', person_id: 'p', choice: 'off', updated_at: T0 }).execute())).toMatch(/unique|duplicate key/i);
    const rows = await db.selectFrom('warning_preferences').select(['person_id', 'choice']).execute();
    expect(rows).toEqual([{ person_id: 'p', choice: 'digestOnly' }]);
  });

  it('down removes the table and the column again; up brings them back', async () => {
    const down = await migrator.migrateTo('0009-change-notifications');
    expect(down.error).toBeUndefined();
    expect(await tables()).not.toContain('warning_preferences');
    expect(await settingsColumns()).not.toContain('owners_digest');
    expect(await settingsColumns()).toContain('individual_view');
    const up = await migrator.migrateTo('0010-warning-preferences');
    expect(up.error).toBeUndefined();
    expect(await tables()).toContain('warning_preferences');
    expect(await settingsColumns()).toContain('owners_digest');
  });
});

describe.each(dialects)('warning preference store on %s', (dialect) => {
  let testDb: TestDatabase;
  let stores: DatabaseStores;
  const at = (minutes: number) => new Date(T0 + minutes * 60_000);

  beforeAll(async () => {
    testDb = await createTestDatabase(dialect);
    stores = await testDb.open();
  });
  afterAll(async () => {
    await testDb?.dispose();
  });

  it('gives the default to a person who never chose, and stores nothing for them', async () => {
    expect(await stores.warningPreferences.get('t1', 'never-chose')).toBe('warningsAndDigest');
    const rows = await stores.database.db.selectFrom('warning_preferences').selectAll().where('person_id', '=', 'never-chose').execute();
    expect(rows).toEqual([]);
  });

  it('keeps the latest choice with the instant it was made, per tenant', async () => {
    await stores.warningPreferences.put('t1', 'ana', 'off', at(1));
    expect(await stores.warningPreferences.get('t1', 'ana')).toBe('off');
    await stores.warningPreferences.put('t1', 'ana', 'digestOnly', at(2));
    expect(await stores.warningPreferences.get('t1', 'ana')).toBe('digestOnly');
    // The same id in another tenant is another person.
    expect(await stores.warningPreferences.get('t2', 'ana')).toBe('warningsAndDigest');
    const rows = await stores.database.db.selectFrom('warning_preferences').select(['tenant_id', 'person_id', 'choice', 'updated_at']).where('person_id', '=', 'ana').execute();
    expect(rows.map((r) => ({ ...r, updated_at: Number(r.updated_at) }))).toEqual([{ tenant_id: 't1', person_id: 'ana', choice: 'digestOnly', updated_at: T0 + 2 * 60_000 }]);
    // Back to the default is a choice like the others (stored, so a later default change would not override it).
    await stores.warningPreferences.put('t1', 'ana', 'warningsAndDigest', at(3));
    expect(await stores.warningPreferences.get('t1', 'ana')).toBe('warningsAndDigest');
  });

  it('reads many people at once: each asked-for person once, the default for those who never chose', async () => {
    await stores.warningPreferences.put('t3', 'ben', 'off', at(1));
    await stores.warningPreferences.put('t3', 'cleo', 'digestOnly', at(1));
    await stores.warningPreferences.put('t4', 'dan', 'off', at(1));
    const many = await stores.warningPreferences.getMany('t3', ['ben', 'cleo', 'dan', 'ben']);
    expect([...many.entries()].sort()).toEqual([['ben', 'off'], ['cleo', 'digestOnly'], ['dan', 'warningsAndDigest']]);
    expect((await stores.warningPreferences.getMany('t3', [])).size).toBe(0);
  });

  it('reads more people than one statement binds (1,201 ids, 3 batches of at most 500)', async () => {
    const ids = Array.from({ length: 1201 }, (_, i) => `p${String(i).padStart(4, '0')}`);
    // Every 100th person (p0000, p0100, … p1200: 13 people) chose "off"; the other 1,188 never chose.
    for (let i = 0; i < ids.length; i += 100) await stores.warningPreferences.put('t5', ids[i]!, 'off', at(1));
    const many = await stores.warningPreferences.getMany('t5', ids);
    expect(many.size).toBe(1201);
    const off = [...many].filter(([, choice]) => choice === 'off').map(([id]) => id);
    expect(off).toEqual(ids.filter((_, i) => i % 100 === 0));
    expect(off).toHaveLength(13);
    expect(many.get('p1199')).toBe('warningsAndDigest');
  });
});
