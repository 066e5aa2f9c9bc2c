import { Migrator, type MigrationResult } from 'kysely';
import type { StoreDatabase } from './open-database';
import { migrationProvider } from './migrations/migration-provider';
import { StoreError } from './store-error';

/**
 * Applies every pending migration, each in its own transaction (both SQLite and PostgreSQL have transactional DDL),
 * recording each in the `kysely_migration` table. Safe with several servers starting at once: Kysely takes a lock
 * (an advisory lock on PostgreSQL) around the run. Re-running applies nothing.
 * @returns the names of the migrations applied now.
 * @throws StoreError `migration_failed` (the failing migration's changes are rolled back).
 */
export async function runMigrations(database: StoreDatabase): Promise<string[]> {
  const migrator = new Migrator({
    db: database.db,
    provider: migrationProvider(database.dialect),
    // Pin the migration table to our schema: Kysely otherwise looks for it in every schema the role can see.
    ...(database.schema ? { migrationTableSchema: database.schema } : {}),
  });
  const applied: string[] = [];
  let catalogRaces = 0;
  for (;;) {
    const { error, results } = await migrator.migrateUp();
    const failed = results?.find((r: MigrationResult) => r.status === 'Error');
    if (error !== undefined && !failed && isCatalogRace(error) && catalogRaces < MAX_CATALOG_RACE_RETRIES) {
      catalogRaces += 1;
      continue;
    }
    if (error !== undefined || failed) {
      throw new StoreError('migration_failed', `Migration ${failed?.migrationName ?? ''} failed: ${(error as Error | undefined)?.message ?? 'unknown error'}`, {
        cause: error,
      });
    }
    const done = (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
    if (done.length === 0) return applied;
    applied.push(...done);
  }
}

/** How often a run is retried when its catalog read raced a schema change elsewhere (see {@link isCatalogRace}). */
const MAX_CATALOG_RACE_RETRIES = 3;

/**
 * Kysely's migrator, before it runs anything, lists the tables of every schema the role can see (PostgreSQL's
 * introspection calls `pg_get_serial_sequence` per column). A column, table or schema dropped at that moment in ANOTHER
 * schema — another database user of the same server migrating down or cleaning up, or a test — makes that read fail
 * with 42703 (undefined column), 42P01 (undefined table) or 3F000 (invalid schema name) although nothing is wrong here;
 * no migration has run yet, so the run is simply started again.
 */
const CATALOG_RACE_CODES = new Set(['42703', '42P01', '3F000']);

function isCatalogRace(error: unknown): boolean {
  return typeof error === 'object' && error !== null && CATALOG_RACE_CODES.has(String((error as { code?: unknown }).code));
}

/** Names of migrations that have not run yet (for readiness checks). */
export async function pendingMigrations(database: StoreDatabase): Promise<string[]> {
  const migrator = new Migrator({
    db: database.db,
    provider: migrationProvider(database.dialect),
    ...(database.schema ? { migrationTableSchema: database.schema } : {}),
  });
  const all = await migrator.getMigrations();
  return all.filter((m) => m.executedAt === undefined).map((m) => m.name);
}
