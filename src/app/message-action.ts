/**
 * "Track as request" on a Teams chat message (issue 21; channel messages: channel-message-action.ts): what the message action may do with a message, and tracking it.
 * The bot invoke names only where the message is (chat id, message id) and who acts (their object id and tenant, as the
 * Bot Connector vouches for them); everything else — sender, time, text, whether it was deleted — is read back from
 * Graph with Turnaround's application access on the acting person's behalf, as background sync reads their chats, and
 * the request is tracked by the same use case as POST /api/requests (track-request.ts), with its checks.
 *
 * The answers are results, never thrown: the caller (src/server/bot) turns each into a dialog.
 */
import { isColleagueChatSender } from '../domain/colleague';
import type { RequestStatus } from '../domain/request-lifecycle';
import type { ChannelThreadSource, ChatSource, DirectorySource, UserContext } from './m365-ports';
import type { RequestRecord } from './records';
import type { Stores } from './store-ports';
import type { TrackRequestBody } from './views/request-views';

export interface MessageActionDeps {
  stores: Stores;
  chats: ChatSource;
  /** Channel threads (channel-message-action.ts); without it channel messages are answered as not trackable here. */
  channels?: ChannelThreadSource;
  directory: DirectorySource;
  /** The track use case (POST /api/requests's), bound to its own dependencies. */
  trackRequest: (user: UserContext, body: TrackRequestBody) => Promise<{ request: RequestRecord; created: boolean }>;
}

/** What the message action may do with a chat message. */
export type ChatMessageCheck =
  /** A colleague's message: the track form may open, prefilled with it. */
  | { kind: 'trackable'; chatId: string; messageId: string; senderName: string | null }
  /** The acting person already tracks it. */
  | { kind: 'already_tracked'; status: RequestStatus; dueAt: Date | null; requestId: string }
  /** A system message (member added, call ended…) or an app's: nobody asked anything. */
  | { kind: 'system_message' }
  /** From someone outside the organisation (a guest or another tenant's member). */
  | { kind: 'not_colleague'; senderName: string | null }
  /** A group chat that has members from outside the organisation. */
  | { kind: 'external_members' }
  /** The acting person's own message. */
  | { kind: 'own_message' }
  /** Not there for this person: deleted, never existed, or a chat they are not in. */
  | { kind: 'not_found' };

/** The result of tracking from the message action: the request, or why the message could not be tracked. */
export type MessageActionTrackResult =
  | { kind: 'tracked'; created: boolean; request: RequestRecord }
  | Exclude<ChatMessageCheck, { kind: 'trackable' }>;

const NOT_THERE_CODES = new Set(['not_found', 'graph_forbidden']);

/** Graph answering "not found" or "not yours" for the person's chat: the message is not there for them. */
function isNotThere(error: unknown): boolean {
  return NOT_THERE_CODES.has(String((error as { code?: unknown } | null)?.code));
}

/**
 * What the message action may do with message `messageId` of chat `chatId` for `user` (read from Graph; nothing
 * written). Errors other than "not there" (no application access, Graph unavailable) are thrown for the caller to answer.
 */
export async function checkChatMessage(deps: MessageActionDeps, user: UserContext, chatId: string, messageId: string): Promise<ChatMessageCheck> {
  const existing = await deps.stores.requests.findBySourceMessage(user.tenantId, 'chat', messageId, user.userId);
  if (existing) return { kind: 'already_tracked', status: existing.status, dueAt: existing.dueAt, requestId: existing.id };
  let message;
  let members;
  try {
    message = await deps.chats.getMessage(user, chatId, messageId);
    if (!message || message.deletedAt !== null) return { kind: 'not_found' };
    members = await deps.chats.chatMembers(user, chatId);
  } catch (error) {
    if (isNotThere(error)) return { kind: 'not_found' };
    throw error;
  }
  if (members === null) return { kind: 'not_found' };
  if (message.messageType !== 'message' || message.fromUserId === null) return { kind: 'system_message' };
  if (message.fromUserId === user.userId) return { kind: 'own_message' };
  const found = await deps.directory.person(user, message.fromUserId);
  if (!isColleagueChatSender(message.fromTenantId, user.tenantId, found !== null)) return { kind: 'not_colleague', senderName: found?.displayName ?? message.fromDisplayName };
  // Anyone from elsewhere in the chat (a guest, another tenant's member) makes it a chat with external users.
  if (members.some((m) => m.roles.includes('guest') || (m.tenantId !== null && m.tenantId !== user.tenantId))) return { kind: 'external_members' };
  return { kind: 'trackable', chatId, messageId, senderName: found?.displayName ?? message.fromDisplayName };
}

/**
 * Tracks the chat message after the same checks (the form may have stayed open while things changed), through the
 * track use case; `details` are what the person chose in the form (priority, note, category), checked there.
 */
export async function trackChatMessage(
  deps: MessageActionDeps,
  user: UserContext,
  chatId: string,
  messageId: string,
  details: Pick<TrackRequestBody, 'priority' | 'note' | 'category'>,
): Promise<MessageActionTrackResult> {
  const check = await checkChatMessage(deps, user, chatId, messageId);
  if (check.kind !== 'trackable') return check;
  const { request, created } = await deps.trackRequest(user, { source: 'chat', chatId, messageId, ...details });
  return { kind: 'tracked', created, request };
}
