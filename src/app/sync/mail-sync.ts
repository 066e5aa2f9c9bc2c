/**
 * Mail sync for one person: a delta round on Sent Items and on Inbox, each resumable from its stored link (a nextLink
 * mid-round, the deltaLink between rounds). Each page is matched in memory against the person's tracked requests
 * (by conversationId) and written before the page's link is stored, so a crash loses at most one page of work.
 * A first response once found stays (DESIGN "First response at"): messages leaving Sent Items never take one away.
 */
import { isEmailResponse, pickEmailFirstResponse } from '../../domain/first-response';
import type { MailFolderName, MailMessage, MailSource, UserContext } from '../m365-ports';
import type { RequestRecord } from '../records';
import type { Stores } from '../store-ports';
import { RequestUpdates } from './request-updates';
import type { SyncProgress } from './sync-progress';

/** How far back the first Sent Items round reads (days). */
export const SENT_WINDOW_DAYS = 90;
/** How far back the first Inbox round reads (days): the suggestion window. */
export const INBOX_WINDOW_DAYS = 14;
const DAY_MS = 86_400_000;

export interface MailSyncContext {
  stores: Stores;
  mail: MailSource;
  user: UserContext;
  now: Date;
  progress: SyncProgress;
  signal?: AbortSignal;
  /** Requester addresses by requester id (lower-cased). */
  requesterAddresses: Map<string, string[]>;
  /** The person's own addresses: which messages of a conversation read across folders are theirs. */
  ownAddresses: readonly string[];
  /** Called with each Inbox message (for suggestions). */
  onInboxMessage?: (m: MailMessage) => void;
  /** Called with each Sent Items message (answered detection for suggestions). */
  onSentMessage?: (m: MailMessage) => void;
  /**
   * Called when this run's Sent Items round may lack messages the person sent: it started from scratch (a first sync,
   * or Graph forgot the round) and so lists only what is in Sent Items now, or it reported removals (moved or deleted).
   */
  onSentItemsIncomplete?: () => void;
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw Object.assign(new Error('sync aborted'), { code: 'sync_aborted' });
}

/** Runs both folders' rounds. Returns the number of requests updated. */
export async function syncMail(ctx: MailSyncContext, requests: RequestRecord[]): Promise<number> {
  const email = requests.filter((r) => r.source === 'email' && r.conversationId !== null);
  const byConversation = new Map<string, RequestRecord[]>();
  for (const r of email) {
    const list = byConversation.get(r.conversationId as string) ?? [];
    list.push(r);
    byConversation.set(r.conversationId as string, list);
  }
  let updated = 0;
  for (const folder of ['sentitems', 'inbox'] as const) {
    updated += await syncFolder(ctx, folder, byConversation, email);
  }
  return updated;
}

async function syncFolder(ctx: MailSyncContext, folder: MailFolderName, byConversation: Map<string, RequestRecord[]>, email: RequestRecord[]): Promise<number> {
  const { stores, user } = ctx;
  const state = await stores.syncState.get(user.tenantId, user.userId, folder);
  let link = state?.deltaLink ?? null;
  const since = new Date(ctx.now.getTime() - (folder === 'sentitems' ? SENT_WINDOW_DAYS : INBOX_WINDOW_DAYS) * DAY_MS);
  let updated = 0;
  /** Whether replies may have left Sent Items unseen: the round reported removals, or Graph forgot it (its removals with it). */
  let removals = false;
  if (folder === 'sentitems' && link === null) ctx.onSentItemsIncomplete?.();
  for (;;) {
    throwIfAborted(ctx.signal);
    let page;
    try {
      page = await ctx.mail.deltaPage(user, folder, link, link ? null : since);
    } catch (err) {
      if ((err as { code?: string }).code !== 'delta_expired' || link === null) throw err;
      link = null; // Graph forgot the round (410): start a new one.
      if (folder === 'sentitems') {
        removals = true;
        ctx.onSentItemsIncomplete?.();
      }
      continue;
    }
    ctx.progress.itemsSeen += page.messages.length + page.removedIds.length;
    const updates = new RequestUpdates(stores, user.tenantId);
    for (const m of page.messages) {
      if (folder === 'sentitems') {
        ctx.onSentMessage?.(m);
        matchSent(ctx, updates, byConversation.get(m.conversationId ?? '') ?? [], m);
      } else {
        ctx.onInboxMessage?.(m);
        matchInbox(ctx, updates, byConversation.get(m.conversationId ?? '') ?? [], m);
      }
    }
    if (folder === 'sentitems' && page.removedIds.length > 0) {
      removals = true;
      ctx.onSentItemsIncomplete?.();
    }
    const written = await updates.flush(ctx.now);
    ctx.progress.recordWritten(written.map((w) => latest(byConversation, w)), written);
    replaceAll(byConversation, written);
    updated += written.length;
    const next = page.nextLink ?? page.deltaLink;
    await stores.syncState.put({ tenantId: user.tenantId, personId: user.userId, resource: folder, deltaLink: next, watermark: null, lastRunAt: ctx.now });
    if (!page.nextLink) break;
    link = page.nextLink;
  }
  if (removals) updated += await findMovedResponses(ctx, email.map((r) => latest(byConversation, r)));
  return updated;
}

function candidate(m: MailMessage): { id: string; conversationId: string | null; sentAt: Date; recipients: string[]; isDraft: boolean; isAutoReply: boolean } {
  return { id: m.id, conversationId: m.conversationId, sentAt: m.sentAt ?? m.receivedAt ?? new Date(0), recipients: [...m.to, ...m.cc].map((r) => r.address), isDraft: m.isDraft, isAutoReply: m.isAutoReply };
}

function matchSent(ctx: MailSyncContext, updates: RequestUpdates, requests: RequestRecord[], m: MailMessage): void {
  const c = candidate(m);
  for (const r of requests) {
    const facts = { conversationId: r.conversationId, receivedAt: r.receivedAt, requesterAddresses: ctx.requesterAddresses.get(r.requesterId) ?? [] };
    if (isEmailResponse(facts, c)) updates.setFirstResponse(r, c.sentAt, 'email', m.id, m.webLink);
  }
}

function matchInbox(ctx: MailSyncContext, updates: RequestUpdates, requests: RequestRecord[], m: MailMessage): void {
  const from = m.from?.address.toLowerCase();
  if (!from || m.isAutoReply || !m.receivedAt) return;
  for (const r of requests) {
    if (!(ctx.requesterAddresses.get(r.requesterId) ?? []).includes(from)) continue;
    updates.resumeIfWaiting(r, m.receivedAt);
  }
}

/**
 * A Sent Items tombstone carries only an id: the message was deleted or moved (archived), maybe before this sync saw
 * it. Requests that still have no first response are checked against their conversation in every folder (one read
 * per conversation). Requests that have one keep it: a delivered response stays whatever happens to its copy.
 */
async function findMovedResponses(ctx: MailSyncContext, requests: RequestRecord[]): Promise<number> {
  const unanswered = new Map<string, RequestRecord[]>();
  for (const r of requests) {
    if (r.firstResponseAt !== null || !r.conversationId) continue;
    unanswered.set(r.conversationId, [...(unanswered.get(r.conversationId) ?? []), r]);
  }
  const updates = new RequestUpdates(ctx.stores, ctx.user.tenantId);
  for (const [conversationId, list] of unanswered) {
    throwIfAborted(ctx.signal);
    const sent = (await ctx.mail.sentInConversation(ctx.user, conversationId, ctx.ownAddresses)).map((m) => ({ ...candidate(m), webLink: m.webLink }));
    for (const r of list) {
      const facts = { conversationId, receivedAt: r.receivedAt, requesterAddresses: ctx.requesterAddresses.get(r.requesterId) ?? [] };
      const best = pickEmailFirstResponse(facts, sent);
      if (best) updates.setFirstResponse(r, best.sentAt, 'email', best.id, best.webLink);
    }
  }
  const written = await updates.flush(ctx.now);
  ctx.progress.recordWritten(requests, written);
  return written.length;
}

function replaceAll(byConversation: Map<string, RequestRecord[]>, written: RequestRecord[]): void {
  for (const w of written) {
    const list = byConversation.get(w.conversationId ?? '');
    if (!list) continue;
    const i = list.findIndex((r) => r.id === w.id);
    if (i >= 0) list[i] = w;
  }
}

function latest(byConversation: Map<string, RequestRecord[]>, r: RequestRecord): RequestRecord {
  return byConversation.get(r.conversationId ?? '')?.find((x) => x.id === r.id) ?? r;
}
