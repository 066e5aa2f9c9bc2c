/**
 * Per-mailbox concurrency limits: Outlook allows 4 concurrent requests per app and mailbox, so every Graph call made
 * for one person waits for one of that person's slots. One registry is shared by every Graph client of the process.
 */

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
}

/** Outlook's concurrency limit per app and mailbox. */
export const MAX_CONCURRENT_REQUESTS_PER_MAILBOX = 4;

/** One limiter per mailbox key (tenant + user id), created on first use. */
export class MailboxConcurrency {
  private readonly limiters = new Map<string, ConcurrencyLimiter>();

  constructor(private readonly limit: number = MAX_CONCURRENT_REQUESTS_PER_MAILBOX) {}

  /** The limiter of one mailbox. */
  for(mailboxKey: string): ConcurrencyLimiter {
    let limiter = this.limiters.get(mailboxKey);
    if (!limiter) {
      limiter = new ConcurrencyLimiter(this.limit);
      this.limiters.set(mailboxKey, limiter);
    }
    return limiter;
  }
}
