import { GraphIdCodec } from './graph-ids';

/** One person in the demo organisation (a Graph `user` plus what the mailbox settings say). */
export interface DemoUser {
  index: number;
  id: string;
  tenantId: string;
  displayName: string;
  givenName: string;
  surname: string;
  userPrincipalName: string;
  /** The primary SMTP address; may differ from the UPN. */
  mail: string;
  /** Graph's `proxyAddresses`: 'SMTP:' + the primary address, 'smtp:' + each alias (mail sent to any of them arrives). */
  proxyAddresses: string[];
  /** 'Guest' for people invited from another organisation (UPN `…#EXT#@…`); 'Member' otherwise. */
  userType: 'Member' | 'Guest';
  department: string;
  jobTitle: string;
  officeLocation: string;
  managerId: string | null;
  /** mailboxSettings.timeZone and workingHours.timeZone.name: a Windows or an IANA name. */
  timeZoneName: string;
  /** The IANA zone the generator uses for that name. */
  ianaZone: string;
  workingDays: string[];
  /** Local start and end of the working day, minutes after midnight. */
  workStartMinute: number;
  workEndMinute: number;
  /** Scheduled out-of-office periods (UTC ms). The latest one not yet over is the mailbox's automaticRepliesSetting. */
  outOfOffice: { startMs: number; endMs: number }[];
}

/** A Teams team with its members and their roles ('owner' or none). */
export interface DemoTeam {
  id: string;
  displayName: string;
  description: string;
  department: string;
  createdMs: number;
  /** The team's request categories (its standards' list); the demo seeds them as the team's settings. */
  categories: string[];
  members: { userIndex: number; roles: string[] }[];
}

export interface MailAddress {
  name: string;
  address: string;
}

export type MailKind = 'request' | 'reply' | 'replyAll' | 'forward' | 'thanks' | 'chaser' | 'autoReply' | 'newsletter' | 'external' | 'externalReply' | 'sent';

/** A message as sent: shared by the sender's Sent Items copy and every recipient's Inbox copy. */
export interface SentMail {
  conversationId: string;
  internetMessageId: string;
  subject: string;
  bodyText: string;
  from: MailAddress;
  fromUserIndex: number | null;
  to: MailAddress[];
  cc: MailAddress[];
  sentMs: number;
  kind: MailKind;
  importance: 'low' | 'normal' | 'high';
  headers: { name: string; value: string }[];
}

/** One copy of a message in one mailbox folder; its `number` is the internal form of its opaque id. */
export interface MailboxMessage {
  number: number;
  ownerIndex: number;
  folder: 'inbox' | 'sentitems';
  mail: SentMail;
  categories: string[];
  isRead: boolean;
  createdMs: number;
  lastModifiedMs: number;
  changeSeq: number;
  deleted: boolean;
  inferenceClassification: 'focused' | 'other';
}

export interface DemoChat {
  index: number;
  id: string;
  chatType: 'oneOnOne' | 'group';
  topic: string | null;
  memberIndexes: number[];
  /** Members from another tenant (federated chat); they are not colleagues. */
  guestMembers?: DemoUser[];
  createdMs: number;
  messages: DemoChatMessage[];
}

export interface DemoChatMessage {
  id: string;
  chatIndex: number;
  fromUserIndex: number | null;
  /** The sender when it is a guest member from another tenant (then fromUserIndex is null). */
  fromGuest?: DemoUser;
  messageType: 'message' | 'systemEventMessage';
  bodyHtml: string;
  createdMs: number;
  lastModifiedMs: number;
  lastEditedMs: number | null;
  deletedMs: number | null;
  replyToId: string | null;
}

/** One colleague request in the data, with its first response computed from the mailboxes and chats as they are now. */
export interface GroundTruthRequest {
  assigneeId: string;
  requesterId: string;
  source: 'email' | 'chat';
  /** The message id as seen in the assignee's mailbox, or the chat message id. */
  messageId: string;
  chatId?: string;
  conversationId?: string;
  receivedAt: Date;
  firstResponseAt: Date | null;
  firstResponseMessageId: string | null;
}

/** A request the demo shows as already tracked (the server seeds these through its tracking use case). */
export interface InitiallyTrackedRequest {
  assigneeId: string;
  source: 'email' | 'chat';
  messageId: string;
  chatId?: string;
  category?: string;
  priority?: 'low' | 'normal' | 'high';
  resolved?: Date;
}

/** How the generator marked a colleague request (which message is the request; nothing about its answer). */
export interface RequestMark {
  source: 'email' | 'chat';
  requesterIndex: number;
  assigneeIndex: number;
  /** Email: the number of the assignee's Inbox copy. */
  messageNumber?: number;
  chatIndex?: number;
  chatMessageId?: string;
  tracked?: { category: string; priority: 'low' | 'normal' | 'high'; resolvedMs?: number };
}

/** The second, tiny tenant used to test cross-tenant isolation. */
export interface OtherTenant {
  tenantId: string;
  displayName: string;
  verifiedDomains: { name: string; isDefault: boolean; isInitial: boolean }[];
  users: DemoUser[];
}

/** What a mutation wants to send; addresses may be colleagues' or external. */
export interface OutgoingMail {
  subject: string;
  bodyText: string;
  to: MailAddress[];
  cc?: MailAddress[];
  importance?: 'low' | 'normal' | 'high';
  kind?: MailKind;
  headers?: { name: string; value: string }[];
  conversationId?: string;
}

/**
 * The demo organisation: directory, mailboxes and chats, deterministic from a seed, with mutation helpers used by the
 * Graph simulator's write endpoints. Built by generateDemoOrganization().
 */
export class DemoOrganization {
  readonly users: DemoUser[] = [];
  readonly teams: DemoTeam[] = [];
  readonly chats: DemoChat[] = [];
  readonly requestMarks: RequestMark[] = [];
  readonly ids: GraphIdCodec;
  /** Every mailbox message by number (the internal form of its id). */
  readonly messages: MailboxMessage[] = [];
  private readonly inboxes: MailboxMessage[][] = [];
  private readonly sentItems: MailboxMessage[][] = [];
  private readonly chatsByUser: DemoChat[][] = [];
  private readonly usersById = new Map<string, DemoUser>();
  private readonly usersByAddress = new Map<string, DemoUser>();
  private readonly chatsById = new Map<string, DemoChat>();
  private changeSeq = 0;
  private conversationCounter = 0;
  otherTenant: OtherTenant | null = null;

  constructor(
    readonly tenantId: string,
    readonly displayName: string,
    readonly verifiedDomains: { name: string; isDefault: boolean; isInitial: boolean }[],
    readonly createdMs: number,
    private readonly seed: number,
  ) {
    this.ids = new GraphIdCodec(seed);
  }

  /** Adds a user (generator only). */
  addUser(user: DemoUser): void {
    this.users.push(user);
    this.inboxes.push([]);
    this.sentItems.push([]);
    this.chatsByUser.push([]);
    this.usersById.set(user.id, user);
    this.usersByAddress.set(user.mail.toLowerCase(), user);
  }

  /** Adds a chat (generator only). */
  addChat(chat: DemoChat): void {
    this.chats.push(chat);
    this.chatsById.set(chat.id, chat);
    for (const m of chat.memberIndexes) this.chatsByUser[m]?.push(chat);
  }

  /** A demo-tenant user by object id. */
  userById(id: string): DemoUser | undefined {
    return this.usersById.get(id);
  }

  /** A demo-tenant user by object id or user principal name (case-insensitive), as `/users/{id}` accepts. */
  userByIdOrUpn(idOrUpn: string): DemoUser | undefined {
    return this.usersById.get(idOrUpn) ?? this.usersByAddress.get(idOrUpn.toLowerCase());
  }

  /** A demo-tenant user by SMTP address (case-insensitive). */
  userByAddress(address: string): DemoUser | undefined {
    return this.usersByAddress.get(address.toLowerCase());
  }

  /** The user's `emailAddress` (name and SMTP address). */
  addressOf(user: DemoUser): MailAddress {
    return { name: user.displayName, address: user.mail };
  }

  /** The messages in one of a user's folders, in the order they arrived (deleted ones included as tombstones). */
  folder(userIndex: number, folder: 'inbox' | 'sentitems'): readonly MailboxMessage[] {
    return (folder === 'inbox' ? this.inboxes : this.sentItems)[userIndex] ?? [];
  }

  /** A live mailbox message by its opaque id, or undefined. */
  messageById(id: string): MailboxMessage | undefined {
    const n = this.ids.messageNumber(id);
    if (n === null) return undefined;
    const m = this.messages[n];
    return m && !m.deleted ? m : undefined;
  }

  /** A chat by its Graph id ('19:…'). */
  chatById(id: string): DemoChat | undefined {
    return this.chatsById.get(id);
  }

  /** The chats a user is a member of. */
  chatsOf(userIndex: number): readonly DemoChat[] {
    return this.chatsByUser[userIndex] ?? [];
  }

  /** The latest change sequence number; delta tokens remember it. */
  currentChangeSeq(): number {
    return this.changeSeq;
  }

  /** A new opaque conversationId ('AAQkAG…'). */
  newConversationId(): string {
    this.conversationCounter++;
    const body = Buffer.alloc(20);
    body.writeUInt32BE(this.seed >>> 0, 0);
    body.writeUInt32BE(this.conversationCounter, 16);
    return `AAQkAG${body.toString('base64url')}=`;
  }

  /** A new RFC 5322 Message-ID ('<…@DOMAIN>') for a message sent at `sentMs` (UTC ms). */
  newInternetMessageId(sentMs: number, from: MailAddress): string {
    const domain = from.address.split('@')[1] ?? 'example.com';
    return `<${sentMs.toString(36).toUpperCase()}${(this.conversationCounter + this.messages.length).toString(36).toUpperCase()}@${domain.toUpperCase()}>`;
  }

  /**
   * Delivers a sent message: a Sent Items copy for an internal sender and an Inbox copy for each internal recipient,
   * each with its own id. Returns the sender's copy (or the first inbox copy for external senders).
   */
  deliver(mail: SentMail): { sentCopy: MailboxMessage | null; inboxCopies: MailboxMessage[] } {
    let sentCopy: MailboxMessage | null = null;
    if (mail.fromUserIndex !== null) sentCopy = this.addCopy(mail, mail.fromUserIndex, 'sentitems');
    const inboxCopies: MailboxMessage[] = [];
    const seen = new Set<number>();
    for (const r of [...mail.to, ...mail.cc]) {
      const u = this.usersByAddress.get(r.address.toLowerCase());
      if (!u || seen.has(u.index)) continue;
      seen.add(u.index);
      inboxCopies.push(this.addCopy(mail, u.index, 'inbox'));
    }
    return { sentCopy, inboxCopies };
  }

  private addCopy(mail: SentMail, ownerIndex: number, folder: 'inbox' | 'sentitems'): MailboxMessage {
    const copy: MailboxMessage = {
      number: this.messages.length,
      ownerIndex,
      folder,
      mail,
      categories: [],
      isRead: folder === 'sentitems',
      createdMs: mail.sentMs,
      lastModifiedMs: mail.sentMs,
      changeSeq: ++this.changeSeq,
      deleted: false,
      inferenceClassification: mail.kind === 'newsletter' ? 'other' : 'focused',
    };
    this.messages.push(copy);
    (folder === 'inbox' ? this.inboxes : this.sentItems)[ownerIndex]?.push(copy);
    return copy;
  }

  /** Sends a new message from a user now (write endpoints). */
  sendMail(fromUserIndex: number, out: OutgoingMail, sentMs: number): MailboxMessage | null {
    const from = this.users[fromUserIndex];
    if (!from) throw new Error('unknown sender');
    const fromAddress = this.addressOf(from);
    const mail: SentMail = {
      conversationId: out.conversationId ?? this.newConversationId(),
      internetMessageId: this.newInternetMessageId(sentMs, fromAddress),
      subject: out.subject,
      bodyText: out.bodyText,
      from: fromAddress,
      fromUserIndex,
      to: out.to,
      cc: out.cc ?? [],
      sentMs,
      kind: out.kind ?? 'sent',
      importance: out.importance ?? 'normal',
      headers: out.headers ?? [],
    };
    return this.deliver(mail).sentCopy;
  }

  /**
   * Sends a new message and, like Exchange, answers it with an automatic reply from every internal recipient whose
   * scheduled out-of-office covers the sending time (once per sender and period).
   */
  sendMailWithAutoReplies(fromUserIndex: number, out: OutgoingMail, sentMs: number): MailboxMessage | null {
    const sent = this.sendMail(fromUserIndex, out, sentMs);
    const sender = this.users[fromUserIndex];
    if (!sent || !sender) return sent;
    for (const r of [...sent.mail.to, ...sent.mail.cc]) {
      const recipient = this.usersByAddress.get(r.address.toLowerCase());
      const period = recipient?.outOfOffice.find((o) => sentMs >= o.startMs && sentMs < o.endMs);
      if (!recipient || !period || recipient.index === fromUserIndex) continue;
      const key = `${recipient.index}|${fromUserIndex}|${period.startMs}`;
      if (this.autoReplied.has(key)) continue;
      this.autoReplied.add(key);
      this.sendMail(recipient.index, {
        subject: `Automatic reply: ${sent.mail.subject}`, bodyText: `I am out of the office until ${new Date(period.endMs).toDateString()}.`,
        to: [this.addressOf(sender)], conversationId: sent.mail.conversationId, kind: 'autoReply',
        headers: [{ name: 'Auto-Submitted', value: 'auto-replied' }, { name: 'X-Auto-Response-Suppress', value: 'All' }],
      }, sentMs + 1000);
    }
    return sent;
  }

  private readonly autoReplied = new Set<string>();

  /** Replies (to the sender) or replies all to a mailbox message, from its owner. */
  replyTo(message: MailboxMessage, comment: string, sentMs: number, replyAll = false): MailboxMessage | null {
    const owner = this.users[message.ownerIndex];
    if (!owner) throw new Error('unknown owner');
    const ownAddress = owner.mail.toLowerCase();
    const original = message.mail;
    const to = message.folder === 'sentitems' ? original.to : [original.from];
    const cc = replyAll
      ? [...original.to, ...original.cc].filter((a) => a.address.toLowerCase() !== ownAddress && !to.some((t) => t.address === a.address))
      : [];
    const subject = /^re:/i.test(original.subject) ? original.subject : `RE: ${original.subject}`;
    return this.sendMailWithAutoReplies(message.ownerIndex, { subject, bodyText: comment, to, cc, conversationId: original.conversationId, kind: replyAll ? 'replyAll' : 'reply' }, sentMs);
  }

  /** Replaces a message's categories (PATCH). */
  setCategories(message: MailboxMessage, categories: string[], atMs: number): void {
    message.categories = [...categories];
    this.touch(message, atMs);
  }

  /** Marks a message read or unread (PATCH). */
  setRead(message: MailboxMessage, isRead: boolean, atMs: number): void {
    message.isRead = isRead;
    this.touch(message, atMs);
  }

  /** Deletes a message; delta reports it as `@removed`. */
  deleteMessage(message: MailboxMessage, atMs: number): void {
    message.deleted = true;
    this.touch(message, atMs);
  }

  private touch(message: MailboxMessage, atMs: number): void {
    message.lastModifiedMs = atMs;
    message.changeSeq = ++this.changeSeq;
    const list = (message.folder === 'inbox' ? this.inboxes : this.sentItems)[message.ownerIndex];
    if (list) {
      // Keep each folder ordered by changeSeq so delta can page through it in order.
      const at = list.indexOf(message);
      if (at >= 0) list.splice(at, 1);
      list.push(message);
    }
  }

  /** Posts a chat message (write endpoint and generator). Ids are epoch-millisecond strings, as in Teams. */
  postChatMessage(chat: DemoChat, fromUserIndex: number | null, bodyHtml: string, createdMs: number, messageType: 'message' | 'systemEventMessage' = 'message', fromGuest?: DemoUser): DemoChatMessage {
    const last = chat.messages[chat.messages.length - 1];
    const ms = last && last.createdMs >= createdMs ? last.createdMs + 1 : createdMs;
    const message: DemoChatMessage = {
      id: String(ms), chatIndex: chat.index, fromUserIndex, messageType, bodyHtml,
      createdMs: ms, lastModifiedMs: ms, lastEditedMs: null, deletedMs: null, replyToId: null, ...(fromGuest ? { fromGuest } : {}),
    };
    chat.messages.push(message);
    return message;
  }

  /**
   * Every colleague request in the data with its first response, computed from the mailboxes and chats as they are
   * now (not from how the generator made the replies): email — the earliest message in the assignee's Sent Items with
   * the same conversationId, sent after the request, whose To/Cc include the requester, not an auto-reply; chat — the
   * assignee's first message in the same chat after the request.
   */
  groundTruth(): GroundTruthRequest[] {
    const sentByConversation = new Map<string, MailboxMessage[]>();
    for (const list of this.sentItems) {
      for (const m of list) {
        if (m.deleted) continue;
        const key = `${m.ownerIndex}|${m.mail.conversationId}`;
        const arr = sentByConversation.get(key);
        if (arr) arr.push(m);
        else sentByConversation.set(key, [m]);
      }
    }
    const result: GroundTruthRequest[] = [];
    for (const mark of this.requestMarks) {
      const assignee = this.users[mark.assigneeIndex];
      const requester = this.users[mark.requesterIndex];
      if (!assignee || !requester) continue;
      if (mark.source === 'email' && mark.messageNumber !== undefined) {
        const request = this.messages[mark.messageNumber];
        if (!request) continue;
        const receivedMs = request.mail.sentMs;
        const requesterAddress = requester.mail.toLowerCase();
        let best: MailboxMessage | null = null;
        for (const s of sentByConversation.get(`${assignee.index}|${request.mail.conversationId}`) ?? []) {
          if (s.mail.sentMs <= receivedMs) continue;
          if (s.mail.headers.some((h) => h.name.toLowerCase() === 'auto-submitted' && h.value.toLowerCase() !== 'no')) continue;
          if (![...s.mail.to, ...s.mail.cc].some((a) => a.address.toLowerCase() === requesterAddress)) continue;
          if (!best || s.mail.sentMs < best.mail.sentMs) best = s;
        }
        result.push({
          assigneeId: assignee.id, requesterId: requester.id, source: 'email', messageId: this.ids.messageId(request.number),
          conversationId: request.mail.conversationId, receivedAt: new Date(receivedMs),
          firstResponseAt: best ? new Date(best.mail.sentMs) : null, firstResponseMessageId: best ? this.ids.messageId(best.number) : null,
        });
      } else if (mark.source === 'chat' && mark.chatIndex !== undefined && mark.chatMessageId !== undefined) {
        const chat = this.chats[mark.chatIndex];
        const request = chat?.messages.find((m) => m.id === mark.chatMessageId);
        if (!chat || !request) continue;
        let best: DemoChatMessage | null = null;
        for (const m of chat.messages) {
          if (m.fromUserIndex !== assignee.index || m.messageType !== 'message' || m.deletedMs !== null) continue;
          if (m.createdMs <= request.createdMs) continue;
          if (!best || m.createdMs < best.createdMs) best = m;
        }
        result.push({
          assigneeId: assignee.id, requesterId: requester.id, source: 'chat', messageId: request.id, chatId: chat.id,
          receivedAt: new Date(request.createdMs), firstResponseAt: best ? new Date(best.createdMs) : null, firstResponseMessageId: best?.id ?? null,
        });
      }
    }
    return result;
  }

  /** The requests the demo opens with as already tracked. */
  initiallyTracked(): InitiallyTrackedRequest[] {
    const out: InitiallyTrackedRequest[] = [];
    for (const mark of this.requestMarks) {
      if (!mark.tracked) continue;
      const assignee = this.users[mark.assigneeIndex];
      if (!assignee) continue;
      const base = { assigneeId: assignee.id, category: mark.tracked.category, priority: mark.tracked.priority };
      const resolved = mark.tracked.resolvedMs !== undefined ? { resolved: new Date(mark.tracked.resolvedMs) } : {};
      if (mark.source === 'email' && mark.messageNumber !== undefined) {
        out.push({ ...base, source: 'email', messageId: this.ids.messageId(mark.messageNumber), ...resolved });
      } else if (mark.chatIndex !== undefined && mark.chatMessageId !== undefined) {
        const chat = this.chats[mark.chatIndex];
        if (chat) out.push({ ...base, source: 'chat', messageId: mark.chatMessageId, chatId: chat.id, ...resolved });
      }
    }
    return out;
  }
}
