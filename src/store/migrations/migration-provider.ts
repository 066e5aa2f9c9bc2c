import type { Migration, MigrationProvider } from 'kysely';
import type { StoreDialect } from '../database-schema';
import { initialSchema } from './0001-initial-schema';
import { untrackedRequests } from './0002-untracked-requests';
import { undoneRequestEvents } from './0003-undone-request-events';

/**
 * Migrations as code (an in-code provider rather than a folder scan, so the same list works under tsx, jest and a
 * bundle). Names sort in run order; never rename or edit a migration that has shipped — add a new one.
 */
export function migrationProvider(dialect: StoreDialect): MigrationProvider {
  const migrations: Record<string, Migration> = {
    '0001-initial-schema': initialSchema(dialect),
    '0002-untracked-requests': untrackedRequests(),
    '0003-undone-request-events': undoneRequestEvents(dialect),
  };
  return { getMigrations: async () => migrations };
}
