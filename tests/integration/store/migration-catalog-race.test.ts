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

/** PostgreSQL's error for the race, as node-postgres reports it. */
function catalogRace(): Error & { code: string } {
  return Object.assign(new Error('column "first_resolved_at" of relation "requests" does not exist'), { code: '42703' });
}

afterEach(() => jest.restoreAllMocks());

describe.each<TestDialect>(['sqlite', 'postgres'])('runMigrations on %s', (dialect) => {
  it('starts again when the catalog read raced a column dropped elsewhere, and applies every migration once', async () => {
    const { database, dispose } = await openUnmigratedDatabase(dialect, 'catalog-race');
    try {
      const real = Migrator.prototype.migrateUp;
      const spy = jest.spyOn(Migrator.prototype, 'migrateUp').mockImplementationOnce(async () => ({ error: catalogRace() }));
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
