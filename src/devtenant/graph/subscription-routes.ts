import { randomUUID } from 'node:crypto';
import type { DemoUser } from '../demo-organization';
import { GraphSimulatorError, badRequest, notFound } from '../graph-errors';
import type { ChangeNotificationService, SimulatedSubscription } from '../subscriptions/change-notification-delivery';
import { subscriptionJson } from '../subscriptions/subscription-json';
import { validateCreateSubscription, validateSubscriptionRenewal, type SubscribedResource } from '../subscriptions/subscription-rules';
import { requireApplicationPermission } from './application-permissions';
import { ok, type GraphRouteDeps, type RouteContext, type RouteTable } from './graph-route-context';

/** The routes a subscription's resource would be read by: its application permission is theirs. */
const RESOURCE_ROUTE_KEYS: Record<SubscribedResource['kind'], string> = {
  mail: '/users/{id}/mailFolders/{id}/messages',
  chatMessages: '/users/{id}/chats/getAllMessages',
};

/**
 * Change-notification subscriptions (`/subscriptions`): create (after Graph's validation handshake with each URL),
 * list, get, renew (PATCH expirationDateTime), delete and the `reauthorize` action. Subscriptions belong to the calling
 * application; one that expired on the simulated clock is gone (404).
 */
export function registerSubscriptionRoutes(routes: RouteTable, { org, clock, origin, subscriptions }: GraphRouteDeps & { subscriptions: ChangeNotificationService }): void {
  /** The user a subscription's resource names, after the caller's access to it is checked as Graph checks it. */
  const authorizedUser = (ctx: RouteContext, target: SubscribedResource): DemoUser => {
    const roles = ctx.token.applicationRoles;
    if (target.userRef === 'me' && roles) throw badRequest('BadRequest', '/me request is only valid with delegated authentication flow.');
    const user = target.userRef === 'me' ? ctx.caller : ctx.callerIsOtherTenant ? undefined : org.userByIdOrUpn(target.userRef);
    if (!user) throw notFound(target.userRef, 'Request_ResourceNotFound');
    if (roles) {
      requireApplicationPermission('GET', RESOURCE_ROUTE_KEYS[target.kind], roles);
      return user;
    }
    // Delegated: a person subscribes to their own mailbox; getAllMessages is an application-only resource.
    if (target.kind === 'chatMessages') throw new GraphSimulatorError(403, 'Forbidden', 'Delegated permissions are not supported for /users/{id}/chats/getAllMessages; use an application permission (Chat.Read.All).');
    if (ctx.callerIsOtherTenant || user.id !== ctx.caller.id) throw new GraphSimulatorError(403, 'ErrorAccessDenied', 'Access is denied. Check credentials and try again.');
    return user;
  };

  /** The calling application's live subscription, or Graph's 404. */
  const ownSubscription = (ctx: RouteContext, id: string): SimulatedSubscription => {
    const s = subscriptions.get(id);
    if (!s || s.applicationId !== ctx.token.applicationId) throw notFound(id, 'ResourceNotFound');
    return s;
  };

  const entity = (s: SimulatedSubscription): Record<string, unknown> => ({ '@odata.context': `${origin()}/v1.0/$metadata#subscriptions/$entity`, ...subscriptionJson(s) });

  routes.global('POST', /^\/subscriptions$/, '/subscriptions', async (ctx) => {
    const valid = validateCreateSubscription(ctx.req.body, clock.nowMs());
    const user = authorizedUser(ctx, valid.target);
    // Graph validates every endpoint before the subscription exists; a failed handshake creates nothing.
    await subscriptions.validateEndpoints([valid.notificationUrl, ...(valid.lifecycleNotificationUrl ? [valid.lifecycleNotificationUrl] : [])]);
    const s: SimulatedSubscription = {
      id: randomUUID(),
      applicationId: ctx.token.applicationId,
      creatorId: ctx.token.objectId,
      resource: valid.resource,
      target: valid.target,
      userIndex: user.index,
      changeTypes: valid.changeTypes,
      notificationUrl: valid.notificationUrl,
      lifecycleNotificationUrl: valid.lifecycleNotificationUrl,
      clientState: valid.clientState,
      expirationMs: valid.expirationMs,
      latestSupportedTlsVersion: valid.latestSupportedTlsVersion,
      lastChallengeMs: null,
    };
    subscriptions.add(s);
    return ok(entity(s), 201);
  });

  routes.global('GET', /^\/subscriptions$/, '/subscriptions', (ctx) => {
    const own = subscriptions.list().filter((s) => s.applicationId === ctx.token.applicationId && (ctx.token.applicationRoles !== null || s.creatorId === ctx.token.objectId));
    return ok({ '@odata.context': `${origin()}/v1.0/$metadata#subscriptions`, value: own.map((s) => subscriptionJson(s)) });
  });

  routes.global('GET', /^\/subscriptions\/([^/]+)$/, '/subscriptions/{id}', (ctx, [id = '']) => ok(entity(ownSubscription(ctx, id))));

  routes.global('PATCH', /^\/subscriptions\/([^/]+)$/, '/subscriptions/{id}', (ctx, [id = '']) => {
    const s = ownSubscription(ctx, id);
    const expirationMs = validateSubscriptionRenewal(ctx.req.body, s.target.kind, s.lifecycleNotificationUrl !== null, clock.nowMs());
    // Renewing also reauthorizes: the caller must still be allowed to read the resource.
    authorizedUser(ctx, s.target);
    const renewed = subscriptions.renew(s.id, expirationMs);
    if (!renewed) throw notFound(id, 'ResourceNotFound');
    return ok(entity(renewed));
  });

  routes.global('DELETE', /^\/subscriptions\/([^/]+)$/, '/subscriptions/{id}', (ctx, [id = '']) => {
    subscriptions.remove(ownSubscription(ctx, id).id);
    return { status: 204, headers: {} };
  });

  routes.global('POST', /^\/subscriptions\/([^/]+)\/reauthorize$/, '/subscriptions/{id}/reauthorize', (ctx, [id = '']) => {
    const s = ownSubscription(ctx, id);
    authorizedUser(ctx, s.target);
    subscriptions.reauthorize(s.id);
    return { status: 204, headers: {} };
  });
}
