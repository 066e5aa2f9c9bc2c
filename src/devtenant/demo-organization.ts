import { GraphIdCodec, MAIL_FOLDERS, type MailFolderName } from './graph-ids';
import { RequestScript, openOutcome, type ScriptedEmail, type ScriptedOutcome, type ScriptedRecipient, type UntidyCase } from './scripted-first-responses';

export type { MailFolderName } from './graph-ids';

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
  /**
   * Changes of the working hours, in time order: from `fromMs` on, these hours apply (before the first change, the
   * fields above). mailboxSettings shows the hours in force at the simulated time.
   */
  workingHoursChanges?: WorkingHoursChange[];
}

/** A person's working hours from an instant on. */
export interface WorkingHoursChange {
  fromMs: number;
  workingDays: string[];
  workStartMinute: number;
  workEndMinute: number;
}

/** The working hours in force for `user` at `atMs` (UTC ms). */
export function workingHoursAt(user: DemoUser, atMs: number): { workingDays: string[]; workStartMinute: number; workEndMinute: number } {
  let current = { workingDays: user.workingDays, workStartMinute: user.workStartMinute, workEndMinute: user.workEndMinute };
  for (const c of user.workingHoursChanges ?? []) {
    if (c.fromMs > atMs) break;
    current = { workingDays: c.workingDays, workStartMinute: c.workStartMinute, workEndMinute: c.workEndMinute };
  }
  return current;
}

/** Every SMTP address of a user, lower-cased: the primary (`mail`) first, then each `smtp:` alias. */
export function smtpAddressesOf(user: DemoUser): string[] {
  const out = [user.mail.toLowerCase()];
  for (const p of user.proxyAddresses) {
    const m = /^smtp:(.+@.+)$/i.exec(p.trim());
    const address = m?.[1]?.toLowerCase();
    if (address && !out.includes(address)) out.push(address);
  }
  return out;
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
  /**
   * Membership changes the script makes after the demo's now (a person leaves, an owner becomes a member): applied to
   * `members` once the simulated clock passes them ({@link DemoOrganization.advanceTo}). `roles: null` = leaves.
   */
  scheduledChanges?: { atMs: number; userIndex: number; roles: string[] | null }[];
}

export interface MailAddress {
  name: string;
  address: string;
}

export type MailKind = 'request' | 'reply' | 'replyAll' | 'forward' | 'thanks' | 'chaser' | 'autoReply' | 'newsletter' | 'external' | 'externalReply' | 'sent';

/** Exchange's out-of-office reply headers (as Exchange Online stamps them; it keeps no Sent Items copy of the reply). */
export function exchangeOutOfOfficeHeaders(ownerAddress: string): { name: string; value: string }[] {
  return [
    { name: 'Auto-Submitted', value: 'auto-generated' },
    { name: 'X-Auto-Response-Suppress', value: 'All' },
    { name: 'X-MS-Exchange-Inbox-Rules-Loop', value: ownerAddress },
    { name: 'X-MS-Exchange-Generated-Message-Source', value: 'Mailbox Rules Agent' },
  ];
}

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
  /** False when the sender keeps no copy (Exchange's automatic replies are not saved in Sent Items). Default true. */
  keepSentCopy?: boolean;
  /** Untidy situations the script gave this message (e.g. an edited subject, the automatic form). */
  scriptCases?: UntidyCase[];
}

/** One copy of a message in one mailbox folder; its `number` is the internal form of its opaque id. */
export interface MailboxMessage {
  number: number;
  ownerIndex: number;
  folder: MailFolderName;
  /** When moved: the number of the copy that replaced it in the destination folder (this one is then a tombstone). */
  movedToNumber?: number;
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

/**
 * A standard channel of a team ('19:…@thread.tacv2'), its messages in posting order: root messages (`replyToId` null)
 * and the replies of their threads (`replyToId` = the root's id). Every member of the team sees it.
 */
export interface DemoChannel {
  id: string;
  teamId: string;
  displayName: string;
  description: string;
  createdMs: number;
  messages: DemoChannelMessage[];
}

/** A channel message: a thread's root or one of its replies. Ids are epoch-millisecond strings, as in Teams. */
export interface DemoChannelMessage {
  id: string;
  channelId: string;
  fromUserIndex: number | null;
  messageType: 'message' | 'systemEventMessage';
  /** A root message's subject line (Teams' "Add a subject"); null on replies. */
  subject: string | null;
  bodyHtml: string;
  createdMs: number;
  lastModifiedMs: number;
  deletedMs: number | null;
  /** The thread's root message id for a reply; null for a root. */
  replyToId: string | null;
}

/** How a change notification names a change (Graph's `changeType`). */
export type ChangeType = 'created' | 'updated' | 'deleted';

/**
 * One change of the organisation's mail or chats, as Graph's change notifications see it: a mailbox message created,
 * updated or deleted in its owner's folder (a move is `deleted` in one folder and `created` in the other), or a chat
 * message created or deleted in its chat (every member's `getAllMessages` sees it).
 */
export type OrganizationChange =
  | { kind: 'mail'; message: MailboxMessage; changeType: ChangeType }
  | { kind: 'chatMessage'; chat: DemoChat; message: DemoChatMessage; changeType: ChangeType };

export type OrganizationChangeListener = (change: OrganizationChange) => void;

/** One colleague request with its scripted first response: what a person would say happened (see RequestMark.scripted). */
export interface GroundTruthRequest {
  assigneeId: string;
  requesterId: string;
  source: 'email' | 'chat' | 'channel';
  /** The message id as seen in the assignee's mailbox, or the chat message id, or the channel thread's root message id. */
  messageId: string;
  chatId?: string;
  /** Channel requests: the team the channel belongs to, the channel, and the thread (its root message id). */
  teamId?: string;
  channelId?: string;
  threadId?: string;
  conversationId?: string;
  receivedAt: Date;
  firstResponseAt: Date | null;
  /** Email: the current id of the response's copy (after any move); chat: the message id; channel: the reply's id. */
  firstResponseMessageId: string | null;
  /** In words, e.g. "the reply of 2025-03-12 10:42 UTC" or "no response: only a forward to Nestor Wilke". */
  why: string;
  /** The untidy situations the request went through (UNTIDY_CASES). */
  cases: string[];
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

/** How the script marked a colleague request: which message is the request, and what happened to it. */
export interface RequestMark {
  source: 'email' | 'chat' | 'channel';
  requesterIndex: number;
  assigneeIndex: number;
  /** Email: the number of the assignee's Inbox copy. */
  messageNumber?: number;
  chatIndex?: number;
  chatMessageId?: string;
  /** Channel: the channel's id and the thread's root message id. */
  channelId?: string;
  threadId?: string;
  tracked?: { category: string; priority: 'low' | 'normal' | 'high'; resolvedMs?: number };
  /** What a person would say happened: the scripted first response or why there is none (kept up to date as written). */
  scripted: ScriptedOutcome;
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
  keepSentCopy?: boolean;
  scriptCases?: UntidyCase[];
}

/**
 * The demo organisation: directory, mailboxes and chats, deterministic from a seed, with mutation helpers used by the
 * Graph simulator's write endpoints. Built by generateDemoOrganization().
 */
export class DemoOrganization {
  readonly users: DemoUser[] = [];
  readonly teams: DemoTeam[] = [];
  readonly chats: DemoChat[] = [];
  /** The standard channels of the teams, in creation order. */
  readonly channels: DemoChannel[] = [];
  readonly requestMarks: RequestMark[] = [];
  readonly ids: GraphIdCodec;
  /** Every mailbox message by number (the internal form of its id). */
  readonly messages: MailboxMessage[] = [];
  private readonly script = new RequestScript();
  private readonly folders = new Map<MailFolderName, MailboxMessage[][]>(MAIL_FOLDERS.map((f) => [f, []]));
  private readonly chatsByUser: DemoChat[][] = [];
  private readonly usersById = new Map<string, DemoUser>();
  private readonly usersByUpn = new Map<string, DemoUser>();
  private readonly usersByAddress = new Map<string, DemoUser>();
  private readonly chatsById = new Map<string, DemoChat>();
  private changeSeq = 0;
  private conversationCounter = 0;
  private readonly changeListeners: OrganizationChangeListener[] = [];
  /** Users (ids) for whom Turnaround's Teams app is not installed; everyone else has it (see {@link teamsAppInstalledFor}). */
  private readonly withoutTeamsApp = new Set<string>();
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

  /**
   * Calls `listener` after every later change of a mailbox message or chat message (the simulator's change
   * notifications watch them). Returns the function that removes the listener.
   */
  onChange(listener: OrganizationChangeListener): () => void {
    this.changeListeners.push(listener);
    return () => {
      const at = this.changeListeners.indexOf(listener);
      if (at >= 0) this.changeListeners.splice(at, 1);
    };
  }

  private emitChange(change: OrganizationChange): void {
    for (const listener of [...this.changeListeners]) listener(change);
  }

  /** Adds a user (generator only). */
  addUser(user: DemoUser): void {
    this.users.push(user);
    for (const lists of this.folders.values()) lists.push([]);
    this.chatsByUser.push([]);
    this.usersById.set(user.id, user);
    this.usersByUpn.set(user.userPrincipalName.toLowerCase(), user);
    for (const address of smtpAddressesOf(user)) this.usersByAddress.set(address, user);
  }

  /** Adds a chat (generator only). */
  addChat(chat: DemoChat): void {
    this.chats.push(chat);
    this.chatsById.set(chat.id, chat);
    for (const m of chat.memberIndexes) this.chatsByUser[m]?.push(chat);
  }

  /** Adds a channel to a team (generator only). */
  addChannel(channel: DemoChannel): void {
    this.channels.push(channel);
  }

  /** The channels of a team, in creation order. */
  channelsOf(teamId: string): DemoChannel[] {
    return this.channels.filter((c) => c.teamId === teamId);
  }

  /**
   * Posts a channel message: a thread's root (`replyToId` null) or a reply in the thread of `replyToId`. Ids are
   * epoch-millisecond strings unique in the channel, as in Teams.
   */
  postChannelMessage(channel: DemoChannel, fromUserIndex: number | null, bodyHtml: string, createdMs: number, replyToId: string | null = null, subject: string | null = null): DemoChannelMessage {
    let ms = createdMs;
    while (channel.messages.some((m) => m.id === String(ms))) ms++;
    const message: DemoChannelMessage = {
      id: String(ms), channelId: channel.id, fromUserIndex, messageType: 'message', subject: replyToId === null ? subject : null, bodyHtml,
      createdMs: ms, lastModifiedMs: ms, deletedMs: null, replyToId,
    };
    channel.messages.push(message);
    this.script.channelPosted(channel.id, message);
    return message;
  }

  /** A demo-tenant user by object id. */
  userById(id: string): DemoUser | undefined {
    return this.usersById.get(id);
  }

  /** A demo-tenant user by object id or user principal name (case-insensitive), as `/users/{id}` accepts. */
  userByIdOrUpn(idOrUpn: string): DemoUser | undefined {
    return this.usersById.get(idOrUpn) ?? this.usersByUpn.get(idOrUpn.toLowerCase());
  }

  /** A demo-tenant user by SMTP address (case-insensitive): the primary address or any `smtp:` alias. */
  userByAddress(address: string): DemoUser | undefined {
    return this.usersByAddress.get(address.toLowerCase());
  }

  /**
   * Whether Turnaround's Teams app is installed for the user (personal scope), which Graph's activity feed requires of
   * a recipient. An admin's app setup policy installs it for everyone; the generator leaves out a few people, as in an
   * untidy tenant (someone who removed it, a policy that missed them).
   */
  teamsAppInstalledFor(userId: string): boolean {
    return !this.withoutTeamsApp.has(userId);
  }

  /** Installs (true) or removes (false) Turnaround's Teams app for a user (generator, tests, the control plane). */
  setTeamsAppInstalled(userId: string, installed: boolean): void {
    if (installed) this.withoutTeamsApp.delete(userId);
    else this.withoutTeamsApp.add(userId);
  }

  /** The user's `emailAddress` (name and SMTP address). */
  addressOf(user: DemoUser): MailAddress {
    return { name: user.displayName, address: user.mail };
  }

  /** The messages in one of a user's folders in change order (deleted and moved ones included as tombstones). */
  folder(userIndex: number, folder: MailFolderName): readonly MailboxMessage[] {
    return this.folders.get(folder)?.[userIndex] ?? [];
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
    if (mail.fromUserIndex !== null && mail.keepSentCopy !== false) sentCopy = this.addCopy(mail, mail.fromUserIndex, 'sentitems');
    const inboxCopies: MailboxMessage[] = [];
    const seen = new Set<number>();
    for (const r of [...mail.to, ...mail.cc]) {
      const u = this.usersByAddress.get(r.address.toLowerCase());
      // Guests have no mailbox here: mail to them goes to their own organisation.
      if (!u || u.userType === 'Guest' || seen.has(u.index)) continue;
      seen.add(u.index);
      inboxCopies.push(this.addCopy(mail, u.index, 'inbox'));
    }
    if (mail.fromUserIndex !== null) this.script.emailWritten(this.scripted(mail, sentCopy, false));
    return { sentCopy, inboxCopies };
  }

  /** Saves a message as a draft in the sender's Drafts folder (never sent: nobody receives it). */
  saveDraft(mail: SentMail): MailboxMessage {
    if (mail.fromUserIndex === null) throw new Error('a draft needs an internal author');
    const copy = this.addCopy(mail, mail.fromUserIndex, 'drafts');
    this.script.emailWritten(this.scripted(mail, copy, true));
    return copy;
  }

  /** How the script sees a message its writer wrote (recipients as people, whatever address was used). */
  private scripted(mail: SentMail, copy: MailboxMessage | null, draft: boolean): ScriptedEmail {
    const people = (list: MailAddress[]): ScriptedRecipient[] => list.flatMap((a) => {
      const u = this.usersByAddress.get(a.address.toLowerCase());
      return u ? [{ userIndex: u.index, byAlias: a.address.toLowerCase() !== u.mail.toLowerCase() }] : [];
    });
    const automatic = mail.kind === 'autoReply';
    const suppress = !automatic && mail.headers.some((h) => h.name.toLowerCase() === 'x-auto-response-suppress');
    const names = [...mail.to, ...mail.cc].map((a) => this.usersByAddress.get(a.address.toLowerCase())?.displayName ?? a.name);
    return {
      fromUserIndex: mail.fromUserIndex ?? -1, conversationId: mail.conversationId, sentMs: mail.sentMs, to: people(mail.to), cc: people(mail.cc),
      automatic, draft, forward: mail.kind === 'forward', copyNumber: copy?.number ?? null,
      cases: [...(mail.scriptCases ?? []), ...(suppress ? ['suppressHeaderOnReply' as const] : [])],
      label: `${mail.kind === 'forward' ? 'a forward to' : 'a reply that went to'} ${names.join(', ')}`,
    };
  }

  /**
   * Marks a colleague request as the script writes it (email: the assignee's Inbox copy; chat: the message) and starts
   * its scripted outcome. Cases known from the request itself (aliases, a mail that is not the UPN) are added here.
   */
  markRequest(mark: Omit<RequestMark, 'scripted'>, cases: UntidyCase[] = []): RequestMark {
    const requester = this.users[mark.requesterIndex];
    const assignee = this.users[mark.assigneeIndex];
    const own: UntidyCase[] = [];
    const full: RequestMark = { ...mark, scripted: openOutcome() };
    if (mark.source === 'email' && mark.messageNumber !== undefined) {
      const copy = this.messages[mark.messageNumber];
      if (!copy) throw new Error('unknown request message');
      if (requester && requester.mail.toLowerCase() !== requester.userPrincipalName.toLowerCase()) own.push('requesterMailNotUpn');
      if (requester && copy.mail.from.address.toLowerCase() !== requester.mail.toLowerCase()) own.push('requestFromAlias');
      const assigneeAddresses = assignee ? smtpAddressesOf(assignee) : [];
      if (assignee && [...copy.mail.to, ...copy.mail.cc].some((a) => assigneeAddresses.includes(a.address.toLowerCase()) && a.address.toLowerCase() !== assignee.mail.toLowerCase())) own.push('requestToAlias');
      full.scripted = openOutcome([...own, ...cases]);
      this.script.emailRequest(full.scripted, mark.assigneeIndex, mark.requesterIndex, copy.mail.conversationId, copy.mail.sentMs);
    } else if (mark.chatIndex !== undefined && mark.chatMessageId !== undefined) {
      const message = this.chats[mark.chatIndex]?.messages.find((m) => m.id === mark.chatMessageId);
      if (!message) throw new Error('unknown request chat message');
      full.scripted = openOutcome([...own, ...cases]);
      this.script.chatRequest(full.scripted, mark.assigneeIndex, mark.requesterIndex, mark.chatIndex, message.createdMs);
    } else if (mark.source === 'channel' && mark.channelId !== undefined && mark.threadId !== undefined) {
      const root = this.channels.find((c) => c.id === mark.channelId)?.messages.find((m) => m.id === mark.threadId && m.replyToId === null);
      if (!root) throw new Error('unknown request channel thread');
      full.scripted = openOutcome([...own, ...cases]);
      this.script.channelRequest(full.scripted, mark.assigneeIndex, mark.requesterIndex, mark.channelId, mark.threadId, root.createdMs);
    }
    this.requestMarks.push(full);
    return full;
  }

  private addCopy(mail: SentMail, ownerIndex: number, folder: MailFolderName): MailboxMessage {
    const copy: MailboxMessage = {
      number: this.messages.length,
      ownerIndex,
      folder,
      mail,
      categories: [],
      isRead: folder !== 'inbox',
      createdMs: mail.sentMs,
      lastModifiedMs: mail.sentMs,
      changeSeq: ++this.changeSeq,
      deleted: false,
      inferenceClassification: mail.kind === 'newsletter' ? 'other' : 'focused',
    };
    this.messages.push(copy);
    this.folders.get(folder)?.[ownerIndex]?.push(copy);
    this.emitChange({ kind: 'mail', message: copy, changeType: 'created' });
    return copy;
  }

  /**
   * Moves a message to another of its owner's folders, as Graph's `move` does: the destination gets a new copy with a
   * new id, and the original becomes a tombstone (its folder's delta reports it `@removed`; its id answers 404).
   * Moving to the folder it is in changes nothing. Returns the message as it now is.
   */
  moveMessage(message: MailboxMessage, folder: MailFolderName, atMs: number): MailboxMessage {
    if (message.folder === folder || message.deleted) return message;
    const moved = this.addCopy(message.mail, message.ownerIndex, folder);
    Object.assign(moved, { categories: [...message.categories], isRead: message.isRead, createdMs: message.createdMs, lastModifiedMs: atMs, inferenceClassification: message.inferenceClassification });
    message.movedToNumber = moved.number;
    this.deleteMessage(message, atMs);
    this.script.copyMoved(message.number, moved.number, folder);
    return moved;
  }

  /** The copy a message became after its moves (itself when never moved). */
  currentCopyOf(message: MailboxMessage): MailboxMessage {
    let m = message;
    for (let next = m.movedToNumber; next !== undefined; next = m.movedToNumber) m = this.messages[next] ?? m;
    return m;
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
      ...(out.keepSentCopy === false ? { keepSentCopy: false } : {}),
      ...(out.scriptCases ? { scriptCases: out.scriptCases } : {}),
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
      // Exchange answers to the address the mail came from and keeps no copy in the away person's Sent Items.
      this.sendMail(recipient.index, {
        subject: `Automatic reply: ${sent.mail.subject}`, bodyText: `I am out of the office until ${new Date(period.endMs).toDateString()}.`,
        to: [sent.mail.from], conversationId: sent.mail.conversationId, kind: 'autoReply', keepSentCopy: false, scriptCases: ['exchangeOutOfOffice'],
        headers: exchangeOutOfOfficeHeaders(recipient.mail),
      }, sentMs + 1000);
    }
    return sent;
  }

  private readonly autoReplied = new Set<string>();

  /** Replies (to the sender) or replies all to a mailbox message, from its owner. */
  replyTo(message: MailboxMessage, comment: string, sentMs: number, replyAll = false): MailboxMessage | null {
    const owner = this.users[message.ownerIndex];
    if (!owner) throw new Error('unknown owner');
    const own = smtpAddressesOf(owner);
    const original = message.mail;
    const to = original.fromUserIndex === message.ownerIndex ? original.to : [original.from];
    const cc = replyAll
      ? [...original.to, ...original.cc].filter((a) => !own.includes(a.address.toLowerCase()) && !to.some((t) => t.address === a.address))
      : [];
    const subject = /^re:/i.test(original.subject) ? original.subject : `RE: ${original.subject}`;
    return this.sendMailWithAutoReplies(message.ownerIndex, { subject, bodyText: comment, to, cc, conversationId: original.conversationId, kind: replyAll ? 'replyAll' : 'reply' }, sentMs);
  }

  /** Replaces a message's categories (PATCH). */
  setCategories(message: MailboxMessage, categories: string[], atMs: number): void {
    message.categories = [...categories];
    this.touch(message, atMs);
    this.emitChange({ kind: 'mail', message, changeType: 'updated' });
  }

  /** Marks a message read or unread (PATCH). */
  setRead(message: MailboxMessage, isRead: boolean, atMs: number): void {
    message.isRead = isRead;
    this.touch(message, atMs);
    this.emitChange({ kind: 'mail', message, changeType: 'updated' });
  }

  /** Deletes a message; delta reports it as `@removed`. */
  deleteMessage(message: MailboxMessage, atMs: number): void {
    message.deleted = true;
    this.touch(message, atMs);
    this.emitChange({ kind: 'mail', message, changeType: 'deleted' });
  }

  private touch(message: MailboxMessage, atMs: number): void {
    message.lastModifiedMs = atMs;
    message.changeSeq = ++this.changeSeq;
    const list = this.folders.get(message.folder)?.[message.ownerIndex];
    if (list) {
      // Keep each folder ordered by changeSeq so delta can page through it in order.
      const at = list.indexOf(message);
      if (at >= 0) list.splice(at, 1);
      list.push(message);
    }
  }

  /** Adds a user to a team with `roles` (['owner'] or none); a member already there keeps their place, roles replaced. */
  addTeamMember(team: DemoTeam, userIndex: number, roles: string[]): void {
    const member = team.members.find((m) => m.userIndex === userIndex);
    if (member) member.roles = [...roles];
    else team.members.push({ userIndex, roles: [...roles] });
  }

  /** Replaces a member's roles (an owner made a member: `[]`); false when the user is not a member. */
  setTeamMemberRoles(team: DemoTeam, userIndex: number, roles: string[]): boolean {
    const member = team.members.find((m) => m.userIndex === userIndex);
    if (!member) return false;
    member.roles = [...roles];
    return true;
  }

  /** Removes a user from a team (they leave it); false when they were not a member. */
  removeTeamMember(team: DemoTeam, userIndex: number): boolean {
    const at = team.members.findIndex((m) => m.userIndex === userIndex);
    if (at < 0) return false;
    team.members.splice(at, 1);
    return true;
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
    this.script.chatPosted(chat.index, message);
    this.emitChange({ kind: 'chatMessage', chat, message, changeType: 'created' });
    return message;
  }

  /** Deletes a chat message as its sender does (Graph's softDelete): it stays, with deletedDateTime and no body. */
  softDeleteChatMessage(chat: DemoChat, message: DemoChatMessage, atMs: number): void {
    if (message.deletedMs !== null) return;
    message.deletedMs = atMs;
    message.lastModifiedMs = atMs;
    this.script.chatMessageDeleted(chat.index, message.id);
    this.emitChange({ kind: 'chatMessage', chat, message, changeType: 'deleted' });
  }

  /** Schedules a membership change of `team` after the demo's now (`roles: null` = the person leaves the team). */
  scheduleTeamChange(team: DemoTeam, userIndex: number, roles: string[] | null, atMs: number): void {
    team.scheduledChanges = [...(team.scheduledChanges ?? []), { atMs, userIndex, roles }].sort((a, b) => a.atMs - b.atMs);
  }

  /**
   * Applies the scripted changes due by `nowMs` (the simulated clock): team membership changes. The Graph simulator
   * calls it before it answers; setting the clock back does not undo a change already applied.
   */
  advanceTo(nowMs: number): void {
    for (const team of this.teams) {
      const due = team.scheduledChanges;
      if (!due || due.length === 0 || (due[0]?.atMs ?? Infinity) > nowMs) continue;
      while (due.length > 0 && (due[0]?.atMs ?? Infinity) <= nowMs) {
        const change = due.shift();
        if (!change) break;
        if (change.roles === null) this.removeTeamMember(team, change.userIndex);
        else this.setTeamMemberRoles(team, change.userIndex, change.roles);
      }
    }
  }

  /**
   * Every colleague request with what the script says happened to it: its first response (the message the script wrote
   * as the answer, whatever happened to its copy since) or why there is none, and the untidy cases it went through.
   * This is the script's record (RequestMark.scripted), never a reading of the mailboxes.
   */
  groundTruth(): GroundTruthRequest[] {
    const result: GroundTruthRequest[] = [];
    for (const mark of this.requestMarks) {
      const assignee = this.users[mark.assigneeIndex];
      const requester = this.users[mark.requesterIndex];
      if (!assignee || !requester) continue;
      const { firstResponse, why, cases } = mark.scripted;
      const base = { assigneeId: assignee.id, requesterId: requester.id, firstResponseAt: firstResponse ? new Date(firstResponse.atMs) : null, why, cases: [...cases] };
      if (mark.source === 'email' && mark.messageNumber !== undefined) {
        const request = this.messages[mark.messageNumber];
        if (!request) continue;
        const response = firstResponse?.messageNumber === undefined ? undefined : this.messages[firstResponse.messageNumber];
        result.push({
          ...base, source: 'email', messageId: this.ids.messageId(request.number), conversationId: request.mail.conversationId,
          receivedAt: new Date(request.mail.sentMs), firstResponseMessageId: response ? this.ids.messageId(this.currentCopyOf(response).number) : null,
        });
      } else if (mark.source === 'chat' && mark.chatIndex !== undefined && mark.chatMessageId !== undefined) {
        const chat = this.chats[mark.chatIndex];
        const request = chat?.messages.find((m) => m.id === mark.chatMessageId);
        if (!chat || !request) continue;
        result.push({
          ...base, source: 'chat', messageId: request.id, chatId: chat.id, receivedAt: new Date(request.createdMs),
          firstResponseMessageId: firstResponse?.chatMessageId ?? null,
        });
      } else if (mark.source === 'channel' && mark.channelId !== undefined && mark.threadId !== undefined) {
        const channel = this.channels.find((c) => c.id === mark.channelId);
        const root = channel?.messages.find((m) => m.id === mark.threadId);
        if (!channel || !root) continue;
        result.push({
          ...base, source: 'channel', messageId: root.id, teamId: channel.teamId, channelId: channel.id, threadId: root.id,
          receivedAt: new Date(root.createdMs), firstResponseMessageId: firstResponse?.chatMessageId ?? null,
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
