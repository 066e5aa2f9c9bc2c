/**
 * What a person would say happened to each colleague request of the demo organisation: the message that first answered
 * it and when, or why nothing did ("only a forward to …", "only an automatic reply", …), and the untidy situations it
 * went through on the way. It is written down as messages are written — by the generator and by the simulator's write
 * endpoints — from what the writer knows: who each recipient is whatever address was used, that a message is an
 * automatic reply or a draft, which copy was moved or deleted later. Nothing here reads the mailboxes back, so the sync
 * ground-truth test compares the app with a script, not with a second copy of the first-response rule over the same data.
 *
 * The script follows DESIGN.md's "first response": email — the assignee's earliest message after the request in the same
 * conversation that reaches the requester (To or Cc, by any of their addresses), not a draft, not automatic; chat — the
 * assignee's first message in the same chat after the request (a system event is nobody's message); channel — the
 * assignee's first reply in the request's thread (a reply in another thread of the channel does not count). A delivered
 * response stays: moving or deleting its copy later is recorded as a case, never as a change of the answer.
 */

/** The untidy situations a scripted request can go through; the ground-truth report counts each. */
export const UNTIDY_CASES = [
  /** The requester's mail differs from their sign-in name (UPN). */
  'requesterMailNotUpn',
  /** The request was sent from one of the requester's aliases. */
  'requestFromAlias',
  /** The request was sent to one of the assignee's aliases. */
  'requestToAlias',
  /** The first response reached the requester at one of their aliases. */
  'replyToAlias',
  /** The first response had the requester in Cc only (someone else in To). */
  'requesterInCcOnly',
  /** The first response's subject was edited (same conversation). */
  'editedSubject',
  /** The first response, a human reply, carried X-Auto-Response-Suppress. */
  'suppressHeaderOnReply',
  /** A forward to others came before the first response, or instead of one. */
  'forwardToOthers',
  /** A message in the conversation to others only came first, or instead. */
  'replyToSomeoneElse',
  /** Exchange's out-of-office reply came first, or instead. */
  'exchangeOutOfOffice',
  /** An automatic acknowledgement (Auto-Submitted: auto-replied) came first, or instead. */
  'autoSubmittedReply',
  /** A reply drafted and never sent came first, or instead. */
  'draftNotSent',
  /** A second ask in a thread already answered: the earlier answers do not count for it. */
  'secondAskInThread',
  /** The first response's copy was moved to Archive later. */
  'responseArchived',
  /** The first response's copy was moved to Deleted Items later. */
  'responseDeleted',
  /** The chat first response was deleted later. */
  'chatResponseDeleted',
  /** A system event (a call) came first in the chat, or instead of an answer. */
  'chatSystemMessage',
  /** One chat message was the first response to several asks. */
  'chatOneAnswerForSeveralAsks',
  /** Channel: the assignee replied in another thread of the same channel first (it does not count). */
  'replyInAnotherThread',
  /** Channel: someone other than the assignee replied in the thread first (it does not count). */
  'othersRepliedInThread',
] as const;
export type UntidyCase = (typeof UNTIDY_CASES)[number];

/** The answer the script made: the assignee's copy (email) or the chat message, and when it was sent (UTC ms). */
export interface ScriptedFirstResponse {
  /** Email: the number of the assignee's Sent Items copy as sent (a later move gives the copy a new number). */
  messageNumber?: number;
  /** Chat: the chat message id; channel: the reply's id. */
  chatMessageId?: string;
  atMs: number;
}

/** What a person would say happened to one request. */
export interface ScriptedOutcome {
  firstResponse: ScriptedFirstResponse | null;
  /** In words: "the reply of 2025-03-12 10:42 UTC", "no response: only a forward to Nestor Wilke". */
  why: string;
  /** The untidy situations this request went through, each once, in the order they happened. */
  cases: UntidyCase[];
}

/** One recipient who is a person of the organisation, and whether the address used was one of their aliases. */
export interface ScriptedRecipient {
  userIndex: number;
  byAlias: boolean;
}

/** An email as its writer knows it when the script records it. */
export interface ScriptedEmail {
  fromUserIndex: number;
  conversationId: string;
  sentMs: number;
  to: ScriptedRecipient[];
  cc: ScriptedRecipient[];
  /** Written by a machine (out-of-office, auto-acknowledgement), whatever its headers say. */
  automatic: boolean;
  /** Saved as a draft, never sent. */
  draft: boolean;
  /** A forward (what it is called when it reaches others only). */
  forward: boolean;
  /** The sender's kept copy (Sent Items or Drafts), or null when none is kept (Exchange's automatic replies). */
  copyNumber: number | null;
  /** Untidy situations of the message itself (edited subject, the suppress header, the automatic form); they are the
   * request's when this message answers it, or (the automatic form) when it is an automatic reply to it. */
  cases: readonly UntidyCase[];
  /** How a person names it when it is all there is: "a forward to Nestor Wilke". */
  label: string;
}

interface Entry {
  outcome: ScriptedOutcome;
  assigneeIndex: number;
  requesterIndex: number;
  receivedMs: number;
  notes: string[];
}

const NO_ANSWER = 'no response: no answer yet';
const when = (ms: number): string => `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** A new outcome: no answer yet, with the cases known when the request was written. */
export function openOutcome(cases: readonly UntidyCase[] = []): ScriptedOutcome {
  return { firstResponse: null, why: NO_ANSWER, cases: [...new Set(cases)] };
}

function addCases(outcome: ScriptedOutcome, cases: readonly UntidyCase[]): void {
  for (const c of cases) if (!outcome.cases.includes(c)) outcome.cases.push(c);
}

function note(entry: Entry, text: string, cases: readonly UntidyCase[]): void {
  addCases(entry.outcome, cases);
  if (!entry.notes.includes(text)) entry.notes.push(text);
  entry.outcome.why = `no response: only ${entry.notes.join(', then ')}`;
}

/** The organisation's record of scripted outcomes; the outcome objects live on the request marks and change here. */
export class RequestScript {
  /** Open email requests by `${assigneeIndex}|${conversationId}`. */
  private readonly openEmail = new Map<string, Entry[]>();
  /** Open chat requests by chat index. */
  private readonly openChat = new Map<number, Entry[]>();
  /** Open channel requests by `${channelId}|${threadId}` (the thread's root message id). */
  private readonly openThreads = new Map<string, Entry[]>();
  /** Answered requests by the number of their first response's copy (following moves). */
  private readonly byResponseCopy = new Map<number, Entry[]>();
  /** Answered chat requests by `${chatIndex}|${messageId}`. */
  private readonly byResponseChatMessage = new Map<string, Entry[]>();

  /** An email request received by `assigneeIndex` at `receivedMs`. */
  emailRequest(outcome: ScriptedOutcome, assigneeIndex: number, requesterIndex: number, conversationId: string, receivedMs: number): void {
    push(this.openEmail, `${assigneeIndex}|${conversationId}`, { outcome, assigneeIndex, requesterIndex, receivedMs, notes: [] });
  }

  /** A chat request received by `assigneeIndex` at `receivedMs`. */
  chatRequest(outcome: ScriptedOutcome, assigneeIndex: number, requesterIndex: number, chatIndex: number, receivedMs: number): void {
    push(this.openChat, chatIndex, { outcome, assigneeIndex, requesterIndex, receivedMs, notes: [] });
  }

  /** A request asked in a channel thread's root message, for `assigneeIndex`. */
  channelRequest(outcome: ScriptedOutcome, assigneeIndex: number, requesterIndex: number, channelId: string, threadId: string, receivedMs: number): void {
    push(this.openThreads, `${channelId}|${threadId}`, { outcome, assigneeIndex, requesterIndex, receivedMs, notes: [] });
  }

  /**
   * A channel message posted: a reply by the assignee in the request's thread answers it; their reply in another
   * thread of the channel, or someone else's reply in the thread, is noted and does not.
   */
  channelPosted(channelId: string, message: { id: string; fromUserIndex: number | null; messageType: string; createdMs: number; replyToId: string | null }): void {
    for (const [key, open] of this.openThreads) {
      if (!key.startsWith(`${channelId}|`)) continue;
      const inThread = message.replyToId !== null && key === `${channelId}|${message.replyToId}`;
      const still: Entry[] = [];
      for (const entry of open) {
        if (message.createdMs <= entry.receivedMs || message.messageType !== 'message' || message.fromUserIndex === entry.requesterIndex) still.push(entry);
        else if (inThread && message.fromUserIndex === entry.assigneeIndex) {
          entry.outcome.firstResponse = { chatMessageId: message.id, atMs: message.createdMs };
          entry.outcome.why = `the thread reply of ${when(message.createdMs)}`;
        } else {
          if (inThread) note(entry, 'replies by others in the thread', ['othersRepliedInThread']);
          else if (message.fromUserIndex === entry.assigneeIndex) note(entry, 'a reply in another thread of the channel', ['replyInAnotherThread']);
          still.push(entry);
        }
      }
      if (still.length > 0) this.openThreads.set(key, still);
      else this.openThreads.delete(key);
    }
  }

  /** An email written (sent, or saved as a draft): it answers the sender's open requests it reaches, or is noted. */
  emailWritten(mail: ScriptedEmail): void {
    const key = `${mail.fromUserIndex}|${mail.conversationId}`;
    const open = this.openEmail.get(key);
    if (!open) return;
    const still: Entry[] = [];
    for (const entry of open) {
      if (mail.sentMs <= entry.receivedMs) {
        still.push(entry);
        continue;
      }
      const inTo = mail.to.find((r) => r.userIndex === entry.requesterIndex);
      const inCc = mail.cc.find((r) => r.userIndex === entry.requesterIndex);
      const reached = inTo ?? inCc;
      if (mail.draft) note(entry, 'a draft that was never sent', ['draftNotSent']);
      else if (mail.automatic) note(entry, 'an automatic reply', mail.cases);
      else if (!reached) note(entry, mail.label, [mail.forward ? 'forwardToOthers' : 'replyToSomeoneElse']);
      if (mail.draft || mail.automatic || !reached || mail.copyNumber === null) {
        still.push(entry);
        continue;
      }
      entry.outcome.firstResponse = { messageNumber: mail.copyNumber, atMs: mail.sentMs };
      entry.outcome.why = `the reply of ${when(mail.sentMs)}`;
      addCases(entry.outcome, [...mail.cases, ...(reached.byAlias ? ['replyToAlias' as const] : []), ...(inTo ? [] : ['requesterInCcOnly' as const])]);
      push(this.byResponseCopy, mail.copyNumber, entry);
    }
    if (still.length > 0) this.openEmail.set(key, still);
    else this.openEmail.delete(key);
  }

  /** A copy moved to another folder under a new number: a first response keeps being the first response. */
  copyMoved(fromNumber: number, toNumber: number, folder: string): void {
    const entries = this.byResponseCopy.get(fromNumber);
    if (!entries) return;
    this.byResponseCopy.delete(fromNumber);
    this.byResponseCopy.set(toNumber, entries);
    const c = folder === 'archive' ? 'responseArchived' : folder === 'deleteditems' ? 'responseDeleted' : null;
    if (c) for (const e of entries) addCases(e.outcome, [c]);
  }

  /** A chat message posted: the sender's first message answers their open asks in that chat; a system event is noted. */
  chatPosted(chatIndex: number, message: { id: string; fromUserIndex: number | null; messageType: string; createdMs: number }): void {
    const open = this.openChat.get(chatIndex);
    if (!open) return;
    const still: Entry[] = [];
    const answered: Entry[] = [];
    for (const entry of open) {
      if (message.createdMs <= entry.receivedMs) still.push(entry);
      else if (message.messageType !== 'message') {
        note(entry, 'a system message (a call)', ['chatSystemMessage']);
        still.push(entry);
      } else if (message.fromUserIndex === entry.assigneeIndex) answered.push(entry);
      else still.push(entry);
    }
    for (const entry of answered) {
      entry.outcome.firstResponse = { chatMessageId: message.id, atMs: message.createdMs };
      entry.outcome.why = `the chat message of ${when(message.createdMs)}`;
      if (answered.length > 1) addCases(entry.outcome, ['chatOneAnswerForSeveralAsks']);
    }
    if (answered.length > 0) push(this.byResponseChatMessage, `${chatIndex}|${message.id}`, ...answered);
    if (still.length > 0) this.openChat.set(chatIndex, still);
    else this.openChat.delete(chatIndex);
  }

  /** A chat message deleted: a first response stays the first response. */
  chatMessageDeleted(chatIndex: number, messageId: string): void {
    for (const e of this.byResponseChatMessage.get(`${chatIndex}|${messageId}`) ?? []) addCases(e.outcome, ['chatResponseDeleted']);
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, ...values: V[]): void {
  const list = map.get(key);
  if (list) list.push(...values);
  else map.set(key, [...values]);
}
