/**
 * Demo-only routes behind the Teams workbench's chats (issue 21), registered next to devRoutes in demo mode:
 * - `GET /dev/workbench/teams/chats?user=<upn>` — the person's chats in the demo organisation with their newest
 *   messages, as Teams lists them (the browser cannot call the Graph simulator: its certificate is trusted only by the
 *   app's Graph client).
 * - `GET /dev/workbench/teams/teams?user=<upn>` — the person's teams, channels and threads ({@link teamsChannelsRoute}).
 * - `POST /dev/workbench/teams/message-action` `{ user, chatId | channelId + threadId, messageId, invoke: 'fetchTask' |
 *   'submitAction', data?, timeZone? }` — what Teams' cloud does when a person picks "Track as request" on a message, or submits its dialog:
 *   builds the `composeExtension/fetchTask` / `composeExtension/submitAction` invoke in the Bot Framework activity shape,
 *   for a channel message the conversation is the thread (`<channel id>;messageid=<root id>`, conversationType
 *   'channel', channelData with the team and channel, as Teams sends it) — signs it as the Bot Connector (the dev tenant's Bot Framework token service, the bot's app id as audience), posts it
 *   to the server's `/api/messages` — through the same route, hooks and Teams SDK validation as any invoke — and
 *   answers `{ status, answer }` with the bot's HTTP status and body. Signing stays on the server: the page never holds
 *   the connector's key.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { TEAMS_SERVICE_URL, type BotFrameworkTokenService } from '../bot-framework-token-service';
import type { DemoChannel, DemoChat, DemoChatMessage, DemoUser } from '../demo-organization';
import type { DevTenant } from '../dev-tenant';
import { plainText, teamsChannelsRoute } from './teams-channels-route';

export interface TeamsMessageActionRoutesOptions {
  devTenant: DevTenant;
  /** The bot's app id (= the app's Entra client id): the token's audience and the activity's recipient. */
  botAppId: string;
  /** The dev tenant's Bot Framework token service; absent when the dev tenant runs in another process (503 then). */
  botFramework: Pick<BotFrameworkTokenService, 'issueToken'> | undefined;
}

/** One message of the workbench's chat view. */
export interface WorkbenchChatMessage {
  id: string;
  from: string | null;
  /** The message as plain text (Graph's HTML body with its tags removed). */
  text: string;
  createdAt: string;
  system: boolean;
}

/** One chat of the workbench's chat list. */
export interface WorkbenchChat {
  id: string;
  chatType: 'oneOnOne' | 'group';
  /** The topic, or the other members' names as Teams titles an untitled chat. */
  title: string;
  external: boolean;
  messages: WorkbenchChatMessage[];
}

const CHAT_LIMIT = 30;
const MESSAGE_LIMIT = 12;
const INVOKES = new Set(['fetchTask', 'submitAction']);

function problem(reply: FastifyReply, status: number, code: string, title: string, detail: string): FastifyReply {
  return reply.code(status).type('application/problem+json').send({ type: 'about:blank', title, status, detail, code });
}

function lastMs(chat: DemoChat): number {
  return chat.messages.reduce((latest, m) => Math.max(latest, m.createdMs), chat.createdMs);
}

/** Registers the routes of the Teams workbench's chats and message action. */
export async function teamsMessageActionRoutes(app: FastifyInstance, options: TeamsMessageActionRoutesOptions): Promise<void> {
  const { org } = options.devTenant;
  await teamsChannelsRoute(app, org);
  const senderName = (m: DemoChatMessage): string | null => m.fromGuest?.displayName ?? (m.fromUserIndex === null ? null : org.users[m.fromUserIndex]?.displayName ?? null);

  app.get('/dev/workbench/teams/chats', { config: { public: true } }, async (request, reply) => {
    const query = request.query as { user?: string };
    const user = query.user ? org.userByIdOrUpn(query.user) : undefined;
    if (!user) return problem(reply, 404, 'unknown_user', 'Unknown user', `No demo user '${query.user ?? ''}'.`);
    const chats: WorkbenchChat[] = [...org.chatsOf(user.index)]
      .sort((a, b) => lastMs(b) - lastMs(a))
      .slice(0, CHAT_LIMIT)
      .map((chat) => {
        const others = chat.memberIndexes.filter((i) => i !== user.index).map((i) => org.users[i]?.displayName ?? 'Someone');
        const guests = (chat.guestMembers ?? []).map((g) => g.displayName);
        return {
          id: chat.id,
          chatType: chat.chatType,
          title: chat.topic ?? [...others, ...guests].join(', '),
          external: guests.length > 0,
          messages: chat.messages
            .filter((m) => m.deletedMs === null)
            .sort((a, b) => a.createdMs - b.createdMs)
            .slice(-MESSAGE_LIMIT)
            .map((m) => ({ id: m.id, from: senderName(m), text: plainText(m.bodyHtml), createdAt: new Date(m.createdMs).toISOString(), system: m.messageType !== 'message' })),
        };
      });
    return reply.header('cache-control', 'no-store').send({ user: { id: user.id, displayName: user.displayName }, chats });
  });

  app.post('/dev/workbench/teams/message-action', { config: { public: true } }, async (request, reply) => {
    const body = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as Record<string, unknown>;
    const user = typeof body.user === 'string' ? org.userByIdOrUpn(body.user) : undefined;
    if (!user) return problem(reply, 400, 'unknown_user', 'Unknown user', 'The field user must be a demo user\'s user principal name.');
    let conversation: Conversation;
    if (body.channelId !== undefined) {
      const channel = typeof body.channelId === 'string' ? org.channels.find((c) => c.id === body.channelId) : undefined;
      const team = org.teams.find((t) => t.id === channel?.teamId);
      if (!channel || !team?.members.some((m) => m.userIndex === user.index)) {
        return problem(reply, 400, 'unknown_channel', 'Unknown channel', 'The field channelId must be a channel of a team the user is in.');
      }
      const root = channel.messages.find((m) => m.id === body.threadId && m.replyToId === null);
      if (!root) return problem(reply, 400, 'unknown_thread', 'Unknown thread', 'The field threadId must be the root message id of a thread in the channel.');
      conversation = { kind: 'channel', channel, threadId: root.id, teamThreadId: org.channelsOf(team.id)[0]?.id ?? channel.id };
    } else {
      const chat = typeof body.chatId === 'string' ? org.chats.find((c) => c.id === body.chatId) : undefined;
      if (!chat || !chat.memberIndexes.includes(user.index)) return problem(reply, 400, 'unknown_chat', 'Unknown chat', 'The field chatId must be a chat the user is in.');
      conversation = { kind: 'chat', chat };
    }
    if (typeof body.messageId !== 'string' || body.messageId === '') return problem(reply, 400, 'invalid_request', 'Bad request', 'The field messageId is required.');
    if (typeof body.invoke !== 'string' || !INVOKES.has(body.invoke)) return problem(reply, 400, 'invalid_request', 'Bad request', 'The field invoke must be fetchTask or submitAction.');
    if (body.data !== undefined && (typeof body.data !== 'object' || body.data === null || Array.isArray(body.data))) {
      return problem(reply, 400, 'invalid_request', 'Bad request', 'The field data must be an object.');
    }
    const botFramework = options.botFramework;
    if (botFramework === undefined) return problem(reply, 503, 'bot_connector_unavailable', 'No Bot Connector', 'The dev tenant\'s Bot Framework token service does not run in this process.');
    const activity = messageActionActivity({
      invoke: body.invoke as 'fetchTask' | 'submitAction',
      user, tenantId: org.tenantId, conversation, messageId: body.messageId, botAppId: options.botAppId,
      data: body.data as Record<string, unknown> | undefined,
      timeZone: typeof body.timeZone === 'string' ? body.timeZone : undefined,
    });
    const token = await botFramework.issueToken({ audience: options.botAppId });
    const response = await app.inject({
      method: 'POST', url: '/api/messages',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      payload: JSON.stringify(activity),
    });
    const answer: unknown = response.body === '' ? null : JSON.parse(response.body);
    return reply.header('cache-control', 'no-store').send({ status: response.statusCode, answer });
  });
}

/**
 * Where the message is: a chat, or a channel thread (`teamThreadId` is the team's own thread id — its General channel's,
 * the first channel the demo creates — which Teams sends as channelData.team.id).
 */
type Conversation = { kind: 'chat'; chat: DemoChat } | { kind: 'channel'; channel: DemoChannel; threadId: string; teamThreadId: string };

/** The activity's conversation and channelData for a chat or a channel thread, as Teams' Bot Connector sends them. */
function conversationFields(c: Conversation, tenantId: string): { conversation: Record<string, unknown>; channelData: Record<string, unknown> } {
  if (c.kind === 'chat') {
    return {
      conversation: { id: c.chat.id, conversationType: c.chat.chatType === 'oneOnOne' ? 'personal' : 'groupChat', tenantId },
      channelData: { tenant: { id: tenantId }, source: { name: 'message' } },
    };
  }
  return {
    conversation: { id: `${c.channel.id};messageid=${c.threadId}`, conversationType: 'channel', isGroup: true, tenantId },
    channelData: { tenant: { id: tenantId }, source: { name: 'message' }, team: { id: c.teamThreadId }, channel: { id: c.channel.id } },
  };
}

/** A message extension invoke as Teams' Bot Connector posts it for a message in a chat or a channel thread. */
function messageActionActivity(o: {
  invoke: 'fetchTask' | 'submitAction'; user: DemoUser; tenantId: string; conversation: Conversation; messageId: string; botAppId: string;
  data: Record<string, unknown> | undefined; timeZone: string | undefined;
}): Record<string, unknown> {
  return {
    type: 'invoke',
    name: `composeExtension/${o.invoke}`,
    id: `f:${randomUUID()}`,
    timestamp: new Date().toISOString(),
    ...(o.timeZone === undefined ? {} : { localTimezone: o.timeZone }),
    serviceUrl: TEAMS_SERVICE_URL,
    channelId: 'msteams',
    from: { id: `29:${o.user.id}`, name: o.user.displayName, aadObjectId: o.user.id },
    recipient: { id: `28:${o.botAppId}`, name: 'Turnaround' },
    ...conversationFields(o.conversation, o.tenantId),
    value: {
      commandId: 'trackAsRequest', commandContext: 'message', context: { theme: 'default' },
      // Teams sends the message's payload too; the bot reads the message back from Graph and uses only its id.
      messagePayload: { id: o.messageId },
      ...(o.invoke === 'submitAction' ? { data: o.data ?? {} } : {}),
    },
  };
}
