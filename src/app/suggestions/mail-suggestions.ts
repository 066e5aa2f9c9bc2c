/**
 * Suggestions from the Inbox: colleagues' messages addressed To the person (not only Cc) in the last 14 days, not
 * auto-replies, bulk mail or meeting items, with request cues in subject or preview, and not tracked yet. Answered
 * ones (the person sent a message in the conversation afterwards) are ranked lower. Each carries its reason.
 */
import { describeRequestCues, findRequestCues, scoreRequestCues } from '../../domain/request-cues';
import type { MailMessage, SuggestionRecord } from '../ports';

export const SUGGESTION_WINDOW_DAYS = 14;
const DAY_MS = 86_400_000;

export interface SuggestionCandidate {
  message: MailMessage;
  fromAddress: string;
}

export class MailSuggestionCollector {
  private readonly candidates = new Map<string, SuggestionCandidate>();
  /** Latest time the person sent something, per conversation (from the Sent Items pages of this run). */
  private readonly lastSentByConversation = new Map<string, number>();

  constructor(
    private readonly ownAddresses: readonly string[],
    private readonly isColleague: (address: string) => boolean,
    private readonly now: Date,
  ) {}

  /** Considers one Inbox message. */
  inbox(m: MailMessage): void {
    const from = m.from?.address.toLowerCase();
    if (!from || !m.receivedAt) return;
    if (m.receivedAt.getTime() < this.now.getTime() - SUGGESTION_WINDOW_DAYS * DAY_MS) return;
    if (m.isAutoReply || m.isBulk || m.isMeeting || m.isDraft) return;
    if (this.ownAddresses.includes(from) || !this.isColleague(from)) return;
    if (!m.to.some((t) => this.ownAddresses.includes(t.address.toLowerCase()))) return;
    if (findRequestCues(m.subject, m.preview).length === 0) return;
    this.candidates.set(m.id, { message: m, fromAddress: from });
  }

  /** Notes a sent message (to rank answered suggestions lower). */
  sent(m: MailMessage): void {
    if (!m.conversationId || m.isDraft || m.isAutoReply) return;
    const at = (m.sentAt ?? m.receivedAt)?.getTime() ?? 0;
    this.lastSentByConversation.set(m.conversationId, Math.max(at, this.lastSentByConversation.get(m.conversationId) ?? 0));
  }

  /** The candidate senders' addresses (to resolve to person ids). */
  senderAddresses(): string[] {
    return [...new Set([...this.candidates.values()].map((c) => c.fromAddress))];
  }

  /** Suggestion rows for the store; `trackedIds` are excluded; `personIdOf` maps an address to a person id. */
  build(tenantId: string, personId: string, trackedIds: ReadonlySet<string>, personIdOf: (address: string) => string): Omit<SuggestionRecord, 'id' | 'dismissed'>[] {
    const out: Omit<SuggestionRecord, 'id' | 'dismissed'>[] = [];
    for (const { message: m, fromAddress } of this.candidates.values()) {
      if (trackedIds.has(m.id)) continue;
      const cues = findRequestCues(m.subject, m.preview);
      const receivedAt = m.receivedAt as Date;
      const answered = (this.lastSentByConversation.get(m.conversationId ?? '') ?? 0) > receivedAt.getTime();
      const ageDays = (this.now.getTime() - receivedAt.getTime()) / DAY_MS;
      out.push({
        tenantId, personId, source: 'email', sourceMessageId: m.id, chatId: null, fromId: personIdOf(fromAddress),
        subject: m.subject.slice(0, 500), preview: m.preview.slice(0, 255), receivedAt,
        reason: describeRequestCues(cues) ?? '', answered, score: scoreRequestCues(cues, answered, ageDays),
      });
    }
    return out;
  }
}
