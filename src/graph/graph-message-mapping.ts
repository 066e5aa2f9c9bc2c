import type { ChatMessageInfo, MailAddress, MailMessage } from '../app/m365-ports';
import { PREVIEW_MAX_CHARACTERS } from '../domain/request-text';

/** Graph JSON as returned (loosely typed at the edge, checked field by field). */
export type GraphJson = Record<string, unknown>;

/** Message properties read everywhere (delta, lookups): never the body. */
export const MESSAGE_SELECT = [
  'id', 'conversationId', 'from', 'toRecipients', 'ccRecipients', 'receivedDateTime', 'sentDateTime', 'isDraft', 'subject',
  'bodyPreview', 'webLink', 'categories', 'internetMessageHeaders',
].join(',');

/** Preview length stored and shown (characters). */

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const date = (v: unknown): Date | null => {
  if (typeof v !== 'string') return null;
  const t = Date.parse(v);
  return Number.isFinite(t) ? new Date(t) : null;
};

function recipient(v: unknown): MailAddress | null {
  const email = (v as { emailAddress?: { name?: unknown; address?: unknown } } | null)?.emailAddress;
  const address = str(email?.address);
  return address ? { name: str(email?.name), address } : null;
}

function recipients(v: unknown): MailAddress[] {
  return Array.isArray(v) ? v.map(recipient).filter((r): r is MailAddress => r !== null) : [];
}

function headerMap(v: unknown): Map<string, string> {
  const map = new Map<string, string>();
  if (Array.isArray(v)) {
    for (const h of v as { name?: unknown; value?: unknown }[]) {
      const name = str(h.name);
      if (name) map.set(name.toLowerCase(), str(h.value) ?? '');
    }
  }
  return map;
}

/**
 * Auto-Submitted other than "no" (RFC 3834), or Exchange's OOF/auto-reply classes. `X-Auto-Response-Suppress` alone is
 * not a sign: it asks others not to auto-reply to this message, and Outlook and many clients set it on human mail.
 */
export function isAutoReplyHeaders(headers: Map<string, string>, subject: string): boolean {
  const autoSubmitted = headers.get('auto-submitted');
  if (autoSubmitted !== undefined && autoSubmitted.trim().toLowerCase() !== 'no') return true;
  const cls = headers.get('x-ms-exchange-generated-message-source') ?? headers.get('content-class') ?? '';
  if (/auto.?reply|oof/i.test(cls)) return true;
  return headers.size === 0 && /^\s*(automatic reply|auto(matic)?[- ]?reply|out of office)\s*:/i.test(subject);
}

/** List-Unsubscribe or Precedence: bulk/list/junk. */
export function isBulkHeaders(headers: Map<string, string>): boolean {
  if (headers.has('list-unsubscribe') || headers.has('list-id')) return true;
  return /^(bulk|list|junk)$/i.test((headers.get('precedence') ?? '').trim());
}

/** Maps a Graph `message` (or `eventMessage`) to a MailMessage. */
export function toMailMessage(json: GraphJson): MailMessage {
  const headers = headerMap(json.internetMessageHeaders);
  const subject = str(json.subject) ?? '';
  const odataType = str(json['@odata.type']) ?? '';
  return {
    id: str(json.id) ?? '',
    conversationId: str(json.conversationId),
    from: recipient(json.from),
    to: recipients(json.toRecipients),
    cc: recipients(json.ccRecipients),
    receivedAt: date(json.receivedDateTime),
    sentAt: date(json.sentDateTime),
    isDraft: json.isDraft === true,
    subject,
    preview: (str(json.bodyPreview) ?? '').slice(0, PREVIEW_MAX_CHARACTERS),
    webLink: str(json.webLink),
    categories: Array.isArray(json.categories) ? json.categories.filter((c): c is string => typeof c === 'string') : [],
    isAutoReply: isAutoReplyHeaders(headers, subject),
    isBulk: isBulkHeaders(headers),
    isMeeting: /eventMessage/i.test(odataType) || typeof json.meetingMessageType === 'string',
  };
}

/** Text of an HTML chat body, tags removed and entities decoded, cut to the preview length. */
export function chatPreview(body: unknown): string {
  const b = body as { content?: unknown; contentType?: unknown } | null;
  const content = str(b?.content) ?? '';
  const text = str(b?.contentType) === 'text' ? content : content
    .replace(/<br\s*\/?>/gi, ' ').replace(/<\/(p|div|li)>/gi, ' ').replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
  return text.replace(/\s+/g, ' ').trim().slice(0, PREVIEW_MAX_CHARACTERS);
}

/** Maps a Graph `chatMessage` to a ChatMessageInfo. */
export function toChatMessage(json: GraphJson, chatId: string): ChatMessageInfo {
  const user = (json.from as { user?: { id?: unknown; displayName?: unknown; tenantId?: unknown } } | null)?.user;
  const createdAt = date(json.createdDateTime) ?? new Date(0);
  return {
    id: str(json.id) ?? '',
    chatId: str(json.chatId) ?? chatId,
    fromUserId: str(user?.id),
    fromDisplayName: str(user?.displayName),
    fromTenantId: str(user?.tenantId),
    createdAt,
    lastModifiedAt: date(json.lastModifiedDateTime) ?? createdAt,
    deletedAt: date(json.deletedDateTime),
    messageType: str(json.messageType) ?? 'message',
    preview: json.deletedDateTime ? '' : chatPreview(json.body),
    replyToId: str(json.replyToId),
    webUrl: str(json.webUrl),
  };
}
