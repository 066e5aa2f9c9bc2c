import type { DatabaseSchema } from '../../src/store/database-schema';
import type { StoreDatabase } from '../../src/store/open-database';

type RequestRow = DatabaseSchema['requests'];

const COLUMNS: (keyof RequestRow)[] = [
  'id', 'tenant_id', 'source', 'source_message_id', 'conversation_id', 'chat_id', 'thread_id', 'web_link', 'requester_id',
  'assignee_id', 'team_id', 'subject', 'preview', 'category', 'priority', 'note', 'colleague_override', 'received_at',
  'first_response_at', 'first_response_source', 'first_response_message_id', 'resolved_at', 'first_resolved_at', 'reopen_count', 'waiting_periods', 'status', 'due_at',
  'first_response_breach_recorded', 'resolution_breach_recorded', 'breach_check_at', 'warning_check_at', 'created_at', 'updated_at',
];
const PG_TYPES: Record<keyof RequestRow, string> = {
  id: 'text', tenant_id: 'text', source: 'text', source_message_id: 'text', conversation_id: 'text', chat_id: 'text',
  thread_id: 'text', web_link: 'text', requester_id: 'text', assignee_id: 'text', team_id: 'text', subject: 'text',
  preview: 'text', category: 'text', priority: 'text', note: 'text', colleague_override: 'integer', received_at: 'bigint',
  first_response_at: 'bigint', first_response_source: 'text', first_response_message_id: 'text', resolved_at: 'bigint', first_resolved_at: 'bigint', reopen_count: 'integer', waiting_periods: 'text', status: 'text',
  due_at: 'bigint', first_response_breach_recorded: 'integer', resolution_breach_recorded: 'integer', breach_check_at: 'bigint', warning_check_at: 'bigint', created_at: 'bigint',
  updated_at: 'bigint',
};

/**
 * Loads request rows fast, for benchmarks and plan tests only (no events, no idempotency): SQLite through one
 * prepared statement in a single transaction; PostgreSQL through `INSERT … SELECT FROM unnest($1::text[], …)`,
 * 10,000 rows per statement (one parameter per column, so the 65,535-parameter limit never applies).
 */
export async function bulkInsertRequests(database: StoreDatabase, rows: readonly RequestRow[]): Promise<void> {
  if (rows.length === 0) return;
  if (database.sqlite) {
    const statement = database.sqlite.prepare(
      `insert into requests (${COLUMNS.join(', ')}) values (${COLUMNS.map(() => '?').join(', ')})`,
    );
    const insertAll = database.sqlite.transaction((batch: readonly RequestRow[]) => {
      for (const row of batch) statement.run(COLUMNS.map((c) => row[c]));
    });
    insertAll(rows);
    return;
  }
  if (!database.pool) throw new Error('bulkInsertRequests: no database handle');
  const text = `insert into requests (${COLUMNS.join(', ')}) select * from unnest(${COLUMNS.map((c, i) => `$${i + 1}::${PG_TYPES[c]}[]`).join(', ')})`;
  for (let start = 0; start < rows.length; start += 10_000) {
    const batch = rows.slice(start, start + 10_000);
    await database.pool.query(text, COLUMNS.map((c) => batch.map((r) => r[c])));
  }
}
