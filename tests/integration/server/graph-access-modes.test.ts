/**
 * The server's two kinds of Graph access through buildServer in demo mode, which runs the same msal-node code as tenant
 * mode against the dev tenant's HTTPS token endpoint:
 * - a user call (POST /api/requests) is delegated: the caller's API token is the on-behalf-of assertion, and the
 *   Outlook category is written as the person;
 * - an API token the verifier still accepts (within its clock tolerance) but the token endpoint refuses as expired
 *   (AADSTS500133) is a 401 problem `token_expired`, so the tab gets a new token silently and retries; nothing is written;
 * - background sync (no API token) uses application access (client credentials), and with
 *   GRAPH_BACKGROUND_ACCESS=delegated it is `consent_required` while user calls still work, the sync status says
 *   `when_open`, and the person's own sync runs on their token.
 */
import type { LookupResponse, Problem, SyncStatusResponse } from '../../../src/contracts/api';
import type { DemoUser } from '../../../src/devtenant/demo-organization';
import { startServerFixture, type ServerFixture } from './server-fixture';

const OBO_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/** Token requests the fixture's token endpoint received since the last reset, by grant. */
function tokenRequests(f: ServerFixture): { clientCredentials: number; onBehalfOf: number } {
  const { byGrantType } = f.devTenant.authority.tokenEndpoint.tokenRequests();
  return { clientCredentials: byGrantType.client_credentials ?? 0, onBehalfOf: byGrantType[OBO_GRANT] ?? 0 };
}

/** An assignee with email requests to track, and the message ids of those requests. */
function assigneeWithEmails(f: ServerFixture): { person: DemoUser; messageIds: string[] } {
  const org = f.devTenant.org;
  const byAssignee = new Map<string, string[]>();
  for (const t of org.groundTruth()) if (t.source === 'email') byAssignee.set(t.assigneeId, [...(byAssignee.get(t.assigneeId) ?? []), t.messageId]);
  const [id, messageIds] = [...byAssignee.entries()].sort((a, b) => b[1].length - a[1].length)[0] ?? [];
  const person = id === undefined ? undefined : org.userById(id);
  if (!person || !messageIds || messageIds.length < 3) throw new Error('the demo organisation has no assignee with three email requests');
  return { person, messageIds };
}

describe('Graph access of the server (application for background work, delegated for user calls)', () => {
  let f: ServerFixture;
  let person: DemoUser;
  let messageIds: string[];

  const call = (method: 'GET' | 'POST', url: string, token: string, body?: unknown) => f.app.inject({
    method, url, headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
  });
  const tracked = async (messageId: string): Promise<boolean> =>
    (await call('GET', `/api/requests/lookup?source=email&messageId=${encodeURIComponent(messageId)}`, await f.token(person.userPrincipalName))).json<LookupResponse>().tracked;

  beforeAll(async () => {
    f = await startServerFixture({ DEMO_SEED_REQUESTS: 'off' });
    ({ person, messageIds } = assigneeWithEmails(f));
  }, 60_000);
  afterAll(async () => {
    await f?.close();
  });

  it('tracks a message on behalf of the caller: one on-behalf-of exchange, the category written as the person', async () => {
    f.devTenant.authority.tokenEndpoint.resetTokenRequests();
    const patches = f.devTenant.counters.get('PATCH /users/{id}/messages/{id}');
    const response = await call('POST', '/api/requests', await f.token(person.userPrincipalName), { source: 'email', messageId: messageIds[0], override: true });
    expect(response.statusCode).toBe(201);
    expect(tokenRequests(f)).toEqual({ clientCredentials: 0, onBehalfOf: 1 });
    // The simulator serves PATCH to application tokens only with Mail.ReadWrite, which the demo app lacks: the write
    // that happened was the person's.
    expect(f.devTenant.counters.get('PATCH /users/{id}/messages/{id}') - patches).toBe(1);
  });

  it('an API token the API still accepts but the token endpoint finds expired is 401 token_expired, and nothing is written', async () => {
    // Expired 20 s ago: within the verifier's clock tolerance (CLOCK_SKEW_SECONDS, 60 s by default), but the token
    // endpoint checks the assertion's lifetime exactly (AADSTS500133).
    expect(f.config.auth.clockToleranceSeconds).toBeGreaterThan(20);
    const almostExpired = await f.token(person.userPrincipalName, { lifetimeSeconds: -20 });
    const response = await call('POST', '/api/requests', almostExpired, { source: 'email', messageId: messageIds[1], override: true });
    expect(response.statusCode).toBe(401);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.headers['www-authenticate']).toMatch(/invalid_token/);
    const problem = response.json<Problem>();
    expect(problem).toMatchObject({ status: 401, code: 'token_expired' });
    expect(problem.detail).toMatch(/sign-in expired/i);
    expect(response.body).not.toMatch(/eyJ|AADSTS/);
    expect(await tracked(messageIds[1] ?? '')).toBe(false);
    // With a new token, as the tab retries, the same call succeeds.
    expect((await call('POST', '/api/requests', await f.token(person.userPrincipalName), { source: 'email', messageId: messageIds[1], override: true })).statusCode).toBe(201);
  });

  it('background sync (no API token) uses one application token for everyone, no on-behalf-of exchange', async () => {
    const sync = f.app.services.sync;
    f.devTenant.authority.tokenEndpoint.resetTokenRequests();
    const others = f.devTenant.org.users.filter((u) => u.userType === 'Member' && u.id !== person.id).slice(0, 3);
    for (const p of [person, ...others]) {
      const status = await sync.syncPerson({ tenantId: f.devTenant.org.tenantId, userId: p.id });
      expect(status.error).toBeNull();
    }
    expect(tokenRequests(f)).toEqual({ clientCredentials: 1, onBehalfOf: 0 });
    const status = await f.app.inject({ method: 'GET', url: '/api/sync/status', headers: { authorization: `Bearer ${await f.token(person.userPrincipalName)}` } });
    expect(status.json<SyncStatusResponse>().backgroundSync).toBe('continuous');
  });
});

describe('GRAPH_BACKGROUND_ACCESS=delegated', () => {
  let f: ServerFixture;

  beforeAll(async () => {
    f = await startServerFixture({ DEMO_SEED_REQUESTS: 'off', GRAPH_BACKGROUND_ACCESS: 'delegated' });
  }, 60_000);
  afterAll(async () => {
    await f?.close();
  });

  it('background sync is consent_required without asking for an application token; the person\'s own calls work', async () => {
    const { person } = assigneeWithEmails(f);
    f.devTenant.authority.tokenEndpoint.resetTokenRequests();
    await expect(f.app.services.sync.syncPerson({ tenantId: f.devTenant.org.tenantId, userId: person.id })).rejects.toMatchObject({ code: 'consent_required' });
    expect(tokenRequests(f).clientCredentials).toBe(0);
    const me = await f.app.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${await f.token(person.userPrincipalName)}` } });
    expect(me.statusCode).toBe(200);
    expect(tokenRequests(f)).toEqual({ clientCredentials: 0, onBehalfOf: 1 });
  });

  it('says the person is synced when they open Turnaround, and their own sync runs on their token', async () => {
    const { person } = assigneeWithEmails(f);
    const token = await f.token(person.userPrincipalName);
    const get = async () => (await f.app.inject({ method: 'GET', url: '/api/sync/status', headers: { authorization: `Bearer ${token}` } })).json<SyncStatusResponse>();
    expect((await get()).backgroundSync).toBe('when_open');
    f.devTenant.authority.tokenEndpoint.resetTokenRequests();
    const started = await f.app.inject({ method: 'POST', url: '/api/sync', headers: { authorization: `Bearer ${token}` } });
    expect(started.statusCode).toBe(202);
    let status = await get();
    for (let i = 0; status.running && i < 200; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      status = await get();
    }
    expect(status).toMatchObject({ running: false, phase: 'done', error: null, backgroundSync: 'when_open' });
    expect(tokenRequests(f).clientCredentials).toBe(0);
    expect(tokenRequests(f).onBehalfOf).toBeGreaterThanOrEqual(1);
  });
});
