/**
 * Applying what sync saw to tracked requests: an earlier first response, a resume when the requester wrote again.
 * Changes are collected per request in memory and written once per page with an optimistic-concurrency check.
 */
import { applyLifecycleAction } from '../../domain/request-lifecycle';
import { SYSTEM_ACTOR_ID, type NewRequestEvent, type RequestChanges, type RequestRecord } from '../records';
import type { Stores } from '../store-ports';
import { contextFor, loadClockContexts, nextDueAt } from '../request-view';

export class RequestUpdates {
  private readonly pending = new Map<string, { record: RequestRecord; changes: RequestChanges; events: NewRequestEvent[] }>();

  constructor(private readonly stores: Stores, private readonly tenantId: string) {}

  /** The request as sync currently believes it is (with pending changes applied). */
  current(record: RequestRecord): RequestRecord {
    const p = this.pending.get(record.id);
    return p ? { ...p.record, ...p.changes } : record;
  }

  /**
   * Records the first response at `at` (source email/chat), or clears it (`at` null, e.g. the response was deleted).
   * The event names the answering message (its id, and the link that opens it when Graph gave one) — never its body.
   */
  setFirstResponse(record: RequestRecord, at: Date | null, source: 'email' | 'chat', messageId: string | null, webLink: string | null = null): void {
    const cur = this.current(record);
    if (cur.firstResponseSource === 'manual') return;
    if ((cur.firstResponseAt?.getTime() ?? null) === (at?.getTime() ?? null)) return;
    this.add(record, { firstResponseAt: at, firstResponseSource: at ? source : null }, {
      type: 'responded', actorId: SYSTEM_ACTOR_ID, at: at ?? new Date(record.receivedAt),
      data: { source, messageId, cleared: at === null, ...(at !== null && webLink !== null ? { webLink } : {}) },
    });
  }

  /** The requester wrote again at `at`: a waiting request resumes (closing its waiting period at that instant). */
  resumeIfWaiting(record: RequestRecord, at: Date): void {
    const cur = this.current(record);
    if (cur.status !== 'waiting') return;
    const open = cur.waitingPeriods.find((p) => p.to === null);
    if (!open || at.getTime() <= open.from.getTime()) return;
    const t = applyLifecycleAction(cur, 'resume', at);
    this.add(record, { status: t.state.status, waitingPeriods: t.state.waitingPeriods }, { type: 'resumed', actorId: SYSTEM_ACTOR_ID, at, data: { reason: 'requester wrote again' } });
  }

  private add(record: RequestRecord, changes: RequestChanges, event: NewRequestEvent): void {
    const p = this.pending.get(record.id) ?? { record, changes: {}, events: [] };
    Object.assign(p.changes, changes);
    p.events.push(event);
    this.pending.set(record.id, p);
  }

  get size(): number {
    return this.pending.size;
  }

  /** Writes every pending change (with the new due time); returns the updated records. Conflicts are retried once on a fresh read. */
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
      try {
        out.push(await this.stores.requests.update(this.tenantId, item.record.id, changes, item.events, item.record.updatedAt));
      } catch (err) {
        if ((err as { code?: string }).code !== 'conflict') throw err;
        // The assignee changed it meanwhile: keep their lifecycle, apply only the first response.
        const fresh = await this.stores.requests.get(this.tenantId, item.record.id);
        if (!fresh) continue;
        const only: RequestChanges = {};
        if ('firstResponseAt' in item.changes && fresh.firstResponseSource !== 'manual') {
          only.firstResponseAt = item.changes.firstResponseAt;
          only.firstResponseSource = item.changes.firstResponseSource;
        }
        if (Object.keys(only).length === 0) continue;
        const merged = { ...fresh, ...only };
        const ctx = await loadClockContexts(this.stores, this.tenantId, [merged], now);
        only.dueAt = nextDueAt(merged, contextFor(ctx, merged), now);
        out.push(await this.stores.requests.update(this.tenantId, fresh.id, only, item.events.filter((e) => e.type === 'responded'), fresh.updatedAt));
      }
    }
    return out;
  }
}
