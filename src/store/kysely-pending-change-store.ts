import { sql, type Kysely } from 'kysely';
import type { PendingChange, PendingChangeKind } from '../app/records';
import type { PendingChangeStore } from '../app/store-ports';
import type { DatabaseSchema } from './database-schema';

/**
 * Changes waiting for a delta run, one row per person (migration 0009). `record` is one upsert (so a burst of
 * notifications for one mailbox stays one row, whichever instance receives them); `seq` grows with every record and
 * never restarts, because `clear` keeps the row (flags 0, `since` null) rather than deleting it: a processor holding an
 * older snapshot can then never clear a change recorded after someone else's clear.
 */
export class KyselyPendingChangeStore implements PendingChangeStore {
  constructor(private readonly db: Kysely<DatabaseSchema>) {}

  async record(tenantId: string, personId: string, kind: PendingChangeKind, at: Date): Promise<void> {
    await this.db
      .insertInto('pending_changes')
      .values({ tenant_id: tenantId, person_id: personId, mail: kind === 'mail' ? 1 : 0, chats: kind === 'chats' ? 1 : 0, seq: 1, since: at.getTime() })
      .onConflict((oc) =>
        oc.columns(['tenant_id', 'person_id']).doUpdateSet({
          // Flags only ever turn on here; clear turns them off.
          mail: sql<number>`case when excluded.mail = 1 then 1 else pending_changes.mail end`,
          chats: sql<number>`case when excluded.chats = 1 then 1 else pending_changes.chats end`,
          seq: sql<number>`pending_changes.seq + 1`,
          since: sql<number>`coalesce(pending_changes.since, excluded.since)`,
        }),
      )
      .execute();
  }

  async listPending(limit: number): Promise<PendingChange[]> {
    if (limit <= 0) return [];
    const rows = await this.db
      .selectFrom('pending_changes')
      .selectAll()
      .where('since', 'is not', null)
      .orderBy('since')
      .orderBy('tenant_id')
      .orderBy('person_id')
      .limit(limit)
      .execute();
    return rows.map((row) => ({
      tenantId: row.tenant_id,
      personId: row.person_id,
      kinds: [...(Number(row.mail) === 1 ? (['mail'] as const) : []), ...(Number(row.chats) === 1 ? (['chats'] as const) : [])],
      seq: Number(row.seq),
      since: new Date(Number(row.since)),
    }));
  }

  async clear(tenantId: string, personId: string, upToSeq: number): Promise<void> {
    await this.db
      .updateTable('pending_changes')
      .set({ mail: 0, chats: 0, since: null })
      .where('tenant_id', '=', tenantId)
      .where('person_id', '=', personId)
      .where('seq', '<=', upToSeq)
      .execute();
  }
}
