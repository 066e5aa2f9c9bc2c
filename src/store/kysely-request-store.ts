import type { Kysely } from 'kysely';
import { SYSTEM_ACTOR_ID, type NewRequest, type NewRequestEvent, type RequestChanges, type RequestEvent, type RequestRecord } from '../app/records';
import type { BreachToRecord, RequestStore } from '../app/store-ports';
import type { RequestSource } from '../domain/request-lifecycle';
import { BATCH_ROWS, chunks } from './batches';
import type { DatabaseSchema } from './database-schema';
import { ReadRequestRows } from './read-request-rows';
import { changesToRow, eventFromRow, newRequestToRow, requestFromRow } from './request-row-mapping';
import { newId } from './new-id';
import { StoreError } from './store-error';

const OPEN_STATUSES = ['open', 'waiting'];

/** A `requests` row kept as JSON by untrack, typed again (the pg driver gives bigints back as numbers or strings). */
function untrackedRow(json: string): DatabaseSchema['requests'] {
  return JSON.parse(json) as DatabaseSchema['requests'];
}

function eventRow(tenantId: string, requestId: string, event: NewRequestEvent): DatabaseSchema['request_events'] {
  return {
    id: newId(),
    tenant_id: tenantId,
    request_id: requestId,
    type: event.type,
    actor_id: event.actorId,
    at: event.at.getTime(),
    data: event.data === null ? null : JSON.stringify(event.data),
  };
}

/**
 * RequestStore on Kysely: the same SQL on SQLite and PostgreSQL. Every query filters by tenant_id first, which is
 * also the leading column of every index on `requests`.
 */
export class KyselyRequestStore implements RequestStore {
  /** Open requests this store has read (see read-request-rows.ts): the queue re-reads only what changed. */
  private readonly readRows = new ReadRequestRows();

  constructor(private readonly db: Kysely<DatabaseSchema>) {}

  /** Drops every row kept in memory (after a person's or a tenant's data was deleted: nothing of it stays behind). */
  forgetReadRows(): void {
    this.readRows.clear();
  }

  async track(tenantId: string, input: NewRequest, event: NewRequestEvent): Promise<{ request: RequestRecord; created: boolean }> {
    const nowMillis = Date.now();
    // created_at is when the request was tracked on the app's clock (the event's instant): the standards in force then
    // apply to it. updated_at stays the store's own clock (optimistic concurrency).
    const row = { ...newRequestToRow(tenantId, newId(nowMillis), input, nowMillis), created_at: event.at.getTime() };
    return this.db.transaction().execute(async (trx) => {
      // The unique index decides: a concurrent insert of the same message waits for the other transaction and then
      // does nothing; the select below (a new statement, so a fresh snapshot) sees the winner's row.
      const inserted = await trx
        .insertInto('requests')
        .values(row)
        .onConflict((oc) => oc.columns(['tenant_id', 'source', 'source_message_id', 'assignee_id']).doNothing())
        .returning('id')
        .executeTakeFirst();
      if (inserted) await trx.insertInto('request_events').values(eventRow(tenantId, inserted.id, event)).execute();
      const stored = await trx
        .selectFrom('requests')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('source', '=', input.source)
        .where('source_message_id', '=', input.sourceMessageId)
        .where('assignee_id', '=', input.assigneeId)
        .executeTakeFirst();
      if (!stored) throw new StoreError('conflict', 'The request was removed while it was being tracked; try again');
      return { request: requestFromRow(stored), created: inserted !== undefined };
    });
  }

  async get(tenantId: string, id: string): Promise<RequestRecord | null> {
    const row = await this.db.selectFrom('requests').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
    return row ? requestFromRow(row) : null;
  }

  async findBySourceMessage(tenantId: string, source: RequestSource, sourceMessageId: string, assigneeId: string): Promise<RequestRecord | null> {
    const row = await this.db
      .selectFrom('requests')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('source', '=', source)
      .where('source_message_id', '=', sourceMessageId)
      .where('assignee_id', '=', assigneeId)
      .executeTakeFirst();
    return row ? requestFromRow(row) : null;
  }

  async update(tenantId: string, id: string, changes: RequestChanges, events: NewRequestEvent[], expectedUpdatedAt?: Date): Promise<RequestRecord> {
    const nowMillis = Date.now();
    return this.db.transaction().execute(async (trx) => {
      // Write first (so the row lock / SQLite write lock is taken before anything is read); updated_at always moves
      // forward, even within one millisecond, so optimistic checks never miss a change. A new due time brings the
      // breach check forward to it, never back: a check still pending (a clock may have passed its target before
      // this change stopped it) stays, and the recorder looks once more.
      const dueMillis = changes.dueAt === undefined ? undefined : changes.dueAt === null ? null : changes.dueAt.getTime();
      let query = trx
        .updateTable('requests')
        .set((eb) => ({
          ...changesToRow(changes),
          updated_at: eb.case().when('updated_at', '>=', nowMillis).then(eb('updated_at', '+', 1)).else(nowMillis).end(),
          // Any change may move (or end) the clocks' transitions: the warning dispatcher looks again at once and stores
          // the next one (received_at is at or before every clock's now, so the check is due on the next tick).
          warning_check_at: eb.ref('received_at'),
          ...(dueMillis === undefined || dueMillis === null
            ? {}
            : { breach_check_at: eb.case().when('breach_check_at', '<=', dueMillis).then(eb.ref('breach_check_at')).else(dueMillis).end() }),
        }))
        .where('tenant_id', '=', tenantId)
        .where('id', '=', id);
      if (expectedUpdatedAt !== undefined) query = query.where('updated_at', '=', expectedUpdatedAt.getTime());
      const row = await query.returningAll().executeTakeFirst();
      if (!row) {
        const exists = await trx.selectFrom('requests').select('id').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
        if (!exists) throw new StoreError('not_found', `No request ${id}`);
        throw new StoreError('conflict', `Request ${id} changed since ${expectedUpdatedAt?.toISOString() ?? '?'}`);
      }
      if (events.length > 0) await trx.insertInto('request_events').values(events.map((e) => eventRow(tenantId, id, e))).execute();
      return requestFromRow(row);
    });
  }

  /**
   * Requests of every tenant whose breach check is due (`breach_check_at <= now`), earliest first: served by
   * requests_breach_check_idx. Exposed so the plan test explains exactly the SQL the store runs.
   */
  breachChecksDueQuery(now: Date, limit: number) {
    return this.db
      .selectFrom('requests')
      .selectAll()
      .where('breach_check_at', 'is not', null)
      .where('breach_check_at', '<=', now.getTime())
      .orderBy('breach_check_at', 'asc')
      .limit(limit);
  }

  async listBreachChecksDue(now: Date, limit: number): Promise<RequestRecord[]> {
    return (await this.breachChecksDueQuery(now, limit).execute()).map(requestFromRow);
  }

  async recordBreaches(tenantId: string, id: string, breaches: BreachToRecord[], nextCheckAt: Date | null, expectedUpdatedAt: Date): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      // Compare-and-set: the row is as the breaches were evaluated on (updated_at) and none of them is recorded yet, so
      // of two recorders only one changes the row — the other's update matches nothing and writes no event.
      let query = trx
        .updateTable('requests')
        .set({
          breach_check_at: nextCheckAt === null ? null : nextCheckAt.getTime(),
          ...(breaches.some((b) => b.clock === 'firstResponse') ? { first_response_breach_recorded: 1 } : {}),
          ...(breaches.some((b) => b.clock === 'resolution') ? { resolution_breach_recorded: 1 } : {}),
        })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', id)
        .where('updated_at', '=', expectedUpdatedAt.getTime());
      for (const b of breaches) query = query.where(b.clock === 'firstResponse' ? 'first_response_breach_recorded' : 'resolution_breach_recorded', '=', 0);
      const result = await query.executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) return false;
      if (breaches.length > 0) {
        await trx
          .insertInto('request_events')
          .values(breaches.map((b) => eventRow(tenantId, id, { type: 'breach', actorId: SYSTEM_ACTOR_ID, at: b.dueAt, data: { clock: b.clock, dueAt: b.dueAt.toISOString() } })))
          .execute();
      }
      return true;
    });
  }

  /**
   * Soft untrack: the row moves to `untracked_requests` (out of every read of `requests`) with the `untracked` event;
   * {@link restoreUntracked} moves it back, the scheduler's purge deletes it after the undo window.
   */
  async untrack(tenantId: string, id: string, event: NewRequestEvent): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const deleted = await trx.deleteFrom('requests').where('tenant_id', '=', tenantId).where('id', '=', id).returningAll().executeTakeFirst();
      if (!deleted) throw new StoreError('not_found', `No request ${id}`);
      await trx
        .insertInto('untracked_requests')
        .values({
          tenant_id: tenantId, id, assignee_id: deleted.assignee_id, requester_id: deleted.requester_id,
          received_at: Number(deleted.received_at), untracked_at: event.at.getTime(), row: JSON.stringify(deleted),
        })
        .onConflict((oc) => oc.columns(['tenant_id', 'id']).doUpdateSet((eb) => ({ untracked_at: eb.ref('excluded.untracked_at'), row: eb.ref('excluded.row') })))
        .execute();
      await trx.insertInto('request_events').values(eventRow(tenantId, id, event)).execute();
    });
  }

  async getUntracked(tenantId: string, id: string): Promise<{ request: RequestRecord; untrackedAt: Date } | null> {
    const kept = await this.db.selectFrom('untracked_requests').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
    return kept ? { request: requestFromRow(untrackedRow(kept.row)), untrackedAt: new Date(Number(kept.untracked_at)) } : null;
  }

  async restoreUntracked(tenantId: string, id: string, event: NewRequestEvent): Promise<RequestRecord> {
    const nowMillis = Date.now();
    return this.db.transaction().execute(async (trx) => {
      const kept = await trx.deleteFrom('untracked_requests').where('tenant_id', '=', tenantId).where('id', '=', id).returningAll().executeTakeFirst();
      if (!kept) throw new StoreError('not_found', `No untracked request ${id}`);
      const row = untrackedRow(kept.row);
      // A restore is a change: updated_at moves forward, so nothing holding an older read of the row reuses it.
      row.updated_at = Math.max(nowMillis, Number(row.updated_at) + 1);
      // Its warnings are looked at again: clocks ran on while it was untracked.
      row.warning_check_at = row.status === 'resolved' ? null : Number(row.received_at);
      const inserted = await trx
        .insertInto('requests')
        .values(row)
        .onConflict((oc) => oc.columns(['tenant_id', 'source', 'source_message_id', 'assignee_id']).doNothing())
        .returningAll()
        .executeTakeFirst();
      // The message was tracked again meanwhile (a new request): the old one cannot come back beside it.
      if (!inserted) throw new StoreError('conflict', `The message of request ${id} is tracked again`);
      await trx.insertInto('request_events').values(eventRow(tenantId, id, event)).execute();
      return requestFromRow(inserted);
    });
  }

  /** An assignee's requests in queue order, columns not chosen yet: served by requests_assignee_queue_idx. */
  private assigneeRange(tenantId: string, assigneeId: string, options: { includeResolved?: boolean; receivedFrom?: Date; limit?: number }) {
    let query = this.db.selectFrom('requests').where('tenant_id', '=', tenantId).where('assignee_id', '=', assigneeId);
    if (!options.includeResolved) query = query.where('status', 'in', OPEN_STATUSES);
    if (options.receivedFrom) query = query.where('received_at', '>=', options.receivedFrom.getTime());
    query = query.orderBy('due_at', (ob) => ob.asc().nullsLast()).orderBy('received_at', 'asc').orderBy('id', 'asc');
    if (options.limit !== undefined) query = query.limit(options.limit);
    return query;
  }

  /**
   * The queue queries, served by requests_assignee_queue_idx (tenant_id, assignee_id, status, due_at): whole rows
   * (with resolved ones), or the ids and updated_at of open ones. Exposed so the plan test explains exactly the SQL the
   * store runs.
   */
  assigneeQuery(tenantId: string, assigneeId: string, options: { includeResolved?: boolean; receivedFrom?: Date; limit?: number } = {}) {
    return this.assigneeRange(tenantId, assigneeId, options).selectAll();
  }

  openStampQuery(tenantId: string, assigneeId: string, options: { receivedFrom?: Date; limit?: number } = {}) {
    return this.assigneeRange(tenantId, assigneeId, { ...options, includeResolved: false }).select(['id', 'updated_at']);
  }

  /**
   * Whole rows by id, served by the primary key. Deliberately without `tenant_id = ?` (callers check the tenant of each
   * row): with it, SQLite plans `tenant_id = ? AND id IN (…)` as a range over the tenant's rows — every one of them.
   */
  byIdsQuery(ids: readonly string[]) {
    return this.db.selectFrom('requests').selectAll().where('id', 'in', ids);
  }

  async listForAssignee(
    tenantId: string,
    assigneeId: string,
    options: { includeResolved?: boolean; receivedFrom?: Date; limit?: number } = {},
  ): Promise<RequestRecord[]> {
    if (options.includeResolved) return (await this.assigneeQuery(tenantId, assigneeId, options).execute()).map(requestFromRow);
    if (!this.readRows.isWarm(tenantId, assigneeId)) {
      const records = (await this.assigneeQuery(tenantId, assigneeId, options).execute()).map((row) => this.readRows.remember(requestFromRow(row)));
      this.readRows.markWarm(tenantId, assigneeId);
      return records;
    }
    const stamps = await this.openStampQuery(tenantId, assigneeId, options).execute();
    const current = new Map<string, RequestRecord>();
    const unseen: string[] = [];
    for (const { id, updated_at } of stamps) {
      const held = this.readRows.current(id, Number(updated_at));
      if (held !== undefined) current.set(id, held);
      else unseen.push(id);
    }
    for (const ids of chunks(unseen, BATCH_ROWS)) {
      for (const row of await this.byIdsQuery(ids).execute()) {
        if (row.tenant_id === tenantId) current.set(row.id, this.readRows.remember(requestFromRow(row)));
      }
    }
    // A row changed between the two reads is returned as read second, unless it was resolved or removed meanwhile.
    const out: RequestRecord[] = [];
    for (const { id } of stamps) {
      const record = current.get(id);
      if (record !== undefined && record.status !== 'resolved') out.push(record);
    }
    return out;
  }

  async listOpenStamps(tenantId: string, assigneeId: string): Promise<{ id: string; updatedAt: Date }[]> {
    return (await this.openStampQuery(tenantId, assigneeId).execute()).map((s) => ({ id: s.id, updatedAt: new Date(Number(s.updated_at)) }));
  }

  /** Served by requests_requester_idx (tenant_id, requester_id, received_at); newest first. */
  async listForRequester(tenantId: string, requesterId: string, options: { limit?: number } = {}): Promise<RequestRecord[]> {
    let query = this.db
      .selectFrom('requests')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('requester_id', '=', requesterId)
      .orderBy('received_at', 'desc')
      .orderBy('id', 'desc');
    if (options.limit !== undefined) query = query.limit(options.limit);
    return (await query.execute()).map(requestFromRow);
  }

  /** A team's requests received in [from, to): served by requests_team_received_idx (tenant_id, team_id, received_at). */
  teamPeriodQuery(tenantId: string, teamId: string, from: Date, to: Date) {
    return this.db
      .selectFrom('requests')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('team_id', '=', teamId)
      .where('received_at', '>=', from.getTime())
      .where('received_at', '<', to.getTime());
  }

  /** A team's open and waiting requests: served by requests_team_status_idx (tenant_id, team_id, status). */
  teamOpenQuery(tenantId: string, teamId: string) {
    return this.db.selectFrom('requests').selectAll().where('tenant_id', '=', tenantId).where('team_id', '=', teamId).where('status', 'in', OPEN_STATUSES);
  }

  /** The two index range reads above, merged and ordered by receivedAt. */
  async listForTeam(tenantId: string, teamId: string, from: Date, to: Date): Promise<RequestRecord[]> {
    const [inPeriod, open] = await Promise.all([this.teamPeriodQuery(tenantId, teamId, from, to).execute(), this.teamOpenQuery(tenantId, teamId).execute()]);
    const byId = new Map<string, RequestRecord>();
    for (const row of inPeriod) byId.set(row.id, requestFromRow(row));
    for (const row of open) if (!byId.has(row.id)) byId.set(row.id, requestFromRow(row));
    return [...byId.values()].sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime() || (a.id < b.id ? -1 : 1));
  }

  async listOpenForAssignee(tenantId: string, assigneeId: string): Promise<RequestRecord[]> {
    return this.listForAssignee(tenantId, assigneeId);
  }

  async listEvents(tenantId: string, requestId: string): Promise<RequestEvent[]> {
    const rows = await this.db
      .selectFrom('request_events')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('request_id', '=', requestId)
      .orderBy('at', 'asc')
      .orderBy('id', 'asc')
      .execute();
    return rows.map(eventFromRow);
  }

  async listUntrackedHistory(tenantId: string, actorId: string): Promise<RequestEvent[]> {
    const rows = await this.db
      .selectFrom('request_events')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('request_id', 'in', this.db.selectFrom('request_events').select('request_id').where('tenant_id', '=', tenantId).where('actor_id', '=', actorId))
      .where('request_id', 'not in', this.db.selectFrom('requests').select('id').where('tenant_id', '=', tenantId))
      .orderBy('request_id', 'asc')
      .orderBy('at', 'asc')
      .orderBy('id', 'asc')
      .execute();
    return rows.map(eventFromRow);
  }

  async purgeReceivedBefore(tenantId: string, before: Date): Promise<number> {
    const beforeMillis = before.getTime();
    return this.db.transaction().execute(async (trx) => {
      const expired = trx.selectFrom('requests').select('id').where('tenant_id', '=', tenantId).where('received_at', '<', beforeMillis);
      await trx.deleteFrom('request_events').where('tenant_id', '=', tenantId).where('request_id', 'in', expired).execute();
      // History of requests untracked before the cutoff (their row is already gone).
      await trx
        .deleteFrom('request_events')
        .where('tenant_id', '=', tenantId)
        .where('at', '<', beforeMillis)
        .where('request_id', 'not in', trx.selectFrom('requests').select('id').where('tenant_id', '=', tenantId))
        .execute();
      await trx.deleteFrom('untracked_requests').where('tenant_id', '=', tenantId).where('received_at', '<', beforeMillis).execute();
      // Warnings go with their request (and those of requests untracked before the cutoff); digests sent before it too.
      await trx.deleteFrom('clock_warnings').where('tenant_id', '=', tenantId).where('request_id', 'in', expired).execute();
      await trx
        .deleteFrom('clock_warnings')
        .where('tenant_id', '=', tenantId)
        .where('transition_at', '<', beforeMillis)
        .where('request_id', 'not in', trx.selectFrom('requests').select('id').where('tenant_id', '=', tenantId))
        .execute();
      await trx.deleteFrom('digests_sent').where('tenant_id', '=', tenantId).where('recorded_at', '<', beforeMillis).execute();
      const result = await trx.deleteFrom('requests').where('tenant_id', '=', tenantId).where('received_at', '<', beforeMillis).executeTakeFirst();
      return Number(result.numDeletedRows);
    });
  }
}
