/**
 * The open requests a store has read, kept so a person's next queue read fetches only what changed.
 *
 * A row's (id, updated_at) names its content exactly: ids are never reused and every change moves updated_at forward
 * (KyselyRequestStore.update; anonymising a requester does too). So a warm read asks the database only for the ids and
 * updated_at of the open requests — which requests are open is always the database's answer, so writes by other
 * instances are seen at once — and whole rows only for ids not held at that updated_at. A person's first read has
 * nothing to reuse and reads whole rows in one query (two steps would cost a second round trip for nothing).
 */
import type { RequestRecord } from '../app/records';
import { LRUCache } from 'lru-cache';

/** Rows held (about 1–2 KB each): every open request of a few hundred busy people; older ones are read again. */
export const READ_ROW_LIMIT = 20_000;
/** People whose queue was read lately: only their reads take the two steps. */
const WARM_ASSIGNEE_LIMIT = 2_000;

export class ReadRequestRows {
  private readonly rows = new LRUCache<string, RequestRecord>({ max: READ_ROW_LIMIT });
  private readonly warmAssignees = new LRUCache<string, true>({ max: WARM_ASSIGNEE_LIMIT });

  /** Whether this person's queue was read lately (so reading only ids and updated_at first can pay off). */
  isWarm(tenantId: string, assigneeId: string): boolean {
    return this.warmAssignees.get(`${tenantId}\u0000${assigneeId}`) !== undefined;
  }

  markWarm(tenantId: string, assigneeId: string): void {
    this.warmAssignees.set(`${tenantId}\u0000${assigneeId}`, true);
  }

  /** The row held for `id` if it is the version stamped `updatedAtMs`, else undefined. */
  current(id: string, updatedAtMs: number): RequestRecord | undefined {
    const held = this.rows.get(id);
    return held !== undefined && held.updatedAt.getTime() === updatedAtMs ? held : undefined;
  }

  /** Holds `record` (frozen: every later caller gets the same object, so none may change it) and returns it. */
  remember(record: RequestRecord): RequestRecord {
    for (const period of record.waitingPeriods) Object.freeze(period);
    Object.freeze(record.waitingPeriods);
    this.rows.set(record.id, Object.freeze(record));
    return record;
  }

  /** Drops everything held (after a person's or a tenant's data was deleted: nothing of it stays behind). */
  clear(): void {
    this.rows.clear();
    this.warmAssignees.clear();
  }
}
