/**
 * Application access for background work end to end against the dev tenant: the real ApplicationTokenProvider and
 * GraphAccessTokens (msal-node, client credentials by secret or certificate, at the dev identity provider's HTTPS
 * token endpoint) and the real GraphClientPool calling the Graph simulator's `/users/{id}/…` routes. Token requests
 * are counted at the token endpoint; lifetimes run on the simulated clock.
 */
import { decodeJwt } from 'jose';
import type { UserContext } from '../../../src/app/m365-ports';
import type { DemoUser } from '../../../src/devtenant/demo-organization';
import { DEMO_APPLICATION_PERMISSIONS, startDevTenant, type LocalDevTenant } from '../../../src/devtenant/dev-tenant';
import { ApplicationTokenProvider } from '../../../src/graph/application-token-provider';
import { GRAPH_DEFAULT_SCOPE, IDENTITY_PROVIDER_TIMEOUT_MS, msalNetworkClient, type EntraCredentials } from '../../../src/graph/entra-client';
import { graphAccessTokensFor, type BackgroundAccess } from '../../../src/graph/graph-access-tokens';
import { GraphClientPool } from '../../../src/graph/graph-client-pool';
import { GraphDirectorySource } from '../../../src/graph/graph-directory-source';

const NOW = new Date('2025-03-20T12:00:00Z');
const HOUR_MS = 3_600_000;
let tenant: LocalDevTenant;
let alice: DemoUser;
let bob: DemoUser;

beforeAll(async () => {
  tenant = await startDevTenant({ seed: 41, now: NOW, people: 12, days: 14 });
  alice = tenant.org.users[1] as DemoUser;
  bob = tenant.org.users[4] as DemoUser;
});
afterAll(() => tenant.stop());
afterEach(() => {
  tenant.authority.tokenEndpoint.client.applicationPermissions = [...DEMO_APPLICATION_PERMISSIONS];
  tenant.authority.tokenEndpoint.client.delegatedConsent = true;
});

/** The demo client's credentials at the dev tenant's token endpoint, by secret or by certificate. */
function credentials(auth: 'secret' | 'certificate'): EntraCredentials {
  const c = tenant.authority.demoClient;
  return {
    clientId: c.clientId,
    tenantId: tenant.org.tenantId,
    clientSecret: auth === 'secret' ? c.clientSecret : null,
    clientCertificate: auth === 'certificate' ? { privateKeyPem: c.privateKeyPem, thumbprintSha256: c.thumbprintSha256 } : null,
    authorityHost: tenant.authority.authorityHost,
    authorityCaPem: tenant.certificatePem,
  };
}

/** The server's Graph access and a pool over it; `now` is the clock the token caches run on (default the simulated one). */
function access(options: { background?: BackgroundAccess; auth?: 'secret' | 'certificate'; now?: () => number } = {}) {
  const tokens = graphAccessTokensFor(credentials(options.auth ?? 'secret'), options.background ?? 'application', options.now ?? (() => tenant.clock.nowMs()));
  return { tokens, pool: new GraphClientPool({ baseUrl: tenant.graphBaseUrl, caPem: tenant.certificatePem, tokens, backoff: { baseDelayMs: 10, maxRetries: 1 } }) };
}

const background = (user: DemoUser, tenantId = tenant.org.tenantId): UserContext => ({ tenantId, userId: user.id });
async function signedIn(user: DemoUser): Promise<UserContext> {
  return { tenantId: tenant.org.tenantId, userId: user.id, accessToken: await tenant.idp.issueToken({ username: user.userPrincipalName }) };
}

/** Client-credentials and on-behalf-of requests the token endpoint received since the last reset. */
function tokenRequests(): { clientCredentials: number; onBehalfOf: number } {
  const { byGrantType } = tenant.authority.tokenEndpoint.tokenRequests();
  return { clientCredentials: byGrantType.client_credentials ?? 0, onBehalfOf: byGrantType['urn:ietf:params:oauth:grant-type:jwt-bearer'] ?? 0 };
}

async function inboxIds(pool: GraphClientPool, user: UserContext): Promise<string[]> {
  const page = (await pool.clientFor(user).api(`/users/${user.userId}/messages`).select('id').top(3).get()) as { value: { id: string }[] };
  return page.value.map((m) => m.id);
}

describe('application access for background work', () => {
  it.each(['secret', 'certificate'] as const)('by %s: background calls reach /users/{id}/… with an app token (roles, no scp)', async (auth) => {
    const provider = new ApplicationTokenProvider({ ...credentials(auth), now: () => tenant.clock.nowMs() });
    const token = await provider.getToken(tenant.org.tenantId);
    expect(decodeJwt(token)).toEqual(expect.objectContaining({ idtyp: 'app', azpacr: auth === 'secret' ? '1' : '2', tid: tenant.org.tenantId, roles: expect.arrayContaining(['Mail.Read']) }));
    expect(decodeJwt(token).scp).toBeUndefined();
    const { pool } = access({ auth });
    expect((await inboxIds(pool, background(alice))).length).toBeGreaterThan(0);
    // Through the directory adapter too: the person, their mailbox settings, the organisation's domains and their teams.
    const directory = new GraphDirectorySource(pool);
    expect((await directory.me(background(alice))).id).toBe(alice.id);
    expect(await directory.mailboxSettings(background(alice))).toEqual(expect.objectContaining({ timeZone: expect.any(String) }));
    expect((await directory.verifiedDomains(background(alice))).length).toBeGreaterThan(0);
    await expect(directory.joinedTeams(background(alice))).resolves.toEqual(expect.any(Array));
    await pool.close();
  });

  it('one token request serves many concurrent background calls of one tenant, for many people', async () => {
    const { pool } = access();
    tenant.authority.tokenEndpoint.resetTokenRequests();
    const people = tenant.org.users.filter((u) => u.userType === 'Member').slice(0, 6);
    const results = await Promise.all(people.flatMap((p) => [inboxIds(pool, background(p)), inboxIds(pool, background(p))]));
    expect(results.every((ids) => ids.length > 0)).toBe(true);
    expect(tokenRequests()).toEqual({ clientCredentials: 1, onBehalfOf: 0 });
    await pool.close();
  });

  it('serves the demo\'s other tenant (the multi-tenant app is consented there too) with that tenant\'s own token', async () => {
    const other = tenant.org.otherTenant;
    if (!other) throw new Error('the demo organisation has no other tenant');
    const guestHost = other.users[0] as DemoUser;
    const { tokens, pool } = access();
    const token = await tokens.getGraphToken(background(guestHost, other.tenantId));
    expect(decodeJwt(token)).toEqual(expect.objectContaining({ tid: other.tenantId, idtyp: 'app' }));
    expect((await new GraphDirectorySource(pool).me(background(guestHost, other.tenantId))).id).toBe(guestHost.id);
    // That token reads that tenant only: a person of the demo tenant is not there.
    await expect(new GraphDirectorySource(pool).me(background(alice, other.tenantId))).rejects.toMatchObject({ code: 'not_found' });
    // And on behalf of a person of that tenant.
    const apiToken = await tenant.idp.issueToken({ username: guestHost.userPrincipalName });
    const delegated = await tokens.getGraphToken({ tenantId: other.tenantId, userId: guestHost.id, accessToken: apiToken });
    expect(decodeJwt(delegated)).toEqual(expect.objectContaining({ tid: other.tenantId, oid: guestHost.id, scp: expect.any(String) }));
    await pool.close();
  });

  it('a token past its lifetime on the simulated clock is renewed before Graph sees it', async () => {
    const { tokens, pool } = access();
    const first = await tokens.getGraphToken(background(alice));
    tenant.authority.tokenEndpoint.resetTokenRequests();
    tenant.clock.advance(2 * HOUR_MS); // past the 60–90 minute lifetime
    expect((await inboxIds(pool, background(alice))).length).toBeGreaterThan(0);
    const second = await tokens.getGraphToken(background(alice));
    expect(second).not.toBe(first);
    expect((decodeJwt(second).iat ?? 0) * 1000).toBeGreaterThan((decodeJwt(first).exp ?? 0) * 1000);
    expect(tokenRequests().clientCredentials).toBe(1);
    await pool.close();
  });

  it('Graph answering 401 to a token the provider still holds valid: the token is renewed once and the call succeeds', async () => {
    // The provider's cache runs on a clock that stands still while the simulator's moves past the token's expiry — as
    // when msal's real-clock expiry and Graph disagree, or a token was revoked.
    const frozen = tenant.clock.nowMs();
    const { tokens, pool } = access({ now: () => frozen });
    const stale = await tokens.getGraphToken(background(bob));
    tenant.clock.set(new Date(((decodeJwt(stale).exp ?? 0) + 60) * 1000));
    tenant.authority.tokenEndpoint.resetTokenRequests();
    const before = tenant.counters.get('GET /users/{id}/messages');
    expect((await inboxIds(pool, background(bob))).length).toBeGreaterThan(0);
    expect(tenant.counters.get('GET /users/{id}/messages') - before).toBe(2); // refused once, then answered
    expect(tokenRequests().clientCredentials).toBe(1);
    expect(await tokens.getGraphToken(background(bob))).not.toBe(stale);
    await pool.close();
  });

  it('a second 401 is Graph\'s answer: graph_unauthorized after exactly one renewal', async () => {
    // A token without any application permission is 401 at the simulator, however fresh.
    tenant.authority.tokenEndpoint.client.applicationPermissions = [];
    const { pool } = access();
    tenant.authority.tokenEndpoint.resetTokenRequests();
    const before = tenant.counters.get('GET /users/{id}');
    await expect(new GraphDirectorySource(pool).me(background(alice))).rejects.toMatchObject({ name: 'GraphSourceError', code: 'graph_unauthorized', status: 401 });
    expect(tenant.counters.get('GET /users/{id}') - before).toBe(2);
    expect(tokenRequests().clientCredentials).toBe(2);
    await pool.close();
  });

  it('a refused application consent is application_access_refused, not consent_required nor a retryable outage', async () => {
    const { pool } = access({ auth: 'secret' });
    const wrong = graphAccessTokensFor({ ...credentials('secret'), clientSecret: 'not-the-secret' }, 'application', () => tenant.clock.nowMs());
    await expect(wrong.getGraphToken(background(alice))).rejects.toMatchObject({ name: 'GraphSourceError', code: 'application_access_refused' });
    // Through the pool and an adapter the code survives the Graph client's middleware.
    const wrongPool = new GraphClientPool({ baseUrl: tenant.graphBaseUrl, caPem: tenant.certificatePem, tokens: wrong });
    await expect(new GraphDirectorySource(wrongPool).me(background(alice))).rejects.toMatchObject({ name: 'GraphSourceError', code: 'application_access_refused' });
    await wrongPool.close();
    await pool.close();
  });
});

describe('an identity provider that fails or hangs', () => {
  afterEach(() => tenant.authority.tokenEndpoint.setFault(null));

  it('answering 500 is graph_unavailable (sync retries later), not a refusal', async () => {
    const { tokens } = access();
    tenant.authority.tokenEndpoint.setFault({ status: 500, minutes: 10 });
    await expect(tokens.getGraphToken(background(alice))).rejects.toMatchObject({ name: 'GraphSourceError', code: 'graph_unavailable' });
    tenant.authority.tokenEndpoint.setFault(null);
    // msal-node itself keeps that client off the endpoint for a while after a 5xx (its throttling, 60 s by default,
    // on the real clock): still unavailable, never a refusal. A client that never saw the outage gets its token.
    await expect(tokens.getGraphToken(background(alice))).rejects.toMatchObject({ code: 'graph_unavailable' });
    expect(decodeJwt(await access().tokens.getGraphToken(background(alice))).idtyp).toBe('app');
  });

  it('not answering fails the request after the network client\'s timeout instead of waiting forever', async () => {
    tenant.authority.tokenEndpoint.setFault({ status: 'hang', minutes: 10 });
    const url = `${tenant.authority.authorityHost}/${tenant.org.tenantId}/oauth2/v2.0/token`;
    const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: tenant.authority.demoClient.clientId, client_secret: tenant.authority.demoClient.clientSecret, scope: GRAPH_DEFAULT_SCOPE }).toString();
    // The production client uses IDENTITY_PROVIDER_TIMEOUT_MS (10 s); the same client with 200 ms shows the mechanism.
    await expect(msalNetworkClient(tenant.certificatePem, 200).sendPostRequestAsync(url, { body, headers: { 'content-type': 'application/x-www-form-urlencoded' } }))
      .rejects.toThrow(/did not answer within 200 ms/);
    expect(IDENTITY_PROVIDER_TIMEOUT_MS).toBe(10_000);
  });
});

describe('GRAPH_BACKGROUND_ACCESS=delegated', () => {
  it('a background call is consent_required (sync runs only while the person uses the app); a signed-in call works', async () => {
    const { tokens, pool } = access({ background: 'delegated' });
    tenant.authority.tokenEndpoint.resetTokenRequests();
    await expect(tokens.getGraphToken(background(alice))).rejects.toMatchObject({ code: 'consent_required', message: expect.stringMatching(/only runs while the person uses Turnaround/) });
    await expect(new GraphDirectorySource(pool).me(background(alice))).rejects.toMatchObject({ name: 'GraphSourceError', code: 'consent_required' });
    expect(tokenRequests().clientCredentials).toBe(0);
    const user = await signedIn(alice);
    expect((await new GraphDirectorySource(pool).me(user)).id).toBe(alice.id);
    expect((await inboxIds(pool, user)).length).toBeGreaterThan(0);
    expect(tokenRequests()).toEqual({ clientCredentials: 0, onBehalfOf: 1 });
    await pool.close();
  });
});

describe('delegated access beside application access', () => {
  it('a signed-in call acts as the person (OBO token with scp); background work of the same person uses the app token', async () => {
    const { tokens } = access();
    const user = await signedIn(alice);
    const delegated = decodeJwt(await tokens.getGraphToken(user));
    expect(delegated).toEqual(expect.objectContaining({ oid: alice.id, scp: expect.any(String) }));
    expect(decodeJwt(await tokens.getGraphToken(background(alice)))).toEqual(expect.objectContaining({ idtyp: 'app' }));
  });

  it('an expired API token is token_expired (AADSTS500133), so the tab can fetch a new one and retry', async () => {
    const { tokens, pool } = access();
    const expired: UserContext = { tenantId: tenant.org.tenantId, userId: alice.id, accessToken: await tenant.idp.issueToken({ username: alice.userPrincipalName, lifetimeSeconds: -30 }) };
    await expect(tokens.getGraphToken(expired)).rejects.toMatchObject({ name: 'GraphSourceError', code: 'token_expired' });
    await expect(new GraphDirectorySource(pool).me(expired)).rejects.toMatchObject({ name: 'GraphSourceError', code: 'token_expired' });
    await pool.close();
  });
});
