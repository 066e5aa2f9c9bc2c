/**
 * Graph's webhooks (issue 19): `POST /api/graph/notifications` (change notifications) and `POST /api/graph/lifecycle`
 * (lifecycle notifications). Graph sends no bearer token, so these routes are public; what authenticates an item is its
 * subscription id and the subscription's clientState, checked by src/app/change-notification-intake.ts.
 *
 * - `?validationToken=…` (the handshake Graph makes before creating a subscription): 200 text/plain echoing the
 *   decoded token, nothing else done.
 * - Otherwise a JSON `{ value: [...] }`: the good items' work is recorded in the database BEFORE the answer (nothing
 *   answered 202 is lost if this instance dies), then `202` with no body at once; the processor is woken and lifecycle
 *   repairs run afterwards. Items failing a check are ignored (logged once per subscription and reason, never with
 *   the clientState). A body that is not Graph's shape: 400 `invalid_notification`, nothing recorded. Recording
 *   failing is the server's fault (5xx), so Graph retries.
 * - Their own rate limit (per client address and in total, see config.ts `changeNotifications.rateLimit`), since the
 *   /api per-IP limit runs only for token-bearing routes: a flood of unauthenticated posts is refused (429) before any
 *   parsing or store read.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { LRUCache } from 'lru-cache';
import { z } from 'zod';
import type { ChangeNotificationIntake, IntakeResult, NotificationItem } from '../../app/change-notification-intake';
import type { ChangeSubscriptionRecord } from '../../app/records';
import { HttpProblem } from '../http-problem';
import { createRequestLimit } from '../rate-limiter';

export interface GraphNotificationRoutesOptions {
  intake: ChangeNotificationIntake;
  /** After good items were recorded and answered (the processor's wake: the local fast path). */
  onRecorded?: () => void;
  /**
   * Repairs after a lifecycle event (the subscription manager's: `reauthorizationRequired` renews,
   * `subscriptionRemoved` recreates; `missed` needs nothing beyond the recorded catch-up). Called after the 202.
   */
  onLifecycle?: (subscription: ChangeSubscriptionRecord, event: string) => Promise<void> | void;
  rateLimit: { perAddressMax: number; totalMax: number; windowSeconds: number };
}

/** Graph batches notifications; a batch of this many items without resource data stays well under this size. */
const BODY_LIMIT_BYTES = 1024 * 1024;
const MAX_ITEMS = 1_000;
/** Graph's validation tokens are short opaque strings; nothing legitimate comes near this. */
const MAX_VALIDATION_TOKEN_LENGTH = 4_096;
/** How long a (subscription, reason) pair logged as ignored stays quiet. */
const IGNORED_LOG_QUIET_MS = 10 * 60_000;

const item = z.object({
  subscriptionId: z.string().min(1).max(1_024),
  // Absent or null fail the check (they are ignored), not the shape: Graph's own items always carry both.
  clientState: z.string().max(1_024).nullish(),
  tenantId: z.string().max(256).nullish(),
});
const changeBody = z.object({ value: z.array(item).min(1).max(MAX_ITEMS) });
const lifecycleBody = z.object({ value: z.array(item.extend({ lifecycleEvent: z.string().min(1).max(256) })).min(1).max(MAX_ITEMS) });

function invalidNotification(detail: string): HttpProblem {
  return new HttpProblem(400, 'invalid_notification', 'Bad request', detail);
}

export async function graphNotificationRoutes(app: FastifyInstance, options: GraphNotificationRoutesOptions): Promise<void> {
  const { perAddressMax, totalMax, windowSeconds } = options.rateLimit;
  const perAddress = createRequestLimit(app, { max: perAddressMax, windowMs: windowSeconds * 1000 });
  const total = createRequestLimit(app, { max: totalMax, windowMs: windowSeconds * 1000, keyGenerator: () => 'graph-notifications' });
  const limit = async (request: FastifyRequest): Promise<void> => {
    await perAddress(request);
    await total(request);
  };

  const recentlyLogged = new LRUCache<string, true>({ max: 10_000, ttl: IGNORED_LOG_QUIET_MS });
  const logIgnored = (request: FastifyRequest, ignored: IntakeResult['ignored']): void => {
    for (const { subscriptionId, reason } of ignored) {
      const id = subscriptionId.slice(0, 128);
      const key = `${id}\u0000${reason}`;
      if (recentlyLogged.has(key)) continue;
      recentlyLogged.set(key, true);
      request.log.warn({ subscriptionId: id, reason }, 'Graph notification ignored');
    }
  };

  /** The handshake: the token echoed as text/plain (decoded by the query parser), or null when there is none. */
  const validationToken = (request: FastifyRequest): string | null => {
    const token = (request.query as Record<string, unknown>).validationToken;
    if (token === undefined) return null;
    if (typeof token !== 'string' || token.length > MAX_VALIDATION_TOKEN_LENGTH) throw invalidNotification('validationToken must be one short string.');
    return token;
  };

  const route = {
    config: { public: true },
    bodyLimit: BODY_LIMIT_BYTES,
    // The handshake is answered before the body is parsed: whatever content type it claims, its body is not read.
    onRequest: async (request: FastifyRequest, reply: FastifyReply) => {
      await limit(request);
      const token = validationToken(request);
      if (token !== null) return reply.code(200).type('text/plain; charset=utf-8').send(token);
      return undefined;
    },
  };

  app.post('/api/graph/notifications', route, async (request, reply) => {
    const parsed = changeBody.safeParse(request.body);
    if (!parsed.success) throw invalidNotification('The body is not a Graph change notification collection ({"value": [...]}).');
    const result = await options.intake.acceptChanges(parsed.data.value as NotificationItem[]);
    logIgnored(request, result.ignored);
    void reply.code(202).send();
    if (result.accepted.length > 0) setImmediate(() => options.onRecorded?.());
    return reply;
  });

  app.post('/api/graph/lifecycle', route, async (request, reply) => {
    const parsed = lifecycleBody.safeParse(request.body);
    if (!parsed.success) throw invalidNotification('The body is not a Graph lifecycle notification collection ({"value": [...]} with lifecycleEvent).');
    const result = await options.intake.acceptLifecycle(parsed.data.value as NotificationItem[]);
    logIgnored(request, result.ignored);
    void reply.code(202).send();
    if (result.accepted.length === 0) return reply;
    // After the answer: Graph waits for nobody's repairs. Each repair on its own, its failure logged.
    setImmediate(() => {
      options.onRecorded?.();
      for (const { subscription, item: accepted } of result.accepted) {
        const event = accepted.lifecycleEvent ?? '';
        void Promise.resolve()
          .then(() => options.onLifecycle?.(subscription, event))
          .catch((error: unknown) =>
            request.log.error({ subscriptionId: subscription.id, lifecycleEvent: event, code: (error as { code?: unknown }).code }, 'lifecycle repair failed'),
          );
      }
    });
    return reply;
  });
}
