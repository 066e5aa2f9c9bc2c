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

/** One slot per 1/rate second per tenant and kind of call, handed out in the order asked for. */
export class TenantSendPacer {
  private readonly nextFreeMs = new Map<string, number>();

  constructor(
    private readonly rate: Readonly<Record<PacedCall, number>> = ACTIVITY_FEED_RATE,
    private readonly time: PacerTime = REAL_TIME,
  ) {}

  /** Resolves when this instance may make one more `call` for `tenantId`. */
  async turn(tenantId: string, call: PacedCall = 'single'): Promise<void> {
    const key = `${call}\u0000${tenantId}`;
    const now = this.time.nowMs();
    const slot = Math.max(now, this.nextFreeMs.get(key) ?? Number.NEGATIVE_INFINITY);
    this.nextFreeMs.set(key, slot + 1000 / this.rate[call]);
    if (slot > now) await this.time.sleep(slot - now);
  }
}
