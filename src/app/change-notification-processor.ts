/**
 * Turns recorded change notifications into delta runs (issue 19). The notification route records a pending change per
 * person in the database before answering 202 (src/server/routes/graph-notification-routes.ts), then wakes this
 * processor; a poll every few seconds picks up what other instances recorded, or what an instance that died after
 * answering 202 left behind.
 *
 * For each pending person: snapshot the entry's `seq`, run `syncPerson` (the SyncService's, which takes the same
 * per-person lease as the scheduler, so no mailbox is synced twice at once across instances), then clear the entry up
 * to that `seq`. A notification recorded while the sync ran raises `seq` past the snapshot, so the entry stays, due
 * {@link RESYNC_GAP_MS} later (as is one recorded in that gap), and one more sync runs then: a burst for one person costs one or two syncs, never one
 * per notification, and people waiting meanwhile go first. A failure — including
 * `sync_in_progress`, another instance holding the lease — leaves the entry pending and the person is retried after a
 * back-off (on the clock, per instance).
 */
import { LRUCache } from 'lru-cache';
import { isDomainError } from '../domain/domain-error';
import type { Clock } from './clock';
import type { UserContext } from './m365-ports';
import type { PendingChange, PendingChangeKind } from './records';
import type { PendingChangeStore } from './store-ports';

export interface ChangeNotificationProcessorDeps {
  pendingChanges: Pick<PendingChangeStore, 'listPending' | 'clear'>;
  clock: Clock;
  /**
   * Syncs one person through the per-person lease; throws DomainError `sync_in_progress` when another instance holds
   * it. Must start a run after the call (not join one that started earlier and may have read Graph before the change).
   * `kinds` are what changed (the person's mail, chats or both): only those need reading.
   */
  syncPerson: (user: UserContext, kinds: readonly PendingChangeKind[]) => Promise<unknown>;
  /** How often to look for pending people recorded elsewhere, in seconds. */
  pollSeconds: number;
  /** Syncs running at once on this instance. Default 4. */
  concurrency?: number;
  /** Pending people read per pass (beyond those already running or waiting out a back-off). Default 100. */
  batchSize?: number;
  /** Wait after `sync_in_progress` and after a first failure, in ms. Default 2,000. */
  retryMinMs?: number;
  /** The longest wait between retries of a failing person, in ms. Default 5 minutes. */
  retryMaxMs?: number;
  /**
   * A failed sync (the entry stays pending), or with no `change` a failed read of the pending people;
   * `sync_in_progress` is not reported — it is the lease working.
   */
  onError?: (error: unknown, change?: PendingChange) => void;
  /** After each sync that cleared a snapshot (tests and logs). */
  onSynced?: (change: PendingChange) => void;
}

/**
 * How long changes that arrived during or just after a person's sync wait for the next one: what else arrives meanwhile is read by
 * that same sync. 10 s folds a burst of notifications for one mailbox (Graph sends a reply's Sent Items "created" and
 * its conversation's Inbox "updated" within moments) into at most two syncs, and keeps a reply noticed within seconds.
 */
export const RESYNC_GAP_MS = 10_000;

interface Backoff {
  failures: number;
  notBeforeMs: number;
}

/** People waiting out a back-off that this instance remembers at most (one forgotten is simply retried sooner). */
const MAX_BACKOFFS = 50_000;

export class ChangeNotificationProcessor {
  private timer: NodeJS.Timeout | null = null;
  private started = false;
  private pass: Promise<void> | null = null;
  private passAgain = false;
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly backoff = new LRUCache<string, Backoff>({ max: MAX_BACKOFFS });
  /** Wakes for changes left due after a sync's gap (the poll would find them too, later). */
  private readonly gapTimers = new Set<NodeJS.Timeout>();
  /**
   * People whose sync ended while the current pass was reading the pending list: the rows it read for them may predate
   * that sync's clear (a database that answers asynchronously lets syncs end meanwhile), so they wait for the next
   * pass, which reads them again — else a stale row would start a second sync at once, skipping the quiet gap.
   */
  private readonly endedDuringList = new Set<string>();

  constructor(private readonly deps: ChangeNotificationProcessorDeps) {}

  /** Starts polling (a first pass at once). */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.wake();
    this.schedulePoll();
  }

  /** Stops polling and waits for the running pass and syncs (their entries stay pending if they did not finish). */
  async stop(): Promise<void> {
    this.started = false;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    for (const t of this.gapTimers) clearTimeout(t);
    this.gapTimers.clear();
    await this.pass;
    await Promise.allSettled([...this.inFlight.values()]);
  }

  /** Looks for pending people now (the route calls it after recording: the local fast path). No-op when stopped. */
  wake(): void {
    if (!this.started) return;
    if (this.pass !== null) {
      this.passAgain = true;
      return;
    }
    this.pass = this.runPass()
      .catch((error: unknown) => this.deps.onError?.(error))
      .finally(() => {
        this.pass = null;
        if (this.passAgain) {
          this.passAgain = false;
          this.wake();
        }
      });
  }

  private schedulePoll(): void {
    if (!this.started) return;
    // ±20 % jitter keeps instances started together from polling in lockstep.
    this.timer = setTimeout(() => {
      this.wake();
      this.schedulePoll();
    }, this.deps.pollSeconds * 1000 * (0.8 + 0.4 * Math.random()));
  }

  /** One look at the pending people: starts syncs for those not running here and not backing off, up to the bound. */
  private async runPass(): Promise<void> {
    const concurrency = Math.max(1, this.deps.concurrency ?? 4);
    const free = concurrency - this.inFlight.size;
    if (free <= 0) return;
    const limit = Math.min(1_000, (this.deps.batchSize ?? 100) + this.inFlight.size + this.backoff.size);
    this.endedDuringList.clear();
    const pending = await this.deps.pendingChanges.listPending(limit);
    const ended = new Set(this.endedDuringList);
    const nowMs = this.deps.clock.now().getTime();
    let started = 0;
    for (const change of pending) {
      if (!this.started || started >= free) break;
      const k = keyOf(change);
      // Soonest due first: the rest of the list is due later still.
      if (change.dueAt.getTime() > nowMs) break;
      if (this.inFlight.has(k) || ended.has(k)) continue;
      const waiting = this.backoff.get(k);
      if (waiting !== undefined && waiting.notBeforeMs > nowMs) continue;
      started += 1;
      // syncOne handles the sync's failures; only a throwing observer could reject, and it must not stop the others.
      const run = this.syncOne(change).catch(() => undefined).finally(() => {
        this.inFlight.delete(k);
        this.endedDuringList.add(k);
        // A slot is free: look for more work (and for a notification that arrived during this sync).
        this.wake();
      });
      this.inFlight.set(k, run);
    }
  }

  /** Looks again once a gap is over, in case changes arrived during the sync just finished (one timer per sync). */
  private wakeAfterGap(): void {
    if (!this.started) return;
    const timer = setTimeout(() => {
      this.gapTimers.delete(timer);
      this.wake();
    }, RESYNC_GAP_MS);
    timer.unref?.();
    this.gapTimers.add(timer);
  }

  private async syncOne(change: PendingChange): Promise<void> {
    const k = keyOf(change);
    try {
      await this.deps.syncPerson({ tenantId: change.tenantId, userId: change.personId }, change.kinds);
      await this.deps.pendingChanges.clear(change.tenantId, change.personId, change.seq, new Date(this.deps.clock.now().getTime() + RESYNC_GAP_MS));
      this.backoff.delete(k);
      this.wakeAfterGap();
      this.deps.onSynced?.(change);
    } catch (error) {
      const failures = (this.backoff.get(k)?.failures ?? 0) + 1;
      const min = this.deps.retryMinMs ?? 2_000;
      const max = this.deps.retryMaxMs ?? 300_000;
      // Another instance holds the lease: it is syncing now, so look again soon; a real failure backs off doubling.
      const waitMs = isDomainError(error, 'sync_in_progress') ? min : Math.min(max, min * 2 ** (failures - 1));
      this.backoff.set(k, { failures: isDomainError(error, 'sync_in_progress') ? 0 : failures, notBeforeMs: this.deps.clock.now().getTime() + waitMs });
      if (!isDomainError(error, 'sync_in_progress')) this.deps.onError?.(error, change);
    }
  }
}

function keyOf(change: Pick<PendingChange, 'tenantId' | 'personId'>): string {
  return `${change.tenantId}\u0000${change.personId}`;
}
