/**
 * Settings history in the store (SQLite and PostgreSQL): a team's past standards (`team_settings.past_standards`,
 * migration 0006) and the past weekly patterns of team and person calendars (inside the calendar JSON) come back typed,
 * instants as Dates; a row written before migration 0006 has no history.
 */
import { Migrator, type Kysely } from 'kysely';
import type { PersonRecord, TeamSettingsRecord } from '../../../src/app/records';
import type { ServiceStandard } from '../../../src/domain/standards';
import { KyselyTeamSettingsStore } from '../../../src/store/kysely-team-settings-store';
import { migrationProvider } from '../../../src/store/migrations/migration-provider';
import type { StoreDatabase } from '../../../src/store/open-database';
import type { DatabaseStores } from '../../../src/store/open-stores';
import { createTestDatabase, openUnmigratedDatabase, type TestDatabase, type TestDialect } from './store-test-databases';
import { T0 } from './store-fixtures';

const dialects: [TestDialect][] = [['sqlite'], ['postgres']];
const TENANT = 'tenant-history';
const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'] as const;
const standard = (minutes: number): ServiceStandard => ({ id: 'd', name: 'Default', category: null, priority: 'high', firstResponseTargetMinutes: minutes, resolutionTargetMinutes: 960 });

describe.each(dialects)('settings history stored on %s', (dialect) => {
  let testDb: TestDatabase;
  let stores: DatabaseStores;

  beforeAll(async () => {
    testDb = await createTestDatabase(dialect);
    stores = await testDb.open();
  });
  afterAll(async () => {
    await testDb?.dispose();
  });

  it('reads a team’s past standards and past weekly patterns back, instants as Dates', async () => {
    const record: TeamSettingsRecord = {
      tenantId: TENANT, teamId: 'team-h', categories: ['Pay'], holidays: ['2025-03-04'], pauseForOutOfOffice: true, minGroupSize: 5, individualView: false, ownersDigest: false,
      standards: [standard(60)],
      pastStandards: [{ until: new Date(T0), standards: [standard(240)] }, { until: new Date(T0 + 3600_000), standards: [standard(120)] }],
      calendar: {
        timeZone: 'Europe/Berlin', windows: [{ days: [...WEEKDAYS], start: '08:00', end: '16:00' }],
        pastPatterns: [{ until: new Date(T0), timeZone: 'UTC', windows: [{ days: ['monday'], start: '09:00', end: '17:00' }] }],
      },
      updatedAt: new Date(T0),
    };
    await stores.teamSettings.put(record);
    const read = await stores.teamSettings.get(TENANT, 'team-h');
    expect(read).toEqual(record);
    expect(read?.pastStandards?.[0]?.until).toBeInstanceOf(Date);
    expect(read?.calendar.pastPatterns?.[0]?.until).toBeInstanceOf(Date);

    // saved again without history: none comes back
    await stores.teamSettings.put({ ...record, pastStandards: undefined, calendar: { timeZone: 'UTC', windows: [] } });
    const plain = await stores.teamSettings.get(TENANT, 'team-h');
    expect(plain?.pastStandards).toBeUndefined();
    expect(plain?.calendar).toEqual({ timeZone: 'UTC', windows: [] });
  });

  it('reads a person’s calendar with past weekly patterns back', async () => {
    const calendar: PersonRecord['calendar'] = {
      timeZone: 'UTC', windows: [{ days: [...WEEKDAYS], start: '13:00', end: '17:00' }],
      closed: [{ from: new Date(T0), to: new Date(T0 + 86_400_000) }],
      pastPatterns: [{ until: new Date(T0 + 3600_000), timeZone: 'UTC', windows: [{ days: [...WEEKDAYS], start: '09:00', end: '17:00' }] }],
    };
    await stores.directory.upsertPeople(TENANT, [{ id: 'p-h', tenantId: TENANT, displayName: 'P', mail: null, userPrincipalName: null, department: null, managerId: null, calendar, refreshedAt: new Date(T0) }]);
    const read = (await stores.directory.getPerson(TENANT, 'p-h'))?.calendar;
    expect(read).toEqual(calendar);
    expect(read?.pastPatterns?.[0]?.until).toBeInstanceOf(Date);
  });

  it('refuses a stored standards history that is not one (the server’s fault, never passed on as data)', async () => {
    await stores.database.db.updateTable('team_settings').set({ past_standards: '[{"until":"soon","standards":[]}]' }).where('tenant_id', '=', TENANT).where('team_id', '=', 'team-h').execute();
    await expect(stores.teamSettings.get(TENANT, 'team-h')).rejects.toThrow(/standards history of team team-h/);
  });
});

describe.each(dialects)('migration 0006 (settings history) on %s', (dialect) => {
  let database: StoreDatabase;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    ({ database, dispose } = await openUnmigratedDatabase(dialect, '0006'));
  });
  afterAll(async () => {
    await dispose?.();
  });

  it('gives settings saved before it no history, and down removes the column again', async () => {
    const migrator = new Migrator({ db: database.db, provider: migrationProvider(dialect), ...(database.schema ? { migrationTableSchema: database.schema } : {}) });
    expect((await migrator.migrateTo('0005-reopen-and-breaches')).error).toBeUndefined();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a row as it was before the migration, not today's schema type
    const db = database.db as Kysely<any>;
    await db.insertInto('team_settings').values({
      tenant_id: TENANT, team_id: 'old', categories: '["Pay"]', standards: JSON.stringify([standard(90)]), calendar: '{"timeZone":"UTC","windows":[]}',
      holidays: '[]', pause_for_out_of_office: 1, min_group_size: 5, individual_view: 0, updated_at: T0,
    }).execute();
    expect((await migrator.migrateTo('0006-settings-history')).error).toBeUndefined();
    const read = await new KyselyTeamSettingsStore(database.db).get(TENANT, 'old');
    expect(read?.standards).toEqual([standard(90)]);
    expect(read?.pastStandards).toBeUndefined();
    expect((await migrator.migrateTo('0005-reopen-and-breaches')).error).toBeUndefined();
    // (a select of the missing column would not do: SQLite reads an unknown double-quoted name as a string literal)
    const [row] = await db.selectFrom('team_settings').selectAll().execute();
    expect(Object.keys(row as object)).not.toContain('past_standards');
    expect(row).toMatchObject({ team_id: 'old' });
  });
});
