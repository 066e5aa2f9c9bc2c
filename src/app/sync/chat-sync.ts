/**
 * Chat sync for one person, incremental: each chat is read from its watermark (the newest `lastModifiedDateTime` seen
 * there), one `$batch` item per chat, ≤ 20 chats per HTTP request, and the watermark moves forward. A chat never read
 * is read from its earliest request. Only chats where something can still change are read: a request (open or
 * resolved) without a first response, a first response marked by hand that an earlier message may yet replace, or a
 * request waiting on its requester. The assignee's first message after a request is its first response (an earlier
 * one replaces a later one, a deleted one stays); the requester writing again resumes a waiting request; system
 * messages never count.
 */
import { pickChatFirstResponse } from '../../domain/first-response';
import type { ChatMessageInfo, ChatSource, UserContext } from '../m365-ports';
import type { RequestRecord, SyncStateRecord } from '../records';
import type { Stores } from '../store-ports';
import { RequestUpdates } from './request-updates';
import type { SyncProgress } from './sync-progress';

export interface ChatSyncContext {
  stores: Stores;
  chats: ChatSource;
  user: UserContext;
  now: Date;
  progress: SyncProgress;
  signal?: AbortSignal;
}

const resourceOf = (chatId: string): string => `chat:${chatId}`;

/**
 * Whether reading the chat can change `r`. A request tracked after the chat's last read needs nothing more than the
 * watermark: tracking recorded any first response present then, and later messages are newer than the watermark.
 * A manual mark needs the read that covers the instant it was made (a message before it replaces it); once a read
 * ran after the mark, every earlier message was seen.
 */
function needsReading(r: RequestRecord, state: SyncStateRecord | undefined): boolean {
  if (r.status === 'waiting' || r.firstResponseAt === null) return true;
  if (r.firstResponseSource !== 'manual') return false;
  return !state?.lastRunAt || state.lastRunAt.getTime() <= r.firstResponseAt.getTime();
}

/**
 * Runs the chat sync over `requests` (the person's recent requests, resolved included, and every open one; others'
 * sources are ignored); returns the number of requests updated.
 */
export async function syncChats(ctx: ChatSyncContext, requests: RequestRecord[]): Promise<number> {
  const { stores, user } = ctx;
  const byChat = new Map<string, RequestRecord[]>();
  for (const r of requests) {
    // A channel request (threadId set) is read by its thread (channel-sync.ts), never as a chat.
    if (r.source !== 'chat' || !r.chatId || r.threadId !== null) continue;
    const list = byChat.get(r.chatId) ?? [];
    list.push(r);
    byChat.set(r.chatId, list);
  }
  if (byChat.size === 0) return 0;
  const states = new Map((await stores.syncState.list(user.tenantId, user.userId)).map((s) => [s.resource, s]));
  const queries: { chatId: string; since: Date }[] = [];
  for (const [chatId, list] of byChat) {
    const state = states.get(resourceOf(chatId));
    if (!list.some((r) => needsReading(r, state))) continue;
    const since = state?.watermark ?? new Date(Math.min(...list.map((r) => r.receivedAt.getTime())) - 1);
    queries.push({ chatId, since });
  }
  if (queries.length === 0) return 0;
  if (ctx.signal?.aborted) throw Object.assign(new Error('sync aborted'), { code: 'sync_aborted' });
  const changed = await ctx.chats.messagesModifiedSince(user, queries);

  const updates = new RequestUpdates(stores, user.tenantId);
  for (const [chatId, messages] of changed) {
    ctx.progress.itemsSeen += messages.length;
    apply(updates, byChat.get(chatId) ?? [], messages);
  }
  const written = await updates.flush(ctx.now);
  ctx.progress.recordWritten(requests, written);
  for (const q of queries) {
    const messages = changed.get(q.chatId);
    if (!messages) continue; // unreadable this time: keep the old watermark
    const newest = Math.max(q.since.getTime(), ...messages.map((m) => m.lastModifiedAt.getTime()));
    await stores.syncState.put({ tenantId: user.tenantId, personId: user.userId, resource: resourceOf(q.chatId), deltaLink: null, watermark: new Date(newest), lastRunAt: ctx.now });
  }
  return written.length;
}

/** Applies the messages modified since the watermark to the chat's requests. */
function apply(updates: RequestUpdates, requests: RequestRecord[], messages: ChatMessageInfo[]): void {
  for (const r of requests) {
    const picked = pickChatFirstResponse({ assigneeId: r.assigneeId, receivedAt: r.receivedAt, threadId: null }, messages.map((m) => ({ ...m, threadId: null })));
    if (picked) updates.setFirstResponse(r, picked.createdAt, 'chat', picked.id, picked.webUrl);
    const cur = updates.current(r);
    const open = cur.waitingPeriods.find((p) => p.to === null);
    if (cur.status !== 'waiting' || !open) continue;
    const resumeBy = messages
      .filter((m) => m.fromUserId === r.requesterId && m.messageType === 'message' && m.deletedAt === null && m.createdAt.getTime() > open.from.getTime())
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())[0];
    if (resumeBy) updates.resumeIfWaiting(r, resumeBy.createdAt);
  }
}
