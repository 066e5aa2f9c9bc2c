/**
 * Tracking a message as an internal request (POST /api/requests). Everything is read from Graph — times, sender,
 * subject — never taken from the client. Idempotent per (source, message, assignee).
 */
import type { TrackRequestBody } from './views/request-views';
import { isColleagueAddress, isColleagueChatSender } from '../domain/colleague';
import { DomainError } from '../domain/domain-error';
import { NOTE_MAX_CHARACTERS, noteFits } from '../domain/request-note';
import { pickChatFirstResponse, pickEmailFirstResponse } from '../domain/first-response';
import { personAddresses } from '../domain/person-addresses';
import { outlookCategoryName } from '../domain/request-categories';
import { PRIORITIES, isPriority } from '../domain/priority';
import { CATEGORY_MAX_CHARACTERS, PREVIEW_MAX_CHARACTERS, SUBJECT_MAX_CHARACTERS } from '../domain/request-text';
import type { Clock } from './clock';
import type { ChannelThreadRef, ChannelThreadSource, ChatMessageInfo, ChatSource, DirectorySource, MailMessage, MailSource, UserContext } from './m365-ports';
import type { NewRequest, PersonRecord, RequestRecord } from './records';
import type { Stores } from './store-ports';
import { contextFor, loadClockContexts, nextDueAt } from './request-view';
import { storedHomeTeamId } from './home-team';
import { categoriesOfTeam, requireTeamCategory } from './team-categories';
import { TenantDomains } from './sync/tenant-domains';

export interface TrackRequestDeps {
  stores: Stores;
  mail: MailSource;
  chats: ChatSource;
  /** Channel threads (requests tracked from channel messages); without it a channel message cannot be tracked. */
  channels?: ChannelThreadSource;
  directory: DirectorySource;
  /** Verified-domain cache; created from `directory` when absent. */
  domains?: TenantDomains;
  clock?: Clock;
}

function validate(body: TrackRequestBody): void {
  const errors: string[] = [];
  if (body.source !== 'email' && body.source !== 'chat') errors.push('source must be "email" or "chat"');
  if (typeof body.messageId !== 'string' || body.messageId.trim() === '' || body.messageId.length > 1024) errors.push('messageId is required');
  if (body.source === 'chat' && (typeof body.chatId !== 'string' || body.chatId.trim() === '')) errors.push('chatId is required for chat messages');
  if (body.teamId !== undefined && (body.source !== 'chat' || typeof body.teamId !== 'string' || body.teamId.trim() === '')) errors.push('teamId names the team of a channel message (source "chat")');
  if (body.threadId !== undefined && (body.teamId === undefined || typeof body.threadId !== 'string' || body.threadId.trim() === '')) errors.push('threadId is only for channel messages (with teamId)');
  if (body.priority !== undefined && !isPriority(body.priority)) errors.push(`priority is not one of ${PRIORITIES.join(', ')}`);
  if (body.note !== undefined && (typeof body.note !== 'string' || !noteFits(body.note))) errors.push(`note must be text of at most ${NOTE_MAX_CHARACTERS} characters`);
  if (body.category !== undefined && (typeof body.category !== 'string' || body.category.length > CATEGORY_MAX_CHARACTERS)) errors.push(`category must be text of at most ${CATEGORY_MAX_CHARACTERS} characters`);
  if (errors.length > 0) throw new DomainError('validation_failed', errors.join('; '));
}

/** The id a requester outside the directory gets: their address, prefixed. */
export function externalRequesterId(address: string): string {
  return `external:${address.toLowerCase()}`;
}

interface Sender {
  requesterId: string;
  isColleague: boolean;
  /** The sender as the directory knows them, with their addresses (personAddresses); null outside the directory. */
  person: PersonRecord | null;
  /** Every address of the requester: their person's addresses, or the one address an outsider wrote from. */
  addresses: string[];
}

/**
 * The email's sender: a colleague (verified domain) is looked up by address — mail, UPN or alias, through the
 * directory's filter — and gets their directory id; an address the directory does not know, or outside the verified
 * domains (a guest writing from home included), is an external requester.
 */
async function emailSender(deps: TrackRequestDeps, domains: TenantDomains, user: UserContext, message: MailMessage, now: Date): Promise<Sender> {
  const address = message.from?.address;
  if (!address) throw new DomainError('validation_failed', 'The message has no sender.');
  const external = { requesterId: externalRequesterId(address), person: null, addresses: personAddresses({ seenFrom: [address] }) };
  const isColleague = isColleagueAddress(address, await domains.of(user));
  if (!isColleague) return { ...external, isColleague };
  const found = (await deps.directory.peopleByAddress(user, [address])).get(address.trim().toLowerCase());
  if (!found) return { ...external, isColleague };
  const addresses = personAddresses({ ...found, seenFrom: [address] });
  return {
    requesterId: found.id, isColleague, addresses,
    person: { id: found.id, tenantId: user.tenantId, displayName: found.displayName, mail: found.mail ?? address, userPrincipalName: found.userPrincipalName, addresses, department: found.department, managerId: null, calendar: null, refreshedAt: now },
  };
}

async function chatSender(deps: TrackRequestDeps, user: UserContext, message: ChatMessageInfo, now: Date): Promise<Sender> {
  if (!message.fromUserId) throw new DomainError('validation_failed', 'The chat message has no sender (a system or app message).');
  const found = await deps.directory.person(user, message.fromUserId);
  // A chat member of the same tenant is a colleague; a guest or federated user from elsewhere is not.
  const isColleague = isColleagueChatSender(message.fromTenantId, user.tenantId, found !== null);
  const addresses = found ? personAddresses(found) : [];
  const person: PersonRecord | null = found
    ? { id: found.id, tenantId: user.tenantId, displayName: found.displayName, mail: found.mail, userPrincipalName: found.userPrincipalName, addresses, department: found.department, managerId: null, calendar: null, refreshedAt: now }
    : null;
  return { requesterId: message.fromUserId, isColleague, person, addresses };
}

/**
 * Tracks the message `body.messageId` of the signed-in user as an internal request: reads it from Graph, checks the
 * sender is a colleague (verified domains or same tenant; `override` allows others and is recorded), checks the category
 * is one of the home team's (stored in the team's spelling), applies the Outlook category derived from it
 * ({@link outlookCategoryName}: "Turnaround: Access") to emails, finds a first response already sent, stores the
 * request and its due time.
 * @throws DomainError `validation_failed`, `unknown_category` (not in the team's list; nothing is written),
 * `message_not_found` (not in Graph), `not_colleague` (external without override).
 */
export async function trackRequest(deps: TrackRequestDeps, user: UserContext, body: TrackRequestBody, now: Date): Promise<{ request: RequestRecord; created: boolean }> {
  validate(body);
  const existing = await deps.stores.requests.findBySourceMessage(user.tenantId, body.source, body.messageId, user.userId);
  if (existing) return { request: existing, created: false };
  const domains = deps.domains ?? new TenantDomains(deps.directory, deps.stores.directory, deps.clock ?? { now: () => now });
  // The request's team and category are settled before anything is written (Graph category, store). The team is the
  // person's home team — none while they are in several teams and have not chosen (home-team.ts), never a guess.
  // A channel message belongs to the channel's team (its path in Graph names it: a wrong team finds no message).
  const teamId = body.teamId ?? await storedHomeTeamId(deps.stores, user.tenantId, user.userId);
  const category = body.category === undefined || body.category.trim() === '' ? null : requireTeamCategory(await categoriesOfTeam(deps.stores, user.tenantId, teamId, now), body.category);

  let input: NewRequest;
  let sender: Sender;
  /** The message that already answered it, named in the `tracked` event so the history can link to it. */
  let answeredBy: { messageId: string; webLink: string | null } | null = null;
  if (body.source === 'email') {
    const message = await deps.mail.getMessage(user, body.messageId);
    if (!message) throw new DomainError('message_not_found', 'The message was not found in your mailbox.');
    sender = await emailSender(deps, domains, user, message, now);
    if (sender.requesterId === user.userId) throw new DomainError('validation_failed', 'Your own message cannot be a request to you.');
    if (!sender.isColleague && body.override !== true) throw new DomainError('not_colleague', 'The sender is not a colleague; track it anyway with override.');
    const receivedAt = message.receivedAt ?? message.sentAt ?? now;
    const requesterAddresses = sender.addresses;
    // The person's replies wherever they are now (moved out of Sent Items too).
    const sent = message.conversationId ? await deps.mail.sentInConversation(user, message.conversationId, await ownAddresses(deps, user)) : [];
    const first = pickEmailFirstResponse(
      { conversationId: message.conversationId, receivedAt, requesterAddresses },
      sent.map((m) => ({ ...m, sentAt: m.sentAt ?? m.receivedAt ?? new Date(0), recipients: [...m.to, ...m.cc].map((r) => r.address) })),
    );
    // The message was just read with its categories: applying the category need not read it again.
    await deps.mail.addCategory(user, body.messageId, outlookCategoryName(category), message.categories);
    input = baseRequest(user, body, sender, category, {
      conversationId: message.conversationId, chatId: null, webLink: message.webLink, subject: message.subject, preview: message.preview, receivedAt,
      firstResponseAt: first?.sentAt ?? null,
    });
    if (first) answeredBy = { messageId: first.id, webLink: first.webLink };
  } else if (body.teamId !== undefined) {
    const tracked = await channelMessage(deps, user, { teamId: body.teamId, channelId: body.chatId as string, threadId: body.threadId ?? body.messageId }, body, now);
    sender = tracked.sender;
    input = baseRequest(user, body, sender, category, tracked.facts);
    input.threadId = tracked.threadId;
    answeredBy = tracked.answeredBy;
  } else {
    const chatId = body.chatId as string;
    const message = await deps.chats.getMessage(user, chatId, body.messageId);
    if (!message || message.deletedAt !== null) throw new DomainError('message_not_found', 'The chat message was not found.');
    sender = await chatSender(deps, user, message, now);
    if (sender.requesterId === user.userId) throw new DomainError('validation_failed', 'Your own message cannot be a request to you.');
    if (!sender.isColleague && body.override !== true) throw new DomainError('not_colleague', 'The sender is not a colleague; track it anyway with override.');
    const later = await deps.chats.messagesModifiedSince(user, [{ chatId, since: new Date(message.createdAt.getTime() - 1) }]);
    const first = pickChatFirstResponse({ assigneeId: user.userId, receivedAt: message.createdAt, threadId: null }, (later.get(chatId) ?? []).map((m) => ({ ...m, threadId: null })));
    input = baseRequest(user, body, sender, category, {
      conversationId: chatId, chatId, webLink: message.webUrl, subject: chatSubject(message), preview: message.preview, receivedAt: message.createdAt,
      firstResponseAt: first?.createdAt ?? null,
    });
    if (first) answeredBy = { messageId: first.id, webLink: first.webUrl };
  }

  if (sender.person) {
    const known = await deps.stores.directory.getPerson(user.tenantId, sender.person.id);
    if (!known) await deps.stores.directory.upsertPeople(user.tenantId, [sender.person]);
    else {
      // A known person keeps their record (calendar, manager…); their addresses gain what the directory and this
      // message say now, so the sync matches replies to and mail from any of them.
      const addresses = personAddresses({ seenFrom: [...(known.addresses ?? []), ...sender.addresses] });
      if (addresses.length !== (known.addresses ?? []).length) await deps.stores.directory.setPersonAddresses(user.tenantId, known.id, addresses);
    }
  }
  input.teamId = teamId;
  input.firstResponseMessageId = answeredBy?.messageId ?? null;
  const draft: RequestRecord = {
    ...input, firstResponseMessageId: input.firstResponseMessageId, id: '', createdAt: now, updatedAt: now, firstResponseBreachRecorded: false, resolutionBreachRecorded: false,
    firstResolvedAt: input.resolvedAt, reopenCount: 0,
  };
  const contexts = await loadClockContexts(deps.stores, user.tenantId, [draft], now);
  input.dueAt = nextDueAt(draft, contextFor(contexts, draft), now);

  const result = await deps.stores.requests.track(user.tenantId, input, {
    type: 'tracked', actorId: user.userId, at: now,
    data: {
      source: body.source, colleagueOverride: input.colleagueOverride,
      ...(input.firstResponseAt ? { firstResponseAt: input.firstResponseAt.toISOString() } : {}),
      ...(answeredBy ? { firstResponseMessageId: answeredBy.messageId, ...(answeredBy.webLink ? { firstResponseWebLink: answeredBy.webLink } : {}) } : {}),
    },
  });
  await deps.stores.suggestions.deleteForMessage(user.tenantId, user.userId, body.source, body.messageId);
  return result;
}

/**
 * A channel message read back from Graph (never from the client): its sender, and the assignee's first reply in the
 * same thread already there (a reply in another thread of the channel is not read). The thread is the message's own
 * (a root) or its root's; a `threadId` that is not the message's thread finds nothing.
 */
async function channelMessage(deps: TrackRequestDeps, user: UserContext, thread: ChannelThreadRef, body: TrackRequestBody, now: Date): Promise<{
  sender: Sender; threadId: string; answeredBy: { messageId: string; webLink: string | null } | null;
  facts: Parameters<typeof baseRequest>[4];
}> {
  if (!deps.channels) throw new DomainError('message_not_found', 'Channel messages cannot be read here.');
  const message = await deps.channels.getMessage(user, thread, body.messageId);
  if (!message || message.deletedAt !== null || (message.replyToId ?? message.id) !== thread.threadId) throw new DomainError('message_not_found', 'The channel message was not found.');
  const sender = await chatSender(deps, user, message, now);
  if (sender.requesterId === user.userId) throw new DomainError('validation_failed', 'Your own message cannot be a request to you.');
  if (!sender.isColleague && body.override !== true) throw new DomainError('not_colleague', 'The sender is not a colleague; track it anyway with override.');
  const replies = (await deps.channels.threadReplies(user, [thread])).get(thread.threadId) ?? [];
  const first = pickChatFirstResponse({ assigneeId: user.userId, receivedAt: message.createdAt, threadId: thread.threadId }, replies.map((m) => ({ ...m, threadId: m.replyToId ?? m.id })));
  return {
    sender, threadId: thread.threadId, answeredBy: first ? { messageId: first.id, webLink: first.webUrl } : null,
    facts: {
      conversationId: thread.teamId, chatId: thread.channelId, webLink: message.webUrl, subject: chatSubject(message), preview: message.preview,
      receivedAt: message.createdAt, firstResponseAt: first?.createdAt ?? null,
    },
  };
}

/** The signed-in person's own addresses (as stored, else read from Graph's /me): which messages of a conversation are theirs. */
async function ownAddresses(deps: TrackRequestDeps, user: UserContext): Promise<string[]> {
  const me = (await deps.stores.directory.getPerson(user.tenantId, user.userId)) ?? (await deps.directory.me(user));
  // A stored person's list, or everything Graph's /me says (mail, UPN, proxy addresses).
  return 'addresses' in me && me.addresses ? me.addresses : personAddresses(me);
}

function chatSubject(message: ChatMessageInfo): string {
  const text = message.preview.trim();
  return text.length <= 80 ? text : `${text.slice(0, 79)}…`;
}

function baseRequest(
  user: UserContext,
  body: TrackRequestBody,
  sender: Sender,
  category: string | null,
  facts: { conversationId: string | null; chatId: string | null; webLink: string | null; subject: string; preview: string; receivedAt: Date; firstResponseAt: Date | null },
): NewRequest {
  return {
    tenantId: user.tenantId,
    source: body.source,
    sourceMessageId: body.messageId,
    conversationId: facts.conversationId,
    chatId: facts.chatId,
    threadId: null,
    webLink: facts.webLink,
    requesterId: sender.requesterId,
    assigneeId: user.userId,
    teamId: null,
    subject: facts.subject.slice(0, SUBJECT_MAX_CHARACTERS),
    preview: facts.preview.slice(0, PREVIEW_MAX_CHARACTERS),
    category,
    priority: body.priority ?? 'normal',
    note: body.note ?? null,
    colleagueOverride: !sender.isColleague,
    receivedAt: facts.receivedAt,
    firstResponseAt: facts.firstResponseAt,
    firstResponseSource: facts.firstResponseAt ? body.source : null,
    resolvedAt: null,
    waitingPeriods: [],
    status: 'open',
    dueAt: null,
  };
}
