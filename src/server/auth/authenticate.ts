/**
 * The authentication and per-user rate-limit hook for /api/*: validates the bearer token (see token-verifier.ts),
 * puts the caller on `request.user`, then counts the request against the caller's limit (429 `rate_limited` with
 * Retry-After when over; see rate-limiter.ts — the per-IP limit runs before this hook).
 * Routes marked `config.public` (health, pages, static, dev routes) skip it.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HttpProblem } from '../http-problem';
import type { RequestLimit } from '../rate-limiter';
import type { AuthenticatedUser, TokenVerifier } from './token-verifier';

declare module 'fastify' {
  interface FastifyRequest {
    user: AuthenticatedUser | null;
  }
}

/** The authenticated caller of an /api route (the hook guarantees it). */
export function callerOf(request: FastifyRequest): AuthenticatedUser {
  if (request.user === null) throw new HttpProblem(401, 'unauthorized', 'Unauthorized', 'A valid bearer token for this API is required.');
  return request.user;
}

/** An /api request that needs a bearer token (everything under /api/ but routes marked `config.public`). */
export function isProtectedApiRequest(request: FastifyRequest): boolean {
  if (!request.url.startsWith('/api/') && request.url !== '/api') return false;
  return request.routeOptions.config.public !== true;
}

export function registerAuthentication(app: FastifyInstance, verify: TokenVerifier, perUserLimit: RequestLimit): void {
  app.decorateRequest('user', null);
  app.addHook('onRequest', async (request) => {
    if (!isProtectedApiRequest(request)) return;
    request.user = await verify(request.headers.authorization);
    await perUserLimit(request);
  });
}
