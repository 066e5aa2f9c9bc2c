import type { ActivityFeedSource, ActivityNotification, UserContext } from '../app/m365-ports';
import type { GraphClientPool } from './graph-client-pool';
import { toGraphSourceError } from './graph-source-error';
import { userPath } from './graph-user-path';

/** Graph's upper limit of recipients in one `sendActivityNotificationToRecipients` request. */
export const MAX_RECIPIENTS_PER_REQUEST = 100;

/**
 * The caller the pool keys a tenant-wide call by (the bulk call names no user). It carries no access token, so the
 * pool uses Turnaround's application token of the tenant.
 */
const TENANT_WIDE = '(tenant)';

/** Graph's request body for a notification (without recipients). */
function notificationBody(n: ActivityNotification): Record<string, unknown> {
  return {
    topic: { source: n.topic.source, value: n.topic.value, webUrl: n.topic.webUrl },
    activityType: n.activityType,
    previewText: { content: n.previewText },
    templateParameters: Object.entries(n.templateParameters).map(([name, value]) => ({ name, value })),
    ...(n.chainId === undefined ? {} : { chainId: n.chainId }),
  };
}

/**
 * ActivityFeedSource over Microsoft Graph's Teams activity feed: `POST /users/{id}/teamwork/sendActivityNotification`
 * for one person and `POST /teamwork/sendActivityNotificationToRecipients` for many (in requests of 100). Always with
 * Turnaround's application access (TeamsActivity.Send): the pooled client's ThrottlingHandler waits out Graph's 429s
 * (5 requests a second per app and tenant for this API) by their Retry-After, and whatever Graph still refuses is
 * thrown as a GraphSourceError.
 */
export class GraphActivityFeedSource implements ActivityFeedSource {
  constructor(private readonly pool: GraphClientPool) {}

  async notify(tenantId: string, recipientId: string, notification: ActivityNotification): Promise<void> {
    const recipient: UserContext = { tenantId, userId: recipientId };
    try {
      await this.pool.clientFor(recipient).api(`${userPath(recipient)}/teamwork/sendActivityNotification`).post(notificationBody(notification));
    } catch (err) {
      throw toGraphSourceError(err, `sending a ${notification.activityType} notification`);
    }
  }

  async notifyMany(tenantId: string, recipientIds: readonly string[], notification: ActivityNotification): Promise<void> {
    const unique = [...new Set(recipientIds)];
    const client = this.pool.clientFor({ tenantId, userId: TENANT_WIDE });
    for (let start = 0; start < unique.length; start += MAX_RECIPIENTS_PER_REQUEST) {
      const recipients = unique.slice(start, start + MAX_RECIPIENTS_PER_REQUEST).map((userId) => ({ '@odata.type': '#microsoft.graph.aadUserNotificationRecipient', userId }));
      try {
        await client.api('/teamwork/sendActivityNotificationToRecipients').post({ ...notificationBody(notification), recipients });
      } catch (err) {
        throw toGraphSourceError(err, `sending a ${notification.activityType} notification to ${String(recipients.length)} people`);
      }
    }
  }
}
