import { DirectoryService } from '../../../../src/app/directory-service';
import { applyRequestAction } from '../../../../src/app/request-actions';
import { trackRequest } from '../../../../src/app/track-request';
import type { DemoChannel, GroundTruthRequest } from '../../../../src/devtenant/demo-organization';
import { startSyncHarness, type SyncHarness } from './sync-harness';

/**
 * Requests tracked from Teams channel messages, on the dev tenant over HTTPS with the real Graph client and store: the
 * request belongs to the channel's team; its first response is the assignee's first reply in the same thread (never
 * their reply in another thread of the channel); the requester replying in the thread resumes a waiting request.
 */
let h: SyncHarness;
beforeAll(async () => {
  h = await startSyncHarness();
});
afterAll(async () => h.close());

const channelOf = (t: GroundTruthRequest): DemoChannel => h.tenant.org.channels.find((c) => c.id === t.channelId) as DemoChannel;
const deps = () => ({ stores: h.stores, mail: h.mail, chats: h.chats, channels: h.channels, directory: h.directory, domains: h.domains });
const track = async (t: GroundTruthRequest) => (await trackRequest(deps(), await h.asPerson(t.assigneeId), {
  source: 'chat', chatId: t.channelId ?? '', teamId: t.teamId ?? '', threadId: t.threadId ?? '', messageId: t.messageId,
}, h.tenant.clock.now())).request;
const stored = async (t: GroundTruthRequest, id: string) => (await h.stores.requests.listForAssignee(h.tenant.org.tenantId, t.assigneeId, { includeResolved: true })).find((r) => r.id === id);
const syncOf = async (assigneeId: string) => h.newSyncService().syncPerson(h.userOf(assigneeId));

describe('requests in channel threads', () => {
  it('tracks a channel message as a request of the channel\'s team; its first response is the reply in the same thread, not the assignee\'s earlier reply in another thread', async () => {
    const t = h.tenant.org.groundTruth().find((g) => g.source === 'channel' && g.cases.includes('replyInAnotherThread') && g.firstResponseAt !== null) as GroundTruthRequest;
    expect(t).toBeDefined();
    const request = await track(t);
    expect(request).toEqual(expect.objectContaining({ source: 'chat', chatId: t.channelId, threadId: t.threadId, conversationId: t.teamId, teamId: t.teamId, requesterId: t.requesterId }));
    expect(request.receivedAt.getTime()).toBe(Math.floor(t.receivedAt.getTime() / 1000) * 1000);
    expect(request.firstResponseMessageId).toBe(t.firstResponseMessageId);
    expect(request.firstResponseAt?.getTime()).toBe(Math.floor((t.firstResponseAt?.getTime() ?? 0) / 1000) * 1000);
    // The assignee's reply in another thread came first: it is not the answer.
    const assigneeIndex = h.tenant.org.userById(t.assigneeId)?.index;
    const elsewhere = channelOf(t).messages.find((m) => m.fromUserIndex === assigneeIndex && m.replyToId !== null && m.replyToId !== t.threadId && m.createdMs > t.receivedAt.getTime());
    expect(elsewhere).toBeDefined();
    expect(request.firstResponseAt?.getTime()).toBeGreaterThan(elsewhere?.createdMs ?? Infinity);
  });

  it('sync: a reply in another thread changes nothing; the assignee\'s reply in the thread becomes the first response', async () => {
    const org = h.tenant.org;
    const t = org.groundTruth().find((g) => g.source === 'channel' && g.why === 'no response: no answer yet') as GroundTruthRequest;
    const request = await track(t);
    expect(request.firstResponseAt).toBeNull();
    const channel = channelOf(t);
    const assignee = org.userById(t.assigneeId)?.index ?? null;
    const otherThread = channel.messages.find((m) => m.replyToId === null && m.id !== t.threadId);
    h.tenant.clock.advance(10 * 60_000);
    org.postChannelMessage(channel, assignee, '<p>Answering the other thread</p>', h.tenant.clock.nowMs(), otherThread?.id ?? null);
    h.tenant.clock.advance(10 * 60_000);
    await syncOf(t.assigneeId);
    expect((await stored(t, request.id))?.firstResponseAt).toBeNull();

    h.tenant.clock.advance(10 * 60_000);
    const reply = org.postChannelMessage(channel, assignee, '<p>On it</p>', h.tenant.clock.nowMs(), t.threadId ?? null);
    h.tenant.clock.advance(10 * 60_000);
    await syncOf(t.assigneeId);
    const after = await stored(t, request.id);
    expect(after?.firstResponseMessageId).toBe(reply.id);
    expect(after?.firstResponseSource).toBe('chat');
    expect(after?.firstResponseAt?.getTime()).toBe(Math.floor(reply.createdMs / 1000) * 1000);
    // The ground truth agrees.
    expect(org.groundTruth().find((g) => g.messageId === t.messageId && g.source === 'channel')?.firstResponseMessageId).toBe(reply.id);
  });

  it('"waiting on requester" resumes when the requester replies in that thread, not when they write in another', async () => {
    const org = h.tenant.org;
    const t = org.groundTruth().find((g) => g.source === 'channel' && g.firstResponseAt === null && g.cases.includes('othersRepliedInThread')) as GroundTruthRequest;
    const request = await track(t);
    const user = { tenantId: org.tenantId, userId: t.assigneeId };
    const directory = new DirectoryService({ stores: h.stores, clock: { now: () => h.tenant.clock.now() }, source: h.directory });
    await applyRequestAction({ stores: h.stores, clock: { now: () => h.tenant.clock.now() }, directory }, user, request.id, { action: 'wait' });
    expect((await stored(t, request.id))?.status).toBe('waiting');
    const channel = channelOf(t);
    const requester = org.userById(t.requesterId)?.index ?? null;
    const otherThread = channel.messages.find((m) => m.replyToId === null && m.id !== t.threadId);
    h.tenant.clock.advance(10 * 60_000);
    org.postChannelMessage(channel, requester, '<p>Me too, in that other thread</p>', h.tenant.clock.nowMs(), otherThread?.id ?? null);
    h.tenant.clock.advance(10 * 60_000);
    await syncOf(t.assigneeId);
    expect((await stored(t, request.id))?.status).toBe('waiting');

    const back = org.postChannelMessage(channel, requester, '<p>Here are the details you asked for</p>', h.tenant.clock.nowMs(), t.threadId ?? null);
    h.tenant.clock.advance(10 * 60_000);
    await syncOf(t.assigneeId);
    const after = await stored(t, request.id);
    expect(after?.status).toBe('open');
    expect(after?.waitingPeriods.at(-1)?.to?.getTime()).toBe(Math.floor(back.createdMs / 1000) * 1000);
  });

  it('a channel message is read back from Graph: a wrong team or thread finds nothing and tracks nothing', async () => {
    const t = h.tenant.org.groundTruth().find((g) => g.source === 'channel') as GroundTruthRequest;
    const other = h.tenant.org.teams.find((x) => x.id !== t.teamId)?.id ?? '';
    const as = await h.asPerson(t.assigneeId);
    const before = (await h.stores.requests.listForAssignee(h.tenant.org.tenantId, t.assigneeId, { includeResolved: true })).length;
    await expect(trackRequest(deps(), as, { source: 'chat', chatId: t.channelId ?? '', teamId: other, messageId: t.messageId }, h.tenant.clock.now())).rejects.toMatchObject({ code: expect.stringMatching(/message_not_found|graph_forbidden/) });
    const anotherRoot = channelOf(t).messages.find((m) => m.replyToId === null && m.id !== t.threadId)?.id ?? '';
    await expect(trackRequest(deps(), as, { source: 'chat', chatId: t.channelId ?? '', teamId: t.teamId ?? '', threadId: anotherRoot, messageId: t.messageId }, h.tenant.clock.now())).rejects.toMatchObject({ code: 'message_not_found' });
    await expect(trackRequest(deps(), as, { source: 'email', teamId: t.teamId ?? '', messageId: t.messageId }, h.tenant.clock.now())).rejects.toMatchObject({ code: 'validation_failed' });
    expect((await h.stores.requests.listForAssignee(h.tenant.org.tenantId, t.assigneeId, { includeResolved: true })).length).toBe(before);
  });
});
