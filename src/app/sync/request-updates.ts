/**
 * Applying what sync saw to tracked requests: an earlier first response, a resume when the requester wrote again.
 * Changes are collected per request in memory and written once per page with an optimistic-concurrency check.
 */
import { isEarlierResponse } from '../../domain/first-response';
import { applyLifecycleAction, type ResponseSource } from '../../domain/request-lifecycle';
import { SYSTEM_ACTOR_ID, type NewRequestEvent, type RequestChanges, type RequestRecord } from '../records';
import type { Stores } from '../store-ports';
import { contextFor, loadClockContexts, nextDueAt } from '../request-view';

/** A first response found in Graph: the answering message and when it was sent. */
interface FoundResponse {
  at: Date;
  source: 'email' | 'chat';
  messageId: string;
  webLink: string | null;
}

interface PendingUpdate {
  /** The request as read (its updatedAt is the optimistic-concurrency check). */
  record: RequestRecord;
  changes: RequestChanges;
  /** The earliest first response found for it so far, if it replaces the recorded one. */
  response: FoundResponse | null;
  /** Other events (resumed), in the order they happened here. */
  events: NewRequestEvent[];
}

/**
 * The `responded` event for a response found in Graph: the answering message (its id, and the link that opens it
 * when Graph gave one — never its body) and the source of the first response it replaced (null when there was none).
 */
function respondedEvent(response: FoundResponse, replaced: ResponseSource | null): NewRequestEvent {
  return {
    type: 'responded', actorId: SYSTEM_ACTOR_ID, at: response.at,
    data: { source: response.source, messageId: response.messageId, replaced, ...(response.webLink !== null ? { webLink: response.webLink } : {}) },
  };
}

export class RequestUpdates {
  private readonly pending = new Map<string, PendingUpdate>();

  constructor(private readonly stores: Stores, private readonly tenantId: string) {}

  /** The request as sync currently believes it is (with pending changes applied). */
  current(record: RequestRecord): RequestRecord {
    const p = this.pending.get(record.id);
    return p ? { ...p.record, ...p.changes } : record;
  }

  /**
   * Records the message `messageId` sent at `at` as the first response when it is earlier than the one known, whatever
   * that one's source (an earlier message replaces a manual mark; a later one never does). A first response is never
   * cleared: a delivered response stays even when its copy is deleted or moved.
   */
  setFirstResponse(record: RequestRecord, at: Date, source: 'email' | 'chat', messageId: string, webLink: string | null = null): void {
    if (!isEarlierResponse(this.current(record).firstResponseAt, at)) return;
    const p = this.entry(record);
    p.response = { at, source, messageId, webLink };
    Object.assign(p.changes, { firstResponseAt: at, firstResponseSource: source, firstResponseMessageId: messageId } satisfies RequestChanges);
  }

  /** The requester wrote again at `at`: a waiting request resumes (closing its waiting period at that instant). */
  resumeIfWaiting(record: RequestRecord, at: Date): void {
    const cur = this.current(record);
    if (cur.status !== 'waiting') return;
    const open = cur.waitingPeriods.find((p) => p.to === null);
    if (!open || at.getTime() <= open.from.getTime()) return;
    const t = applyLifecycleAction(cur, 'resume', at);
    const p = this.entry(record);
    Object.assign(p.changes, { status: t.state.status, waitingPeriods: t.state.waitingPeriods } satisfies RequestChanges);
    p.events.push({ type: 'resumed', actorId: SYSTEM_ACTOR_ID, at, data: { reason: 'requester wrote again' } });
  }

  private entry(record: RequestRecord): PendingUpdate {
    let p = this.pending.get(record.id);
    if (!p) {
      p = { record, changes: {}, response: null, events: [] };
      this.pending.set(record.id, p);
    }
    return p;
  }

  get size(): number {
    return this.pending.size;
  }

  /**
   * Writes every pending change (with the new due time); returns the updated records. A conflict (the assignee changed
   * the request meanwhile) is retried once on a fresh read: their lifecycle is kept and only the first response is
   * applied, if it is still earlier than the one recorded now.
   */
  async flush(now: Date): Promise<RequestRecord[]> {
    const items = [...this.pending.values()];
    this.pending.clear();
    if (items.length === 0) return [];
    const nexts = items.map((i) => ({ ...i.record, ...i.changes }));
    const contexts = await loadClockContexts(this.stores, this.tenantId, nexts, now);
    const out: RequestRecord[] = [];
    for (const [n, item] of items.entries()) {
      const next = nexts[n] as RequestRecord;
      const changes = { ...item.changes, dueAt: nextDueAt(next, contextFor(contexts, next), now) };
      const events = [...(item.response ? [respondedEvent(item.response, item.record.firstResponseSource)] : []), ...item.events];
      try {
        out.push(await this.stores.requests.update(this.tenantId, item.record.id, changes, events, item.record.updatedAt));
      } catch (err) {
        if ((err as { code?: string }).code !== 'conflict') throw err;
        const fresh = await this.stores.requests.get(this.tenantId, item.record.id);
        const response = item.response;
        if (!fresh || !response || !isEarlierResponse(fresh.firstResponseAt, response.at)) continue;
        const only: RequestChanges = { firstResponseAt: response.at, firstResponseSource: response.source, firstResponseMessageId: response.messageId };
        const merged = { ...fresh, ...only };
        const ctx = await loadClockContexts(this.stores, this.tenantId, [merged], now);
        only.dueAt = nextDueAt(merged, contextFor(ctx, merged), now);
        out.push(await this.stores.requests.update(this.tenantId, fresh.id, only, [respondedEvent(response, fresh.firstResponseSource)], fresh.updatedAt));
      }
    }
    return out;
  }
}
