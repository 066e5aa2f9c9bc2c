import { sql, type Kysely, type Migration, type RawBuilder } from 'kysely';
import type { StoreDialect } from '../database-schema';

/**
 * Reopen keeps what it must (DESIGN.md "Reopen") and breaches are written once, whether or not anyone reads a request:
 * - `first_resolved_at`: when the request was first resolved. A reopen clears `resolved_at`, never this, so a
 *   first-response clock the resolve stopped stays stopped.
 * - `reopen_count`: how many times the request was reopened.
 * - `breach_check_at`: when the breach recorder (src/app/breach-recorder.ts) next looks at the request — the earliest
 *   instant a clock may pass its target with no breach event written yet; null when none can.
 *
 * Existing rows: `first_resolved_at` is the earliest `resolved` event that was not undone, else `resolved_at` (requests
 * tracked already resolved have no such event); `reopen_count` counts the `reopened` events that were not undone;
 * `breach_check_at` is `due_at` for open and waiting requests (their breaches, if any, are then written at once, at the
 * instant each clock passed its target), null for resolved ones (their past misses are not written).
 *
 * Index: requests_breach_check_idx (breach_check_at) WHERE breach_check_at IS NOT NULL — the recorder's scan of the
 * checks that are due, across tenants; requests with nothing left to check are not in it.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time and must not use the evolving schema type
type AnyDb = Kysely<any>;

/** `undone` events name the change they undid in their JSON data: `{"eventId": …}`. */
function undoneEventId(dialect: StoreDialect): RawBuilder<string> {
  return dialect === 'postgres' ? sql<string>`(u.data::json ->> 'eventId')` : sql<string>`json_extract(u.data, '$.eventId')`;
}

/** Events of `type` of the request being updated that no `undone` event undid. */
function liveEvents(dialect: StoreDialect, type: string): RawBuilder<unknown> {
  return sql`from request_events e
    where e.tenant_id = requests.tenant_id and e.request_id = requests.id and e.type = ${sql.lit(type)}
      and not exists (
        select 1 from request_events u
        where u.tenant_id = e.tenant_id and u.request_id = e.request_id and u.type = 'undone' and ${undoneEventId(dialect)} = e.id
      )`;
}

export function reopenAndBreaches(dialect: StoreDialect): Migration {
  return {
    async up(db: AnyDb): Promise<void> {
      await db.schema.alterTable('requests').addColumn('first_resolved_at', 'bigint').execute();
      await db.schema.alterTable('requests').addColumn('reopen_count', 'integer', (c) => c.notNull().defaultTo(0)).execute();
      await db.schema.alterTable('requests').addColumn('breach_check_at', 'bigint').execute();
      await sql`update requests set
        first_resolved_at = coalesce((select min(e.at) ${liveEvents(dialect, 'resolved')}), resolved_at),
        reopen_count = (select count(*) ${liveEvents(dialect, 'reopened')}),
        breach_check_at = case when status <> 'resolved' then due_at else null end`.execute(db);
      await db.schema
        .createIndex('requests_breach_check_idx')
        .on('requests')
        .column('breach_check_at')
        .where(sql.ref('breach_check_at'), 'is not', null)
        .execute();
    },

    async down(db: AnyDb): Promise<void> {
      await db.schema.dropIndex('requests_breach_check_idx').execute();
      await db.schema.alterTable('requests').dropColumn('breach_check_at').execute();
      await db.schema.alterTable('requests').dropColumn('reopen_count').execute();
      await db.schema.alterTable('requests').dropColumn('first_resolved_at').execute();
    },
  };
}
