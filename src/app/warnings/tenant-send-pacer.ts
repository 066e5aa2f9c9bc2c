/**
 * Paces the activity-feed calls of one instance per tenant (issue 20): Graph allows 5 `sendActivityNotification`
 * requests a second per app and tenant (2 for `sendActivityNotificationToRecipients`). Spacing them here keeps a burst
 * (a backlog after downtime, every digest at 09:00) under the limit instead of leaning on 429s; the 429s that remain
 * (several instances, other calls) are waited out by the Graph client's Retry-After handling.
 */

/** Real time for pacing: Graph's limit counts real seconds, whatever clock the app runs on. */
export interface PacerTime {
  nowMs(): number;
  sleep(ms: number): Promise<void>;
}

const REAL_TIME: PacerTime = {
  nowMs: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** Which limit a call counts against: single notifications, or the bulk call. */
export type PacedCall = 'single' | 'bulk';

/** Graph's limits per app and tenant, requests per second (TOOLCHAIN.md "Activity feed"). */
export const ACTIVITY_FEED_RATE: Readonly<Record<PacedCall, number>> = { single: 5, bulk: 2 };

/**
 * Which sends go first when both wait: a warning (a clock turning at risk or breached now) before a digest (a summary
 * that may go a minute later). A morning's wave of digests never holds up a warning by more than the one slot in use.
 */
export type SendPriority = 'warning' | 'digest';

/** The waiters of one tenant and kind of call, and the instant its next slot is free. */
interface Lane {
  nextFreeMs: number;
  waiting: Record<SendPriority, (() => void)[]>;
  draining: boolean;
}

/**
 * One slot per 1/rate second per tenant and kind of call. A send with a slot free goes at once; the others wait in two
 * queues, warnings before digests, each in the order asked for.
 */
export class TenantSendPacer {
  private readonly lanes = new Map<string, Lane>();

  constructor(
    private readonly rate: Readonly<Record<PacedCall, number>> = ACTIVITY_FEED_RATE,
    private readonly time: PacerTime = REAL_TIME,
  ) {}

  /** Resolves when this instance may make one more `call` for `tenantId`. */
  turn(tenantId: string, call: PacedCall = 'single', priority: SendPriority = 'warning'): Promise<void> {
    const key = `${call}\u0000${tenantId}`;
    let lane = this.lanes.get(key);
    if (lane === undefined) {
      lane = { nextFreeMs: Number.NEGATIVE_INFINITY, waiting: { warning: [], digest: [] }, draining: false };
      this.lanes.set(key, lane);
    }
    const intervalMs = 1000 / this.rate[call];
    const now = this.time.nowMs();
    if (!lane.draining && lane.nextFreeMs <= now) {
      lane.nextFreeMs = now + intervalMs;
      return Promise.resolve();
    }
    const waiting = new Promise<void>((resolve) => lane.waiting[priority].push(resolve));
    if (!lane.draining) void this.drain(lane, intervalMs);
    return waiting;
  }

  /** Hands the lane's slots out one per interval, warnings first, until nobody waits. */
  private async drain(lane: Lane, intervalMs: number): Promise<void> {
    lane.draining = true;
    for (;;) {
      const next = lane.waiting.warning.length > 0 ? lane.waiting.warning : lane.waiting.digest;
      if (next.length === 0) break;
      const waitMs = lane.nextFreeMs - this.time.nowMs();
      if (waitMs > 0) await this.time.sleep(waitMs);
      // Asked again after the wait: a warning that came meanwhile goes before a digest that waited longer.
      const release = (lane.waiting.warning.length > 0 ? lane.waiting.warning : lane.waiting.digest).shift();
      lane.nextFreeMs = Math.max(this.time.nowMs(), lane.nextFreeMs) + intervalMs;
      release?.();
    }
    lane.draining = false;
  }
}
