/**
 * Suggestions from the Inbox: colleagues' messages addressed To the person (not only Cc) in the last 14 days, not
 * auto-replies, bulk mail or meeting items, not tracked yet, that the request rule ({@link judgeRequest}) calls a
 * request: not answered by the person already, not a reply in a thread the person started, not a thank-you,
 * acknowledgement or FYI, and with request cues. Each carries its reason.
 *
 * What the rule needs about a conversation comes from the person's Sent Items: the sync reads Sent Items before the
 * Inbox. {@link MailSuggestionCollector.readThreadHistory} reads conversations' messages across folders (at most
 * {@link THREAD_READS_PER_SYNC} per sync, in `$batch` packs of 20) where Sent Items cannot tell:
 * - a candidate that is a reply ("RE: …") in a conversation with none of the person's messages seen in this run (an
 *   incremental sync sees only new sent messages, not who started the thread);
 * - a candidate the rule would suggest, when this run's Sent Items may lack the person's answers
 *   ({@link MailSuggestionCollector.sentItemsIncomplete}: a round from scratch lists only what is in Sent Items now,
 *   and answers moved to Archive or Deleted Items are elsewhere — a delivered answer stays an answer, DESIGN "First
 *   response at").
 * An answer is a message to any of the sender's addresses (DESIGN "A person's addresses"), not only the one the
 * request came from: people answer an alias picked by autocomplete.
 */
import { isEmailResponse } from '../../domain/first-response';
import { describeRequestCues, findRequestCues, isReplySubject, judgeRequest, scoreRequestCues, type RequestVerdict } from '../../domain/request-cues';
import { PREVIEW_MAX_CHARACTERS, SUBJECT_MAX_CHARACTERS } from '../../domain/request-text';
import type { MailMessage } from '../m365-ports';
import type { SuggestionRecord } from '../records';

export const SUGGESTION_WINDOW_DAYS = 14;
/**
 * Conversations one sync may read across folders for candidates Sent Items cannot place: two `$batch` requests of 20
 * (see {@link MailSuggestionCollector.threadsToRead}).
 */
export const THREAD_READS_PER_SYNC = 40;
const DAY_MS = 86_400_000;

export interface SuggestionCandidate {
  message: MailMessage;
  fromAddress: string;
}

/** All the addresses of the person a message came from (lower-cased, `fromAddress` among them): see personAddresses. */
export type SenderAddresses = (fromAddress: string) => readonly string[];

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
  /** Conversations read across folders in this run: all of the person's messages in them are known. */
  private readonly readConversations = new Set<string>();
  /** Whether this run's Sent Items may lack messages the person sent (see {@link sentItemsIncomplete}). */
  private sentMayBeMissing = false;

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
   * Notes that this run's Sent Items may lack messages the person sent: the round started from scratch (it lists what
   * is in Sent Items now, not what was moved or deleted before) or reported removals. Candidates the rule would suggest
   * are then checked against their whole conversation before they are offered.
   */
  sentItemsIncomplete(): void {
    this.sentMayBeMissing = true;
  }

  /**
   * The conversations to read across folders, at most {@link THREAD_READS_PER_SYNC}: first those of reply candidates
   * whose start this run has not seen (none of the person's messages in it, and the earliest Inbox message seen is
   * itself a reply — an incremental sync; a first sync sees the thread's start); then, when Sent Items may be
   * incomplete, those of candidates the rule would suggest now (not tracked), so an answer kept elsewhere is found.
   */
  threadsToRead(trackedIds: ReadonlySet<string>, senderAddresses: SenderAddresses): string[] {
    const out = new Set<string>();
    for (const { message: m } of this.candidates.values()) {
      if (!m.conversationId || !isReplySubject(m.subject) || this.sentByConversation.has(m.conversationId)) continue;
      if (this.firstInboxByConversation.get(m.conversationId)?.isReply !== false) out.add(m.conversationId);
    }
    if (this.sentMayBeMissing) {
      for (const { message: m, fromAddress } of this.candidates.values()) {
        if (!m.conversationId || out.has(m.conversationId) || this.readConversations.has(m.conversationId) || trackedIds.has(m.id)) continue;
        if (this.verdict(m, fromAddress, senderAddresses).isRequest) out.add(m.conversationId);
      }
    }
    return [...out].slice(0, THREAD_READS_PER_SYNC);
  }

  /**
   * Reads the person's messages of {@link threadsToRead} in every folder through `sentInConversations` (the mail
   * source's own call, batched); a conversation it could not read stays unknown.
   */
  async readThreadHistory(
    sentInConversations: (conversationIds: string[]) => Promise<Map<string, MailMessage[]>>, trackedIds: ReadonlySet<string>, senderAddresses: SenderAddresses,
  ): Promise<void> {
    const ids = this.threadsToRead(trackedIds, senderAddresses);
    if (ids.length === 0) return;
    for (const [conversationId, sent] of await sentInConversations(ids)) {
      for (const m of sent) this.sent(m);
      if (sent.length === 0 && !this.sentByConversation.has(conversationId)) this.sentByConversation.set(conversationId, new Map());
      this.readConversations.add(conversationId);
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

  /**
   * Whether the person replied to the sender — to any of their addresses — in the conversation after `m` arrived (the
   * first-response rule).
   */
  private answered(m: MailMessage, requesterAddresses: readonly string[], receivedAt: Date): boolean {
    const sent = this.sentByConversation.get(m.conversationId ?? '');
    if (!sent) return false;
    const request = { conversationId: m.conversationId, receivedAt, requesterAddresses };
    for (const s of sent.values()) {
      if (isEmailResponse(request, { ...s, conversationId: m.conversationId, sentAt: new Date(s.sentAtMs) })) return true;
    }
    return false;
  }

  /** The request rule's verdict on a candidate with what this run knows of its conversation. */
  private verdict(m: MailMessage, fromAddress: string, senderAddresses: SenderAddresses): RequestVerdict {
    const receivedAt = m.receivedAt as Date;
    return judgeRequest(m.subject, m.preview, {
      answered: this.answered(m, senderAddresses(fromAddress), receivedAt),
      personStartedThread: this.personStartedThread(m, receivedAt.getTime()),
    });
  }

  /**
   * Suggestion rows for the store; `trackedIds` are excluded; `personIdOf` maps an address to a person id;
   * `senderAddresses` gives all the addresses of a candidate's sender (an answer to any of them counts). One per
   * conversation and sender — the first ask; a reminder after it ("Any update?") is the same request.
   */
  build(tenantId: string, personId: string, trackedIds: ReadonlySet<string>, personIdOf: (address: string) => string, senderAddresses: SenderAddresses): Omit<SuggestionRecord, 'id' | 'dismissed'>[] {
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
      const verdict = this.verdict(m, fromAddress, senderAddresses);
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
