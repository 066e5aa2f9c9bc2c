/**
 * Small scenarios on the dev tenant for the first-response tests: a colleague's request by mail or chat made for the
 * test (independent of the generated history), the assignee answering through Graph, the answer's copy deleted or
 * moved, a "responded" marked by hand, a chat source that records what the sync asked Graph for, and a mail source
 * that counts its delta reads.
 */
import type { ChatSource, MailSource, UserContext } from '../../../../src/app/m365-ports';
import type { RequestRecord } from '../../../../src/app/records';
import { DirectoryService } from '../../../../src/app/directory-service';
import { applyRequestAction } from '../../../../src/app/request-actions';
import type { DemoChat, DemoChatMessage, DemoUser, MailboxMessage } from '../../../../src/devtenant/demo-organization';
import { trackAll, type SyncHarness } from './sync-harness';

const DAY_MS = 86_400_000;

/** Graph serialises message times to whole seconds. */
export const seconds = (d: Date | number | null | undefined): number | null => (d === null || d === undefined ? null : Math.floor((typeof d === 'number' ? d : d.getTime()) / 1000));

/** Two members of the tenant (never guests): the one who serves (`assignee`) and the colleague who asks. */
export function twoColleagues(h: SyncHarness, offset = 0): { assignee: DemoUser; requester: DemoUser } {
  const members = h.tenant.org.users.filter((u) => u.userType === 'Member');
  const assignee = members[offset];
  const requester = members[offset + 1];
  if (!assignee || !requester) throw new Error('the demo organisation has too few members');
  return { assignee, requester };
}

/** The requester mails the assignee at `atMs`; tracked by the assignee now. Returns the assignee's Inbox copy id. */
export async function trackedMail(h: SyncHarness, assignee: DemoUser, requester: DemoUser, atMs: number): Promise<string> {
  const org = h.tenant.org;
  const from = org.addressOf(requester);
  const { inboxCopies } = org.deliver({
    conversationId: org.newConversationId(), internetMessageId: org.newInternetMessageId(atMs, from), subject: 'Could you check the March invoice?',
    bodyText: 'Could you check it, please?', from, fromUserIndex: requester.index, to: [org.addressOf(assignee)], cc: [], sentMs: atMs,
    kind: 'request', importance: 'normal', headers: [],
  });
  const inbox = inboxCopies.find((c) => c.ownerIndex === assignee.index);
  if (!inbox) throw new Error('not delivered');
  const messageId = org.ids.messageId(inbox.number);
  await trackAll(h, [{ assigneeId: assignee.id, source: 'email', messageId }]);
  return messageId;
}

/** The assignee replies through Graph (now on the simulated clock); returns the Sent Items copy of the reply. */
export async function replyByMail(h: SyncHarness, assignee: DemoUser, messageId: string): Promise<MailboxMessage> {
  const org = h.tenant.org;
  const conversationId = org.messageById(messageId)?.mail.conversationId;
  await h.pool.clientFor(await h.asPerson(assignee.id)).api(`/users/${assignee.id}/messages/${messageId}/reply`).post({ comment: 'On it.' });
  const sent = [...org.folder(assignee.index, 'sentitems')].reverse().find((m) => !m.deleted && m.mail.conversationId === conversationId);
  if (!sent) throw new Error('the reply is not in Sent Items');
  return sent;
}

/** A one-on-one chat between the two, with the requester's question at `atMs`, tracked by the assignee now. */
export async function trackedChat(h: SyncHarness, assignee: DemoUser, requester: DemoUser, atMs: number): Promise<{ chat: DemoChat; ask: DemoChatMessage }> {
  const org = h.tenant.org;
  const chat: DemoChat = {
    index: org.chats.length, id: `19:h1-${org.chats.length}_${assignee.id}@unq.gbl.spaces`, chatType: 'oneOnOne', topic: null,
    memberIndexes: [assignee.index, requester.index], createdMs: atMs - DAY_MS, messages: [],
  };
  org.addChat(chat);
  const ask = org.postChatMessage(chat, requester.index, '<p>Could you reset my VPN access?</p>', atMs);
  await trackAll(h, [{ assigneeId: assignee.id, source: 'chat', messageId: ask.id, chatId: chat.id }]);
  return { chat, ask };
}

/** `from` posts in the chat through Graph (now on the simulated clock); returns the message. */
export async function postInChat(h: SyncHarness, from: DemoUser, chat: DemoChat, text: string): Promise<DemoChatMessage> {
  const body = (await h.pool.clientFor(await h.asPerson(from.id)).api(`/chats/${chat.id}/messages`).post({ body: { content: text } })) as { id: string };
  const posted = chat.messages.find((m) => m.id === body.id);
  if (!posted) throw new Error('not posted');
  return posted;
}

/** Deletes a chat message now, as Teams does (it stays, with deletedDateTime, and its lastModifiedDateTime moves). */
export function deleteChatMessage(h: SyncHarness, message: DemoChatMessage): void {
  const now = h.tenant.clock.nowMs();
  message.deletedMs = now;
  message.lastModifiedMs = now;
}

/** The assignee marks "responded" by hand now (PATCH respond). */
export async function markRespondedByHand(h: SyncHarness, assignee: DemoUser, requestId: string): Promise<void> {
  const clock = { now: () => h.tenant.clock.now() };
  const directory = new DirectoryService({ stores: h.stores, clock, source: null });
  await applyRequestAction({ stores: h.stores, clock, directory }, h.userOf(assignee.id), requestId, { action: 'respond' });
}

/** The stored request for a message the assignee tracked. */
export async function storedRequest(h: SyncHarness, assignee: DemoUser, source: 'email' | 'chat', messageId: string): Promise<RequestRecord> {
  const r = await h.stores.requests.findBySourceMessage(h.tenant.org.tenantId, source, messageId, assignee.id);
  if (!r) throw new Error(`no request for ${messageId}`);
  return r;
}

/** The chat source of the harness, recording each call's queries (what the sync asked Graph for). */
export function recordingChats(h: SyncHarness): { chats: ChatSource; asked: { chatId: string; since: Date | null }[][] } {
  const asked: { chatId: string; since: Date | null }[][] = [];
  const chats: ChatSource = {
    getMessage: (u: UserContext, c: string, m: string) => h.chats.getMessage(u, c, m),
    recentChats: (u: UserContext, limit: number) => h.chats.recentChats(u, limit),
    chatMembers: (u: UserContext, chatId: string) => h.chats.chatMembers(u, chatId),
    messagesModifiedSince: (u: UserContext, queries: { chatId: string; since: Date | null }[]) => {
      asked.push(queries.map((q) => ({ ...q })));
      return h.chats.messagesModifiedSince(u, queries);
    },
  };
  return { chats, asked };
}

/** The mail source of the harness, counting its delta reads (each page of a folder's delta is one). */
export function countingMail(h: SyncHarness): { mail: MailSource; deltaReads: () => number } {
  let reads = 0;
  const mail: MailSource = {
    getMessage: (u, id) => h.mail.getMessage(u, id),
    sentInConversation: (u, c, own) => h.mail.sentInConversation(u, c, own),
    sentInConversations: (u, c, own) => h.mail.sentInConversations(u, c, own),
    deltaPage: (u, folder, link, since) => {
      reads += 1;
      return h.mail.deltaPage(u, folder, link, since);
    },
    addCategory: (u, id, category, current) => h.mail.addCategory(u, id, category, current),
  };
  return { mail, deltaReads: () => reads };
}
