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
  for (;;) {
    const { error, results } = await migrator.migrateUp();
    const failed = results?.find((r: MigrationResult) => r.status === 'Error');
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
