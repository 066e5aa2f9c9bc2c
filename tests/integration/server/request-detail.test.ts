/**
 * GET /api/requests/:id through buildServer: real tokens from the dev identity provider, the Graph simulator, the real
 * sync and a real SQLite file. The caller's own request comes back with its history — including a first response the
 * sync found, naming the message that answered — and anybody else's id is a 404 that reveals nothing.
 */
import type { Problem, RequestDetailResponse, RequestView } from '../../../src/contracts/api';
import type { DemoUser, GroundTruthRequest } from '../../../src/devtenant/demo-organization';
import { startServerFixture, type ServerFixture } from './server-fixture';

const REPLY_TEXT_FRAGMENT = 'on it, I will get back to you';

describe('GET /api/requests/:id', () => {
  let f: ServerFixture;
  let assignee: DemoUser;
  let colleague: DemoUser;
  let foreign: DemoUser;
  let unanswered: GroundTruthRequest;
  let answered: GroundTruthRequest;

  // A fresh token per call: the tests move the dev tenant's clock on by hours, past a token's lifetime.
  const get = async (url: string, as: DemoUser) => f.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${await f.token(as.userPrincipalName)}` } });
  const send = async (method: 'POST' | 'PATCH', url: string, as: DemoUser, payload: unknown) => f.app.inject({
    method, url, headers: { authorization: `Bearer ${await f.token(as.userPrincipalName)}`, 'content-type': 'application/json' }, payload: JSON.stringify(payload),
  });
  const track = async (t: GroundTruthRequest): Promise<RequestView> => {
    const response = await send('POST', '/api/requests', assignee, { source: 'email', messageId: t.messageId });
    expect(response.statusCode).toBe(201);
    return response.json<RequestView>();
  };

  beforeAll(async () => {
    f = await startServerFixture({ DEMO_SEED_REQUESTS: 'off' });
    const org = f.devTenant.org;
    const email = org.groundTruth().filter((t) => t.source === 'email');
    // Someone with one request still unanswered and one answered before it is tracked.
    const pick = email.find((u) => u.firstResponseAt === null && email.some((a) => a.assigneeId === u.assigneeId && a.firstResponseMessageId !== null));
    if (!pick) throw new Error('the demo org has nobody with both an unanswered and an answered email request');
    unanswered = pick;
    answered = email.find((a) => a.assigneeId === pick.assigneeId && a.firstResponseMessageId !== null) as GroundTruthRequest;
    assignee = org.userByIdOrUpn(pick.assigneeId) as DemoUser;
    colleague = org.users.find((u) => u.id !== assignee.id) as DemoUser;
    const foreignUser = org.otherTenant?.users[0];
    if (!foreignUser) throw new Error('the demo org has no other tenant');
    foreign = foreignUser;
    for (const user of [assignee, colleague, foreign]) expect((await get('/api/me', user)).statusCode).toBe(200);
  }, 60_000);
  afterAll(async () => {
    await f?.close();
  });

  it('gives my request with its timeline: received, tracked, the first response the sync found (which message, a link), resolved, updated', async () => {
    const tracked = await track(unanswered);
    expect(tracked.firstResponseAt).toBeNull();

    // Two hours later the assignee replies in Outlook; the sync finds the reply in Sent Items.
    f.devTenant.clock.advance(2 * 3_600_000);
    const reply = await f.app.inject({ method: 'POST', url: '/dev/simulate/reply', payload: { asUser: assignee.userPrincipalName, messageId: unanswered.messageId } });
    expect(reply.statusCode).toBe(200);
    await f.app.services.sync.syncPerson({ tenantId: assignee.tenantId, userId: assignee.id });
    const truth = f.devTenant.org.groundTruth().find((t) => t.messageId === unanswered.messageId && t.assigneeId === assignee.id);
    expect(truth?.firstResponseMessageId).toEqual(expect.any(String));

    f.devTenant.clock.advance(3_600_000);
    expect((await send('PATCH', `/api/requests/${tracked.id}`, assignee, { action: 'resolve' })).statusCode).toBe(200);
    expect((await send('PATCH', `/api/requests/${tracked.id}`, assignee, { action: 'update', note: 'Called them back' })).statusCode).toBe(200);

    const response = await get(`/api/requests/${tracked.id}`, assignee);
    expect(response.statusCode).toBe(200);
    const body = response.json<RequestDetailResponse>();
    expect(body.request).toMatchObject({ id: tracked.id, status: 'resolved', note: 'Called them back', firstResponseSource: 'email' });
    expect(body.events.map((e) => e.type)).toEqual(['received', 'tracked', 'responded', 'resolved', 'updated']);
    const [received, trackedEntry, responded, resolved, updated] = body.events;

    expect(received).toMatchObject({ at: body.request.receivedAt, actor: { id: body.request.requester.id } });
    expect(trackedEntry?.actor).toMatchObject({ id: assignee.id, displayName: assignee.displayName });
    // Found by the sync (no person acted), naming the reply in Sent Items and a link that opens it.
    expect(responded).toMatchObject({
      at: body.request.firstResponseAt,
      actor: null,
      response: { source: 'email', messageId: truth?.firstResponseMessageId, cleared: false },
      workingMinutes: body.request.clocks.firstResponse.usedMinutes,
      clockStatus: body.request.clocks.firstResponse.status,
    });
    expect(responded?.response?.webLink).toContain(encodeURIComponent(truth?.firstResponseMessageId ?? '?'));
    expect(resolved).toMatchObject({
      at: body.request.resolvedAt, actor: { id: assignee.id }, workingMinutes: body.request.clocks.resolution.usedMinutes, clockStatus: body.request.clocks.resolution.status,
    });
    expect(updated).toMatchObject({ actor: { id: assignee.id }, fields: ['note'], workingMinutes: null });
    // Never a message body: the reply's text is nowhere in the answer.
    expect(response.body).not.toContain(REPLY_TEXT_FRAGMENT);
  });

  it('names the message that had already answered a request when it was tracked', async () => {
    const tracked = await track(answered);
    expect(tracked.firstResponseAt).not.toBeNull();
    const body = (await get(`/api/requests/${tracked.id}`, assignee)).json<RequestDetailResponse>();
    expect(body.events.map((e) => e.type)).toEqual(['received', 'responded', 'tracked']);
    expect(body.events[1]).toMatchObject({
      at: tracked.firstResponseAt,
      actor: { id: assignee.id },
      response: { source: 'email', messageId: answered.firstResponseMessageId, cleared: false },
      workingMinutes: body.request.clocks.firstResponse.usedMinutes,
    });
    expect(body.events[1]?.response?.webLink).toContain(encodeURIComponent(answered.firstResponseMessageId ?? '?'));
  });

  it('answers 404 not_found for another person’s request and another tenant’s, revealing nothing', async () => {
    const mine = (await get('/api/me/queue?include=all', assignee)).json<{ requests: RequestView[] }>().requests[0];
    expect(mine).toBeDefined();
    for (const other of [colleague, foreign]) {
      const response = await get(`/api/requests/${mine?.id}`, other);
      expect(response.statusCode).toBe(404);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.json<Problem>().code).toBe('not_found');
      expect(response.body).not.toContain(mine?.subject ?? '?');
      expect(response.body).not.toContain(assignee.id);
    }
    // A well-formed id nobody has: the same answer.
    const unknown = await get('/api/requests/0190a6b2-0000-7000-8000-000000000000', assignee);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json<Problem>().code).toBe('not_found');
  });

  it('answers 400 validation_failed (problem+json) for a malformed id or an unknown query parameter', async () => {
    for (const url of [`/api/requests/${encodeURIComponent('bad id!')}`, `/api/requests/${'x'.repeat(65)}`, `/api/requests/${encodeURIComponent("1' OR '1'='1")}`, '/api/requests/abc?include=all']) {
      const response = await get(url, assignee);
      expect(response.statusCode).toBe(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.json<Problem>().code).toBe('validation_failed');
    }
  });
});
