import { sql, type Kysely, type Migration } from 'kysely';
import type { StoreDialect } from '../database-schema';

/**
 * Request events may be of type `undone` (a person undid their own change: `data.eventId` names it). The type list is
 * a CHECK constraint: PostgreSQL replaces it in place; SQLite cannot alter a constraint, so the table is rebuilt with
 * the same rows, index and append-only trigger (as 0001 made them).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time and must not use the evolving schema type
type AnyDb = Kysely<any>;

const TYPES_BEFORE = `'tracked', 'responded', 'resolved', 'reopened', 'waiting', 'resumed', 'untracked', 'updated', 'breach'`;

async function setTypes(db: AnyDb, dialect: StoreDialect, types: string): Promise<void> {
  if (dialect === 'postgres') {
    await sql`alter table request_events drop constraint request_events_type_check`.execute(db);
    await sql.raw(`alter table request_events add constraint request_events_type_check check (type in (${types}))`).execute(db);
    return;
  }
  await sql.raw(`create table request_events_next (
    id text primary key,
    tenant_id text not null,
    request_id text not null,
    type text not null check (type in (${types})),
    actor_id text not null,
    at bigint not null,
    data text
  )`).execute(db);
  await sql`insert into request_events_next (id, tenant_id, request_id, type, actor_id, at, data)
    select id, tenant_id, request_id, type, actor_id, at, data from request_events`.execute(db);
  await sql`drop table request_events`.execute(db);
  await sql`alter table request_events_next rename to request_events`.execute(db);
  await db.schema.createIndex('request_events_request_idx').on('request_events').columns(['tenant_id', 'request_id', 'at']).execute();
  await sql`create trigger request_events_append_only before update on request_events
    begin select raise(abort, 'request_events is append-only'); end`.execute(db);
}

export function undoneRequestEvents(dialect: StoreDialect): Migration {
  return {
    up: (db: AnyDb) => setTypes(db, dialect, `${TYPES_BEFORE}, 'undone'`),
    // Down refuses while `undone` events exist (the constraint would not hold): delete them first, knowingly.
    down: (db: AnyDb) => setTypes(db, dialect, TYPES_BEFORE),
  };
}
