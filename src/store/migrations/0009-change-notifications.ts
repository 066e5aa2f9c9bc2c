import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Graph change notifications (issue 19).
 *
 * `graph_subscriptions`: one row per Graph subscription of a person (Inbox, Sent Items, chats), keyed by Graph's
 * subscription id. `client_state` is the per-subscription secret Graph echoes in every notification.
 * - graph_subscriptions_expires_idx (expires_at) — the renewal scan of subscriptions expiring soon, across tenants.
 * - graph_subscriptions_person_idx (tenant_id, person_id) — a person's subscriptions (creation, deletion with their data).
 *
 * `pending_changes`: one row per person who ever had a change notified, the changes waiting for a delta run coalesced
 * into it (`mail`, `chats` flags 0/1). `seq` grows with every record and never restarts: a clear sets the flags to 0
 * and `due_at` to null instead of deleting the row, so a processor that took its snapshot before another instance
 * cleared the row can never clear a change recorded after that clear (a restarted seq could compare as "already seen").
 * `due_at` is when the person is due for a sync (the first record, or a short gap after a sync during which more
 * arrived); null when nothing is pending. `quiet_until` is the end of that gap after the person's last sync: a change
 * recorded before then is due then, so a burst for one mailbox costs at most two syncs.
 * - pending_changes_due_idx (due_at, tenant_id, person_id) WHERE due_at IS NOT NULL — the processors' scan of pending
 *   people, soonest due first (in the store's full order); people with nothing pending are not in it.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time and must not use the evolving schema type
type AnyDb = Kysely<any>;

export function changeNotifications(): Migration {
  return {
    async up(db: AnyDb): Promise<void> {
      await db.schema
        .createTable('graph_subscriptions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('person_id', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('inbox', 'sentitems', 'chats')`))
        .addColumn('resource', 'text', (c) => c.notNull())
        .addColumn('client_state', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema.createIndex('graph_subscriptions_expires_idx').on('graph_subscriptions').column('expires_at').execute();
      await db.schema.createIndex('graph_subscriptions_person_idx').on('graph_subscriptions').columns(['tenant_id', 'person_id']).execute();

      await db.schema
        .createTable('pending_changes')
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('person_id', 'text', (c) => c.notNull())
        .addColumn('mail', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('chats', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .addColumn('due_at', 'bigint')
        .addColumn('quiet_until', 'bigint')
        .addPrimaryKeyConstraint('pending_changes_pk', ['tenant_id', 'person_id'])
        .execute();
      await db.schema
        .createIndex('pending_changes_due_idx')
        .on('pending_changes')
        .columns(['due_at', 'tenant_id', 'person_id'])
        .where(sql.ref('due_at'), 'is not', null)
        .execute();
    },

    async down(db: AnyDb): Promise<void> {
      await db.schema.dropTable('pending_changes').execute();
      await db.schema.dropTable('graph_subscriptions').execute();
    },
  };
}
