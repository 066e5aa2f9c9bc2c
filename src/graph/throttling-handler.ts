import type { Context, Middleware } from '@microsoft/microsoft-graph-client';
import type { ConcurrencyLimiter } from './mailbox-concurrency';
import { DEFAULT_BACKOFF, RETRYABLE_STATUSES, retryDelayMs, sleepMs, type BackoffPolicy } from './retry-after';

export interface ThrottlingHandlerOptions {
  /** The mailbox's limiter (at most 4 requests in flight per mailbox). */
  limiter: Pick<ConcurrencyLimiter, 'acquire'>;
  backoff?: Partial<BackoffPolicy>;
  /** Injected at unit-test seams; defaults to a timer. */
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

/**
 * Graph client middleware (placed before the HTTP handler, instead of the library's RetryHandler): holds one of the
 * mailbox's concurrency slots for each HTTP exchange and retries 429/503/504 answers after their Retry-After (or an
 * exponential back-off), up to a bounded number of attempts. The slot is given back while waiting so other work of the
 * same mailbox is not blocked by one throttled call. `$batch` item retries are done by GraphBatcher, not here.
 */
export class ThrottlingHandler implements Middleware {
  private next: Middleware | undefined;
  private readonly backoff: BackoffPolicy;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;

  constructor(private readonly options: ThrottlingHandlerOptions) {
    this.backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
    this.sleep = options.sleep ?? sleepMs;
    this.now = options.now ?? (() => Date.now());
  }

  setNext(next: Middleware): void {
    this.next = next;
  }

  async execute(context: Context): Promise<void> {
    if (!this.next) throw new Error('ThrottlingHandler needs a next middleware');
    for (let attempt = 0; ; attempt++) {
      const release = await this.options.limiter.acquire();
      try {
        await this.next.execute(context);
      } finally {
        release();
      }
      const response = context.response;
      if (!response || !RETRYABLE_STATUSES.has(response.status) || attempt >= this.backoff.maxRetries) return;
      const waitMs = retryDelayMs(response.headers.get('Retry-After'), attempt + 1, this.backoff, this.now());
      // Drain the body so the connection can be reused, then try again with the same request.
      await response.arrayBuffer().catch(() => undefined);
      context.response = undefined;
      await this.sleep(waitMs);
    }
  }
}
