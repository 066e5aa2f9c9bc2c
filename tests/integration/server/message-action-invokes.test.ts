/**
 * The "Track as request" message action's invokes (issue 21) through the real server (demo mode, listening) and the
 * dev tenant: each invoke is signed by the dev tenant playing the Bot Framework token service and validated by the
 * Teams SDK; the message is read back from the Graph simulator with the app's application access. Every case of the
 * slice: a trackable colleague's message in a 1:1 and in a group chat (the form's URL), submit (tracked through the
 * track use case, with Graph's facts, not the payload's), already tracked (status and due time), a system message, a
 * non-colleague's message, a group chat with external members, one's own message, a missing message, a message in a
 * channel thread (the team resolved through Graph, not the payload), a tenant that is not served, a server without application access, and a refused token on submit (nothing tracked).
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { DemoChannel, DemoChat, DemoChatMessage, DemoUser, GroundTruthRequest } from '../../../src/devtenant/demo-organization';
import { TEAMS_SERVICE_URL } from '../../../src/devtenant/bot-framework-token-service';
import { countTenantRows } from '../../../src/store/tenant-row-counts';
import type { DatabaseStores } from '../../../src/store/open-stores';
import { startServerFixture, type ServerFixture } from './server-fixture';

jest.setTimeout(120_000);

let server: ServerFixture;
let origin: string;

async function listen(f: ServerFixture): Promise<string> {
  await f.app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(f.app.server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  server = await startServerFixture({ DEMO_SEED_REQUESTS: 'off' });
  origin = await listen(server);
});
afterAll(() => server.close());

const org = () => server.devTenant.org;
const userAt = (index: number): DemoUser => org().users[index] as DemoUser;
const isMember = (u: DemoUser | undefined): boolean => u !== undefined && u.userType === 'Member' && u.tenantId === org().tenantId;

/** A chat of members only (no guests) and a live message in it from a colleague, with the person it is tracked for. */
function colleagueMessage(chatType: 'oneOnOne' | 'group', skip = 0): { chat: DemoChat; message: DemoChatMessage; assignee: DemoUser; sender: DemoUser } {
  const found: { chat: DemoChat; message: DemoChatMessage; assignee: DemoUser; sender: DemoUser }[] = [];
  for (const chat of org().chats) {
    if (chat.chatType !== chatType || (chat.guestMembers?.length ?? 0) > 0 || !chat.memberIndexes.every((i) => isMember(userAt(i)))) continue;
    for (const message of chat.messages) {
      if (message.messageType !== 'message' || message.deletedMs !== null || message.fromUserIndex === null) continue;
      const assigneeIndex = chat.memberIndexes.find((i) => i !== message.fromUserIndex);
      if (assigneeIndex === undefined) continue;
      found.push({ chat, message, assignee: userAt(assigneeIndex), sender: userAt(message.fromUserIndex) });
      break;
    }
  }
  const pick = found[skip];
  if (pick === undefined) throw new Error(`no ${chatType} chat with a colleague's message`);
  return pick;
}

interface InvokeOptions {
  as: DemoUser;
  chatId: string;
  messageId: string;
  conversationType?: string;
  tenantId?: string;
  data?: Record<string, unknown>;
  /** What the payload claims about the message (never to be believed). */
  payload?: Record<string, unknown>;
}

function invoke(name: 'fetchTask' | 'submitAction', o: InvokeOptions): Record<string, unknown> {
  const tenantId = o.tenantId ?? org().tenantId;
  return {
    type: 'invoke',
    name: `composeExtension/${name}`,
    id: `f:${randomUUID()}`,
    timestamp: new Date().toISOString(),
    localTimezone: 'Europe/Berlin',
    serviceUrl: TEAMS_SERVICE_URL,
    channelId: 'msteams',
    from: { id: `29:${randomUUID()}`, name: o.as.displayName, aadObjectId: o.as.id },
    conversation: { id: o.chatId, conversationType: o.conversationType ?? 'personal', tenantId },
    recipient: { id: `28:${server.devTenant.authority.demoClient.clientId}`, name: 'Turnaround' },
    channelData: { tenant: { id: tenantId }, source: { name: 'message' } },
    value: {
      commandId: 'trackAsRequest', commandContext: 'message', context: { theme: 'default' },
      messagePayload: { id: o.messageId, ...(o.payload ?? {}) },
      ...(name === 'submitAction' ? { data: o.data ?? {} } : {}),
    },
  };
}

async function post(at: string, body: unknown, lifetimeSeconds?: number): Promise<{ status: number; body: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const token = await server.devTenant.authority.botFramework.issueToken({ audience: server.devTenant.authority.demoClient.clientId, ...(lifetimeSeconds === undefined ? {} : { lifetimeSeconds }) });
  const res = await fetch(`${at}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: text === '' ? null : JSON.parse(text) };
}

/** The text of a card dialog's paragraphs, joined. */
function dialogText(body: any): string { // eslint-disable-line @typescript-eslint/no-explicit-any
  expect(body.task.type).toBe('continue');
  return (body.task.value.card.content.body as { text: string }[]).map((b) => b.text).join(' | ');
}

const rows = () => countTenantRows((server.app.services.stores as DatabaseStores).database, org().tenantId);
const tracked = (assignee: DemoUser, messageId: string) => server.app.services.stores.requests.findBySourceMessage(org().tenantId, 'chat', messageId, assignee.id);

describe('fetchTask for a colleague\'s message', () => {
  it('in a 1:1 chat opens the track form: the personal tab\'s page with the chat and message in its query; nothing is written', async () => {
    const { chat, message, assignee } = colleagueMessage('oneOnOne');
    const before = await rows();
    const res = await post(origin, invoke('fetchTask', { as: assignee, chatId: chat.id, messageId: message.id }));
    expect(res.status).toBe(200);
    expect(res.body.task.type).toBe('continue');
    const url = new URL(res.body.task.value.url);
    expect(`${url.origin}${url.pathname}`).toBe(`${server.config.publicBaseUrl}/tab`);
    expect(Object.fromEntries(url.searchParams)).toEqual({ dialog: 'track', source: 'chat', chatId: chat.id, messageId: message.id });
    expect(res.body.task.value.title).toBe('Track as request');
    expect(await rows()).toEqual(before);
  });

  it('in a group chat of colleagues opens the track form too', async () => {
    const { chat, message, assignee } = colleagueMessage('group');
    const res = await post(origin, invoke('fetchTask', { as: assignee, chatId: chat.id, messageId: message.id, conversationType: 'groupChat' }));
    expect(res.status).toBe(200);
    expect(new URL(res.body.task.value.url).searchParams.get('messageId')).toBe(message.id);
  });
});

describe('submitAction', () => {
  it('tracks the message with what Graph says (not the payload), answers a confirmation with the due time, and then fetchTask says it is tracked', async () => {
    const { chat, message, assignee, sender } = colleagueMessage('oneOnOne', 1);
    const lie = { createdDateTime: '2001-01-01T00:00:00Z', from: { user: { id: assignee.id, displayName: 'Somebody Else' } }, body: { contentType: 'text', content: 'PAYLOAD TEXT' } };
    const res = await post(origin, invoke('submitAction', { as: assignee, chatId: chat.id, messageId: message.id, data: { priority: 'high', note: 'from the bot' }, payload: lie }));
    expect(res.status).toBe(200);
    expect(res.body.task.type).toBe('message');
    expect(res.body.task.value).toMatch(/^Tracked as a request: ".*"\. Due .* \(Europe\/Berlin\)\.$/);

    const request = await tracked(assignee, message.id);
    expect(request).not.toBeNull();
    expect(request?.requesterId).toBe(sender.id);
    expect(request?.chatId).toBe(chat.id);
    // Graph's createdDateTime, to the second as the simulator writes it; not the payload's 2001.
    expect(Math.floor((request?.receivedAt.getTime() ?? 0) / 1000)).toBe(Math.floor(message.createdMs / 1000));
    expect(request?.priority).toBe('high');
    expect(request?.note).toBe('from the bot');
    expect(request?.subject).not.toContain('PAYLOAD');
    expect(request?.dueAt).not.toBeNull();

    const again = await post(origin, invoke('fetchTask', { as: assignee, chatId: chat.id, messageId: message.id }));
    const text = dialogText(again.body);
    expect(text).toContain('You already track this message');
    expect(text).toContain('Its status: open.');
    expect(text).toMatch(/It is due .* \(Europe\/Berlin\)\./);

    // Submitting again tracks nothing more.
    const before = await rows();
    const twice = await post(origin, invoke('submitAction', { as: assignee, chatId: chat.id, messageId: message.id }));
    expect(dialogText(twice.body)).toContain('You already track this message');
    expect(await rows()).toEqual(before);
  });

  it('says what is wrong with the form (a priority that does not exist) and tracks nothing', async () => {
    const { chat, message, assignee } = colleagueMessage('group', 1);
    const res = await post(origin, invoke('submitAction', { as: assignee, chatId: chat.id, messageId: message.id, conversationType: 'groupChat', data: { priority: 'yesterday' } }));
    expect(res.status).toBe(200);
    expect(dialogText(res.body)).toMatch(/could not be tracked.*priority/);
    expect(await tracked(assignee, message.id)).toBeNull();
  });

  it('with an expired token: 401, nothing tracked', async () => {
    const { chat, message, assignee } = colleagueMessage('oneOnOne', 2);
    const res = await post(origin, invoke('submitAction', { as: assignee, chatId: chat.id, messageId: message.id }), -600);
    expect(res.status).toBe(401);
    expect(await tracked(assignee, message.id)).toBeNull();
  });
});

describe('messages that cannot be tracked get a clear answer and write nothing', () => {
  it('a system message', async () => {
    const chat = org().chats.find((c) => c.messages.some((m) => m.messageType === 'systemEventMessage') && (c.guestMembers?.length ?? 0) === 0) as DemoChat;
    const message = chat.messages.find((m) => m.messageType === 'systemEventMessage') as DemoChatMessage;
    const before = await rows();
    for (const name of ['fetchTask', 'submitAction'] as const) {
      const res = await post(origin, invoke(name, { as: userAt(chat.memberIndexes[0] as number), chatId: chat.id, messageId: message.id, conversationType: chat.chatType === 'group' ? 'groupChat' : 'personal' }));
      expect(dialogText(res.body)).toContain('This is not a message from a person');
    }
    expect(await rows()).toEqual(before);
  });

  it('a message from someone outside the organisation', async () => {
    const chat = org().chats.find((c) => c.messages.some((m) => m.fromGuest !== undefined)) as DemoChat;
    const message = chat.messages.find((m) => m.fromGuest !== undefined) as DemoChatMessage;
    const before = await rows();
    for (const name of ['fetchTask', 'submitAction'] as const) {
      const res = await post(origin, invoke(name, { as: userAt(chat.memberIndexes[0] as number), chatId: chat.id, messageId: message.id }));
      const text = dialogText(res.body);
      expect(text).toContain('This message is not from a colleague');
      expect(text).toContain(message.fromGuest?.displayName);
    }
    expect(await rows()).toEqual(before);
  });

  it('a colleague\'s message in a group chat with a member from outside', async () => {
    const { chat, message, assignee } = colleagueMessage('group', 2);
    const guest = org().chats.flatMap((c) => c.guestMembers ?? [])[0] as DemoUser;
    chat.guestMembers = [guest];
    try {
      const before = await rows();
      for (const name of ['fetchTask', 'submitAction'] as const) {
        const res = await post(origin, invoke(name, { as: assignee, chatId: chat.id, messageId: message.id, conversationType: 'groupChat' }));
        expect(dialogText(res.body)).toContain('This chat includes people from outside your organisation');
      }
      expect(await rows()).toEqual(before);
    } finally {
      delete chat.guestMembers;
    }
  });

  it('one\'s own message', async () => {
    const { chat, message, sender } = colleagueMessage('oneOnOne', 3);
    const res = await post(origin, invoke('fetchTask', { as: sender, chatId: chat.id, messageId: message.id }));
    expect(dialogText(res.body)).toContain('This is your own message');
  });

  it('a message that is not there, and a chat the person is not in', async () => {
    const { chat, message, assignee } = colleagueMessage('oneOnOne', 4);
    const missing = await post(origin, invoke('fetchTask', { as: assignee, chatId: chat.id, messageId: '1234567890123' }));
    expect(dialogText(missing.body)).toContain('This message was not found');
    const outsider = org().users.find((u) => isMember(u) && !chat.memberIndexes.includes(u.index)) as DemoUser;
    const before = await rows();
    for (const name of ['fetchTask', 'submitAction'] as const) {
      const res = await post(origin, invoke(name, { as: outsider, chatId: chat.id, messageId: message.id }));
      expect(dialogText(res.body)).toContain('This message was not found');
    }
    expect(await rows()).toEqual(before);
  });

  it('a channel conversation id that names no thread, or a conversation that is neither chat nor channel', async () => {
    const { chat, message, assignee } = colleagueMessage('group', 3);
    const noThread = await post(origin, invoke('fetchTask', { as: assignee, chatId: '19:abc@thread.tacv2', messageId: message.id, conversationType: 'channel' }));
    expect(dialogText(noThread.body)).toContain('This message cannot be tracked from here');
    const other = await post(origin, invoke('fetchTask', { as: assignee, chatId: chat.id, messageId: message.id, conversationType: 'meeting' }));
    expect(dialogText(other.body)).toContain('This message cannot be tracked from here');
  });

  it('a tenant this server does not serve', async () => {
    const { chat, message, assignee } = colleagueMessage('oneOnOne', 5);
    const res = await post(origin, invoke('fetchTask', { as: assignee, chatId: chat.id, messageId: message.id, tenantId: randomUUID() }));
    expect(dialogText(res.body)).toContain('Turnaround is not set up for your organisation');
  });
});

describe('a message in a channel thread', () => {
  /** A channel request of the demo (ground truth) with its channel, and the invoke's conversation for its thread. */
  const channelRequest = (pick: (g: GroundTruthRequest) => boolean): { t: GroundTruthRequest; channel: DemoChannel; assignee: DemoUser; conversationId: string } => {
    const t = org().groundTruth().find((g) => g.source === 'channel' && pick(g)) as GroundTruthRequest;
    const channel = org().channels.find((c) => c.id === t.channelId) as DemoChannel;
    return { t, channel, assignee: org().userById(t.assigneeId) as DemoUser, conversationId: `${channel.id};messageid=${t.threadId ?? ''}` };
  };
  /** What Teams puts in channelData for a channel: the team's and channel's thread ids (here a wrong team, to be ignored). */
  const channelInvoke = (name: 'fetchTask' | 'submitAction', o: InvokeOptions & { channelId: string }): Record<string, unknown> => {
    const body = invoke(name, { ...o, conversationType: 'channel' });
    return { ...body, channelData: { ...(body.channelData as object), team: { id: '19:wrongteam@thread.tacv2' }, channel: { id: o.channelId } } };
  };

  it('fetchTask opens the track form with the channel, its team (resolved through Graph) and the thread; nothing is written', async () => {
    const { t, channel, assignee, conversationId } = channelRequest((g) => g.firstResponseAt === null);
    const before = await rows();
    const res = await post(origin, channelInvoke('fetchTask', { as: assignee, chatId: conversationId, messageId: t.messageId, channelId: channel.id }));
    expect(res.status).toBe(200);
    expect(Object.fromEntries(new URL(res.body.task.value.url).searchParams)).toEqual({
      dialog: 'track', source: 'chat', chatId: channel.id, messageId: t.messageId, teamId: channel.teamId, threadId: t.threadId,
    });
    expect(await rows()).toEqual(before);
  });

  it('submitAction tracks it for the channel\'s team with Graph\'s facts; its first response is the reply in the thread, not the assignee\'s reply in another thread', async () => {
    const { t, channel, assignee, conversationId } = channelRequest((g) => g.cases.includes('replyInAnotherThread') && g.firstResponseAt !== null);
    const lie = { createdDateTime: '2001-01-01T00:00:00Z', from: { user: { id: assignee.id, displayName: 'Somebody Else' } } };
    const res = await post(origin, channelInvoke('submitAction', { as: assignee, chatId: conversationId, messageId: t.messageId, channelId: channel.id, data: { priority: 'high' }, payload: lie }));
    expect(res.body.task.type).toBe('message');
    expect(res.body.task.value).toMatch(/^Tracked as a request: ".*"\. Due .* \(Europe\/Berlin\)\.$/);
    const request = await tracked(assignee, t.messageId);
    expect(request).toEqual(expect.objectContaining({ requesterId: t.requesterId, chatId: channel.id, threadId: t.threadId, teamId: channel.teamId, priority: 'high' }));
    expect(Math.floor((request?.receivedAt.getTime() ?? 0) / 1000)).toBe(Math.floor(t.receivedAt.getTime() / 1000));
    expect(request?.firstResponseMessageId).toBe(t.firstResponseMessageId);
    const again = await post(origin, channelInvoke('fetchTask', { as: assignee, chatId: conversationId, messageId: t.messageId, channelId: channel.id }));
    expect(dialogText(again.body)).toContain('You already track this message');
  });

  it('one\'s own reply, a message of another thread, and a person outside the team: each answered, nothing tracked', async () => {
    const { t, channel, assignee, conversationId } = channelRequest((g) => g.firstResponseAt !== null && !g.cases.includes('replyInAnotherThread'));
    const before = await rows();
    const own = await post(origin, channelInvoke('fetchTask', { as: assignee, chatId: conversationId, messageId: t.firstResponseMessageId ?? '', channelId: channel.id }));
    expect(dialogText(own.body)).toContain('This is your own message');
    const otherRoot = channel.messages.find((m) => m.replyToId === null && m.id !== t.threadId)?.id ?? '';
    const wrongThread = await post(origin, channelInvoke('fetchTask', { as: assignee, chatId: `${channel.id};messageid=${otherRoot}`, messageId: t.messageId, channelId: channel.id }));
    expect(dialogText(wrongThread.body)).toContain('This message was not found');
    const team = org().teams.find((x) => x.id === channel.teamId);
    const outsider = org().users.find((u) => isMember(u) && !team?.members.some((m) => m.userIndex === u.index)) as DemoUser;
    for (const name of ['fetchTask', 'submitAction'] as const) {
      const res = await post(origin, channelInvoke(name, { as: outsider, chatId: conversationId, messageId: t.messageId, channelId: channel.id }));
      expect(dialogText(res.body)).toContain('This message was not found');
    }
    expect(await rows()).toEqual(before);
  });
});

describe('a server without application access (GRAPH_BACKGROUND_ACCESS=delegated)', () => {
  let delegated: ServerFixture;
  let at: string;

  beforeAll(async () => {
    delegated = await startServerFixture({ DEMO_SEED_REQUESTS: 'off', GRAPH_BACKGROUND_ACCESS: 'delegated' });
    at = await listen(delegated);
  });
  afterAll(() => delegated.close());

  it('says to track it from the tab, for fetchTask and submitAction, and tracks nothing', async () => {
    const chat = delegated.devTenant.org.chats.find((c) => c.chatType === 'oneOnOne' && (c.guestMembers?.length ?? 0) === 0) as DemoChat;
    const message = chat.messages.find((m) => m.messageType === 'message' && m.fromUserIndex !== null) as DemoChatMessage;
    const assignee = delegated.devTenant.org.users[chat.memberIndexes.find((i) => i !== message.fromUserIndex) as number] as DemoUser;
    for (const name of ['fetchTask', 'submitAction'] as const) {
      const body = { ...invoke(name, { as: assignee, chatId: chat.id, messageId: message.id }), conversation: { id: chat.id, conversationType: 'personal', tenantId: delegated.devTenant.org.tenantId }, channelData: { tenant: { id: delegated.devTenant.org.tenantId } } };
      const token = await delegated.devTenant.authority.botFramework.issueToken({ audience: delegated.devTenant.authority.demoClient.clientId });
      const res = await fetch(`${at}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
      expect(res.status).toBe(200);
      expect(dialogText(await res.json())).toContain('Track this message from the Turnaround tab');
    }
    expect(await delegated.app.services.stores.requests.findBySourceMessage(delegated.devTenant.org.tenantId, 'chat', message.id, assignee.id)).toBeNull();
  });
});
