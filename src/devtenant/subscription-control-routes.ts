import type { FastifyInstance } from 'fastify';
import type { DevTenant } from './dev-tenant';
import { problem } from './dev-routes';
import { LIFECYCLE_EVENTS, type DeliveryFaultOptions, type LifecycleEvent } from './subscriptions/change-notification-delivery';
import { subscriptionJson } from './subscriptions/subscription-json';

/**
 * The dev tenant's control of change notifications, beside the other `/dev` routes (the demo serves them under its
 * `/dev` prefix, a standalone dev tenant at its control URL):
 * - `GET /dev/subscriptions`: live subscriptions of every application, without clientState;
 * - `GET /dev/subscriptions/deliveries`: the log of what was sent (time, url, subscription, changeType or
 *   lifecycleEvent, attempt, answer status, outcome), oldest first, the most recent 1,000;
 * - `POST /dev/subscriptions/{id}/lifecycle` (`{ "event": "reauthorizationRequired" | "subscriptionRemoved" |
 *   "missed" }`): sends that lifecycle notification now (`subscriptionRemoved` deletes the subscription first); 202;
 * - `POST /dev/subscriptions/faults` (`{ duplicateRate?, dropRate?, seed? }`, rates 0..1): seeded delivery faults; 204.
 */
export async function subscriptionControlRoutes(app: FastifyInstance, options: { devTenant: DevTenant }): Promise<void> {
  const service = options.devTenant.subscriptions;

  app.get('/dev/subscriptions', async () => ({ value: service.list().map((s) => subscriptionJson(s, false)) }));

  app.get('/dev/subscriptions/deliveries', async () => ({ value: service.deliveries() }));

  app.post('/dev/subscriptions/faults', async (req, reply) => {
    const body = req.body as DeliveryFaultOptions | undefined;
    if (!body || typeof body !== 'object' || Array.isArray(body)) return problem(reply, 400, 'invalid_request', 'Bad request', 'Send { "duplicateRate"?, "dropRate"?, "seed"? } as a JSON object.');
    const bad = Object.entries(body).find(([k, v]) => !['duplicateRate', 'dropRate', 'seed'].includes(k) || typeof v !== 'number' || !Number.isFinite(v) || (k !== 'seed' && (v < 0 || v > 1)));
    if (bad) return problem(reply, 400, 'invalid_request', 'Bad request', `Invalid delivery fault option '${bad[0]}' (rates are numbers from 0 to 1, seed a number).`);
    service.setFaults(body);
    return reply.code(204).send();
  });

  app.post<{ Params: { id: string } }>('/dev/subscriptions/:id/lifecycle', async (req, reply) => {
    const event = (req.body as { event?: unknown } | undefined)?.event;
    if (typeof event !== 'string' || !(LIFECYCLE_EVENTS as readonly string[]).includes(event)) {
      return problem(reply, 400, 'invalid_request', 'Bad request', `Send { "event": ${LIFECYCLE_EVENTS.map((e) => `"${e}"`).join(' | ')} }.`);
    }
    const s = service.get(req.params.id);
    if (!s) return problem(reply, 404, 'subscription_not_found', 'Not found', 'No live subscription has this id.');
    if (!service.sendLifecycleEvent(s.id, event as LifecycleEvent)) {
      return problem(reply, 409, 'no_lifecycle_url', 'Conflict', 'The subscription has no lifecycleNotificationUrl, so Graph sends it no lifecycle notifications.');
    }
    return reply.code(202).send();
  });
}
