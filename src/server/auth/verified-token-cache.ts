/**
 * Tokens already verified in full, so a client's next calls with the same bearer token skip the signature check:
 * keyed by the token's SHA-256 (the token itself is not a key), kept until the token's `exp` (checked on every hit
 * against the verifier's clock and tolerance, with `nbf`), at most `maxEntries` (least recently used dropped first).
 * Only successful verifications are stored; a token is always checked in full on first sight.
 */
import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';

/** What a hit needs to re-check, and the result to hand back. */
export interface VerifiedToken<T> {
  /** `exp` in seconds since the epoch. */
  expSeconds: number;
  /** `nbf` in seconds since the epoch, if the token had one. */
  nbfSeconds: number | null;
  value: T;
}

export class VerifiedTokenCache<T> {
  private readonly entries: LRUCache<string, VerifiedToken<T>>;

  constructor(
    maxEntries: number,
    private readonly clockToleranceSeconds: number,
  ) {
    this.entries = new LRUCache<string, VerifiedToken<T>>({ max: maxEntries });
  }

  /** The key of a token: its SHA-256 (base64). */
  static keyOf(token: string): string {
    return createHash('sha256').update(token).digest('base64');
  }

  /**
   * The cached result for `key` when the token is still inside its validity at `nowMs` (the same comparisons as the
   * full check: expired when exp <= now − tolerance, not yet valid when nbf > now + tolerance); otherwise forgets it.
   */
  get(key: string, nowMs: number): T | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    const nowSeconds = Math.floor(nowMs / 1000);
    if (entry.expSeconds <= nowSeconds - this.clockToleranceSeconds || (entry.nbfSeconds !== null && entry.nbfSeconds > nowSeconds + this.clockToleranceSeconds)) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: string, entry: VerifiedToken<T>): void {
    this.entries.set(key, entry);
  }

  get size(): number {
    return this.entries.size;
  }
}
