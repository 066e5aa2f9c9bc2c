/**
 * Picking the first response to a request from candidate messages (DESIGN.md "First response at"). Pure: the caller
 * reads the candidates from Graph; this decides which one counts. A delivered response stays a response: a message
 * deleted or moved afterwards still counts, and a first response once recorded is only ever replaced by an earlier
 * one, whatever its source (a manual mark included) — see {@link isEarlierResponse}.
 */

/** A message the assignee sent in the request's conversation (email) — only the fields the rule needs. */
export interface SentMailCandidate {
  id: string;
  conversationId: string | null;
  /** When the message was sent (UTC). */
  sentAt: Date;
  /** To and Cc addresses (any case). */
  recipients: readonly string[];
  isDraft: boolean;
  /** Auto-Submitted (other than "no") or an automatic-reply marker. */
  isAutoReply: boolean;
}

/** A chat (or channel) message — only the fields the rule needs. */
export interface ChatMessageCandidate {
  id: string;
  /** The sender's user id, null for system or app messages. */
  fromUserId: string | null;
  createdAt: Date;
  /** 'message' for people's messages; system events and the like never count. */
  messageType: string;
  /** Set when the message was deleted (it was delivered before: it still counts). */
  deletedAt: Date | null;
  /** For channel messages: the thread root id (the message's own id for a root). Null in chats. */
  threadId: string | null;
}

export interface EmailRequestFacts {
  conversationId: string | null;
  receivedAt: Date;
  requesterAddresses: readonly string[];
}

export interface ChatRequestFacts {
  assigneeId: string;
  receivedAt: Date;
  /** For channel requests: the thread root id; null in chats. */
  threadId: string | null;
}

/** Whether one sent message counts as a response to the email request. */
export function isEmailResponse(request: EmailRequestFacts, message: SentMailCandidate): boolean {
  if (message.isDraft || message.isAutoReply) return false;
  if (request.conversationId === null || message.conversationId !== request.conversationId) return false;
  if (message.sentAt.getTime() <= request.receivedAt.getTime()) return false;
  const wanted = new Set(request.requesterAddresses.map((a) => a.toLowerCase()));
  return message.recipients.some((r) => wanted.has(r.toLowerCase()));
}

/**
 * The earliest of the assignee's sent messages that is a response: same conversationId, sent after receivedAt, To/Cc
 * include the requester (a forward to others does not count), not a draft, not an auto-reply. Null when none.
 */
export function pickEmailFirstResponse<T extends SentMailCandidate>(request: EmailRequestFacts, candidates: Iterable<T>): T | null {
  let best: T | null = null;
  for (const m of candidates) {
    if (!isEmailResponse(request, m)) continue;
    if (best === null || m.sentAt.getTime() < best.sentAt.getTime()) best = m;
  }
  return best;
}

/**
 * Whether one chat message counts as the assignee's response to the chat request. A deleted message counts: it was
 * delivered when it was posted (deleting it later changes nothing).
 */
export function isChatResponse(request: ChatRequestFacts, message: ChatMessageCandidate): boolean {
  if (message.messageType !== 'message') return false;
  if (message.fromUserId !== request.assigneeId) return false;
  if (request.threadId !== null && message.threadId !== request.threadId) return false;
  return message.createdAt.getTime() > request.receivedAt.getTime();
}

/** The assignee's first (non-system) message after the request in the same chat or thread, deleted or not; null when none. */
export function pickChatFirstResponse<T extends ChatMessageCandidate>(request: ChatRequestFacts, candidates: Iterable<T>): T | null {
  let best: T | null = null;
  for (const m of candidates) {
    if (!isChatResponse(request, m)) continue;
    if (best === null || m.createdAt.getTime() < best.createdAt.getTime()) best = m;
  }
  return best;
}

/**
 * Whether a response at `candidateAt` replaces the first response known (null = none known): only an earlier one does,
 * whatever either's source — a message found in Graph replaces a later manual mark, never an earlier one.
 */
export function isEarlierResponse(knownAt: Date | null, candidateAt: Date): boolean {
  return knownAt === null || candidateAt.getTime() < knownAt.getTime();
}

/**
 * Whether a message came from the person: its sender address is one of `ownAddresses` (any case). Used for reads
 * across folders, where a conversation also holds messages others sent.
 */
export function isSentBy(fromAddress: string | null | undefined, ownAddresses: readonly string[]): boolean {
  if (!fromAddress) return false;
  const from = fromAddress.toLowerCase();
  return ownAddresses.some((a) => a.toLowerCase() === from);
}
