/**
 * GET /api/me/chats/recent: recent chat messages from colleagues (same tenant), to track from the tab. Reads the
 * person's most recently active chats and their newest messages in `$batch` packs; marks what is already tracked.
 */
import type { PersonRef, RecentChatsResponse } from '../contracts/api';
import type { ChatSource, Stores, UserContext } from './ports';

export interface RecentChatsDeps {
  stores: Stores;
  chats: ChatSource;
  people: (tenantId: string, ids: string[]) => Promise<Map<string, PersonRef>>;
}

/** Messages from the last `days` days in the `chatLimit` most recent chats, newest first, at most `limit`. */
export async function recentChats(deps: RecentChatsDeps, user: UserContext, now: Date, options: { chatLimit?: number; days?: number; limit?: number } = {}): Promise<RecentChatsResponse> {
  const chats = await deps.chats.recentChats(user, options.chatLimit ?? 20);
  const since = new Date(now.getTime() - (options.days ?? 7) * 86_400_000);
  const active = chats.filter((c) => c.lastMessageAt === null || c.lastMessageAt >= since);
  const messages = active.length === 0 ? new Map() : await deps.chats.messagesModifiedSince(user, active.map((c) => ({ chatId: c.id, since })));
  const topics = new Map(active.map((c) => [c.id, c.topic]));
  const rows = [...messages.values()].flat().filter((m) =>
    m.messageType === 'message' && m.deletedAt === null && m.fromUserId !== null && m.fromUserId !== user.userId
    && (m.fromTenantId === null || m.fromTenantId === user.tenantId) && m.createdAt >= since);
  rows.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  const top = rows.slice(0, options.limit ?? 50);
  const tracked = new Set((await deps.stores.requests.listForAssignee(user.tenantId, user.userId, { includeResolved: true, receivedFrom: since }))
    .filter((r) => r.source === 'chat').map((r) => r.sourceMessageId));
  const people = await deps.people(user.tenantId, [...new Set(top.map((m) => m.fromUserId as string))]);
  return {
    messages: top.map((m) => ({
      chatId: m.chatId, messageId: m.id, chatTopic: topics.get(m.chatId) ?? null,
      from: people.get(m.fromUserId as string) ?? { id: m.fromUserId as string, displayName: m.fromDisplayName ?? 'Unknown person', mail: null, department: null },
      preview: m.preview, createdAt: m.createdAt.toISOString(), tracked: tracked.has(m.id),
    })),
  };
}
