/**
 * A token bucket per user: `burst` requests at once, refilled at `perSecond`. Generous enough for real use (a tab
 * loading in a burst of 100 calls, 20 per second sustained) and cheap: one Map entry per active user, swept when idle.
 */
export interface RateLimitDecision {
  allowed: boolean;
  /** Seconds until one request would be allowed again (0 when allowed). */
  retryAfterSeconds: number;
}

export class TokenBucketRateLimiter {
  private readonly buckets = new Map<string, { tokens: number; atMs: number }>();
  private lastSweepMs = 0;

  constructor(
    private readonly burst: number,
    private readonly perSecond: number,
    private readonly nowMs: () => number = () => Date.now(),
  ) {}

  /** Takes one token for `key` if it has one. */
  take(key: string): RateLimitDecision {
    const now = this.nowMs();
    this.sweep(now);
    const bucket = this.buckets.get(key) ?? { tokens: this.burst, atMs: now };
    const tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.atMs) / 1000) * this.perSecond);
    if (tokens >= 1) {
      this.buckets.set(key, { tokens: tokens - 1, atMs: now });
      return { allowed: true, retryAfterSeconds: 0 };
    }
    this.buckets.set(key, { tokens, atMs: now });
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / this.perSecond)) };
  }

  /** Drops buckets that have refilled completely (they are equivalent to absent ones). */
  private sweep(now: number): void {
    if (now - this.lastSweepMs < 60_000) return;
    this.lastSweepMs = now;
    const fullAfterMs = (this.burst / this.perSecond) * 1000;
    for (const [key, b] of this.buckets) if (now - b.atMs > fullAfterMs) this.buckets.delete(key);
  }
}
