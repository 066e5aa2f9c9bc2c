import type { Kysely } from 'kysely';
import type { ChangeSubscriptionRecord } from '../app/records';
import { isSubscriptionKind } from '../domain/change-subscription-policy';
import type { ChangeSubscriptionStore } from '../app/store-ports';
import type { DatabaseSchema } from './database-schema';

/** Graph change-notification subscriptions, one row per Graph subscription id (migration 0009). */
export class KyselyChangeSubscriptionStore implements ChangeSubscriptionStore {
  constructor(private readonly db: Kysely<DatabaseSchema>) {}

  async put(subscription: ChangeSubscriptionRecord): Promise<void> {
    const row = rowFromSubscription(subscription);
    await this.db
      .insertInto('graph_subscriptions')
      .values(row)
      .onConflict((oc) =>
        oc.column('id').doUpdateSet({
          tenant_id: row.tenant_id,
          person_id: row.person_id,
          kind: row.kind,
          resource: row.resource,
          client_state: row.client_state,
          expires_at: row.expires_at,
          created_at: row.created_at,
          failures: row.failures,
        }),
      )
      .execute();
  }

  async get(id: string): Promise<ChangeSubscriptionRecord | null> {
    const row = await this.db.selectFrom('graph_subscriptions').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? subscriptionFromRow(row) : null;
  }

  async getMany(ids: readonly string[]): Promise<ChangeSubscriptionRecord[]> {
    const found: ChangeSubscriptionRecord[] = [];
    // 500 per statement: well under SQLite's 32,766 and PostgreSQL's 65,535 parameters.
    for (let start = 0; start < ids.length; start += 500) {
      const rows = await this.db.selectFrom('graph_subscriptions').selectAll().where('id', 'in', ids.slice(start, start + 500)).execute();
      for (const row of rows) found.push(subscriptionFromRow(row));
    }
    return found;
  }

  async listForPerson(tenantId: string, personId: string): Promise<ChangeSubscriptionRecord[]> {
    const rows = await this.db
      .selectFrom('graph_subscriptions')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('person_id', '=', personId)
      .orderBy('kind')
      .orderBy('id')
      .execute();
    return rows.map(subscriptionFromRow);
  }

  async listExpiringBefore(before: Date, limit: number): Promise<ChangeSubscriptionRecord[]> {
    if (limit <= 0) return [];
    const rows = await this.db
      .selectFrom('graph_subscriptions')
      .selectAll()
      .where('expires_at', '<', before.getTime())
      .orderBy('expires_at')
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map(subscriptionFromRow);
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('graph_subscriptions').where('id', '=', id).execute();
  }
}

function rowFromSubscription(s: ChangeSubscriptionRecord): DatabaseSchema['graph_subscriptions'] {
  return {
    id: s.id,
    tenant_id: s.tenantId,
    person_id: s.personId,
    kind: s.kind,
    resource: s.resource,
    client_state: s.clientState,
    expires_at: s.expiresAt.getTime(),
    created_at: s.createdAt.getTime(),
    failures: s.failures,
  };
}

function subscriptionFromRow(row: DatabaseSchema['graph_subscriptions']): ChangeSubscriptionRecord {
  // The column's check constraint allows only these; a row that is not one was written by something else.
  if (!isSubscriptionKind(row.kind)) throw new Error(`graph_subscriptions row ${row.id} has an unknown kind`);
  return {
    id: row.id,
    tenantId: row.tenant_id,
    personId: row.person_id,
    kind: row.kind,
    resource: row.resource,
    clientState: row.client_state,
    expiresAt: new Date(Number(row.expires_at)),
    createdAt: new Date(Number(row.created_at)),
    failures: Number(row.failures),
  };
}
