import { ActivityFeed, subEntityIdOf, type ReceivedTopic } from '../activity-feed';
import { GraphSimulatorError, badRequest } from '../graph-errors';
import { ThrottleLimiter, type ThrottleLimits } from '../graph-traffic-controls';
import { renderTemplate, teamsAppDeclaration, templatePlaceholders, type TeamsAppDeclaration } from '../teams-app-manifest';
import type { GraphRouteDeps, RouteContext, RouteTable, SimResponse } from './graph-route-context';

/**
 * Graph's limits for the activity feed, per application and tenant (Teams service limits, see shared/TOOLCHAIN.md):
 * 5 requests a second to one user's feed, 2 a second for the bulk call. Counted on the same clock as the simulator's
 * other throttling (real time), so a client that waits the Retry-After really gets through.
 */
export const ACTIVITY_FEED_LIMITS: { single: ThrottleLimits; bulk: ThrottleLimits } = {
  single: { requestsPerWindow: 5, windowSeconds: 1, concurrentRequests: Number.MAX_SAFE_INTEGER },
  bulk: { requestsPerWindow: 2, windowSeconds: 1, concurrentRequests: Number.MAX_SAFE_INTEGER },
};

/** Graph's upper limit of recipients in one `sendActivityNotificationToRecipients` request. */
export const MAX_BULK_RECIPIENTS = 100;

/** Graph's reserved activity type with free text (templateParameters `systemDefaultText`), never declared. */
const SYSTEM_DEFAULT = 'systemDefault';

/** A request body's notification, validated: what is recorded for each recipient. */
interface ValidNotification {
  topic: ReceivedTopic;
  activityType: string;
  previewText: string;
  text: string;
  chainId: number | null;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The Teams activity feed: `POST /users/{id}/teamwork/sendActivityNotification` (204) and
 * `POST /teamwork/sendActivityNotificationToRecipients` (202, up to 100 aadUserNotificationRecipients), with Graph's
 * checks: the permission (application-permissions.ts: TeamsActivity.Send), the rate limit (429 with Retry-After), the
 * body's shape, the activity type declared in the app's manifest (400), and Turnaround's Teams app installed for the
 * recipient (404; the bulk call, delivered asynchronously by Graph, skips such recipients). What is accepted is kept
 * in `feed` per recipient with the manifest's template text filled in.
 */
export function registerActivityFeedRoutes(routes: RouteTable, { org, clock, feed, manifest = teamsAppDeclaration }: GraphRouteDeps & { feed: ActivityFeed; manifest?: () => TeamsAppDeclaration }): void {
  const single = new ThrottleLimiter(ACTIVITY_FEED_LIMITS.single);
  const bulk = new ThrottleLimiter(ACTIVITY_FEED_LIMITS.bulk);

  const admit = (limiter: ThrottleLimiter, ctx: RouteContext): void => {
    const tenant = ctx.callerIsOtherTenant ? org.otherTenant?.tenantId ?? 'other' : org.tenantId;
    const admission = limiter.admit(`${ctx.token.applicationId}|${tenant}`);
    if ('retryAfterSeconds' in admission) {
      throw new GraphSimulatorError(429, 'TooManyRequests', 'Too many requests. The activity feed notification limit for this application in this tenant was exceeded.', { 'retry-after': String(admission.retryAfterSeconds) });
    }
    admission.release();
  };

  const store = (recipientId: string, n: ValidNotification, ctx: RouteContext): void => {
    feed.record({ recipientId, ...n, subEntityId: subEntityIdOf(n.topic.webUrl), receivedMs: clock.nowMs(), applicationId: ctx.token.applicationId });
  };

  routes.user('POST', /^\/teamwork\/sendActivityNotification$/, '/teamwork/sendActivityNotification', (ctx): SimResponse => {
    admit(single, ctx);
    // A delegated caller notifies others on their own behalf; Graph does not let a person notify themselves.
    if (ctx.token.applicationRoles === null && ctx.target.id === ctx.caller.id) throw badRequest('BadRequest', 'A user cannot send an activity notification to themselves; use application permissions.');
    const notification = validateNotification(ctx.req.body, manifest());
    if (!org.teamsAppInstalledFor(ctx.target.id)) throw appNotInstalled(ctx.target.id);
    store(ctx.target.id, notification, ctx);
    return { status: 204, headers: {} };
  });

  routes.global('POST', /^\/teamwork\/sendActivityNotificationToRecipients$/, '/teamwork/sendActivityNotificationToRecipients', (ctx): SimResponse => {
    admit(bulk, ctx);
    const recipients = validateRecipients(isObject(ctx.req.body) ? ctx.req.body.recipients : undefined);
    const notification = validateNotification(ctx.req.body, manifest());
    // Graph accepts the batch and delivers it later: a recipient who is unknown or lacks the app just gets nothing.
    for (const userId of new Set(recipients)) {
      const user = ctx.callerIsOtherTenant ? org.otherTenant?.users.find((u) => u.id === userId) : org.userById(userId);
      if (user && org.teamsAppInstalledFor(user.id)) store(user.id, notification, ctx);
    }
    return { status: 202, headers: {} };
  });
}

/** Graph's answer when the sending app is not installed for the recipient (so Teams has no feed entry to target). */
function appNotInstalled(userId: string): GraphSimulatorError {
  return new GraphSimulatorError(404, 'NotFound', `The Teams app is not installed for the recipient user '${userId}'; install it in the user's personal scope, or in a team or chat the user is part of.`);
}

/** The recipients' user ids of a bulk request. @throws GraphSimulatorError 400 for anything Graph would refuse. */
function validateRecipients(value: unknown): string[] {
  if (!Array.isArray(value) || value.length === 0) throw badRequest('BadRequest', 'The recipients collection is required and must not be empty.');
  if (value.length > MAX_BULK_RECIPIENTS) throw badRequest('BadRequest', `Too many recipients: at most ${String(MAX_BULK_RECIPIENTS)} are allowed in one request.`);
  return value.map((r) => {
    const type = isObject(r) ? String(r['@odata.type'] ?? '').replace(/^#/, '') : '';
    if (type !== 'microsoft.graph.aadUserNotificationRecipient') throw badRequest('BadRequest', 'Only recipients of type microsoft.graph.aadUserNotificationRecipient are supported.');
    const userId = isObject(r) ? r.userId : undefined;
    if (typeof userId !== 'string' || userId === '') throw badRequest('BadRequest', 'Each aadUserNotificationRecipient needs a userId.');
    return userId;
  });
}

/**
 * The notification a body describes, with the text Teams would show.
 * @throws GraphSimulatorError 400 for a missing or malformed field, an activity type the manifest does not declare,
 * or a template parameter the type's templateText needs and the body does not give.
 */
export function validateNotification(body: unknown, app: TeamsAppDeclaration): ValidNotification {
  if (!isObject(body)) throw badRequest('BadRequest', 'Empty Payload. JSON content expected.');
  const topic = body.topic;
  if (!isObject(topic) || (topic.source !== 'entityUrl' && topic.source !== 'text')) throw badRequest('BadRequest', "The topic is required, with source 'entityUrl' or 'text'.");
  if (typeof topic.value !== 'string' || topic.value === '') throw badRequest('BadRequest', 'The topic value is required.');
  let webUrl: string | null = null;
  if (topic.source === 'text') {
    if (typeof topic.webUrl !== 'string' || !/^https:\/\//.test(topic.webUrl)) throw badRequest('BadRequest', "webUrl is required when the topic source is 'text', and must be an https URL.");
    webUrl = topic.webUrl;
  } else if (!/^https:\/\//.test(topic.value)) {
    throw badRequest('BadRequest', "The topic value must be a Microsoft Graph URL when the topic source is 'entityUrl'.");
  }
  const activityType = body.activityType;
  if (typeof activityType !== 'string' || activityType === '') throw badRequest('BadRequest', 'The activityType is required.');
  const preview = body.previewText;
  if (!isObject(preview) || typeof preview.content !== 'string') throw badRequest('BadRequest', 'previewText with a content string is required.');
  const values = new Map<string, string>();
  if (body.templateParameters !== undefined && body.templateParameters !== null) {
    if (!Array.isArray(body.templateParameters)) throw badRequest('BadRequest', 'templateParameters must be a collection of keyValuePair.');
    for (const p of body.templateParameters) {
      if (!isObject(p) || typeof p.name !== 'string' || typeof p.value !== 'string') throw badRequest('BadRequest', 'Each template parameter needs a string name and value.');
      values.set(p.name, p.value);
    }
  }
  let text: string;
  if (activityType === SYSTEM_DEFAULT) {
    const free = values.get('systemDefaultText');
    if (free === undefined) throw badRequest('BadRequest', "The systemDefault activity type needs the template parameter 'systemDefaultText'.");
    text = free;
  } else {
    const declared = app.activityTypes.get(activityType);
    if (!declared) throw badRequest('BadRequest', `Activity type '${activityType}' is not declared in the Teams app manifest.`);
    const missing = templatePlaceholders(declared.templateText).filter((name) => name !== 'actor' && !values.has(name));
    if (missing.length > 0) throw badRequest('BadRequest', `Missing template parameters for activity type '${activityType}': ${missing.join(', ')}.`);
    text = renderTemplate(declared.templateText, app.appName, values);
  }
  const chainId = body.chainId === undefined || body.chainId === null ? null : Number(body.chainId);
  if (chainId !== null && !Number.isSafeInteger(chainId)) throw badRequest('BadRequest', 'chainId must be an Int64.');
  return { topic: { source: topic.source, value: topic.value, webUrl }, activityType, previewText: preview.content, text, chainId };
}
