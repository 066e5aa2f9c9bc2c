/**
 * runMigrations against a catalog read that raced a schema change elsewhere: Kysely's migrator lists the tables of
 * every schema before it runs anything, and on PostgreSQL a column dropped at that moment in another schema fails that
 * read with 42703. The run starts again (a bounded number of times); any other failure is reported as it was.
 * The failure is injected at the migrator's seam (its first `migrateUp` answers with the error PostgreSQL gives); the
 * migrations that follow are real, on SQLite and PostgreSQL.
 */
import { Migrator } from 'kysely';
import { runMigrations } from '../../../src/store/run-migrations';
import { openUnmigratedDatabase, type TestDialect } from './store-test-databases';

/** PostgreSQL's errors for the race, as node-postgres reports them: a column, a table or a schema dropped meanwhile. */
const RACES: [string, string][] = [
  ['42703', 'column "first_resolved_at" of relation "requests" does not exist'],
  ['42P01', 'relation "t_0a1b2c3d4e5f.requests" does not exist'],
  ['3F000', 'schema "t_0a1b2c3d4e5f" does not exist'],
];
let raceIndex = 0;
function catalogRace(): Error & { code: string } {
  const [code, message] = RACES[raceIndex++ % RACES.length] as [string, string];
  return Object.assign(new Error(message), { code });
}

afterEach(() => jest.restoreAllMocks());

describe.each<TestDialect>(['sqlite', 'postgres'])('runMigrations on %s', (dialect) => {
  it('starts again when the catalog read raced a column, table or schema dropped elsewhere, and applies every migration once', async () => {
    const { database, dispose } = await openUnmigratedDatabase(dialect, 'catalog-race');
    try {
      const real = Migrator.prototype.migrateUp;
      const spy = jest.spyOn(Migrator.prototype, 'migrateUp');
      for (let i = 0; i < RACES.length; i++) spy.mockImplementationOnce(async () => ({ error: catalogRace() }));
      spy.mockImplementation(function (this: Migrator) { return real.call(this); });
      const applied = await runMigrations(database);
      expect(applied.length).toBeGreaterThan(0);
      expect(new Set(applied).size).toBe(applied.length);
      expect(await runMigrations(database)).toEqual([]);
    } finally {
      await dispose();
    }
  });

  it('gives up after three such races, and never retries another error', async () => {
    const { database, dispose } = await openUnmigratedDatabase(dialect, 'catalog-race-fail');
    try {
      const spy = jest.spyOn(Migrator.prototype, 'migrateUp').mockImplementation(async () => ({ error: catalogRace() }));
      await expect(runMigrations(database)).rejects.toMatchObject({ code: 'migration_failed' });
      expect(spy).toHaveBeenCalledTimes(4);
      spy.mockReset();
      spy.mockImplementation(async () => ({ error: Object.assign(new Error('permission denied for schema public'), { code: '42501' }) }));
      await expect(runMigrations(database)).rejects.toMatchObject({ code: 'migration_failed' });
      expect(spy).toHaveBeenCalledTimes(1);
    } finally {
      await dispose();
    }
  });
});
