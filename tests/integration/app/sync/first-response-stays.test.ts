/**
 * Email: a first response, once delivered, stays (deleting or archiving the copy of the reply changes nothing), replies
 * already moved out of Sent Items are found in any folder, and the earliest response wins whatever its source (a
 * manual mark is replaced by an earlier reply found later, never by a later one). On the dev tenant, through the real
 * Graph client and a real SQLite store.
 */
import { startSyncHarness, trackAll, type SyncHarness } from './sync-harness';
import { markRespondedByHand, replyByMail, seconds, storedRequest, trackedMail, twoColleagues } from './first-response-scenarios';

const MINUTE = 60_000;

describe('email first responses', () => {
  let h: SyncHarness;
  beforeEach(async () => {
    h = await startSyncHarness({ people: 8, days: 5 });
  });
  afterEach(async () => {
    await h.close();
  });

  const sync = (userId: string) => h.newSyncService().syncPerson(h.userOf(userId));
  const systemResponded = async (requestId: string) => (await h.stores.requests.listEvents(h.tenant.org.tenantId, requestId)).filter((e) => e.type === 'responded' && e.actorId === 'system');

  it.each(['deleted', 'archived'] as const)('a reply %s after the sync found it stays the first response, and the removal re-reads no conversation', async (fate) => {
    const { assignee, requester } = twoColleagues(h);
    const messageId = await trackedMail(h, assignee, requester, h.tenant.clock.nowMs() - 120 * MINUTE);
    await sync(assignee.id);
    h.tenant.clock.advance(10 * MINUTE);
    const reply = await replyByMail(h, assignee, messageId);
    await sync(assignee.id);
    const found = await storedRequest(h, assignee, 'email', messageId);
    const replyId = h.tenant.org.ids.messageId(reply.number);
    expect({ at: seconds(found.firstResponseAt), source: found.firstResponseSource, messageId: found.firstResponseMessageId })
      .toEqual({ at: seconds(reply.mail.sentMs), source: 'email', messageId: replyId });

    h.tenant.clock.advance(60 * MINUTE);
    const client = h.pool.clientFor(await h.asPerson(assignee.id));
    if (fate === 'deleted') await client.api(`/users/${assignee.id}/messages/${replyId}`).delete();
    else await client.api(`/users/${assignee.id}/messages/${replyId}/move`).post({ destinationId: 'archive' });
    const before = h.tenant.counters.get('GET /users/{id}/messages');
    await sync(assignee.id);
    const after = await storedRequest(h, assignee, 'email', messageId);
    expect({ at: after.firstResponseAt, source: after.firstResponseSource, messageId: after.firstResponseMessageId })
      .toEqual({ at: found.firstResponseAt, source: 'email', messageId: replyId });
    expect((await systemResponded(found.id)).map((e) => e.data?.messageId)).toEqual([replyId]);
    // The Sent Items round reported the removal; the only request has a first response, so no conversation is read.
    expect(h.tenant.counters.get('GET /users/{id}/messages') - before).toBe(0);
  });

  it('a reply the person archived before the sync saw it is found in the Archive folder', async () => {
    const { assignee, requester } = twoColleagues(h);
    const messageId = await trackedMail(h, assignee, requester, h.tenant.clock.nowMs() - 120 * MINUTE);
    await sync(assignee.id);
    h.tenant.clock.advance(10 * MINUTE);
    const reply = await replyByMail(h, assignee, messageId);
    h.tenant.clock.advance(5 * MINUTE);
    const client = h.pool.clientFor(await h.asPerson(assignee.id));
    const moved = (await client.api(`/users/${assignee.id}/messages/${h.tenant.org.ids.messageId(reply.number)}/move`).post({ destinationId: 'archive' })) as { id: string };
    await sync(assignee.id);
    const r = await storedRequest(h, assignee, 'email', messageId);
    expect({ at: seconds(r.firstResponseAt), source: r.firstResponseSource, messageId: r.firstResponseMessageId })
      .toEqual({ at: seconds(reply.mail.sentMs), source: 'email', messageId: moved.id });
  });

  it('tracking finds a reply already moved to Deleted Items', async () => {
    const { assignee, requester } = twoColleagues(h);
    const org = h.tenant.org;
    const from = org.addressOf(requester);
    const { inboxCopies } = org.deliver({
      conversationId: org.newConversationId(), internetMessageId: org.newInternetMessageId(h.tenant.clock.nowMs() - 180 * MINUTE, from), subject: 'Badge for the new starter',
      bodyText: 'Could you order one?', from, fromUserIndex: requester.index, to: [org.addressOf(assignee)], cc: [], sentMs: h.tenant.clock.nowMs() - 180 * MINUTE,
      kind: 'request', importance: 'normal', headers: [],
    });
    const messageId = org.ids.messageId(inboxCopies[0]?.number ?? -1);
    const reply = await replyByMail(h, assignee, messageId);
    const client = h.pool.clientFor(await h.asPerson(assignee.id));
    const moved = (await client.api(`/users/${assignee.id}/messages/${org.ids.messageId(reply.number)}/move`).post({ destinationId: 'deleteditems' })) as { id: string };
    h.tenant.clock.advance(MINUTE);
    await trackAll(h, [{ assigneeId: assignee.id, source: 'email', messageId }]);
    const r = await storedRequest(h, assignee, 'email', messageId);
    expect({ at: seconds(r.firstResponseAt), source: r.firstResponseSource, messageId: r.firstResponseMessageId })
      .toEqual({ at: seconds(reply.mail.sentMs), source: 'email', messageId: moved.id });
  });

  it('a colleague\'s reply-all to the requester, read across folders, is not the person\'s response', async () => {
    const { assignee, requester } = twoColleagues(h);
    const { assignee: colleague } = twoColleagues(h, 2);
    const org = h.tenant.org;
    const from = org.addressOf(requester);
    const sentMs = h.tenant.clock.nowMs() - 120 * MINUTE;
    const { inboxCopies } = org.deliver({
      conversationId: org.newConversationId(), internetMessageId: org.newInternetMessageId(sentMs, from), subject: 'Who can approve this?',
      bodyText: 'Either of you?', from, fromUserIndex: requester.index, to: [org.addressOf(assignee), org.addressOf(colleague)], cc: [], sentMs,
      kind: 'request', importance: 'normal', headers: [],
    });
    const mine = inboxCopies.find((c) => c.ownerIndex === assignee.index);
    const theirs = inboxCopies.find((c) => c.ownerIndex === colleague.index);
    if (!mine || !theirs) throw new Error('not delivered');
    // The colleague answers everyone: the requester in To, the person in Cc — a copy lands in the person's Inbox.
    org.replyTo(theirs, 'I can.', sentMs + 30 * MINUTE, true);
    await trackAll(h, [{ assigneeId: assignee.id, source: 'email', messageId: org.ids.messageId(mine.number) }]);
    expect((await storedRequest(h, assignee, 'email', org.ids.messageId(mine.number))).firstResponseAt).toBeNull();
  });

  it('a manual "responded" is replaced by an earlier reply the sync finds later, and the event says so', async () => {
    const { assignee, requester } = twoColleagues(h);
    const messageId = await trackedMail(h, assignee, requester, h.tenant.clock.nowMs() - 120 * MINUTE);
    h.tenant.clock.advance(10 * MINUTE);
    const reply = await replyByMail(h, assignee, messageId);
    h.tenant.clock.advance(30 * MINUTE);
    const tracked = await storedRequest(h, assignee, 'email', messageId);
    await markRespondedByHand(h, assignee, tracked.id);
    expect((await storedRequest(h, assignee, 'email', messageId)).firstResponseSource).toBe('manual');
    await sync(assignee.id);
    const r = await storedRequest(h, assignee, 'email', messageId);
    const replyId = h.tenant.org.ids.messageId(reply.number);
    expect({ at: seconds(r.firstResponseAt), source: r.firstResponseSource, messageId: r.firstResponseMessageId })
      .toEqual({ at: seconds(reply.mail.sentMs), source: 'email', messageId: replyId });
    expect((await systemResponded(r.id)).map((e) => e.data)).toEqual([expect.objectContaining({ source: 'email', messageId: replyId, replaced: 'manual' })]);
  });

  it('a reply sent after a manual "responded" does not replace it', async () => {
    const { assignee, requester } = twoColleagues(h);
    const messageId = await trackedMail(h, assignee, requester, h.tenant.clock.nowMs() - 120 * MINUTE);
    h.tenant.clock.advance(10 * MINUTE);
    const tracked = await storedRequest(h, assignee, 'email', messageId);
    await markRespondedByHand(h, assignee, tracked.id);
    const marked = await storedRequest(h, assignee, 'email', messageId);
    h.tenant.clock.advance(30 * MINUTE);
    await replyByMail(h, assignee, messageId);
    await sync(assignee.id);
    const r = await storedRequest(h, assignee, 'email', messageId);
    expect({ at: r.firstResponseAt, source: r.firstResponseSource, messageId: r.firstResponseMessageId }).toEqual({ at: marked.firstResponseAt, source: 'manual', messageId: null });
    expect(await systemResponded(r.id)).toEqual([]);
  });
});
