import type { ChatInfo, ChatMemberInfo, ChatMessageInfo, ChatSource, UserContext } from '../app/m365-ports';
import { readPagesInBatches, type GraphPage } from './batched-pages';
import { GraphBatcher } from './graph-batcher';
import type { GraphClientPool } from './graph-client-pool';
import { toChatMessage, type GraphJson } from './graph-message-mapping';
import { isNotFound, toGraphSourceError } from './graph-source-error';
import { userPath } from './graph-user-path';

/** Graph's maximum `$top` for chat messages and chats. */
export const CHAT_PAGE_SIZE = 50;

/**
 * ChatSource over Microsoft Graph: chat message lookups, messages modified since a watermark for many chats at once
 * (`$filter=lastModifiedDateTime gt …`, `$orderby=lastModifiedDateTime desc`, `$top=50`, packed in `$batch` requests
 * of ≤ 20 and paged to the end), a chat's members, and the user's chats by last message. Chats are read through the
 * person, `/users/{id}/chats/…` (never `/me`, nor `/chats/{id}` which names no person), so delegated and application
 * tokens use the same paths (see {@link userPath}).
 */
export class GraphChatSource implements ChatSource {
  constructor(private readonly pool: GraphClientPool) {}

  async getMessage(user: UserContext, chatId: string, messageId: string): Promise<ChatMessageInfo | null> {
    try {
      const json = (await this.pool.clientFor(user).api(`${userPath(user)}/chats/${encodeURIComponent(chatId)}/messages/${encodeURIComponent(messageId)}`).get()) as GraphJson;
      return toChatMessage(json, chatId);
    } catch (err) {
      if (isNotFound(err)) return null;
      throw toGraphSourceError(err, 'reading a chat message');
    }
  }

  async chatMembers(user: UserContext, chatId: string): Promise<ChatMemberInfo[] | null> {
    const client = this.pool.clientFor(user);
    const out: ChatMemberInfo[] = [];
    try {
      let page = (await client.api(`${userPath(user)}/chats/${encodeURIComponent(chatId)}/members`).get()) as GraphPage;
      for (;;) {
        for (const m of page.value ?? []) {
          out.push({
            userId: typeof m.userId === 'string' ? m.userId : null,
            tenantId: typeof m.tenantId === 'string' ? m.tenantId : null,
            roles: Array.isArray(m.roles) ? m.roles.filter((r): r is string => typeof r === 'string') : [],
          });
        }
        const next = page['@odata.nextLink'];
        if (!next) break;
        page = (await client.api(this.pool.relativeUrl(next)).get()) as GraphPage;
      }
    } catch (err) {
      if (isNotFound(err)) return null;
      throw toGraphSourceError(err, 'reading chat members');
    }
    return out;
  }

  async messagesModifiedSince(user: UserContext, queries: { chatId: string; since: Date | null }[]): Promise<Map<string, ChatMessageInfo[]>> {
    const person = userPath(user);
    const collections = queries.map((q) => {
      const params = [`$top=${CHAT_PAGE_SIZE}`, '$orderby=lastModifiedDateTime desc'];
      if (q.since) params.push(`$filter=lastModifiedDateTime gt ${q.since.toISOString()}`);
      return { key: q.chatId, url: `${person}/chats/${encodeURIComponent(q.chatId)}/messages?${params.join('&')}` };
    });
    const pages = await readPagesInBatches(new GraphBatcher(this.pool.clientFor(user)), this.pool, collections, 'reading chat messages');
    return new Map([...pages].map(([chatId, messages]) => [chatId, messages.map((m) => toChatMessage(m, chatId))]));
  }

  async recentChats(user: UserContext, limit: number): Promise<ChatInfo[]> {
    const client = this.pool.clientFor(user);
    const out: ChatInfo[] = [];
    try {
      let page = (await client
        .api(`${userPath(user)}/chats`)
        .expand('lastMessagePreview')
        .orderby('lastMessagePreview/createdDateTime desc')
        .top(Math.min(CHAT_PAGE_SIZE, Math.max(1, limit)))
        .get()) as GraphPage;
      for (;;) {
        for (const c of page.value ?? []) {
          const preview = c.lastMessagePreview as { createdDateTime?: unknown } | null | undefined;
          const last = typeof preview?.createdDateTime === 'string' ? new Date(preview.createdDateTime) : null;
          out.push({
            id: String(c.id), topic: typeof c.topic === 'string' ? c.topic : null, chatType: String(c.chatType ?? 'group'),
            lastMessageAt: last, webUrl: typeof c.webUrl === 'string' ? c.webUrl : null,
          });
        }
        const next = page['@odata.nextLink'];
        if (!next || out.length >= limit) break;
        page = (await client.api(next).get()) as GraphPage;
      }
    } catch (err) {
      throw toGraphSourceError(err, 'listing chats');
    }
    return out.slice(0, limit);
  }
}
