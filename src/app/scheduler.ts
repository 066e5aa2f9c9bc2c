/**
 * Background work: five times every `intervalSeconds`, lease the people whose sync is due — their last sync older than
 * `syncEverySeconds` (6 h with change notifications: the safety net; else the interval) — (the store skips people
 * another live instance holds — PostgreSQL `FOR UPDATE SKIP LOCKED`), sync each (a few at a time), write the breach
 * events that are due, renew subscriptions, and now and then purge requests past retention. Several server instances on one database share the work through those leases; none syncs a mailbox
 * another is syncing.
 */
import type { Clock } from './clock';
import type { UserContext } from './m365-ports';
import type { SyncLease } from './records';
import type { Stores } from './store-ports';

export interface SchedulerDeps {
  stores: Pick<Stores, 'syncState'>;
  clock: Clock;
  /**
   * Syncs one person (takes/renews the same owner's lease and releases it when done). Null when background work has no
   * access to Microsoft 365 (GRAPH_BACKGROUND_ACCESS=delegated): people are then synced only while they use the app,
   * and each tick only writes breaches and purges.
   */
  syncPerson: ((user: UserContext) => Promise<unknown>) | null;
  /** Deletes requests past retention; returns how many. */
  purgeExpired: (now: Date) => Promise<number>;
  /** Deletes for good the requests untracked longer ago than the undo window (every tick: the window is minutes). */
  purgeUntracked?: (now: Date) => Promise<number>;
  /**
   * Writes the breach events due at `now` (every tick, after the syncs so the clocks see their first responses):
   * src/app/breach-recorder.ts. Safe on every instance at once: each breach is written once.
   */
  recordBreaches?: (now: Date) => Promise<unknown>;
  /**
   * Sends the warnings and digests due at `now` (every tick, after the breaches): src/app/warnings/. Safe on every
   * instance at once: each warning and digest is claimed once.
   */
  dispatchWarnings?: (now: Date) => Promise<unknown>;
  /**
   * Renews the Graph change-notification subscriptions due at `now` (every tick, after the breaches):
   * ChangeSubscriptionManager.renewDue. Cheap when nothing is due (one indexed read); safe on every instance at once.
   */
  renewSubscriptions?: (now: Date) => Promise<unknown>;
  /** This instance's lease owner name. */
  owner: string;
  /** The tick rhythm: {@link TICKS_PER_INTERVAL} ticks an interval (breaches, renewals and syncs that fell due). */
  intervalSeconds: number;
  /**
   * How old a person's last sync must be for a tick to sync them (default `intervalSeconds`). With change
   * notifications it is the safety net's 6 h while ticks stay frequent, so breaches are written and new people synced
   * (and subscribed) within a tick.
   */
  syncEverySeconds?: number;
  leaseSeconds?: number;
  /** People leased per tick. */
  batchSize?: number;
  /** Syncs running at once per instance. */
  concurrency?: number;
  /** How often retention runs, in milliseconds (default 6 h). */
  purgeEveryMs?: number;
  onError?: (error: unknown, lease?: SyncLease) => void;
  /** Observes every lease taken (tests record the intervals). */
  onSynced?: (lease: SyncLease, startedAt: Date, finishedAt: Date) => void;
}

/**
 * Ticks per sync interval. A person is due once their last sync is `intervalSeconds` old; ticking only once an interval
 * (after the previous tick ended, with jitter) would find many people a little short of due and leave them for the
 * next tick — about 1.5 intervals between syncs on average. Looking five times an interval syncs each person between
 * 1 and 1.24 intervals after their last sync (and writes breaches that much closer to when they happen).
 */
export const TICKS_PER_INTERVAL = 5;

export class SyncScheduler {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private lastPurgeMs = Number.NEGATIVE_INFINITY;
  private stopped = false;

  constructor(private readonly deps: SchedulerDeps) {}

  /** Runs a first tick soon, then {@link TICKS_PER_INTERVAL} a sync interval (each after the previous one ended). */
  start(): void {
    this.stopped = false;
    const loop = (): void => {
      if (this.stopped) return;
      this.running = this.tick()
        .then(() => undefined)
        .catch((error: unknown) => this.deps.onError?.(error))
        .finally(() => {
          this.running = null;
          // ±20 % jitter keeps instances started together from ticking in lockstep.
          if (!this.stopped) this.timer = setTimeout(loop, ((this.deps.intervalSeconds * 1000) / TICKS_PER_INTERVAL) * (0.8 + 0.4 * Math.random()));
        });
    };
    this.timer = setTimeout(loop, 100);
  }

  /** Stops scheduling and waits for the running tick to finish (its leases are released by the syncs). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  /**
   * One pass: sync every due person this instance can lease, then retention when due. Each of `concurrency` workers
   * leases one person at a time, only when it is free to sync them, so several instances share a round's work instead
   * of the first to tick leasing everyone (and nobody's lease waits in a local queue). At most `batchSize` per tick.
   */
  async tick(): Promise<{ synced: number; failed: number }> {
    const { stores, clock } = this.deps;
    const now = clock.now();
    const dueBefore = new Date(now.getTime() - (this.deps.syncEverySeconds ?? this.deps.intervalSeconds) * 1000);
    const batchSize = this.deps.batchSize ?? 50;
    let leased = 0;
    let synced = 0;
    let failed = 0;
    const syncPerson = this.deps.syncPerson;
    const worker = async (): Promise<void> => {
      while (syncPerson !== null && !this.stopped && leased < batchSize) {
        leased += 1;
        const [lease] = await stores.syncState.leaseDue(this.deps.owner, clock.now(), dueBefore, this.deps.leaseSeconds ?? 600, 1);
        if (lease === undefined) return;
        const startedAt = clock.now();
        try {
          await syncPerson({ tenantId: lease.tenantId, userId: lease.personId });
          synced += 1;
          this.deps.onSynced?.(lease, startedAt, clock.now());
        } catch (error) {
          failed += 1;
          this.deps.onError?.(error, lease);
          await stores.syncState.release(lease, clock.now()).catch(() => undefined);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, this.deps.concurrency ?? 4) }, worker));
    await this.deps.recordBreaches?.(clock.now());
    await this.deps.dispatchWarnings?.(clock.now());
    await this.deps.renewSubscriptions?.(clock.now());
    await this.deps.purgeUntracked?.(now);
    const purgeEvery = this.deps.purgeEveryMs ?? 6 * 3_600_000;
    const purgeCheckMs = clock.now().getTime();
    if (purgeCheckMs - this.lastPurgeMs >= purgeEvery) {
      this.lastPurgeMs = purgeCheckMs;
      await this.deps.purgeExpired(now);
    }
    return { synced, failed };
  }
}
