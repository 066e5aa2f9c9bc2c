/**
 * GET /api/me/chats/recent: recent chat messages from colleagues (same tenant), to track from the tab. Reads the
 * person's most recently active chats and their newest messages in `$batch` packs; marks what is already tracked.
 */
import type { PersonRef } from './records';
import type { RecentChatsResponse } from './views/inbox-views';
import type { ChatMessageInfo, ChatSource, DirectorySource, UserContext } from './m365-ports';
import type { PersonRecord } from './records';
import type { Stores } from './store-ports';

export interface RecentChatsDeps {
  stores: Stores;
  chats: ChatSource;
  /**
   * Graph's directory, for senders not in the directory store yet (as tracking resolves them); those found are stored,
   * so the queue and later calls show the same person. Absent: such senders keep the name Graph gave on the message.
   */
  directory?: DirectorySource;
  /**
   * @deprecated Not used: DirectoryService.people answers "Unknown person" for anyone not cached yet, which hid the
   * sender's name Graph gives on the message. Kept so existing wiring compiles.
   */
  people?: (tenantId: string, ids: string[]) => Promise<Map<string, PersonRef>>;
}

/** Directory lookups in flight at once for one caller (DESIGN.md: at most 4 concurrent Graph requests per mailbox). */
const LOOKUP_CONCURRENCY = 4;

/**
 * The senders as the queue shows them: from the directory store; else from Graph's directory (then stored); else the
 * display name on the message itself; "Unknown person" only when Graph gives no name at all.
 */
async function sendersOf(deps: RecentChatsDeps, user: UserContext, messages: readonly ChatMessageInfo[], now: Date): Promise<Map<string, PersonRef>> {
  const ids = [...new Set(messages.map((m) => m.fromUserId as string))];
  const out = new Map<string, PersonRef>();
  if (ids.length === 0) return out;
  for (const p of await deps.stores.directory.getPeople(user.tenantId, ids)) {
    out.set(p.id, { id: p.id, displayName: p.displayName, mail: p.mail, department: p.department });
  }
  const missing = ids.filter((id) => !out.has(id));
  const directory = deps.directory;
  if (directory && missing.length > 0) {
    const found: PersonRecord[] = [];
    let next = 0;
    const worker = async () => {
      while (next < missing.length) {
        const id = missing[next++] as string;
        // A failed lookup must not fail the list: the message still carries the sender's name.
        const person = await directory.person(user, id).catch(() => null);
        if (person) {
          found.push({ id: person.id, tenantId: user.tenantId, displayName: person.displayName, mail: person.mail, userPrincipalName: person.userPrincipalName, department: person.department, managerId: null, calendar: null, refreshedAt: now });
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(LOOKUP_CONCURRENCY, missing.length) }, worker));
    if (found.length > 0) await deps.stores.directory.upsertPeople(user.tenantId, found);
    for (const p of found) out.set(p.id, { id: p.id, displayName: p.displayName, mail: p.mail, department: p.department });
  }
  for (const m of messages) {
    const id = m.fromUserId as string;
    if (!out.has(id)) out.set(id, { id, displayName: m.fromDisplayName ?? 'Unknown person', mail: null, department: null });
  }
  return out;
}

/** Messages from the last `days` days in the `chatLimit` most recent chats, newest first, at most `limit`. */
export async function recentChats(deps: RecentChatsDeps, user: UserContext, now: Date, options: { chatLimit?: number; days?: number; limit?: number } = {}): Promise<RecentChatsResponse> {
  const chats = await deps.chats.recentChats(user, options.chatLimit ?? 20);
  const since = new Date(now.getTime() - (options.days ?? 7) * 86_400_000);
  const active = chats.filter((c) => c.lastMessageAt === null || c.lastMessageAt >= since);
  const messages = active.length === 0 ? new Map<string, ChatMessageInfo[]>() : await deps.chats.messagesModifiedSince(user, active.map((c) => ({ chatId: c.id, since })));
  const topics = new Map(active.map((c) => [c.id, c.topic]));
  const rows = [...messages.values()].flat().filter((m) =>
    m.messageType === 'message' && m.deletedAt === null && m.fromUserId !== null && m.fromUserId !== user.userId
    && (m.fromTenantId === null || m.fromTenantId === user.tenantId) && m.createdAt >= since);
  rows.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  const top = rows.slice(0, options.limit ?? 50);
  const [tracked, people] = await Promise.all([
    deps.stores.requests.listForAssignee(user.tenantId, user.userId, { includeResolved: true, receivedFrom: since })
      .then((rs) => new Set(rs.filter((r) => r.source === 'chat').map((r) => r.sourceMessageId))),
    sendersOf(deps, user, top, now),
  ]);
  return {
    messages: top.map((m) => ({
      chatId: m.chatId, messageId: m.id, chatTopic: topics.get(m.chatId) ?? null,
      from: people.get(m.fromUserId as string) as PersonRef,
      preview: m.preview, createdAt: m.createdAt.toISOString(), tracked: tracked.has(m.id),
    })),
  };
}
