/**
 * Chat: the sync is incremental (each chat's watermark moves forward, so a re-sync reads only newer messages, and a
 * chat where nothing can change is not read at all), resolved chat requests get their first response like email ones,
 * a deleted reply stays the first response, and an earlier chat message replaces a manual mark. On the dev tenant,
 * through the real Graph client and a real SQLite store; what the sync asked Graph for is recorded at the chat source.
 */
import { SyncService } from '../../../../src/app/sync/sync-service';
import { startSyncHarness, type SyncHarness } from './sync-harness';
import { deleteChatMessage, markRespondedByHand, postInChat, recordingChats, seconds, storedRequest, trackedChat, twoColleagues } from './first-response-scenarios';

const MINUTE = 60_000;

describe('chat sync', () => {
  let h: SyncHarness;
  beforeEach(async () => {
    h = await startSyncHarness({ people: 8, days: 5 });
  });
  afterEach(async () => {
    await h.close();
  });

  const sync = (userId: string) => h.newSyncService().syncPerson(h.userOf(userId));
  const systemResponded = async (requestId: string) => (await h.stores.requests.listEvents(h.tenant.org.tenantId, requestId)).filter((e) => e.type === 'responded' && e.actorId === 'system');

  it('reads each chat from its watermark, which moves forward; a chat whose requests are all answered is not read', async () => {
    const { assignee, requester } = twoColleagues(h);
    const { assignee: other } = twoColleagues(h, 2);
    const clock = { now: () => h.tenant.clock.now() };
    const { chats, asked } = recordingChats(h);
    const service = new SyncService({ stores: h.stores, mail: h.mail, chats, directory: h.directory, clock, owner: 'test-server' });
    const run = () => service.syncPerson(h.userOf(assignee.id));
    const sinceOf = (call: number, chatId: string) => asked[call]?.find((q) => q.chatId === chatId)?.since?.getTime();
    /** An instant as Graph gave it (whole seconds here): a watermark is the newest lastModifiedDateTime seen. */
    const watermarkAt = (ms: number) => (seconds(ms) ?? 0) * 1000;

    const askedAt = h.tenant.clock.nowMs() - 180 * MINUTE;
    const { chat, ask } = await trackedChat(h, assignee, requester, askedAt);
    const { chat: answeredChat, ask: answeredAsk } = await trackedChat(h, assignee, other, askedAt + MINUTE);
    // First sync: neither chat has a watermark, each is read from its earliest request.
    await run();
    expect(sinceOf(0, chat.id)).toBe(watermarkAt(ask.createdMs) - 1);
    expect(sinceOf(0, answeredChat.id)).toBe(watermarkAt(answeredAsk.createdMs) - 1);

    // The requester writes again (still unanswered); the other chat gets its answer.
    h.tenant.clock.advance(10 * MINUTE);
    const again = await postInChat(h, requester, chat, 'Any news?');
    const answer = await postInChat(h, assignee, answeredChat, 'Done, you have access.');
    await run();
    // The watermark is the newest message seen by the first read, not the request again.
    expect(sinceOf(1, chat.id)).toBe(watermarkAt(ask.lastModifiedMs));
    expect(sinceOf(1, answeredChat.id)).toBe(watermarkAt(answeredAsk.lastModifiedMs));
    expect((await storedRequest(h, assignee, 'chat', answeredAsk.id)).firstResponseMessageId).toBe(answer.id);

    // Third sync: the unanswered chat is read from the requester's second message; the answered chat not at all.
    h.tenant.clock.advance(10 * MINUTE);
    await run();
    expect(asked[2]?.map((q) => q.chatId)).toEqual([chat.id]);
    expect(sinceOf(2, chat.id)).toBe(watermarkAt(again.lastModifiedMs));

    // Answered too: nothing left to read, no Graph call for chats.
    h.tenant.clock.advance(10 * MINUTE);
    const reply = await postInChat(h, assignee, chat, 'Reset done.');
    await run();
    expect((await storedRequest(h, assignee, 'chat', ask.id)).firstResponseMessageId).toBe(reply.id);
    const calls = asked.length;
    h.tenant.clock.advance(10 * MINUTE);
    await run();
    expect(asked.length).toBe(calls);
  });

  it('a resolved chat request gets its first response from the sync', async () => {
    const { assignee, requester } = twoColleagues(h);
    const { ask, chat } = await trackedChat(h, assignee, requester, h.tenant.clock.nowMs() - 60 * MINUTE);
    const tracked = await storedRequest(h, assignee, 'chat', ask.id);
    const now = h.tenant.clock.now();
    await h.stores.requests.update(h.tenant.org.tenantId, tracked.id, { status: 'resolved', resolvedAt: now, dueAt: null }, [{ type: 'resolved', actorId: assignee.id, at: now, data: null }], tracked.updatedAt);
    h.tenant.clock.advance(5 * MINUTE);
    const reply = await postInChat(h, assignee, chat, 'Sorted it by phone, closing here.');
    await sync(assignee.id);
    const r = await storedRequest(h, assignee, 'chat', ask.id);
    expect({ status: r.status, at: seconds(r.firstResponseAt), source: r.firstResponseSource, messageId: r.firstResponseMessageId })
      .toEqual({ status: 'resolved', at: seconds(reply.createdMs), source: 'chat', messageId: reply.id });
  });

  it('a reply deleted after the sync found it stays the first response', async () => {
    const { assignee, requester } = twoColleagues(h);
    const { ask, chat } = await trackedChat(h, assignee, requester, h.tenant.clock.nowMs() - 60 * MINUTE);
    await sync(assignee.id);
    h.tenant.clock.advance(5 * MINUTE);
    const reply = await postInChat(h, assignee, chat, 'Looking into it.');
    await sync(assignee.id);
    expect((await storedRequest(h, assignee, 'chat', ask.id)).firstResponseMessageId).toBe(reply.id);
    h.tenant.clock.advance(30 * MINUTE);
    deleteChatMessage(h, reply);
    await sync(assignee.id);
    const r = await storedRequest(h, assignee, 'chat', ask.id);
    expect({ at: seconds(r.firstResponseAt), source: r.firstResponseSource, messageId: r.firstResponseMessageId }).toEqual({ at: seconds(reply.createdMs), source: 'chat', messageId: reply.id });
    expect((await systemResponded(r.id)).map((e) => e.data?.messageId)).toEqual([reply.id]);
  });

  it('a reply deleted before any sync saw it still counts: it was delivered', async () => {
    const { assignee, requester } = twoColleagues(h);
    const { ask, chat } = await trackedChat(h, assignee, requester, h.tenant.clock.nowMs() - 60 * MINUTE);
    h.tenant.clock.advance(5 * MINUTE);
    const reply = await postInChat(h, assignee, chat, 'Wrong chat, sorry.');
    h.tenant.clock.advance(MINUTE);
    deleteChatMessage(h, reply);
    await sync(assignee.id);
    const r = await storedRequest(h, assignee, 'chat', ask.id);
    expect({ at: seconds(r.firstResponseAt), messageId: r.firstResponseMessageId }).toEqual({ at: seconds(reply.createdMs), messageId: reply.id });
  });

  it('a manual "responded" is replaced by an earlier chat message the sync finds later', async () => {
    const { assignee, requester } = twoColleagues(h);
    const { ask, chat } = await trackedChat(h, assignee, requester, h.tenant.clock.nowMs() - 60 * MINUTE);
    await sync(assignee.id);
    h.tenant.clock.advance(5 * MINUTE);
    const reply = await postInChat(h, assignee, chat, 'Will do.');
    h.tenant.clock.advance(20 * MINUTE);
    await markRespondedByHand(h, assignee, (await storedRequest(h, assignee, 'chat', ask.id)).id);
    await sync(assignee.id);
    const r = await storedRequest(h, assignee, 'chat', ask.id);
    expect({ at: seconds(r.firstResponseAt), source: r.firstResponseSource, messageId: r.firstResponseMessageId }).toEqual({ at: seconds(reply.createdMs), source: 'chat', messageId: reply.id });
    expect((await systemResponded(r.id)).map((e) => e.data)).toEqual([expect.objectContaining({ source: 'chat', messageId: reply.id, replaced: 'manual' })]);
  });
});
