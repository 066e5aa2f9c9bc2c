import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Warnings before a breach and the working-day digest (issue 20), sent once whatever the number of instances:
 *
 * - `requests.warning_check_at`: when the warning dispatcher (src/app/warnings/warning-dispatcher.ts) next looks at
 *   the request — the instant of its next clock transition (`atRisk`, `breached`) not warned about yet; null when
 *   none is left. Any change of the request sets it to its `received_at` ("look again at once"), so the dispatcher
 *   recomputes it from the request as it now is. Existing open and waiting requests start the same way; the
 *   dispatcher records transitions that happened long before as `skipped`, so an upgrade sends no flood of old news.
 *   Index requests_warning_check_idx (warning_check_at) WHERE warning_check_at IS NOT NULL — the dispatcher's scan,
 *   across tenants, earliest first, as requests_breach_check_idx serves the breach recorder.
 * - `clock_warnings`: one row per (request, clock, kind) ever warned about — the primary key is the "once": whoever
 *   inserts the row sends, across restarts and instances. `status`: `sending` (claimed; the send is under way),
 *   `sent`, `held` (quiet hours or the person's choice: for the digest due at `digest_at`), `digested` (the digest
 *   told it), `skipped` (the person turned warnings off, or it was stale), `failed` (Graph refused: not retried).
 *   Index clock_warnings_held_idx (tenant_id, assignee_id, status) — a person's held warnings, read by the digest.
 * - `digests_sent`: one row per digest per local working day — kind `personal` (team_id '') or `owners` (per team) —
 *   inserted before sending, so a digest goes once per day. `status`: `sending`, `sent`, `empty` (nothing to say:
 *   nothing sent), `failed`.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time and must not use the evolving schema type
type AnyDb = Kysely<any>;

export function clockWarnings(): Migration {
  return {
    async up(db: AnyDb): Promise<void> {
      await db.schema.alterTable('requests').addColumn('warning_check_at', 'bigint').execute();
      await sql`update requests set warning_check_at = case when status <> 'resolved' then received_at else null end`.execute(db);
      await db.schema
        .createIndex('requests_warning_check_idx')
        .on('requests')
        .column('warning_check_at')
        .where(sql.ref('warning_check_at'), 'is not', null)
        .execute();

      await db.schema
        .createTable('clock_warnings')
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('request_id', 'text', (c) => c.notNull())
        .addColumn('clock', 'text', (c) => c.notNull().check(sql`clock in ('firstResponse', 'resolution')`))
        .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('atRisk', 'breached')`))
        .addColumn('assignee_id', 'text', (c) => c.notNull())
        .addColumn('transition_at', 'bigint', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('sending', 'sent', 'held', 'digested', 'skipped', 'failed')`))
        .addColumn('recorded_at', 'bigint', (c) => c.notNull())
        .addColumn('sent_at', 'bigint')
        .addColumn('digest_at', 'bigint')
        .addPrimaryKeyConstraint('clock_warnings_pk', ['tenant_id', 'request_id', 'clock', 'kind'])
        .execute();
      await db.schema.createIndex('clock_warnings_held_idx').on('clock_warnings').columns(['tenant_id', 'assignee_id', 'status']).execute();

      await db.schema
        .createTable('digests_sent')
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('person_id', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('personal', 'owners')`))
        .addColumn('team_id', 'text', (c) => c.notNull())
        .addColumn('local_date', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('sending', 'sent', 'empty', 'failed')`))
        .addColumn('recorded_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('digests_sent_pk', ['tenant_id', 'person_id', 'kind', 'team_id', 'local_date'])
        .execute();
    },

    async down(db: AnyDb): Promise<void> {
      await db.schema.dropTable('digests_sent').execute();
      await db.schema.dropTable('clock_warnings').execute();
      await db.schema.dropIndex('requests_warning_check_idx').execute();
      await db.schema.alterTable('requests').dropColumn('warning_check_at').execute();
    },
  };
}
