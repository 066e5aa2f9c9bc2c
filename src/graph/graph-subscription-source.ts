import type { ChangeSubscriptionSource, NewChangeSubscription, SubscribedResource, UserContext } from '../app/m365-ports';
import type { GraphClientPool } from './graph-client-pool';
import { GraphSourceError, isNotFound, toGraphSourceError } from './graph-source-error';
import { userPath } from './graph-user-path';

/**
 * Changes notified for every resource: a new message, an edit (read state, categories, a chat message edited), a
 * deletion. Without resource data: a notification is only a signal, the data is read by delta (issue 19).
 */
export const SUBSCRIBED_CHANGE_TYPES = 'created,updated,deleted';

/** The Graph resource path a subscription of `resource` watches for the person of `user`. */
export function subscriptionResourcePath(user: UserContext, resource: SubscribedResource): string {
  // Chats: Graph's per-user resource for every chat the person is in ("chatMessage" subscriptions; application access
  // needs Chat.Read.All). Mail: one folder each, the two the sync reads by delta.
  return resource === 'chats' ? `${userPath(user)}/chats/getAllMessages` : `${userPath(user)}/mailFolders('${resource}')/messages`;
}

interface GraphSubscription {
  id?: unknown;
  resource?: unknown;
  expirationDateTime?: unknown;
}

/** Graph's expirationDateTime of a subscription it answered with, or `fallback` when it did not send one. */
function expiryOf(json: GraphSubscription | undefined | null, fallback: Date): Date {
  const at = typeof json?.expirationDateTime === 'string' ? new Date(json.expirationDateTime) : null;
  return at !== null && !Number.isNaN(at.getTime()) ? at : fallback;
}

/**
 * ChangeSubscriptionSource over Microsoft Graph's `/subscriptions` (POST create, PATCH renew, POST reauthorize,
 * DELETE). Subscriptions are the app's, not the person's: callers pass a background context (no access token), so
 * the pool uses Turnaround's application token of the person's tenant.
 */
export class GraphSubscriptionSource implements ChangeSubscriptionSource {
  constructor(private readonly pool: GraphClientPool) {}

  async create(user: UserContext, subscription: NewChangeSubscription): Promise<{ id: string; resource: string; expiresAt: Date }> {
    const resource = subscriptionResourcePath(user, subscription.resource);
    let json: GraphSubscription;
    try {
      json = (await this.pool.clientFor(user).api('/subscriptions').post({
        changeType: SUBSCRIBED_CHANGE_TYPES,
        notificationUrl: subscription.notificationUrl,
        lifecycleNotificationUrl: subscription.lifecycleNotificationUrl,
        resource,
        expirationDateTime: subscription.expiresAt.toISOString(),
        clientState: subscription.clientState,
      })) as GraphSubscription;
    } catch (err) {
      throw toGraphSourceError(err, `subscribing to ${subscription.resource} changes`);
    }
    if (typeof json?.id !== 'string' || json.id === '') throw new GraphSourceError('graph_error', `subscribing to ${subscription.resource} changes: Graph answered without a subscription id`);
    return { id: json.id, resource, expiresAt: expiryOf(json, subscription.expiresAt) };
  }

  async renew(user: UserContext, id: string, expiresAt: Date): Promise<Date> {
    try {
      const json = (await this.pool.clientFor(user).api(subscriptionPath(id)).patch({ expirationDateTime: expiresAt.toISOString() })) as GraphSubscription | undefined;
      return expiryOf(json, expiresAt);
    } catch (err) {
      throw toGraphSourceError(err, 'renewing a subscription');
    }
  }

  async reauthorize(user: UserContext, id: string): Promise<void> {
    try {
      await this.pool.clientFor(user).api(`${subscriptionPath(id)}/reauthorize`).post({});
    } catch (err) {
      throw toGraphSourceError(err, 'reauthorizing a subscription');
    }
  }

  async delete(user: UserContext, id: string): Promise<void> {
    try {
      await this.pool.clientFor(user).api(subscriptionPath(id)).delete();
    } catch (err) {
      // Already gone (expired, removed by Graph, or deleted by another instance): the outcome asked for.
      if (isNotFound(err)) return;
      throw toGraphSourceError(err, 'deleting a subscription');
    }
  }
}

function subscriptionPath(id: string): string {
  return `/subscriptions/${encodeURIComponent(id)}`;
}
