/**
 * Reuse of an API access token until shortly before it expires. Asking the host for a token (teams-js
 * `authentication.getAuthToken`, Office SSO) is a round trip through the host page every time; a surface that makes
 * several API calls at start-up should pay it once. The token is only held in memory, never stored or logged.
 */

/** Seconds before a token's `exp` at which it is no longer reused. */
export const TOKEN_REUSE_MARGIN_SECONDS = 300;

/** The `exp` claim of a JWT in epoch milliseconds, or null when the token is not a readable JWT. */
export function tokenExpiresAtMs(token: string): number | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(payload.length / 4) * 4, '='));
    const exp = (JSON.parse(json) as { exp?: unknown }).exp;
    return typeof exp === 'number' && Number.isFinite(exp) ? exp * 1000 : null;
  } catch {
    return null;
  }
}

/**
 * Where a surface gets its API token. `rejected`: a token the API refused as expired (`token_expired`); the source
 * then fetches a new one instead of handing that one back.
 */
export type TokenSource = (rejected?: string) => Promise<string>;

/**
 * Wraps `fetchToken` so concurrent callers share one request and later callers reuse the token until
 * {@link TOKEN_REUSE_MARGIN_SECONDS} before its `exp`. A failed request is not cached (the next call asks again); a
 * token without a readable `exp` is not reused. A call naming the cached token as `rejected` drops it and fetches
 * anew; calls that name an older token get the newer one already fetched, so a burst of refused calls asks the host
 * once. `nowMs` is a parameter for tests.
 */
export function cachedTokenSource(fetchToken: () => Promise<string>, nowMs: () => number = () => Date.now()): TokenSource {
  let cached: { token: Promise<string>; value: string | null; reuseUntilMs: number } | null = null;
  return (rejected) => {
    const stale = rejected !== undefined && cached !== null && cached.value === rejected;
    if (cached !== null && !stale && nowMs() < cached.reuseUntilMs) return cached.token;
    const entry: { token: Promise<string>; value: string | null; reuseUntilMs: number } = { token: fetchToken(), value: null, reuseUntilMs: Number.POSITIVE_INFINITY };
    cached = entry;
    entry.token.then(
      (token) => {
        entry.value = token;
        const expiresAtMs = tokenExpiresAtMs(token);
        entry.reuseUntilMs = expiresAtMs === null ? 0 : expiresAtMs - TOKEN_REUSE_MARGIN_SECONDS * 1000;
      },
      () => { if (cached === entry) cached = null; },
    );
    return entry.token;
  };
}
