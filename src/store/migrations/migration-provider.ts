import type { Migration, MigrationProvider } from 'kysely';
import type { StoreDialect } from '../database-schema';
import { initialSchema } from './0001-initial-schema';
import { untrackedRequests } from './0002-untracked-requests';
import { undoneRequestEvents } from './0003-undone-request-events';
import { firstResponseMessage } from './0004-first-response-message';
import { reopenAndBreaches } from './0005-reopen-and-breaches';
import { settingsHistory } from './0006-settings-history';
import { personAddressesColumn } from './0007-person-addresses';
import { homeTeam } from './0008-home-team';
import { changeNotifications } from './0009-change-notifications';
import { warningPreferences } from './0010-warning-preferences';
import { clockWarnings } from './0011-clock-warnings';
import { staleClaims } from './0012-stale-claims';

/**
 * Migrations as code (an in-code provider rather than a folder scan, so the same list works under tsx, jest and a
 * bundle). Names sort in run order; never rename or edit a migration that has shipped — add a new one.
 */
export function migrationProvider(dialect: StoreDialect): MigrationProvider {
  const migrations: Record<string, Migration> = {
    '0001-initial-schema': initialSchema(dialect),
    '0002-untracked-requests': untrackedRequests(),
    '0003-undone-request-events': undoneRequestEvents(dialect),
    '0004-first-response-message': firstResponseMessage(),
    '0005-reopen-and-breaches': reopenAndBreaches(dialect),
    '0006-settings-history': settingsHistory(),
    '0007-person-addresses': personAddressesColumn(),
    '0008-home-team': homeTeam(),
    '0009-change-notifications': changeNotifications(),
    '0010-warning-preferences': warningPreferences(),
    '0011-clock-warnings': clockWarnings(),
    '0012-stale-claims': staleClaims(),
  };
  return { getMigrations: async () => migrations };
}
