import { startDevTenant, type DevTenant } from '../../../src/devtenant/dev-tenant';
import type { DemoUser } from '../../../src/devtenant/demo-organization';
import { GRAPH_THROTTLE_LIMITS } from '../../../src/devtenant/graph-traffic-controls';
import { graphToken, rawGraphRequest } from './raw-graph-request';

const NOW = new Date('2025-03-20T12:00:00Z');
let tenant: DevTenant;
let user: DemoUser;
let token: string;

beforeAll(async () => {
  tenant = await startDevTenant({ seed: 11, now: NOW, port: 0 });
  user = tenant.org.users[3] as DemoUser;
  token = await graphToken(tenant, user.userPrincipalName);
});
afterAll(() => tenant.stop());
afterEach(() => {
  tenant.setFaults({});
  tenant.setThrottleLimits({ requestsPerWindow: 10_000, windowSeconds: 600, concurrentRequests: 4 });
});

function expectGraphError(body: any, code: string): void { // eslint-disable-line @typescript-eslint/no-explicit-any
  expect(Object.keys(body)).toEqual(['error']);
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe('string');
  expect(body.error.innerError).toEqual({ date: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/), 'request-id': expect.any(String), 'client-request-id': expect.any(String) });
}

describe('Graph simulator over raw HTTPS', () => {
  it('serves only over TLS with its own certificate: a client that does not trust it is refused', async () => {
    await expect(rawGraphRequest(tenant, 'GET', '/me', { token, ca: null })).rejects.toThrow(/self[- ]signed|certificate/i);
    const ok = await rawGraphRequest(tenant, 'GET', '/me', { token });
    expect(ok.status).toBe(200);
    expect(ok.body.id).toBe(user.id);
  });

  it('answers 401 InvalidAuthenticationToken with Graph\'s error body for missing, malformed, expired and wrong-audience tokens', async () => {
    const expired = await tenant.idp.issueToken({ username: user.userPrincipalName, audience: 'https://graph.microsoft.com', lifetimeSeconds: -120 });
    const apiToken = await tenant.idp.issueToken({ username: user.userPrincipalName });
    for (const t of [undefined, 'not-a-jwt', expired, apiToken]) {
      const r = await rawGraphRequest(tenant, 'GET', '/me', { ...(t ? { token: t } : {}), headers: { 'client-request-id': 'abc-123' } });
      expect(r.status).toBe(401);
      expectGraphError(r.body, 'InvalidAuthenticationToken');
      expect(r.body.error.innerError['client-request-id']).toBe('abc-123');
      expect(r.headers['www-authenticate']).toMatch(/^Bearer /);
    }
  });

  it('answers 404 ErrorItemNotFound for an unknown message and 400 for an unknown segment', async () => {
    const r = await rawGraphRequest(tenant, 'GET', '/me/messages/AAMkAGdoesnotexistAAA=', { token });
    expect(r.status).toBe(404);
    expectGraphError(r.body, 'ErrorItemNotFound');
    const bad = await rawGraphRequest(tenant, 'GET', '/me/nothingHere', { token });
    expect(bad.status).toBe(400);
    expectGraphError(bad.body, 'BadRequest');
  });

  it('writes over raw HTTPS: PATCH categories (type-checked), reply (202) and chat message (201), under /users/{id} too', async () => {
    const inboxCopy = tenant.org.folder(user.index, 'inbox').find((m) => !m.deleted && m.mail.fromUserIndex !== null);
    const id = tenant.org.ids.messageId(inboxCopy?.number ?? 0);
    const bad = await rawGraphRequest(tenant, 'PATCH', `/me/messages/${id}`, { token, body: { categories: 'Red category' } });
    expect(bad.status).toBe(400);
    const good = await rawGraphRequest(tenant, 'PATCH', `/users/${user.id}/messages/${id}`, { token, body: { categories: ['Red category'] } });
    expect(good.status).toBe(200);
    expect(good.body.categories).toEqual(['Red category']);
    const readOnly = await rawGraphRequest(tenant, 'PATCH', `/me/messages/${id}`, { token, body: { subject: 'changed' } });
    expect(readOnly.status).toBe(400);
    const reply = await rawGraphRequest(tenant, 'POST', `/users/${user.userPrincipalName}/messages/${id}/reply`, { token, body: { comment: 'ok' } });
    expect(reply.status).toBe(202);
    expect(reply.body).toBeUndefined();
    const chat = tenant.org.chatsOf(user.index)[0];
    const posted = await rawGraphRequest(tenant, 'POST', `/chats/${encodeURIComponent(chat?.id ?? '')}/messages`, { token, body: { body: { content: 'hello' } } });
    expect(posted.status).toBe(201);
    expect(posted.body.from.user.id).toBe(user.id);
    const empty = await rawGraphRequest(tenant, 'POST', `/chats/${encodeURIComponent(chat?.id ?? '')}/messages`, { token, body: { body: { content: '' } } });
    expect(empty.status).toBe(400);
    const notMine = tenant.org.chats.find((c) => !c.memberIndexes.includes(user.index));
    expect((await rawGraphRequest(tenant, 'GET', `/chats/${encodeURIComponent(notMine?.id ?? '')}/messages`, { token })).status).toBe(403);
    expect(tenant.counters.get('PATCH /users/{id}/messages/{id}')).toBe(1);
  });

  it('enforces $top limits: messages up to 1000, chats and chat messages up to 50', async () => {
    expect((await rawGraphRequest(tenant, 'GET', '/me/mailFolders/inbox/messages?$top=1000', { token })).status).toBe(200);
    expect((await rawGraphRequest(tenant, 'GET', '/me/mailFolders/inbox/messages?$top=1001', { token })).status).toBe(400);
    expect((await rawGraphRequest(tenant, 'GET', '/me/chats?$top=50', { token })).status).toBe(200);
    expect((await rawGraphRequest(tenant, 'GET', '/me/chats?$top=51', { token })).status).toBe(400);
    const chat = tenant.org.chatsOf(user.index)[0];
    expect(chat).toBeDefined();
    expect((await rawGraphRequest(tenant, 'GET', `/chats/${encodeURIComponent(chat?.id ?? '')}/messages?$top=51`, { token })).status).toBe(400);
  });

  it('rejects unsupported filters and order-bys the way Graph does (400, InefficientFilter)', async () => {
    const unsupported = await rawGraphRequest(tenant, 'GET', `/me/mailFolders/inbox/messages?$filter=${encodeURIComponent("subject eq 'x'")}`, { token });
    expect(unsupported.status).toBe(400);
    expectGraphError(unsupported.body, 'ErrorInvalidUrlQueryFilter');
    const inefficient = await rawGraphRequest(tenant, 'GET', `/me/mailFolders/inbox/messages?$filter=${encodeURIComponent("conversationId eq 'x'")}&$orderby=receivedDateTime desc`, { token });
    expect(inefficient.status).toBe(400);
    expectGraphError(inefficient.body, 'InefficientFilter');
    const efficient = await rawGraphRequest(tenant, 'GET', `/me/mailFolders/inbox/messages?$filter=${encodeURIComponent('receivedDateTime ge 2025-03-01T00:00:00Z')}&$orderby=receivedDateTime desc`, { token });
    expect(efficient.status).toBe(200);
    const chatId = encodeURIComponent(tenant.org.chatsOf(user.index)[0]?.id ?? '');
    const noOrder = await rawGraphRequest(tenant, 'GET', `/chats/${chatId}/messages?$filter=${encodeURIComponent('lastModifiedDateTime gt 2025-01-01T00:00:00Z')}`, { token });
    expect(noOrder.status).toBe(400);
    const teamFilter = await rawGraphRequest(tenant, 'GET', `/teams/${tenant.org.teams[0]?.id}/members?$filter=${encodeURIComponent("displayName eq 'x'")}`, { token });
    expect(teamFilter.status).toBe(400);
  });

  it('throttles per app and mailbox: over the request budget gives 429 ApplicationThrottled with Retry-After', async () => {
    tenant.setThrottleLimits({ requestsPerWindow: 5, windowSeconds: 30 });
    const fresh = tenant.org.users[6] as DemoUser;
    const freshToken = await graphToken(tenant, fresh.userPrincipalName);
    const other = tenant.org.users[4] as DemoUser;
    const otherToken = await graphToken(tenant, other.userPrincipalName);
    const statuses: number[] = [];
    let last;
    for (let i = 0; i < 7; i++) {
      last = await rawGraphRequest(tenant, 'GET', '/me/mailboxSettings', { token: freshToken });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    expectGraphError(last?.body, 'ApplicationThrottled');
    expect(Number(last?.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    // Another mailbox has its own budget.
    expect((await rawGraphRequest(tenant, 'GET', '/me/mailboxSettings', { token: otherToken })).status).toBe(200);
  });

  it('allows at most 4 concurrent requests per app and mailbox', async () => {
    tenant.setFaults({ latencyMs: 300 });
    const results = await Promise.all(Array.from({ length: 7 }, () => rawGraphRequest(tenant, 'GET', '/me', { token })));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(4);
    expect(statuses.filter((s) => s === 429)).toHaveLength(3);
    expect(results.find((r) => r.status === 429)?.headers['retry-after']).toBe('1');
  });

  it('injects seeded faults (same seed, same sequence) and counts requests per endpoint', async () => {
    const run = async (): Promise<number[]> => {
      tenant.setFaults({ rate: 0.5, statuses: [429, 500, 503, 504], seed: 99, retryAfterSeconds: 2 });
      const out: number[] = [];
      for (let i = 0; i < 12; i++) out.push((await rawGraphRequest(tenant, 'GET', '/organization', { token })).status);
      return out;
    };
    const before = tenant.counters.get('GET /organization');
    const first = await run();
    const second = await run();
    expect(second).toEqual(first);
    expect(first.some((s) => s !== 200)).toBe(true);
    expect(first.some((s) => s === 200)).toBe(true);
    expect(first.every((s) => [200, 429, 500, 503, 504].includes(s))).toBe(true);
    expect(tenant.counters.get('GET /organization') - before).toBe(24);
    tenant.setFaults({ rate: 1, statuses: [503], retryAfterSeconds: 7 });
    const r = await rawGraphRequest(tenant, 'GET', '/organization', { token });
    expect(r.status).toBe(503);
    expect(r.headers['retry-after']).toBe('7');
    expectGraphError(r.body, 'ServiceNotAvailable');
  });

  it('takes fault options at start and uses Graph\'s throttling limits by default', async () => {
    const faulty = await startDevTenant({ seed: 11, people: 8, days: 5, now: NOW, faults: { rate: 1, statuses: [504] } });
    try {
      const t = await graphToken(faulty, faulty.org.users[0]?.userPrincipalName ?? '');
      const r = await rawGraphRequest(faulty, 'GET', '/me', { token: t });
      expect(r.status).toBe(504);
      expectGraphError(r.body, 'GatewayTimeout');
    } finally {
      await faulty.stop();
    }
    expect(GRAPH_THROTTLE_LIMITS).toEqual({ requestsPerWindow: 10_000, windowSeconds: 600, concurrentRequests: 4 });
  });

  describe('$batch', () => {
    it('returns per-item statuses in a 200 envelope, with 424 for a failed dependency', async () => {
      const r = await rawGraphRequest(tenant, 'POST', '/$batch', {
        token,
        body: {
          requests: [
            { id: '1', method: 'GET', url: '/me?$select=displayName' },
            { id: '2', method: 'GET', url: '/me/messages/AAMkAGnopeAAA=' },
            { id: '3', method: 'GET', url: '/organization', dependsOn: ['2'] },
            { id: '4', method: 'GET', url: '/organization', dependsOn: ['1'] },
          ],
        },
      });
      expect(r.status).toBe(200);
      const byId = Object.fromEntries(r.body.responses.map((x: { id: string; status: number }) => [x.id, x]));
      expect(byId['1'].status).toBe(200);
      expect(byId['1'].body).toEqual(expect.objectContaining({ id: user.id, displayName: user.displayName }));
      expect(byId['2'].status).toBe(404);
      expectGraphError(byId['2'].body, 'ErrorItemNotFound');
      expect(byId['3'].status).toBe(424);
      expect(byId['4'].status).toBe(200);
    });

    it('rejects more than 20 requests and duplicate ids with 400', async () => {
      const many = Array.from({ length: 21 }, (_, i) => ({ id: String(i), method: 'GET', url: '/me' }));
      const tooMany = await rawGraphRequest(tenant, 'POST', '/$batch', { token, body: { requests: many } });
      expect(tooMany.status).toBe(400);
      expectGraphError(tooMany.body, 'BadRequest');
      const twenty = await rawGraphRequest(tenant, 'POST', '/$batch', { token, body: { requests: many.slice(0, 20) } });
      expect(twenty.status).toBe(200);
      expect(twenty.body.responses).toHaveLength(20);
      const dup = await rawGraphRequest(tenant, 'POST', '/$batch', { token, body: { requests: [{ id: 'a', method: 'GET', url: '/me' }, { id: 'a', method: 'GET', url: '/me' }] } });
      expect(dup.status).toBe(400);
    });

    it('throttles batch items individually, with Retry-After inside the item', async () => {
      tenant.setThrottleLimits({ requestsPerWindow: 3, windowSeconds: 30 });
      const third = tenant.org.users[5] as DemoUser;
      const t3 = await graphToken(tenant, third.userPrincipalName);
      const r = await rawGraphRequest(tenant, 'POST', '/$batch', { token: t3, body: { requests: Array.from({ length: 5 }, (_, i) => ({ id: String(i), method: 'GET', url: '/me/mailboxSettings' })) } });
      expect(r.status).toBe(200);
      const statuses = r.body.responses.map((x: { status: number }) => x.status);
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      expect(Number(r.body.responses[3].headers['Retry-After'])).toBeGreaterThanOrEqual(1);
    });
  });
});
