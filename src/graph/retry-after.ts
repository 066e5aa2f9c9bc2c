/** Graph's throttling answers: which statuses to retry and how long to wait. */

/** 429 Too Many Requests, 503 Service Unavailable, 504 Gateway Timeout: retried after a wait. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 503, 504]);

export interface BackoffPolicy {
  /** Attempts after the first one. */
  maxRetries: number;
  /** First back-off when the answer has no Retry-After (doubles each attempt), in milliseconds. */
  baseDelayMs: number;
  /** Upper bound of any single wait, in milliseconds. */
  maxDelayMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { maxRetries: 8, baseDelayMs: 500, maxDelayMs: 60_000 };

/**
 * Milliseconds to wait before retry number `attempt` (1-based): the Retry-After header when present (seconds or an
 * HTTP date, relative to `nowMs`), else exponential back-off; never more than `policy.maxDelayMs`.
 */
export function retryDelayMs(retryAfter: string | null | undefined, attempt: number, policy: BackoffPolicy, nowMs: number): number {
  let ms: number | null = null;
  if (retryAfter !== null && retryAfter !== undefined && retryAfter.trim() !== '') {
    const seconds = Number(retryAfter.trim());
    if (Number.isFinite(seconds)) ms = Math.max(0, seconds * 1000);
    else {
      const at = Date.parse(retryAfter);
      if (Number.isFinite(at)) ms = Math.max(0, at - nowMs);
    }
  }
  if (ms === null) ms = policy.baseDelayMs * 2 ** Math.max(0, attempt - 1);
  return Math.min(ms, policy.maxDelayMs);
}

/** Resolves after `ms` milliseconds. */
export function sleepMs(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
