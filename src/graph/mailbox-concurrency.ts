/**
 * Per-mailbox concurrency limits: Outlook allows 4 concurrent requests per app and mailbox, so every Graph call made
 * for one person waits for one of that person's slots. One registry is shared by every Graph client of the process.
 */
import { LRUCache } from 'lru-cache';

/** A counting semaphore with FIFO waiters. */
export class ConcurrencyLimiter {
  private running = 0;
  private readonly waiters: (() => void)[] = [];
  /** The highest number of holders seen at once (for tests and diagnostics). */
  maxSeen = 0;

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError('limit must be a positive integer');
  }

  /** Waits for a slot; the returned function gives it back (idempotent). */
  async acquire(): Promise<() => void> {
    if (this.running >= this.limit) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    } else {
      this.running++;
    }
    this.maxSeen = Math.max(this.maxSeen, this.running);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiters.shift();
      // Hand the slot straight to the next waiter (running stays the same) so nobody can jump the queue.
      if (next) next();
      else this.running--;
    };
  }

  get active(): number {
    return this.running;
  }

  /** True while a slot is held or somebody waits for one. */
  get busy(): boolean {
    return this.running > 0 || this.waiters.length > 0;
  }
}

/** Outlook's concurrency limit per app and mailbox. */
export const MAX_CONCURRENT_REQUESTS_PER_MAILBOX = 4;

/** Mailboxes whose idle limiters are kept (least recently used dropped first). */
export const MAX_IDLE_MAILBOX_LIMITERS = 10_000;

/**
 * One limiter per mailbox key (tenant + user id), created on first use. Bounded: at most `maxMailboxes` limiters are
 * kept, least recently used dropped first — but a limiter with a slot held or a waiter is never dropped (a new one
 * for the same mailbox would let 4 more requests in): one pushed out while busy is kept aside until it is idle, so
 * what is kept beyond the bound is at most the mailboxes with requests in flight.
 */
export class MailboxConcurrency {
  private readonly limiters: LRUCache<string, ConcurrencyLimiter>;
  /** Busy limiters pushed out of `limiters`; found again by `for` and dropped once idle. */
  private readonly draining = new Map<string, ConcurrencyLimiter>();

  constructor(
    private readonly limit: number = MAX_CONCURRENT_REQUESTS_PER_MAILBOX,
    maxMailboxes: number = MAX_IDLE_MAILBOX_LIMITERS,
  ) {
    this.limiters = new LRUCache<string, ConcurrencyLimiter>({
      max: maxMailboxes,
      dispose: (limiter, key, reason) => {
        if (reason === 'evict' && limiter.busy) this.draining.set(key, limiter);
      },
    });
  }

  /** The limiter of one mailbox. */
  for(mailboxKey: string): ConcurrencyLimiter {
    const found = this.limiters.get(mailboxKey);
    if (found !== undefined) return found;
    this.dropIdleDraining();
    const limiter = this.draining.get(mailboxKey) ?? new ConcurrencyLimiter(this.limit);
    this.draining.delete(mailboxKey);
    this.limiters.set(mailboxKey, limiter);
    return limiter;
  }

  /** Limiters kept: the bounded recent ones plus busy ones pushed out (for tests and diagnostics). */
  get size(): number {
    return this.limiters.size + this.draining.size;
  }

  private dropIdleDraining(): void {
    for (const [key, limiter] of this.draining) if (!limiter.busy) this.draining.delete(key);
  }
}
