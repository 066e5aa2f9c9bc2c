import { sql } from 'kysely';
import type { DatabaseSchema } from './database-schema';
import type { StoreDatabase } from './open-database';

/** The tables that hold a tenant's rows, in the order an operator reads them. */
export const TENANT_TABLES = [
  'tenants',
  'people',
  'teams',
  'team_members',
  'team_settings',
  'requests',
  'request_events',
  'untracked_requests',
  'sync_state',
  'sync_people',
  'suggestions',
  'graph_subscriptions',
  'pending_changes',
  'warning_preferences',
  'clock_warnings',
  'digests_sent',
] as const satisfies readonly (keyof DatabaseSchema)[];

export type TenantTable = (typeof TENANT_TABLES)[number];

/**
 * How many rows each table holds for one tenant (`tenants` counts the tenant's own row: 0 or 1). For the operator's
 * purge and for tests that prove a purge touched one tenant only.
 */
export async function countTenantRows(database: StoreDatabase, tenantId: string): Promise<Record<TenantTable, number>> {
  const { db } = database;
  const counts = {} as Record<TenantTable, number>;
  for (const table of TENANT_TABLES) {
    const column = table === 'tenants' ? 'id' : 'tenant_id';
    const result = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)} where ${sql.ref(column)} = ${tenantId}`.execute(db);
    const row = result.rows[0];
    counts[table] = Number(row?.n ?? 0);
  }
  return counts;
}
