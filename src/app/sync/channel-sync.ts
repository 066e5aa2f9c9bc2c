/**
 * Channel-thread sync for one person: the requests tracked from channel messages (a `threadId` set; `chatId` the
 * channel, `conversationId` the channel's team) are read thread by thread — the replies of each tracked thread,
 * batched — and only where something can still change: no first response yet, a first response marked by hand that an
 * earlier reply may yet replace, or a request waiting on its requester. The assignee's first reply in the same thread
 * is the first response (a reply in another thread of the channel is never read, so never counts; a deleted reply
 * stays); the requester replying in the thread resumes a waiting request. Channels themselves are never polled:
 * Graph's channel delta (`…/messages/delta`) returns root messages only, never replies, so it cannot show a thread's
 * answers; reading the replies of the few tracked threads is both what answers the question and the lighter load.
 */
import { pickChatFirstResponse } from '../../domain/first-response';
import type { ChannelThreadRef, ChannelThreadSource, ChatMessageInfo, UserContext } from '../m365-ports';
import type { RequestRecord, SyncStateRecord } from '../records';
import type { Stores } from '../store-ports';
import { RequestUpdates } from './request-updates';
import type { SyncProgress } from './sync-progress';

export interface ChannelSyncContext {
  stores: Stores;
  channels: ChannelThreadSource;
  user: UserContext;
  now: Date;
  progress: SyncProgress;
  signal?: AbortSignal;
}

const resourceOf = (threadId: string): string => `channel-thread:${threadId}`;

/** The channel thread a request was tracked from, or null for email and chat requests. */
export function channelThreadOf(r: RequestRecord): ChannelThreadRef | null {
  if (r.source !== 'chat' || r.threadId === null || r.chatId === null || r.conversationId === null) return null;
  return { teamId: r.conversationId, channelId: r.chatId, threadId: r.threadId };
}

/** Whether reading the thread can change `r` (as chat-sync.ts: a manual mark needs one read after it). */
function needsReading(r: RequestRecord, state: SyncStateRecord | undefined): boolean {
  if (r.status === 'waiting' || r.firstResponseAt === null) return true;
  if (r.firstResponseSource !== 'manual') return false;
  return !state?.lastRunAt || state.lastRunAt.getTime() <= r.firstResponseAt.getTime();
}

/** Runs the channel-thread sync over `requests` (others' sources are ignored); returns the number of requests updated. */
export async function syncChannelThreads(ctx: ChannelSyncContext, requests: RequestRecord[]): Promise<number> {
  const { stores, user } = ctx;
  const byThread = new Map<string, { thread: ChannelThreadRef; requests: RequestRecord[] }>();
  for (const r of requests) {
    const thread = channelThreadOf(r);
    if (!thread) continue;
    const entry = byThread.get(thread.threadId) ?? { thread, requests: [] };
    entry.requests.push(r);
    byThread.set(thread.threadId, entry);
  }
  if (byThread.size === 0) return 0;
  const states = new Map((await stores.syncState.list(user.tenantId, user.userId)).map((s) => [s.resource, s]));
  const due = [...byThread.values()].filter((e) => e.requests.some((r) => needsReading(r, states.get(resourceOf(e.thread.threadId)))));
  if (due.length === 0) return 0;
  if (ctx.signal?.aborted) throw Object.assign(new Error('sync aborted'), { code: 'sync_aborted' });
  const replies = await ctx.channels.threadReplies(user, due.map((e) => e.thread));

  const updates = new RequestUpdates(stores, user.tenantId);
  for (const e of due) {
    const messages = replies.get(e.thread.threadId);
    if (!messages) continue;
    ctx.progress.itemsSeen += messages.length;
    apply(updates, e.requests, e.thread.threadId, messages);
  }
  const written = await updates.flush(ctx.now);
  ctx.progress.recordWritten(requests, written);
  for (const e of due) {
    const messages = replies.get(e.thread.threadId);
    if (!messages) continue; // unreadable this time: read again next time
    const newest = Math.max(0, ...messages.map((m) => m.lastModifiedAt.getTime()));
    await stores.syncState.put({ tenantId: user.tenantId, personId: user.userId, resource: resourceOf(e.thread.threadId), deltaLink: null, watermark: newest > 0 ? new Date(newest) : null, lastRunAt: ctx.now });
  }
  return written.length;
}

/** Applies a thread's replies to its requests: the assignee's first reply after the request, the requester's replies. */
function apply(updates: RequestUpdates, requests: RequestRecord[], threadId: string, replies: ChatMessageInfo[]): void {
  const inThread = replies.map((m) => ({ ...m, threadId: m.replyToId ?? m.id }));
  for (const r of requests) {
    const picked = pickChatFirstResponse({ assigneeId: r.assigneeId, receivedAt: r.receivedAt, threadId }, inThread);
    if (picked) updates.setFirstResponse(r, picked.createdAt, 'chat', picked.id, picked.webUrl);
    const cur = updates.current(r);
    const open = cur.waitingPeriods.find((p) => p.to === null);
    if (cur.status !== 'waiting' || !open) continue;
    const resumeBy = inThread
      .filter((m) => m.fromUserId === r.requesterId && m.messageType === 'message' && m.deletedAt === null && m.createdAt.getTime() > open.from.getTime())
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())[0];
    if (resumeBy) updates.resumeIfWaiting(r, resumeBy.createdAt);
  }
}
