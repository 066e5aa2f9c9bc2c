/**
 * Suggestions from the Inbox: colleagues' messages addressed To the person (not only Cc) in the last 14 days, not
 * auto-replies, bulk mail or meeting items, not tracked yet, that the request rule ({@link judgeRequest}) calls a
 * request: not answered by the person already, not a reply in a thread the person started, not a thank-you,
 * acknowledgement or FYI, and with request cues. Each carries its reason.
 *
 * What the rule needs about a conversation comes from the person's Sent Items: the sync reads Sent Items before the
 * Inbox, so a first sync (90 days of Sent Items) knows every thread; a later, incremental sync sees only new sent
 * messages, so for a candidate that is a reply ("RE: …") in a conversation with none of the person's messages seen in
 * this run, {@link MailSuggestionCollector.readThreadHistory} reads that conversation's Sent Items (one Graph request
 * each, at most {@link THREAD_READS_PER_SYNC} per sync).
 */
import { isEmailResponse } from '../../domain/first-response';
import { describeRequestCues, findRequestCues, isReplySubject, judgeRequest, scoreRequestCues } from '../../domain/request-cues';
import { PREVIEW_MAX_CHARACTERS, SUBJECT_MAX_CHARACTERS } from '../../domain/request-text';
import type { MailMessage } from '../m365-ports';
import type { SuggestionRecord } from '../records';

export const SUGGESTION_WINDOW_DAYS = 14;
/** Conversations whose Sent Items one sync may read for reply candidates it cannot place otherwise. */
export const THREAD_READS_PER_SYNC = 25;
const DAY_MS = 86_400_000;

export interface SuggestionCandidate {
  message: MailMessage;
  fromAddress: string;
}

/** One of the person's sent messages, as far as the rule needs it. */
interface SentFacts {
  id: string;
  sentAtMs: number;
  subject: string;
  recipients: string[];
  isDraft: boolean;
  isAutoReply: boolean;
}

export class MailSuggestionCollector {
  private readonly candidates = new Map<string, SuggestionCandidate>();
  /** The person's sent messages per conversation (from the Sent Items pages of this run, and threads read for it). */
  private readonly sentByConversation = new Map<string, Map<string, SentFacts>>();
  /** The earliest Inbox message seen per conversation (any sender): when, and whether it is a reply. */
  private readonly firstInboxByConversation = new Map<string, { atMs: number; isReply: boolean }>();

  constructor(
    private readonly ownAddresses: readonly string[],
    private readonly isColleague: (address: string) => boolean,
    private readonly now: Date,
  ) {}

  /** Considers one Inbox message. */
  inbox(m: MailMessage): void {
    const from = m.from?.address.toLowerCase();
    if (!from || !m.receivedAt) return;
    if (m.conversationId) {
      const atMs = m.receivedAt.getTime();
      const known = this.firstInboxByConversation.get(m.conversationId);
      if (known === undefined || atMs < known.atMs) this.firstInboxByConversation.set(m.conversationId, { atMs, isReply: isReplySubject(m.subject) });
    }
    if (m.receivedAt.getTime() < this.now.getTime() - SUGGESTION_WINDOW_DAYS * DAY_MS) return;
    if (m.isAutoReply || m.isBulk || m.isMeeting || m.isDraft) return;
    if (this.ownAddresses.includes(from) || !this.isColleague(from)) return;
    if (!m.to.some((t) => this.ownAddresses.includes(t.address.toLowerCase()))) return;
    if (findRequestCues(m.subject, m.preview).length === 0) return;
    this.candidates.set(m.id, { message: m, fromAddress: from });
  }

  /** Notes one of the person's sent messages (who started a thread, and what was answered). */
  sent(m: MailMessage): void {
    if (!m.conversationId) return;
    const at = (m.sentAt ?? m.receivedAt)?.getTime();
    if (at === undefined) return;
    const list = this.sentByConversation.get(m.conversationId) ?? new Map<string, SentFacts>();
    list.set(m.id, { id: m.id, sentAtMs: at, subject: m.subject, recipients: [...m.to, ...m.cc].map((r) => r.address), isDraft: m.isDraft, isAutoReply: m.isAutoReply });
    this.sentByConversation.set(m.conversationId, list);
  }

  /**
   * Conversations of reply candidates whose start this run has not seen: none of the person's messages in it, and the
   * earliest Inbox message seen is itself a reply (an incremental sync; a first sync sees the thread's start).
   */
  threadsToRead(): string[] {
    const out = new Set<string>();
    for (const { message: m } of this.candidates.values()) {
      if (!m.conversationId || !isReplySubject(m.subject) || this.sentByConversation.has(m.conversationId)) continue;
      if (this.firstInboxByConversation.get(m.conversationId)?.isReply !== false) out.add(m.conversationId);
    }
    return [...out].slice(0, THREAD_READS_PER_SYNC);
  }

  /** Reads the Sent Items of {@link threadsToRead} through `sentInConversation` (the mail source's own call). */
  async readThreadHistory(sentInConversation: (conversationId: string) => Promise<MailMessage[]>): Promise<void> {
    for (const conversationId of this.threadsToRead()) {
      const sent = await sentInConversation(conversationId);
      for (const m of sent) this.sent(m);
      if (sent.length === 0) this.sentByConversation.set(conversationId, new Map());
    }
  }

  /** The candidate senders' addresses (to resolve to person ids). */
  senderAddresses(): string[] {
    return [...new Set([...this.candidates.values()].map((c) => c.fromAddress))];
  }

  /** Whether the person started `m`'s conversation: their first message in it is not a reply and came before. */
  private personStartedThread(m: MailMessage, receivedMs: number): boolean {
    const sent = this.sentByConversation.get(m.conversationId ?? '');
    if (!sent || sent.size === 0) return false;
    let first: SentFacts | null = null;
    for (const s of sent.values()) if (!s.isDraft && (first === null || s.sentAtMs < first.sentAtMs)) first = s;
    if (first === null || first.sentAtMs >= receivedMs || isReplySubject(first.subject)) return false;
    return first.sentAtMs <= (this.firstInboxByConversation.get(m.conversationId ?? '')?.atMs ?? Number.POSITIVE_INFINITY);
  }

  /** Whether the person replied to the sender in the conversation after `m` arrived (the first-response rule). */
  private answered(m: MailMessage, fromAddress: string, receivedAt: Date): boolean {
    const sent = this.sentByConversation.get(m.conversationId ?? '');
    if (!sent) return false;
    const request = { conversationId: m.conversationId, receivedAt, requesterAddresses: [fromAddress] };
    for (const s of sent.values()) {
      if (isEmailResponse(request, { ...s, conversationId: m.conversationId, sentAt: new Date(s.sentAtMs) })) return true;
    }
    return false;
  }

  /**
   * Suggestion rows for the store; `trackedIds` are excluded; `personIdOf` maps an address to a person id. One per
   * conversation and sender — the first ask; a reminder after it ("Any update?") is the same request.
   */
  build(tenantId: string, personId: string, trackedIds: ReadonlySet<string>, personIdOf: (address: string) => string): Omit<SuggestionRecord, 'id' | 'dismissed'>[] {
    const out: Omit<SuggestionRecord, 'id' | 'dismissed'>[] = [];
    const asked = new Set<string>();
    const oldestFirst = [...this.candidates.values()].sort((a, b) => (a.message.receivedAt as Date).getTime() - (b.message.receivedAt as Date).getTime());
    for (const { message: m, fromAddress } of oldestFirst) {
      const thread = m.conversationId === null ? null : `${m.conversationId}|${fromAddress}`;
      if (thread !== null && asked.has(thread)) continue;
      if (trackedIds.has(m.id)) {
        if (thread !== null) asked.add(thread);
        continue;
      }
      const receivedAt = m.receivedAt as Date;
      const verdict = judgeRequest(m.subject, m.preview, {
        answered: this.answered(m, fromAddress, receivedAt),
        personStartedThread: this.personStartedThread(m, receivedAt.getTime()),
      });
      if (!verdict.isRequest) continue;
      if (thread !== null) asked.add(thread);
      const ageDays = (this.now.getTime() - receivedAt.getTime()) / DAY_MS;
      out.push({
        tenantId, personId, source: 'email', sourceMessageId: m.id, chatId: null, fromId: personIdOf(fromAddress),
        subject: m.subject.slice(0, SUBJECT_MAX_CHARACTERS), preview: m.preview.slice(0, PREVIEW_MAX_CHARACTERS), receivedAt,
        reason: describeRequestCues(verdict.cues) ?? '', answered: false, score: scoreRequestCues(verdict.cues, false, ageDays),
      });
    }
    return out;
  }
}
