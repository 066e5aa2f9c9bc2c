/**
 * Chat sync for one person: for every chat holding a tracked request that is still open or waiting, the messages
 * modified since that chat's watermark (one `$batch` item per chat, ≤ 20 chats per HTTP request). The assignee's first
 * message after the request is its first response; a deleted first response is replaced by the next one; the
 * requester writing again resumes a waiting request; system messages never count.
 */
import { isEarlierResponse, pickChatFirstResponse } from '../../domain/first-response';
import type { ChatMessageInfo, ChatSource, UserContext } from '../m365-ports';
import type { RequestRecord } from '../records';
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

/** Runs the chat sync; returns the number of requests updated. */
export async function syncChats(ctx: ChatSyncContext, requests: RequestRecord[]): Promise<number> {
  const { stores, user } = ctx;
  const byChat = new Map<string, RequestRecord[]>();
  for (const r of requests) {
    if (r.source !== 'chat' || !r.chatId || r.status === 'resolved') continue;
    const list = byChat.get(r.chatId) ?? [];
    list.push(r);
    byChat.set(r.chatId, list);
  }
  if (byChat.size === 0) return 0;
  const states = new Map((await stores.syncState.list(user.tenantId, user.userId)).map((s) => [s.resource, s]));
  const queries = [...byChat.entries()].map(([chatId, list]) => {
    const earliest = Math.min(...list.map((r) => r.receivedAt.getTime()));
    const watermark = states.get(resourceOf(chatId))?.watermark ?? null;
    // Never start later than the earliest request in the chat (a request tracked after the last run is read whole).
    const sinceMs = watermark ? Math.min(watermark.getTime(), earliest - 1) : earliest - 1;
    return { chatId, since: new Date(sinceMs) };
  });
  if (ctx.signal?.aborted) throw Object.assign(new Error('sync aborted'), { code: 'sync_aborted' });
  const changed = await ctx.chats.messagesModifiedSince(user, queries);

  // Chats where a recorded first response was deleted: read again from the earliest request to find the next one.
  const reread: { chatId: string; since: Date }[] = [];
  const updates = new RequestUpdates(stores, user.tenantId);
  for (const [chatId, messages] of changed) {
    ctx.progress.itemsSeen += messages.length;
    const list = byChat.get(chatId) ?? [];
    if (list.some((r) => deletedFirstResponse(r, messages))) {
      reread.push({ chatId, since: new Date(Math.min(...list.map((r) => r.receivedAt.getTime())) - 1) });
      continue;
    }
    apply(updates, list, messages, false);
  }
  if (reread.length > 0) {
    const full = await ctx.chats.messagesModifiedSince(user, reread);
    for (const [chatId, messages] of full) apply(updates, byChat.get(chatId) ?? [], messages, true);
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

function deletedFirstResponse(r: RequestRecord, messages: ChatMessageInfo[]): boolean {
  if (r.firstResponseSource !== 'chat' || !r.firstResponseAt) return false;
  const at = r.firstResponseAt.getTime();
  return messages.some((m) => m.deletedAt !== null && m.fromUserId === r.assigneeId && m.createdAt.getTime() === at);
}

/** `complete`: the messages cover everything after the requests, so the first response may also become null. */
function apply(updates: RequestUpdates, requests: RequestRecord[], messages: ChatMessageInfo[], complete: boolean): void {
  for (const r of requests) {
    const picked = pickChatFirstResponse({ assigneeId: r.assigneeId, receivedAt: r.receivedAt, threadId: null }, messages.map((m) => ({ ...m, threadId: null })));
    const cur = updates.current(r);
    if (picked && (complete || isEarlierResponse(cur.firstResponseAt, picked.createdAt))) {
      updates.setFirstResponse(r, picked.createdAt, 'chat', picked.id, picked.webUrl);
    } else if (!picked && complete && cur.firstResponseSource === 'chat') {
      updates.setFirstResponse(r, null, 'chat', null);
    }
    const fromRequester = messages
      .filter((m) => m.fromUserId === r.requesterId && m.messageType === 'message' && m.deletedAt === null)
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    const open = cur.waitingPeriods.find((p) => p.to === null);
    const resumeBy = open ? fromRequester.find((m) => m.createdAt.getTime() > open.from.getTime()) : undefined;
    if (resumeBy) updates.resumeIfWaiting(r, resumeBy.createdAt);
  }
}
