/**
 * The two request limits of /api, both counted by `@fastify/rate-limit` (fixed windows in its bounded in-memory LRU
 * store, per instance):
 * - per client address, BEFORE authentication, so that a flood without (or with bad) tokens is refused before any
 *   signature check: `IP_RATE_LIMIT_MAX` requests per `IP_RATE_LIMIT_WINDOW_SECONDS`;
 * - per signed-in user, AFTER authentication: `RATE_LIMIT_BURST` requests per window of
 *   `RATE_LIMIT_BURST / RATE_LIMIT_PER_SECOND` seconds (100 per 5 s by default: a tab loading in a burst of 100
 *   calls, 20 per second on average).
 * Over the limit the answer is a 429 problem with code `rate_limited` and Retry-After.
 */
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HttpProblem } from './http-problem';

/** Checks one request against a limit; throws the 429 problem when it is over. */
export type RequestLimit = (request: FastifyRequest) => Promise<void>;

export interface RequestLimits {
  perIp: RequestLimit;
  /** Keyed by `request.user` (tenant and user id); call it after authentication. */
  perUser: RequestLimit;
}

export interface RequestLimitSettings {
  ip: { max: number; windowSeconds: number };
  user: { burst: number; perSecond: number };
}

/** The window of the per-user limit: long enough that `burst` requests in it average `perSecond`. */
export function userWindowMs(user: RequestLimitSettings['user']): number {
  return Math.max(1, Math.round((user.burst / user.perSecond) * 1000));
}

function tooMany(retryAfterSeconds: number): HttpProblem {
  const after = String(Math.max(1, retryAfterSeconds));
  return new HttpProblem(429, 'rate_limited', 'Too many requests', `Too many requests; try again in ${after} s.`, { 'retry-after': after });
}

/** Registers the plugin (no global hook: the caller decides where each limit runs) and returns the two limits. */
export async function registerRequestLimits(app: FastifyInstance, settings: RequestLimitSettings): Promise<RequestLimits> {
  await app.register(rateLimit, { global: false });
  return {
    perIp: createRequestLimit(app, { max: settings.ip.max, windowMs: settings.ip.windowSeconds * 1000 }),
    perUser: createRequestLimit(app, {
      max: settings.user.burst,
      windowMs: userWindowMs(settings.user),
      keyGenerator: (request) => (request.user === null ? `ip:${request.ip}` : `user:${request.user.tenantId}:${request.user.userId}`),
    }),
  };
}

/**
 * Another limit on the same plugin (after {@link registerRequestLimits}), e.g. the Graph webhooks' own: `max` requests
 * per window of `windowMs`, per client address unless `keyGenerator` says otherwise.
 */
export function createRequestLimit(app: FastifyInstance, limit: { max: number; windowMs: number; keyGenerator?: (request: FastifyRequest) => string }): RequestLimit {
  const check = app.createRateLimit({ max: limit.max, timeWindow: limit.windowMs, ...(limit.keyGenerator === undefined ? {} : { keyGenerator: limit.keyGenerator }) });
  return async (request) => {
    const result = await check(request);
    if (!result.isAllowed && result.isExceeded) throw tooMany(result.ttlInSeconds);
  };
}
