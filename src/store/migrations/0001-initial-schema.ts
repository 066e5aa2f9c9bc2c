import { sql, type Kysely, type Migration } from 'kysely';
import type { StoreDialect } from '../database-schema';

/**
 * The initial schema. Column types are chosen to mean the same in both dialects (see database-schema.ts).
 *
 * Indexes and the queries they serve:
 * - requests_source_message_uq (tenant_id, source, source_message_id, assignee_id) UNIQUE — idempotent tracking
 *   (`INSERT … ON CONFLICT DO NOTHING`) and the add-in lookup.
 * - requests_assignee_queue_idx (tenant_id, assignee_id, status, due_at) — a person's queue: open/waiting rows of
 *   one assignee, read in due order.
 * - requests_team_received_idx (tenant_id, team_id, received_at) — a team's requests in a period (dashboard).
 * - requests_team_status_idx (tenant_id, team_id, status) — a team's still-open requests, whenever received.
 * - requests_requester_idx (tenant_id, requester_id, received_at) — "my asks".
 * - requests_tenant_received_idx (tenant_id, received_at) — retention purge.
 * - request_events_request_idx (tenant_id, request_id, at) — a request's history.
 * - sync_people_due_idx (last_run_at) — the lease scan for due people.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time and must not use the evolving schema type
type AnyDb = Kysely<any>;

export function initialSchema(dialect: StoreDialect): Migration {
  return {
    async up(db: AnyDb): Promise<void> {
      await db.schema
        .createTable('tenants')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('verified_domains', 'text', (c) => c.notNull())
        .addColumn('refreshed_at', 'bigint', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('people')
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('display_name', 'text', (c) => c.notNull())
        .addColumn('mail', 'text')
        .addColumn('user_principal_name', 'text')
        .addColumn('department', 'text')
        .addColumn('manager_id', 'text')
        .addColumn('calendar', 'text')
        .addColumn('refreshed_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('people_pk', ['tenant_id', 'id'])
        .execute();

      await db.schema
        .createTable('teams')
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('display_name', 'text', (c) => c.notNull())
        .addColumn('refreshed_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('teams_pk', ['tenant_id', 'id'])
        .execute();

      await db.schema
        .createTable('team_members')
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('team_id', 'text', (c) => c.notNull())
        .addColumn('person_id', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('owner', 'member')`))
        .addPrimaryKeyConstraint('team_members_pk', ['tenant_id', 'team_id', 'person_id'])
        .addForeignKeyConstraint('team_members_team_fk', ['tenant_id', 'team_id'], 'teams', ['tenant_id', 'id'], (fk) => fk.onDelete('cascade'))
        .execute();
      await db.schema.createIndex('team_members_person_idx').on('team_members').columns(['tenant_id', 'person_id']).execute();

      await db.schema
        .createTable('team_settings')
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('team_id', 'text', (c) => c.notNull())
        .addColumn('categories', 'text', (c) => c.notNull())
        .addColumn('standards', 'text', (c) => c.notNull())
        .addColumn('calendar', 'text', (c) => c.notNull())
        .addColumn('holidays', 'text', (c) => c.notNull())
        .addColumn('pause_for_out_of_office', 'integer', (c) => c.notNull())
        .addColumn('min_group_size', 'integer', (c) => c.notNull())
        .addColumn('individual_view', 'integer', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('team_settings_pk', ['tenant_id', 'team_id'])
        .execute();

      await db.schema
        .createTable('requests')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('email', 'chat')`))
        .addColumn('source_message_id', 'text', (c) => c.notNull())
        .addColumn('conversation_id', 'text')
        .addColumn('chat_id', 'text')
        .addColumn('thread_id', 'text')
        .addColumn('web_link', 'text')
        .addColumn('requester_id', 'text', (c) => c.notNull())
        .addColumn('assignee_id', 'text', (c) => c.notNull())
        .addColumn('team_id', 'text')
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('preview', 'text', (c) => c.notNull().check(sql`length(preview) <= 255`))
        .addColumn('category', 'text')
        .addColumn('priority', 'text', (c) => c.notNull())
        .addColumn('note', 'text')
        .addColumn('colleague_override', 'integer', (c) => c.notNull())
        .addColumn('received_at', 'bigint', (c) => c.notNull())
        .addColumn('first_response_at', 'bigint')
        .addColumn('first_response_source', 'text')
        .addColumn('resolved_at', 'bigint')
        .addColumn('waiting_periods', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('open', 'waiting', 'resolved')`))
        .addColumn('due_at', 'bigint')
        .addColumn('first_response_breach_recorded', 'integer', (c) => c.notNull())
        .addColumn('resolution_breach_recorded', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('requests_source_message_uq')
        .on('requests')
        .columns(['tenant_id', 'source', 'source_message_id', 'assignee_id'])
        .unique()
        .execute();
      await db.schema.createIndex('requests_assignee_queue_idx').on('requests').columns(['tenant_id', 'assignee_id', 'status', 'due_at']).execute();
      await db.schema.createIndex('requests_team_received_idx').on('requests').columns(['tenant_id', 'team_id', 'received_at']).execute();
      await db.schema.createIndex('requests_team_status_idx').on('requests').columns(['tenant_id', 'team_id', 'status']).execute();
      await db.schema.createIndex('requests_requester_idx').on('requests').columns(['tenant_id', 'requester_id', 'received_at']).execute();
      await db.schema.createIndex('requests_tenant_received_idx').on('requests').columns(['tenant_id', 'received_at']).execute();

      // No foreign key to requests: the history outlives an untracked request.
      await db.schema
        .createTable('request_events')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('request_id', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) =>
          c.notNull().check(sql`type in ('tracked', 'responded', 'resolved', 'reopened', 'waiting', 'resumed', 'untracked', 'updated', 'breach')`),
        )
        .addColumn('actor_id', 'text', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addColumn('data', 'text')
        .execute();
      await db.schema.createIndex('request_events_request_idx').on('request_events').columns(['tenant_id', 'request_id', 'at']).execute();
      // Append-only: the database itself refuses to change a written event (deletion stays possible for retention
      // and for a tenant's or person's data deletion).
      if (dialect === 'sqlite') {
        await sql`create trigger request_events_append_only before update on request_events
          begin select raise(abort, 'request_events is append-only'); end`.execute(db);
      } else {
        await sql`create function request_events_append_only() returns trigger language plpgsql as $$
          begin raise exception 'request_events is append-only'; end $$`.execute(db);
        await sql`create trigger request_events_append_only before update on request_events
          for each row execute function request_events_append_only()`.execute(db);
      }

      await db.schema
        .createTable('sync_state')
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('person_id', 'text', (c) => c.notNull())
        .addColumn('resource', 'text', (c) => c.notNull())
        .addColumn('delta_link', 'text')
        .addColumn('watermark', 'bigint')
        .addColumn('last_run_at', 'bigint')
        .addPrimaryKeyConstraint('sync_state_pk', ['tenant_id', 'person_id', 'resource'])
        .execute();

      await db.schema
        .createTable('sync_people')
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('person_id', 'text', (c) => c.notNull())
        .addColumn('registered_at', 'bigint', (c) => c.notNull())
        .addColumn('last_run_at', 'bigint')
        .addColumn('lease_owner', 'text')
        .addColumn('lease_expires_at', 'bigint')
        .addPrimaryKeyConstraint('sync_people_pk', ['tenant_id', 'person_id'])
        .execute();
      await db.schema.createIndex('sync_people_due_idx').on('sync_people').columns(['last_run_at']).execute();

      await db.schema
        .createTable('suggestions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('person_id', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('source_message_id', 'text', (c) => c.notNull())
        .addColumn('chat_id', 'text')
        .addColumn('from_id', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('preview', 'text', (c) => c.notNull())
        .addColumn('received_at', 'bigint', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('answered', 'integer', (c) => c.notNull())
        .addColumn('score', 'double precision', (c) => c.notNull())
        .addColumn('dismissed', 'integer', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('suggestions_message_uq')
        .on('suggestions')
        .columns(['tenant_id', 'person_id', 'source', 'source_message_id'])
        .unique()
        .execute();
    },

    async down(db: AnyDb): Promise<void> {
      for (const table of ['suggestions', 'sync_people', 'sync_state', 'request_events', 'requests', 'team_settings', 'team_members', 'teams', 'people', 'tenants']) {
        await db.schema.dropTable(table).ifExists().execute();
      }
      if (dialect === 'postgres') await sql`drop function if exists request_events_append_only()`.execute(db);
    },
  };
}
