import { sql } from 'kysely';
import type { Stores } from '../app/store-ports';
import { KyselyChangeSubscriptionStore } from './kysely-change-subscription-store';
import { KyselyClockWarningStore } from './kysely-clock-warning-store';
import { KyselyDirectoryStore } from './kysely-directory-store';
import { KyselyPendingChangeStore } from './kysely-pending-change-store';
import { KyselyRequestStore } from './kysely-request-store';
import { KyselySuggestionStore } from './kysely-suggestion-store';
import { KyselySyncStateStore } from './kysely-sync-state-store';
import { KyselyTeamSettingsStore } from './kysely-team-settings-store';
import { KyselyWarningPreferenceStore } from './kysely-warning-preference-store';
import { openDatabase, type OpenDatabaseOptions, type StoreDatabase } from './open-database';
import { runMigrations } from './run-migrations';
import { StoreError } from './store-error';

/** The requester id that replaces a person whose data was deleted. */
export const DELETED_PERSON_ID = 'deleted-person';

/** `Stores` plus what only the server's jobs and the benchmarks need. */
export interface DatabaseStores extends Stores {
  /** The open database (Kysely instance and dialect), for benchmarks and plan tests. */
  readonly database: StoreDatabase;
  /** Migrations applied by this open (empty when the schema was already current). */
  readonly appliedMigrations: string[];
  /**
   * Retention across every tenant: deletes requests received before `before` and their events (and events of
   * untracked requests older than `before`). Returns how many requests were deleted.
   */
  purgeAllReceivedBefore(before: Date): Promise<number>;
  /** Across every tenant: deletes for good the untracked requests kept aside since before `before` (undo window over). */
  purgeUntrackedBefore(before: Date): Promise<number>;
}

/**
 * Opens the database named by `databaseUrl` (`sqlite:./data/turnaround.db` or `postgres://…`), applies pending
 * migrations and returns the repositories behind the ports of src/app.
 * @param options.schema PostgreSQL only: keep every table in this schema (tests use a fresh one each).
 * @throws StoreError `invalid_database_url`, `unavailable` or `migration_failed`.
 */
export async function openStores(databaseUrl: string, options: OpenDatabaseOptions = {}): Promise<DatabaseStores> {
  const database = await openDatabase(databaseUrl, options);
  let appliedMigrations: string[];
  try {
    appliedMigrations = await runMigrations(database);
  } catch (error) {
    await database.close();
    throw error;
  }
  return createStores(database, appliedMigrations);
}

/** The repositories over an already open and migrated database. */
export function createStores(database: StoreDatabase, appliedMigrations: string[] = []): DatabaseStores {
  const { db, dialect } = database;
  const requests = new KyselyRequestStore(db);
  let closed = false;

  return {
    database,
    appliedMigrations,
    requests,
    directory: new KyselyDirectoryStore(db),
    teamSettings: new KyselyTeamSettingsStore(db),
    syncState: new KyselySyncStateStore(db, dialect),
    suggestions: new KyselySuggestionStore(db),
    changeSubscriptions: new KyselyChangeSubscriptionStore(db),
    pendingChanges: new KyselyPendingChangeStore(db),
    warningPreferences: new KyselyWarningPreferenceStore(db),
    clockWarnings: new KyselyClockWarningStore(db),

    async purgeTenant(tenantId: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('request_events').where('tenant_id', '=', tenantId).execute();
        await trx.deleteFrom('requests').where('tenant_id', '=', tenantId).execute();
        await trx.deleteFrom('untracked_requests').where('tenant_id', '=', tenantId).execute();
        await trx.deleteFrom('suggestions').where('tenant_id', '=', tenantId).execute();
        await trx.deleteFrom('sync_state').where('tenant_id', '=', tenantId).execute();
        await trx.deleteFrom('sync_people').where('tenant_id', '=', tenantId).execute();
        await trx.deleteFrom('graph_subscriptions').where('tenant_id', '=', tenantId).execute();
        await trx.deleteFrom('pending_changes').where('tenant_id', '=', tenantId).execute();
        await trx.deleteFrom('warning_preferences').where('tenant_id', '=', tenantId).execute();
        await trx.deleteFrom('clock_warnings').where('tenant_id', '=', tenantId).execute();
        await trx.deleteFrom('digests_sent').where('tenant_id', '=', tenantId).execute();
        await trx.deleteFrom('team_settings').where('tenant_id', '=', tenantId).execute();
        await trx.deleteFrom('team_members').where('tenant_id', '=', tenantId).execute();
        await trx.deleteFrom('teams').where('tenant_id', '=', tenantId).execute();
        await trx.deleteFrom('people').where('tenant_id', '=', tenantId).execute();
        await trx.deleteFrom('tenants').where('id', '=', tenantId).execute();
      });
      requests.forgetReadRows();
    },

    /**
     * A person's erasure (GDPR Art. 17), in one transaction:
     * - their own work record goes: requests they are the assignee of and every event of those requests, and the
     *   history of requests they untracked (events outlive an untracked row, so they are found by the person acting on
     *   them while no request row exists any more);
     * - their suggestions, sync state (delta links), sync registration, change subscriptions and pending changes, their
   *   warning choice, team memberships and directory entry go;
     * - in other people's rows their identity is replaced by {@link DELETED_PERSON_ID}: as requester in requests
     *   colleagues tracked (the assignee's work record is the assignee's, the requester's identity is the deleted
     *   person's), and as sender of suggestions in colleagues' lists. Nothing else of another person changes.
     * Idempotent: a second call finds nothing to do.
     */
    async deletePersonData(tenantId: string, personId: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const assigned = trx.selectFrom('requests').select('id').where('tenant_id', '=', tenantId).where('assignee_id', '=', personId);
        await trx.deleteFrom('request_events').where('tenant_id', '=', tenantId).where('request_id', 'in', assigned).execute();
        await trx
          .deleteFrom('request_events')
          .where('tenant_id', '=', tenantId)
          .where('request_id', 'in', trx.selectFrom('request_events').select('request_id').where('tenant_id', '=', tenantId).where('actor_id', '=', personId))
          .where('request_id', 'not in', trx.selectFrom('requests').select('id').where('tenant_id', '=', tenantId))
          .execute();
        await trx.deleteFrom('requests').where('tenant_id', '=', tenantId).where('assignee_id', '=', personId).execute();
        // Untracked requests kept for undo: theirs go, and so do colleagues' that name them as requester (kept as a
        // snapshot, they cannot be anonymised in place; the colleague loses only the chance to undo the untrack).
        await trx
          .deleteFrom('untracked_requests')
          .where('tenant_id', '=', tenantId)
          .where((eb) => eb.or([eb('assignee_id', '=', personId), eb('requester_id', '=', personId)]))
          .execute();
        // updated_at moves so that nothing holding the row as last read (the queue's record cache) keeps the old requester.
        await trx
          .updateTable('requests')
          .set((eb) => ({ requester_id: DELETED_PERSON_ID, updated_at: eb('updated_at', '+', 1) }))
          .where('tenant_id', '=', tenantId)
          .where('requester_id', '=', personId)
          .execute();
        await trx.deleteFrom('suggestions').where('tenant_id', '=', tenantId).where('person_id', '=', personId).execute();
        await trx.updateTable('suggestions').set({ from_id: DELETED_PERSON_ID }).where('tenant_id', '=', tenantId).where('from_id', '=', personId).execute();
        await trx.deleteFrom('sync_state').where('tenant_id', '=', tenantId).where('person_id', '=', personId).execute();
        await trx.deleteFrom('sync_people').where('tenant_id', '=', tenantId).where('person_id', '=', personId).execute();
        // Their subscriptions' rows (the subscription manager deletes them in Graph) and any change still pending.
        await trx.deleteFrom('graph_subscriptions').where('tenant_id', '=', tenantId).where('person_id', '=', personId).execute();
        await trx.deleteFrom('pending_changes').where('tenant_id', '=', tenantId).where('person_id', '=', personId).execute();
        // Their choice of what reaches their activity feed.
        await trx.deleteFrom('warning_preferences').where('tenant_id', '=', tenantId).where('person_id', '=', personId).execute();
        // The warnings and digests they were sent (ids and instants only; they go with their work record).
        await trx.deleteFrom('clock_warnings').where('tenant_id', '=', tenantId).where('assignee_id', '=', personId).execute();
        await trx.deleteFrom('digests_sent').where('tenant_id', '=', tenantId).where('person_id', '=', personId).execute();
        await trx.deleteFrom('team_members').where('tenant_id', '=', tenantId).where('person_id', '=', personId).execute();
        await trx.deleteFrom('people').where('tenant_id', '=', tenantId).where('id', '=', personId).execute();
      });
      requests.forgetReadRows();
    },

    async purgeAllReceivedBefore(before: Date): Promise<number> {
      const tenants = await db.selectFrom('requests').select('tenant_id').distinct().execute();
      let purged = 0;
      for (const { tenant_id } of tenants) purged += await requests.purgeReceivedBefore(tenant_id, before);
      return purged;
    },

    async purgeUntrackedBefore(before: Date): Promise<number> {
      const result = await db.deleteFrom('untracked_requests').where('untracked_at', '<', before.getTime()).executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    async ping(): Promise<void> {
      try {
        await sql`select 1`.execute(db);
      } catch (cause) {
        throw new StoreError('unavailable', `Database unreachable: ${(cause as Error).message}`, { cause });
      }
    },

    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await database.close();
    },
  };
}
