import { sql, type Kysely, type Transaction } from 'kysely';
import type { SyncLease, SyncStateRecord } from '../app/records';
import type { SyncStateStore } from '../app/store-ports';
import type { DatabaseSchema, StoreDialect } from './database-schema';

/**
 * Delta links per (person, resource) and the per-person sync lease.
 *
 * Leasing is safe with several servers: on PostgreSQL `leaseDue` selects due rows `FOR UPDATE SKIP LOCKED` inside a
 * transaction, so concurrent workers each take different people without waiting for each other; on SQLite the same
 * read-then-write runs in a `BEGIN IMMEDIATE` transaction (the write lock is taken first, so two connections — even
 * in two processes — serialise instead of both reading the same free rows). `tryLease` is one conditional UPDATE on
 * both dialects.
 */
export class KyselySyncStateStore implements SyncStateStore {
  constructor(
    private readonly db: Kysely<DatabaseSchema>,
    private readonly dialect: StoreDialect,
  ) {}

  async get(tenantId: string, personId: string, resource: string): Promise<SyncStateRecord | null> {
    const row = await this.db
      .selectFrom('sync_state')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('person_id', '=', personId)
      .where('resource', '=', resource)
      .executeTakeFirst();
    return row ? stateFromRow(row) : null;
  }

  async list(tenantId: string, personId: string): Promise<SyncStateRecord[]> {
    const rows = await this.db.selectFrom('sync_state').selectAll().where('tenant_id', '=', tenantId).where('person_id', '=', personId).orderBy('resource').execute();
    return rows.map(stateFromRow);
  }

  async put(state: SyncStateRecord): Promise<void> {
    await this.db
      .insertInto('sync_state')
      .values({
        tenant_id: state.tenantId,
        person_id: state.personId,
        resource: state.resource,
        delta_link: state.deltaLink,
        watermark: state.watermark === null ? null : state.watermark.getTime(),
        last_run_at: state.lastRunAt === null ? null : state.lastRunAt.getTime(),
      })
      .onConflict((oc) =>
        oc.columns(['tenant_id', 'person_id', 'resource']).doUpdateSet((eb) => ({
          delta_link: eb.ref('excluded.delta_link'),
          watermark: eb.ref('excluded.watermark'),
          last_run_at: eb.ref('excluded.last_run_at'),
        })),
      )
      .execute();
  }

  async registerPerson(tenantId: string, personId: string, at: Date): Promise<void> {
    await this.db
      .insertInto('sync_people')
      .values({ tenant_id: tenantId, person_id: personId, registered_at: at.getTime(), last_run_at: null, lease_owner: null, lease_expires_at: null })
      .onConflict((oc) => oc.columns(['tenant_id', 'person_id']).doNothing())
      .execute();
  }

  async leaseDue(owner: string, now: Date, dueBefore: Date, leaseSeconds: number, limit: number): Promise<SyncLease[]> {
    if (limit <= 0) return [];
    const expiresAt = now.getTime() + leaseSeconds * 1000;
    const take = async (trx: Kysely<DatabaseSchema>): Promise<SyncLease[]> => {
      let due = trx
        .selectFrom('sync_people')
        .select(['tenant_id', 'person_id'])
        .where((eb) => eb.or([eb('last_run_at', 'is', null), eb('last_run_at', '<', dueBefore.getTime())]))
        .where((eb) => eb.or([eb('lease_owner', 'is', null), eb('lease_expires_at', '<=', now.getTime())]))
        .orderBy('last_run_at', (ob) => ob.asc().nullsFirst())
        .orderBy('registered_at')
        .limit(limit);
      if (this.dialect === 'postgres') due = due.forUpdate().skipLocked();
      const rows = await due.execute();
      if (rows.length === 0) return [];
      await trx
        .updateTable('sync_people')
        .set({ lease_owner: owner, lease_expires_at: expiresAt })
        .where((eb) => eb.or(rows.map((r) => eb.and([eb('tenant_id', '=', r.tenant_id), eb('person_id', '=', r.person_id)]))))
        .execute();
      return rows.map((r) => ({ tenantId: r.tenant_id, personId: r.person_id, owner, expiresAt: new Date(expiresAt) }));
    };

    if (this.dialect === 'postgres') return this.db.transaction().execute((trx: Transaction<DatabaseSchema>) => take(trx));
    return this.db.connection().execute(async (conn) => {
      await sql`begin immediate`.execute(conn);
      try {
        const leases = await take(conn);
        await sql`commit`.execute(conn);
        return leases;
      } catch (error) {
        await sql`rollback`.execute(conn).catch(() => undefined);
        throw error;
      }
    });
  }

  async tryLease(tenantId: string, personId: string, owner: string, now: Date, leaseSeconds: number): Promise<SyncLease | null> {
    await this.registerPerson(tenantId, personId, now);
    const expiresAt = now.getTime() + leaseSeconds * 1000;
    const result = await this.db
      .updateTable('sync_people')
      .set({ lease_owner: owner, lease_expires_at: expiresAt })
      .where('tenant_id', '=', tenantId)
      .where('person_id', '=', personId)
      .where((eb) => eb.or([eb('lease_owner', 'is', null), eb('lease_owner', '=', owner), eb('lease_expires_at', '<=', now.getTime())]))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1 ? { tenantId, personId, owner, expiresAt: new Date(expiresAt) } : null;
  }

  /** Frees the lease (only if `lease.owner` still holds it) and records when the run finished. */
  async release(lease: SyncLease, finishedAt: Date): Promise<void> {
    await this.db
      .updateTable('sync_people')
      .set({ lease_owner: null, lease_expires_at: null, last_run_at: finishedAt.getTime() })
      .where('tenant_id', '=', lease.tenantId)
      .where('person_id', '=', lease.personId)
      .where('lease_owner', '=', lease.owner)
      .execute();
  }
}

function stateFromRow(row: DatabaseSchema['sync_state']): SyncStateRecord {
  return {
    tenantId: row.tenant_id,
    personId: row.person_id,
    resource: row.resource,
    deltaLink: row.delta_link,
    watermark: row.watermark === null ? null : new Date(Number(row.watermark)),
    lastRunAt: row.last_run_at === null ? null : new Date(Number(row.last_run_at)),
  };
}
