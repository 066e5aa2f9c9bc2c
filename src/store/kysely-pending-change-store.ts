import { sql, type Kysely } from 'kysely';
import type { PendingChange, PendingChangeKind } from '../app/records';
import type { PendingChangeStore } from '../app/store-ports';
import { BATCH_ROWS, chunks } from './batches';
import type { DatabaseSchema } from './database-schema';

/**
 * Changes waiting for a delta run, one row per person (migration 0009). A record is an upsert (so a burst of
 * notifications for one mailbox stays one row, whichever instance receives them); `seq` grows with every write and
 * never restarts, because `clear` keeps the row (flags 0, `due_at` null) rather than deleting it: a processor holding
 * an older snapshot can then never clear a change recorded after someone else's clear.
 */
export class KyselyPendingChangeStore implements PendingChangeStore {
  constructor(private readonly db: Kysely<DatabaseSchema>) {}

  record(tenantId: string, personId: string, kind: PendingChangeKind, at: Date): Promise<void> {
    return this.recordMany([{ tenantId, personId, kind }], at);
  }

  async recordMany(changes: readonly { tenantId: string; personId: string; kind: PendingChangeKind }[], at: Date): Promise<void> {
    // One row per person and statement: PostgreSQL refuses an upsert that touches a row twice.
    const byPerson = new Map<string, DatabaseSchema['pending_changes']>();
    for (const c of changes) {
      const k = `${c.tenantId}\u0000${c.personId}`;
      const row = byPerson.get(k) ?? { tenant_id: c.tenantId, person_id: c.personId, mail: 0, chats: 0, seq: 1, due_at: at.getTime(), quiet_until: null };
      if (c.kind === 'mail') row.mail = 1;
      else row.chats = 1;
      byPerson.set(k, row);
    }
    if (byPerson.size === 0) return;
    const rows = [...byPerson.values()].sort((a, b) => (a.tenant_id + a.person_id < b.tenant_id + b.person_id ? -1 : 1));
    // One transaction: what arrived together costs one commit (one disk flush on SQLite), and concurrent writers take
    // the rows in the same (sorted) order.
    await this.db.transaction().execute(async (trx) => {
      for (const part of chunks(rows, BATCH_ROWS)) {
        await trx
          .insertInto('pending_changes')
          .values(part)
          .onConflict((oc) =>
            oc.columns(['tenant_id', 'person_id']).doUpdateSet({
              // Flags only ever turn on here; clear turns them off.
              mail: sql<number>`case when excluded.mail = 1 then 1 else pending_changes.mail end`,
              chats: sql<number>`case when excluded.chats = 1 then 1 else pending_changes.chats end`,
              seq: sql<number>`pending_changes.seq + 1`,
              // Already pending: stays due when it was (first come, first served); newly pending: due now, or at the end
              // of the quiet gap after the person's last sync.
              due_at: sql<number>`coalesce(pending_changes.due_at, case when pending_changes.quiet_until > excluded.due_at then pending_changes.quiet_until else excluded.due_at end)`,
            }),
          )
          .execute();
      }
    });
  }

  async listPending(limit: number): Promise<PendingChange[]> {
    if (limit <= 0) return [];
    const rows = await this.db
      .selectFrom('pending_changes')
      .selectAll()
      .where('due_at', 'is not', null)
      .orderBy('due_at')
      .orderBy('tenant_id')
      .orderBy('person_id')
      .limit(limit)
      .execute();
    return rows.map((row) => ({
      tenantId: row.tenant_id,
      personId: row.person_id,
      kinds: [...(Number(row.mail) === 1 ? (['mail'] as const) : []), ...(Number(row.chats) === 1 ? (['chats'] as const) : [])],
      seq: Number(row.seq),
      dueAt: new Date(Number(row.due_at)),
    }));
  }

  async clear(tenantId: string, personId: string, upToSeq: number, quietUntil: Date): Promise<void> {
    // One statement: either everything up to the snapshot is cleared, or (more arrived) the row waits until quietUntil;
    // and what is recorded before quietUntil will wait until then too.
    const seen = sql<boolean>`pending_changes.seq <= ${upToSeq}`;
    const until = sql<number>`cast(${quietUntil.getTime()} as bigint)`;
    await this.db
      .updateTable('pending_changes')
      .set({
        mail: sql<number>`case when ${seen} then 0 else pending_changes.mail end`,
        chats: sql<number>`case when ${seen} then 0 else pending_changes.chats end`,
        // (A row another instance cleared meanwhile stays cleared: nothing of it is pending.)
        due_at: sql<number | null>`case when ${seen} or pending_changes.due_at is null then null else ${until} end`,
        quiet_until: until,
      })
      .where('tenant_id', '=', tenantId)
      .where('person_id', '=', personId)
      .execute();
  }
}
