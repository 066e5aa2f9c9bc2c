import type { Kysely, Migration } from 'kysely';

/**
 * Untrack becomes a soft state: the request's row moves out of `requests` into `untracked_requests` (as JSON, with the
 * columns the purges need), so every read of `requests` — queue, lookup, asks, stats, dashboard, suggestions' "already
 * tracked", tracking the message again — no longer sees it, and undo can move it back within the undo window. The
 * scheduler deletes rows older than the window; a person's or a tenant's deletion deletes them at once.
 *
 * Indexes:
 * - untracked_requests_pk (tenant_id, id) — undo reads and removes one row.
 * - untracked_requests_at_idx (untracked_at) — the scheduler's purge of rows past the window, across tenants.
 * - untracked_requests_person_idx (tenant_id, assignee_id) — a person's data deletion.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time and must not use the evolving schema type
type AnyDb = Kysely<any>;

export function untrackedRequests(): Migration {
  return {
    async up(db: AnyDb): Promise<void> {
      await db.schema
        .createTable('untracked_requests')
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('assignee_id', 'text', (c) => c.notNull())
        .addColumn('requester_id', 'text', (c) => c.notNull())
        .addColumn('received_at', 'bigint', (c) => c.notNull())
        .addColumn('untracked_at', 'bigint', (c) => c.notNull())
        /** The `requests` row as it was, JSON (snake_case columns). */
        .addColumn('row', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('untracked_requests_pk', ['tenant_id', 'id'])
        .execute();
      await db.schema.createIndex('untracked_requests_at_idx').on('untracked_requests').columns(['untracked_at']).execute();
      await db.schema.createIndex('untracked_requests_person_idx').on('untracked_requests').columns(['tenant_id', 'assignee_id']).execute();
    },

    async down(db: AnyDb): Promise<void> {
      await db.schema.dropTable('untracked_requests').ifExists().execute();
    },
  };
}
