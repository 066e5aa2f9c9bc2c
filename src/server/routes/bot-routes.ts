/**
 * `POST /api/messages`, the bot endpoint (issue 21): the Teams SDK (`@microsoft/teams.apps`, the successor of the
 * archived Bot Framework SDK) mounted into this Fastify server through its transport seam (bot/fastify-bot-adapter.ts).
 *
 * Authentication is the SDK's own Bot Framework JWT validation (signature by the cloud's keys, RS256, issuer, audience =
 * the bot's app id = the app's Entra client id, expiry with its 5 minutes' tolerance, `serviceurl` = the activity's
 * `serviceUrl`), pointed through `withOverrides(PUBLIC, { openIdMetadataUrl })` at the dev tenant playing the Bot
 * Framework token service in the demo (or when BOT_OPENID_METADATA_URL says so), and Microsoft's public cloud otherwise.
 * Unauthenticated requests are never let in: `dangerouslyAllowUnauthenticatedRequests` is pinned to false here, because
 * the SDK would otherwise read it from the DANGEROUSLY_ALLOW_UNAUTHENTICATED_REQUESTS environment variable behind
 * config.ts's back. Likewise the client id, tenant, cloud and service URL are passed explicitly (the SDK falls back to
 * CLIENT_ID, TENANT_ID, CLOUD, SERVICE_URL), and the app never sends as its bot: its token provider refuses (an empty
 * client secret keeps the SDK from reading CLIENT_SECRET).
 *
 * Before the SDK, the route narrows what it accepts:
 * - its own per-address limit (the route carries no API bearer token, so the /api per-IP limit does not cover it);
 * - only tokens whose (unverified) issuer is the Bot Connector's: the SDK 2.1.0 also accepts Entra tokens whose audience
 *   is the client id (its "agentic identity" path), and a person's own token for Turnaround's API has that audience —
 *   it must never pass for the Bot Connector, whose activity names who is acting;
 * - a body that is an activity (a JSON object with a string `type`): anything else is 400 `invalid_activity`.
 * A token the SDK refuses is 401 `invalid_bot_token` (problem+json); nothing is read or written for it.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { decodeJwt } from 'jose';
import { App } from '@microsoft/teams.apps';
import { PUBLIC, withOverrides, type CloudEnvironment, type IMessageExtensionFetchTaskInvokeActivity, type IMessageExtensionSubmitActionInvokeActivity, type MessagingExtensionActionResponse } from '@microsoft/teams.api';
import type { ILogger } from '@microsoft/teams.common';
import { FastifyBotAdapter } from '../bot/fastify-bot-adapter';
import { trustBotFrameworkKeys } from '../bot/bot-framework-keys-trust';
import { HttpProblem } from '../http-problem';
import { createRequestLimit } from '../rate-limiter';
import type { BotIdentity } from '../server-services';

/** The bot endpoint's path (the manifest's bot and the Azure Bot resource's messaging endpoint name it). */
export const MESSAGING_ENDPOINT = '/api/messages';
/** Teams' public Bot Connector: where the SDK would send from (Turnaround never does; each activity names its own). */
const PUBLIC_SERVICE_URL = 'https://smba.trafficmanager.net/teams';
/** An invoke activity (a message's payload included) stays far below this. */
const BODY_LIMIT_BYTES = 256 * 1024;

/** The message action's two invokes, answered with results (never thrown: Teams shows a bare error for a throw). */
export interface MessageActionInvokes {
  fetchTask(activity: IMessageExtensionFetchTaskInvokeActivity): Promise<MessagingExtensionActionResponse>;
  submitAction(activity: IMessageExtensionSubmitActionInvokeActivity): Promise<MessagingExtensionActionResponse>;
}

export interface BotRoutesOptions {
  bot: BotIdentity;
  invokes: MessageActionInvokes;
  /** Requests per client address per window (the /api per-IP limit's settings). */
  rateLimit: { max: number; windowSeconds: number };
}

/** The SDK's cloud for this server: Microsoft's public cloud, or it with a dev tenant's Bot Framework metadata. */
export function botCloud(bot: BotIdentity): CloudEnvironment {
  return bot.openIdMetadataUrl === null ? PUBLIC : withOverrides(PUBLIC, { openIdMetadataUrl: bot.openIdMetadataUrl });
}

function invalidBotToken(detail: string): HttpProblem {
  return new HttpProblem(401, 'invalid_bot_token', 'Unauthorized', detail, { 'www-authenticate': 'Bearer' });
}

/** 401 unless the bearer token claims the Bot Connector's issuer (checked for real by the SDK afterwards). */
function requireConnectorIssuer(authorization: string | undefined, cloud: CloudEnvironment): void {
  const token = /^Bearer (\S+)$/i.exec(authorization ?? '')?.[1];
  if (token === undefined) throw invalidBotToken('A Bot Framework bearer token is required.');
  let issuer: unknown;
  try {
    issuer = decodeJwt(token).iss;
  } catch {
    throw invalidBotToken('The bearer token is not a JWT.');
  }
  if (issuer !== cloud.tokenIssuer) throw invalidBotToken('The bearer token was not issued by the Bot Framework.');
}

/** The SDK's log into the server's: warnings and errors, their message only (never an activity or a token). */
function sdkLogger(log: FastifyInstance['log']): ILogger {
  const text = (msg: unknown[]): string => msg.filter((m) => typeof m === 'string').join(' ').slice(0, 500);
  const logger: ILogger = {
    debug: () => undefined,
    info: () => undefined,
    trace: () => undefined,
    warn: (...msg: unknown[]) => log.warn({ component: 'teams-sdk' }, text(msg)),
    error: (...msg: unknown[]) => log.warn({ component: 'teams-sdk' }, text(msg)),
    log: (level, ...msg: unknown[]) => (level === 'warn' || level === 'error' ? log.warn({ component: 'teams-sdk' }, text(msg)) : undefined),
    child: () => logger,
  };
  return logger;
}

export async function botRoutes(app: FastifyInstance, options: BotRoutesOptions): Promise<void> {
  const cloud = botCloud(options.bot);
  const limit = createRequestLimit(app, { max: options.rateLimit.max, windowMs: options.rateLimit.windowSeconds * 1000 });
  const adapter = new FastifyBotAdapter(app, {
    route: {
      config: { public: true },
      bodyLimit: BODY_LIMIT_BYTES,
      onRequest: async (request: FastifyRequest) => {
        await limit(request);
        requireConnectorIssuer(request.headers.authorization, cloud);
      },
      preValidation: async (request: FastifyRequest) => {
        const body = request.body as { type?: unknown } | null;
        if (typeof body !== 'object' || body === null || Array.isArray(body) || typeof body.type !== 'string') {
          throw new HttpProblem(400, 'invalid_activity', 'Bad request', 'The body is not a Bot Framework activity (a JSON object with a type).');
        }
      },
    },
    onFailure: (response) => {
      if (response.status === 401) throw invalidBotToken('The Bot Framework token is not valid for this bot.');
      throw new HttpProblem(500, 'bot_failed', 'Internal error', 'The activity could not be handled.');
    },
  });
  const bot = new App({
    clientId: options.bot.clientId,
    tenantId: options.bot.tenantId,
    clientSecret: '',
    token: () => {
      throw new Error('Turnaround does not send as its bot');
    },
    cloud,
    serviceUrl: PUBLIC_SERVICE_URL,
    httpServerAdapter: adapter,
    messagingEndpoint: MESSAGING_ENDPOINT,
    dangerouslyAllowUnauthenticatedRequests: false,
    logger: sdkLogger(app.log),
  });
  bot.on('message.ext.open', async ({ activity }) => options.invokes.fetchTask(activity));
  bot.on('message.ext.submit', async ({ activity }) => options.invokes.submitAction(activity));
  await bot.initialize();
  if (options.bot.keysCaPem !== null && options.bot.openIdMetadataUrl !== null) {
    const close = trustBotFrameworkKeys(bot, cloud, options.bot.keysCaPem);
    app.addHook('onClose', async () => close());
  }
}
