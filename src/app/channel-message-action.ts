/**
 * "Track as request" on a message in a Teams channel (issue 21): the channel counterpart of message-action.ts. The
 * invoke names the channel and thread (`conversation.id` "19:…@thread.tacv2;messageid=<root id>") and the message; the
 * team's Graph id is not trusted from the payload but resolved through Graph: the acting person's joined teams, the one
 * whose channels include this channel (which also proves they are in it). Sender, time and text are read back from
 * Graph; the request belongs to the channel's team and its first response is the assignee's first reply in the thread.
 */
import { isColleagueChatSender } from '../domain/colleague';
import type { ChannelThreadRef, ChannelThreadSource, UserContext } from './m365-ports';
import type { ChatMessageCheck, MessageActionDeps, MessageActionTrackResult } from './message-action';
import type { TrackRequestBody } from './views/request-views';

/** The message action's dependencies for channels: those of chats plus the channel-thread source. */
export interface ChannelMessageActionDeps extends MessageActionDeps {
  channels: ChannelThreadSource;
}

/** What the message action may do with a channel message: the chat checks, a trackable one naming its thread. */
export type ChannelMessageCheck =
  | { kind: 'trackable'; thread: ChannelThreadRef; messageId: string; senderName: string | null }
  | Exclude<ChatMessageCheck, { kind: 'trackable' }>;

const NOT_THERE_CODES = new Set(['not_found', 'graph_forbidden']);
const isNotThere = (error: unknown): boolean => NOT_THERE_CODES.has(String((error as { code?: unknown } | null)?.code));

/** The Graph id of the acting person's team that has channel `channelId`; null when none of their teams has it. */
export async function teamOfChannel(deps: ChannelMessageActionDeps, user: UserContext, channelId: string): Promise<string | null> {
  for (const team of await deps.directory.joinedTeams(user)) {
    const ids = await deps.channels.channelIds(user, team.id);
    if (ids?.includes(channelId)) return team.id;
  }
  return null;
}

/**
 * What the message action may do with message `messageId` of the thread `threadId` in channel `channelId` for `user`
 * (read from Graph; nothing written). Errors other than "not there" are thrown for the caller to answer.
 */
export async function checkChannelMessage(deps: ChannelMessageActionDeps, user: UserContext, channelId: string, threadId: string, messageId: string): Promise<ChannelMessageCheck> {
  const existing = await deps.stores.requests.findBySourceMessage(user.tenantId, 'chat', messageId, user.userId);
  if (existing) return { kind: 'already_tracked', status: existing.status, dueAt: existing.dueAt, requestId: existing.id };
  let thread: ChannelThreadRef;
  let message;
  try {
    const teamId = await teamOfChannel(deps, user, channelId);
    if (teamId === null) return { kind: 'not_found' };
    thread = { teamId, channelId, threadId };
    message = await deps.channels.getMessage(user, thread, messageId);
  } catch (error) {
    if (isNotThere(error)) return { kind: 'not_found' };
    throw error;
  }
  if (!message || message.deletedAt !== null || (message.replyToId ?? message.id) !== threadId) return { kind: 'not_found' };
  if (message.messageType !== 'message' || message.fromUserId === null) return { kind: 'system_message' };
  if (message.fromUserId === user.userId) return { kind: 'own_message' };
  const found = await deps.directory.person(user, message.fromUserId);
  if (!isColleagueChatSender(message.fromTenantId, user.tenantId, found !== null)) return { kind: 'not_colleague', senderName: found?.displayName ?? message.fromDisplayName };
  return { kind: 'trackable', thread, messageId, senderName: found?.displayName ?? message.fromDisplayName };
}

/** Tracks the channel message after the same checks, through the track use case, as a request of the channel's team. */
export async function trackChannelMessage(
  deps: ChannelMessageActionDeps,
  user: UserContext,
  channelId: string,
  threadId: string,
  messageId: string,
  details: Pick<TrackRequestBody, 'priority' | 'note' | 'category'>,
): Promise<MessageActionTrackResult> {
  const check = await checkChannelMessage(deps, user, channelId, threadId, messageId);
  if (check.kind !== 'trackable') return check;
  const { teamId } = check.thread;
  const { request, created } = await deps.trackRequest(user, { source: 'chat', chatId: channelId, teamId, threadId, messageId, ...details });
  return { kind: 'tracked', created, request };
}
