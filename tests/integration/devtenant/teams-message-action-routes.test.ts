/**
 * The Teams workbench's chats and message action (issue 21) through the real server in demo mode: the person's chats
 * from the demo organisation, and "Track as request" as Teams' cloud plays it — the dev route builds the invoke, signs
 * it as the Bot Connector and posts it to /api/messages, where the Teams SDK validates it like any other. fetchTask opens
 * the track dialog's page; submitAction with the dialog's data tracks the message; bad input is a problem+json. The same
 * for a channel thread's root message: the person's teams, channels and threads, and the invoke built as Teams builds it
 * for a channel message (the thread as the conversation), which the bot reads back from Graph for the channel's team.
 */
import type { DemoChannel, DemoChat, DemoChatMessage, DemoUser, GroundTruthRequest } from '../../../src/devtenant/demo-organization';
import type { WorkbenchTeam } from '../../../src/devtenant/workbench/teams-channels-route';
import { startServerFixture, type ServerFixture } from '../server/server-fixture';

jest.setTimeout(120_000);

let server: ServerFixture;
beforeAll(async () => {
  server = await startServerFixture({ DEMO_SEED_REQUESTS: 'off' });
});
afterAll(() => server.close());

const org = () => server.devTenant.org;
const isMember = (u: DemoUser | undefined): boolean => u !== undefined && u.userType === 'Member' && u.tenantId === org().tenantId;

/** A 1:1 chat of colleagues and a live message in it from one of them, with the other. */
function colleagueMessage(): { chat: DemoChat; message: DemoChatMessage; assignee: DemoUser } {
  for (const chat of org().chats) {
    if (chat.chatType !== 'oneOnOne' || (chat.guestMembers?.length ?? 0) > 0 || !chat.memberIndexes.every((i) => isMember(org().users[i]))) continue;
    const message = chat.messages.find((m) => m.messageType === 'message' && m.deletedMs === null && m.fromUserIndex !== null);
    const assigneeIndex = chat.memberIndexes.find((i) => i !== message?.fromUserIndex);
    if (message && assigneeIndex !== undefined) return { chat, message, assignee: org().users[assigneeIndex] as DemoUser };
  }
  throw new Error('no 1:1 chat with a colleague\'s message');
}

const action = (payload: Record<string, unknown>) =>
  server.app.inject({ method: 'POST', url: '/dev/workbench/teams/message-action', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(payload) });

describe('the Teams workbench\'s chats', () => {
  it('lists the person\'s chats with their messages as text', async () => {
    const { chat, assignee } = colleagueMessage();
    const res = await server.app.inject({ method: 'GET', url: `/dev/workbench/teams/chats?user=${encodeURIComponent(assignee.userPrincipalName)}` });
    expect(res.statusCode).toBe(200);
    const body = res.json() as { chats: { id: string; messages: { id: string; text: string; system: boolean }[] }[] };
    expect(body.chats.length).toBeGreaterThan(0);
    const listed = body.chats.find((c) => c.id === chat.id);
    // The chat may be beyond the newest the list shows; when it is listed, its messages are plain text.
    if (listed) expect(listed.messages.every((m) => !/<[a-z]/i.test(m.text))).toBe(true);
    expect(body.chats.every((c) => org().chats.find((d) => d.id === c.id)?.memberIndexes.includes(assignee.index))).toBe(true);
  });

  it('answers an unknown user with a problem', async () => {
    const res = await server.app.inject({ method: 'GET', url: '/dev/workbench/teams/chats?user=nobody@example.test' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'unknown_user' });
  });
});

describe('"Track as request" from the workbench', () => {
  it('posts a signed fetchTask (the dialog\'s page) and a submitAction with the dialog\'s data (tracked)', async () => {
    const { chat, message, assignee } = colleagueMessage();
    const fetched = await action({ user: assignee.userPrincipalName, chatId: chat.id, messageId: message.id, invoke: 'fetchTask', timeZone: 'Europe/Berlin' });
    expect(fetched.statusCode).toBe(200);
    const fetchBody = fetched.json() as { status: number; answer: { task: { type: string; value: { url: string } } } };
    expect(fetchBody.status).toBe(200);
    expect(fetchBody.answer.task.type).toBe('continue');
    expect(Object.fromEntries(new URL(fetchBody.answer.task.value.url).searchParams)).toEqual({ dialog: 'track', source: 'chat', chatId: chat.id, messageId: message.id });

    const submitted = await action({ user: assignee.userPrincipalName, chatId: chat.id, messageId: message.id, invoke: 'submitAction', data: { priority: 'high', note: 'From the workbench' }, timeZone: 'Europe/Berlin' });
    const submitBody = submitted.json() as { status: number; answer: { task: { type: string; value: string } } };
    expect(submitBody.status).toBe(200);
    expect(submitBody.answer.task.type).toBe('message');
    expect(submitBody.answer.task.value).toMatch(/^Tracked as a request: ".*"\. Due .*\(Europe\/Berlin\)\.$/);
    const request = await server.app.services.stores.requests.findBySourceMessage(org().tenantId, 'chat', message.id, assignee.id);
    expect(request).toMatchObject({ priority: 'high', note: 'From the workbench', chatId: chat.id });

    const again = await action({ user: assignee.userPrincipalName, chatId: chat.id, messageId: message.id, invoke: 'fetchTask' });
    expect((again.json() as { answer: { task: { value: { card?: unknown } } } }).answer.task.value.card).toBeDefined();
  });

  it('refuses bad input with a problem and posts nothing', async () => {
    const { chat, message, assignee } = colleagueMessage();
    const cases: [Record<string, unknown>, string][] = [
      [{ user: 'nobody@example.test', chatId: chat.id, messageId: message.id, invoke: 'fetchTask' }, 'unknown_user'],
      [{ user: assignee.userPrincipalName, chatId: 'no-such-chat', messageId: message.id, invoke: 'fetchTask' }, 'unknown_chat'],
      [{ user: assignee.userPrincipalName, chatId: chat.id, messageId: '', invoke: 'fetchTask' }, 'invalid_request'],
      [{ user: assignee.userPrincipalName, chatId: chat.id, messageId: message.id, invoke: 'queryLink' }, 'invalid_request'],
      [{ user: assignee.userPrincipalName, chatId: chat.id, messageId: message.id, invoke: 'submitAction', data: [1] }, 'invalid_request'],
    ];
    for (const [payload, code] of cases) {
      const res = await action(payload);
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.json()).toMatchObject({ code });
    }
  });
});

describe('"Track as request" on a channel thread from the workbench', () => {
  /** A channel request of the demo's ground truth whose thread the assignee has not answered yet. */
  const unanswered = (): { t: GroundTruthRequest; channel: DemoChannel; assignee: DemoUser } => {
    const t = org().groundTruth().find((g) => g.source === 'channel' && g.firstResponseAt === null) as GroundTruthRequest;
    return { t, channel: org().channels.find((c) => c.id === t.channelId) as DemoChannel, assignee: org().userById(t.assigneeId) as DemoUser };
  };
  const teamsOf = async (upn: string) => (await server.app.inject({ method: 'GET', url: `/dev/workbench/teams/teams?user=${encodeURIComponent(upn)}` })).json() as { teams: WorkbenchTeam[] };

  it('lists the person\'s teams with their channels and threads (root and replies); a colleague outside the team does not see them', async () => {
    const { t, channel, assignee } = unanswered();
    const { teams } = await teamsOf(assignee.userPrincipalName);
    const listed = teams.find((x) => x.id === channel.teamId)?.channels.find((c) => c.id === channel.id);
    expect(listed?.displayName).toBe(channel.displayName);
    const thread = listed?.threads.find((x) => x.root.id === t.threadId);
    expect(thread?.root).toMatchObject({ from: org().userById(t.requesterId)?.displayName, system: false });
    expect(thread?.root.text).not.toMatch(/<[a-z]/i);
    const answered = org().groundTruth().find((g) => g.channelId === channel.id && g.firstResponseMessageId !== null);
    expect(listed?.threads.find((x) => x.root.id === answered?.threadId)?.replies.map((r) => r.id)).toContain(answered?.firstResponseMessageId);
    const requester = org().userById(t.requesterId) as DemoUser;
    expect((await teamsOf(requester.userPrincipalName)).teams.some((x) => x.id === channel.teamId)).toBe(false);
  });

  it('posts a signed channel fetchTask (the dialog names the team and thread) and a submitAction that tracks it for the channel\'s team', async () => {
    const { t, channel, assignee } = unanswered();
    const at = { user: assignee.userPrincipalName, channelId: channel.id, threadId: t.threadId, messageId: t.messageId, timeZone: 'Europe/Berlin' };
    const fetched = (await action({ ...at, invoke: 'fetchTask' })).json() as { status: number; answer: { task: { type: string; value: { url: string } } } };
    expect(fetched.status).toBe(200);
    expect(Object.fromEntries(new URL(fetched.answer.task.value.url).searchParams)).toEqual({
      dialog: 'track', source: 'chat', chatId: channel.id, messageId: t.messageId, teamId: channel.teamId, threadId: t.threadId,
    });
    const submitted = (await action({ ...at, invoke: 'submitAction', data: { priority: 'normal' } })).json() as { status: number; answer: { task: { type: string; value: string } } };
    expect(submitted).toMatchObject({ status: 200, answer: { task: { type: 'message' } } });
    expect(submitted.answer.task.value).toMatch(/^Tracked as a request: ".*"\. Due .*\(Europe\/Berlin\)\.$/);
    const request = await server.app.services.stores.requests.findBySourceMessage(org().tenantId, 'chat', t.messageId, assignee.id);
    expect(request).toMatchObject({ requesterId: t.requesterId, chatId: channel.id, threadId: t.threadId, teamId: channel.teamId });
  });

  it('refuses a channel of a team the person is not in, an unknown channel, and a thread id that is not a root, with a problem', async () => {
    const { t, channel, assignee } = unanswered();
    const requester = org().userById(t.requesterId) as DemoUser;
    const reply = channel.messages.find((m) => m.replyToId !== null) as DemoChannel['messages'][number];
    const cases: [Record<string, unknown>, string][] = [
      [{ user: requester.userPrincipalName, channelId: channel.id, threadId: t.threadId, messageId: t.messageId, invoke: 'fetchTask' }, 'unknown_channel'],
      [{ user: assignee.userPrincipalName, channelId: '19:nothing@thread.tacv2', threadId: t.threadId, messageId: t.messageId, invoke: 'fetchTask' }, 'unknown_channel'],
      [{ user: assignee.userPrincipalName, channelId: channel.id, threadId: reply.id, messageId: reply.id, invoke: 'fetchTask' }, 'unknown_thread'],
      [{ user: assignee.userPrincipalName, channelId: channel.id, messageId: t.messageId, invoke: 'fetchTask' }, 'unknown_thread'],
    ];
    for (const [payload, code] of cases) {
      const res = await action(payload);
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.json()).toMatchObject({ code });
    }
  });
});
