/**
 * Thrown when a request's bearer token is missing or not acceptable. `code` is always `unauthorized` on the wire;
 * `reason` says why for logs (never the token itself) and is kept out of the response detail beyond a short phrase.
 */
export class AuthError extends Error {
  override readonly name = 'AuthError';
  readonly code = 'unauthorized';

  constructor(readonly reason: string) {
    super(reason);
  }
}
