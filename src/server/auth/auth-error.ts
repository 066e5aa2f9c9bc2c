/**
 * Thrown when a request's bearer token is missing or not acceptable. `code` on the wire is `token_expired` for a token
 * that was valid but has expired (the client gets a fresh one silently and retries) and `unauthorized` for everything
 * else; `reason` says why for logs (never the token itself) and is kept out of the response detail.
 */
export class AuthError extends Error {
  override readonly name = 'AuthError';

  constructor(
    readonly reason: string,
    readonly code: 'unauthorized' | 'token_expired' = 'unauthorized',
  ) {
    super(reason);
  }
}
