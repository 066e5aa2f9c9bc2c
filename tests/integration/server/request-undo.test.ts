/**
 * Undo on the server, note limits and "replies found", through buildServer: real tokens from the dev identity provider,
 * the Graph simulator, the real sync and a real SQLite file (the store's soft untrack runs on PostgreSQL too in
 * tests/integration/store/untracked-requests.test.ts).
 *
 * - PATCH resolve/reopen answers with an undo offer; `{action: "undo", eventId}` puts back status, resolvedAt, first
 *   response and waiting periods exactly (so "met in 8 h 30 m" is met again after a mis-clicked Reopen), records an
 *   `undone` event, and refuses with 409 `undo_superseded` / `undo_expired` when it no longer may.
 * - Untrack hides the request from the queue, the lookup, the requester's asks and tracking again; undo restores it
 *   with its id; after the window it is purged for good.
 * - A note over the limit is a 400 problem+json that changes nothing; at the limit it is kept whole.
 * - POST /api/sync says "running" at once and the finished run counts the replies it found.
 */
import type { AsksResponse, LookupResponse, Problem, QueueResponse, RequestView, SyncStatus, UntrackResponse } from '../../../src/contracts/api';
import type { DemoUser, GroundTruthRequest } from '../../../src/devtenant/demo-organization';
import { NOTE_MAX_CHARACTERS } from '../../../src/domain/request-note';
import type { DatabaseStores } from '../../../src/store/open-stores';
import { purgeExpiredUntracked } from '../../../src/store/retention-purge-job';
import { startServerFixture, type ServerFixture } from './server-fixture';

const MINUTE = 60_000;

describe('undo, untrack, note limits and sync results through the API', () => {
  let f: ServerFixture;
  let assignee: DemoUser;
  let colleague: DemoUser;
  let open: GroundTruthRequest[];
  let unanswered: GroundTruthRequest[];

  const auth = async (as: DemoUser) => ({ authorization: `Bearer ${await f.token(as.userPrincipalName)}` });
  const get = async (url: string, as: DemoUser = assignee) => f.app.inject({ method: 'GET', url, headers: await auth(as) });
  const send = async (method: 'POST' | 'PATCH', url: string, payload: unknown, as: DemoUser = assignee) => f.app.inject({
    method, url, headers: { ...(await auth(as)), 'content-type': 'application/json' }, payload: JSON.stringify(payload),
  });
  const patch = (id: string, payload: unknown, as: DemoUser = assignee) => send('PATCH', `/api/requests/${id}`, payload, as);
  let next = 0;
  const track = async (extra: Record<string, unknown> = {}, from: 'any' | 'unanswered' = 'any'): Promise<RequestView> => {
    const t = from === 'unanswered' ? unanswered.shift() : open[next++];
    if (!t) throw new Error('out of demo requests');
    const response = await send('POST', '/api/requests', { source: 'email', messageId: t.messageId, ...extra });
    expect(response.statusCode).toBe(201);
    return response.json<RequestView>();
  };
  const lookup = async (r: RequestView) => (await get(`/api/requests/lookup?source=email&messageId=${encodeURIComponent(r.messageId)}`)).json<LookupResponse>();
  const queueIds = async () => (await get('/api/me/queue?include=all')).json<QueueResponse>().requests.map((r) => r.id);
  const lifecycle = (r: RequestView) => ({ status: r.status, resolvedAt: r.resolvedAt, firstResponseAt: r.firstResponseAt, firstResponseSource: r.firstResponseSource, waitingSince: r.waitingSince });

  beforeAll(async () => {
    f = await startServerFixture({ DEMO_SEED_REQUESTS: 'off' });
    const org = f.devTenant.org;
    const email = org.groundTruth().filter((t) => t.source === 'email');
    const unansweredOf = (id: string) => email.filter((t) => t.assigneeId === id && t.firstResponseAt === null).length;
    const candidates = [...new Set(email.map((t) => t.assigneeId))].filter((id) => unansweredOf(id) >= 2);
    const best = candidates.sort((a, b) => email.filter((t) => t.assigneeId === b).length - email.filter((t) => t.assigneeId === a).length)[0];
    if (best === undefined || email.filter((t) => t.assigneeId === best).length < 10) throw new Error('the demo org has nobody with 10 email requests, 2 of them unanswered');
    assignee = org.userByIdOrUpn(best) as DemoUser;
    // Unanswered ones first in the list are kept for the tests that need a reply still to come.
    unanswered = email.filter((t) => t.assigneeId === best && t.firstResponseAt === null);
    open = email.filter((t) => t.assigneeId === best && !unanswered.includes(t));
    colleague = org.users.find((u) => u.id !== assignee.id && u.tenantId === assignee.tenantId) as DemoUser;
    for (const user of [assignee, colleague]) expect((await get('/api/me', user)).statusCode).toBe(200);
  }, 60_000);
  afterAll(async () => {
    await f?.close();
  });

  it('undoes a mis-clicked Reopen: resolved again exactly as before, with an `undone` event', async () => {
    const tracked = await track();
    f.devTenant.clock.advance(30 * MINUTE);
    const resolved = await patch(tracked.id, { action: 'resolve' });
    expect(resolved.statusCode).toBe(200);
    const resolvedView = resolved.json<RequestView>();
    expect(resolvedView.undo).toMatchObject({ action: 'resolve', eventId: expect.any(String) });

    f.devTenant.clock.advance(5 * MINUTE);
    const reopened = (await patch(tracked.id, { action: 'reopen' })).json<RequestView>();
    expect(reopened.status).toBe('open');
    expect(reopened.undo?.action).toBe('reopen');
    // The 5 minutes it spent resolved do not count: the resolution clock goes on from where it stopped.
    expect(Math.abs(reopened.clocks.resolution.usedMinutes - resolvedView.clocks.resolution.usedMinutes)).toBeLessThan(0.5);
    // Ten minutes from the change (the dev tenant's clock moves on meanwhile, so "about now + 10 min").
    const left = new Date(reopened.undo!.until).getTime() - f.devTenant.clock.now().getTime();
    expect(left).toBeGreaterThan(9 * MINUTE);
    expect(left).toBeLessThanOrEqual(10 * MINUTE);

    f.devTenant.clock.advance(2 * MINUTE);
    const undone = await patch(tracked.id, { action: 'undo', eventId: reopened.undo!.eventId });
    expect(undone.statusCode).toBe(200);
    const back = undone.json<RequestView>();
    expect(lifecycle(back)).toEqual(lifecycle(resolvedView));
    expect(back.clocks.resolution).toMatchObject({ status: resolvedView.clocks.resolution.status, usedMinutes: resolvedView.clocks.resolution.usedMinutes, stoppedAt: resolvedView.clocks.resolution.stoppedAt });
    expect(back.undo).toBeUndefined();

    const events = await (f.app.services.stores as DatabaseStores).requests.listEvents(assignee.tenantId, tracked.id);
    expect(events.map((e) => e.type)).toEqual(['tracked', 'resolved', 'reopened', 'undone']);
    expect(events[3]).toMatchObject({ actorId: assignee.id, data: { eventId: reopened.undo!.eventId, undid: 'reopened' } });
    // The change recorded what it replaced: that is what undo put back.
    expect(events[2]?.data).toMatchObject({ before: { status: 'resolved', resolvedAt: resolvedView.resolvedAt } });
    // The same undo again: the undo itself is now the latest change.
    const twice = await patch(tracked.id, { action: 'undo', eventId: reopened.undo!.eventId });
    expect(twice.statusCode).toBe(409);
    expect(twice.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(twice.json<Problem>().code).toBe('undo_superseded');
    // An earlier change (the resolve) is not the latest either.
    expect((await patch(tracked.id, { action: 'undo', eventId: resolvedView.undo!.eventId })).json<Problem>().code).toBe('undo_superseded');
  });

  it('undoes a resolve, putting the due time back; refuses after 10 minutes with undo_expired and changes nothing', async () => {
    const tracked = await track();
    const resolved = (await patch(tracked.id, { action: 'resolve' })).json<RequestView>();
    const undone = (await patch(tracked.id, { action: 'undo', eventId: resolved.undo!.eventId })).json<RequestView>();
    expect(lifecycle(undone)).toEqual(lifecycle(tracked));
    expect(undone.clocks.firstResponse.dueAt).toBe(tracked.clocks.firstResponse.dueAt);
    expect((await get('/api/me/queue')).json<QueueResponse>().requests.map((r) => r.id)).toContain(tracked.id);

    const again = (await patch(tracked.id, { action: 'resolve' })).json<RequestView>();
    f.devTenant.clock.advance(10 * MINUTE + 1_000);
    const late = await patch(tracked.id, { action: 'undo', eventId: again.undo!.eventId });
    expect(late.statusCode).toBe(409);
    expect(late.json<Problem>().code).toBe('undo_expired');
    expect((await lookup(tracked)).request?.status).toBe('resolved');
  });

  it('refuses to undo a resolve once the sync recorded a first response after it (undo_superseded)', async () => {
    const tracked = await track({}, 'unanswered');
    const resolved = (await patch(tracked.id, { action: 'resolve' })).json<RequestView>();
    f.devTenant.clock.advance(MINUTE);
    expect((await f.app.inject({ method: 'POST', url: '/dev/simulate/reply', payload: { asUser: assignee.userPrincipalName, messageId: tracked.messageId } })).statusCode).toBe(200);
    await f.app.services.sync.syncPerson({ tenantId: assignee.tenantId, userId: assignee.id });
    const refused = await patch(tracked.id, { action: 'undo', eventId: resolved.undo!.eventId });
    expect(refused.json<Problem>().code).toBe('undo_superseded');
    expect((await lookup(tracked)).request).toMatchObject({ status: 'resolved', firstResponseSource: 'email' });
  });

  it('answers 404 for another person’s request or event, and 400 for a malformed event id', async () => {
    const tracked = await track();
    const resolved = (await patch(tracked.id, { action: 'resolve' })).json<RequestView>();
    expect((await patch(tracked.id, { action: 'undo', eventId: resolved.undo!.eventId }, colleague)).statusCode).toBe(404);
    expect((await patch(tracked.id, { action: 'undo', eventId: '0190a6b2-0000-7000-8000-000000000000' })).statusCode).toBe(404);
    const malformed = await patch(tracked.id, { action: 'undo', eventId: "x' OR 1=1" });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json<Problem>().code).toBe('validation_failed');
    expect((await lookup(tracked)).request?.status).toBe('resolved');
  });

  it('untrack hides the request everywhere; undo brings it back with its id; tracking again after the window makes a new one', async () => {
    const tracked = await track({ note: 'keep me' });
    const untracked = await patch(tracked.id, { action: 'untrack' });
    expect(untracked.statusCode).toBe(200);
    const body = untracked.json<UntrackResponse>();
    expect(body).toMatchObject({ id: tracked.id, untracked: true, undo: { action: 'untrack' } });
    expect(await queueIds()).not.toContain(tracked.id);
    expect((await lookup(tracked)).tracked).toBe(false);
    const requester = f.devTenant.org.userByIdOrUpn(tracked.requester.id) as DemoUser | undefined;
    if (requester) expect((await get('/api/me/asks', requester)).json<AsksResponse>().requests.map((a) => a.id)).not.toContain(tracked.id);
    expect((await patch(tracked.id, { action: 'resolve' })).statusCode).toBe(404);

    const restored = await patch(tracked.id, { action: 'undo', eventId: body.undo.eventId });
    expect(restored.statusCode).toBe(200);
    expect(restored.json<RequestView>()).toMatchObject({ id: tracked.id, note: 'keep me', status: 'open' });
    expect(await queueIds()).toContain(tracked.id);
    expect((await lookup(tracked)).request?.id).toBe(tracked.id);

    // Untracked again and left past the window: the purge deletes it for good; undo is too late; tracking makes a new one.
    const second = (await patch(tracked.id, { action: 'untrack' })).json<UntrackResponse>();
    f.devTenant.clock.advance(11 * MINUTE);
    const stores = f.app.services.stores as DatabaseStores;
    expect(await purgeExpiredUntracked(stores, f.devTenant.clock.now())).toBeGreaterThanOrEqual(1);
    expect(await stores.requests.getUntracked(assignee.tenantId, tracked.id)).toBeNull();
    expect((await patch(tracked.id, { action: 'undo', eventId: second.undo.eventId })).json<Problem>().code).toBe('undo_expired');
    const retracked = await send('POST', '/api/requests', { source: 'email', messageId: tracked.messageId });
    expect(retracked.statusCode).toBe(201);
    expect(retracked.json<RequestView>().id).not.toBe(tracked.id);
  });

  it('an untrack cannot be undone once the message was tracked again (undo_superseded); the new request stays', async () => {
    const tracked = await track();
    const body = (await patch(tracked.id, { action: 'untrack' })).json<UntrackResponse>();
    const again = (await send('POST', '/api/requests', { source: 'email', messageId: tracked.messageId })).json<RequestView>();
    expect(again.id).not.toBe(tracked.id);
    const refused = await patch(tracked.id, { action: 'undo', eventId: body.undo.eventId });
    expect(refused.statusCode).toBe(409);
    expect(refused.json<Problem>().code).toBe('undo_superseded');
    expect((await lookup(tracked)).request?.id).toBe(again.id);
  });

  it(`keeps a note of ${NOTE_MAX_CHARACTERS} characters whole and refuses a longer one with 400, changing nothing`, async () => {
    const full = 'n'.repeat(NOTE_MAX_CHARACTERS);
    const tracked = await track({ note: full });
    expect(tracked.note).toBe(full);

    const t = open[next++]!;
    const tooLong = await send('POST', '/api/requests', { source: 'email', messageId: t.messageId, note: 'x'.repeat(5_000) });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(tooLong.json<Problem>()).toMatchObject({ code: 'validation_failed', errors: [expect.objectContaining({ path: 'note' })] });
    expect((await get(`/api/requests/lookup?source=email&messageId=${encodeURIComponent(t.messageId)}`)).json<LookupResponse>().tracked).toBe(false);

    const update = await patch(tracked.id, { action: 'update', note: `${full}!` });
    expect(update.statusCode).toBe(400);
    expect(update.json<Problem>().code).toBe('validation_failed');
    expect((await lookup(tracked)).request?.note).toBe(full);
  });

  it('POST /api/sync is running at once; the finished run counts the replies it found', async () => {
    const tracked = await track({}, 'unanswered');
    f.devTenant.clock.advance(MINUTE);
    expect((await f.app.inject({ method: 'POST', url: '/dev/simulate/reply', payload: { asUser: assignee.userPrincipalName, messageId: tracked.messageId } })).statusCode).toBe(200);
    const started = await send('POST', '/api/sync', {});
    expect(started.statusCode).toBe(202);
    expect(started.json<SyncStatus>()).toMatchObject({ running: true, repliesFound: 0 });
    let status = started.json<SyncStatus>();
    for (let i = 0; i < 200 && status.running; i += 1) {
      await new Promise((r) => setTimeout(r, 25));
      status = (await get('/api/sync/status')).json<SyncStatus>();
    }
    expect(status).toMatchObject({ running: false, phase: 'done', error: null, repliesFound: 1 });
    expect((await lookup(tracked)).request?.firstResponseSource).toBe('email');
  });
});
