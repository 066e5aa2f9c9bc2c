/**
 * Delegated Graph access end to end against the dev tenant: the real OboTokenProvider (msal-node) exchanging API tokens
 * at the dev identity provider's token endpoint (HTTPS, trusting only the dev tenant's certificate), and the real
 * GraphClientPool calling the Graph simulator with the Graph tokens it gets back.
 */
import { decodeJwt } from 'jose';
import type { UserContext } from '../../../src/app/m365-ports';
import type { DemoUser } from '../../../src/devtenant/demo-organization';
import { startDevTenant, type LocalDevTenant } from '../../../src/devtenant/dev-tenant';
import { GraphClientPool } from '../../../src/graph/graph-client-pool';
import { GraphDirectorySource } from '../../../src/graph/graph-directory-source';
import { OboTokenProvider } from '../../../src/graph/obo-token-provider';

const NOW = new Date('2025-03-20T12:00:00Z');
const HOUR_MS = 3_600_000;
let tenant: LocalDevTenant;
let alice: DemoUser;
let bob: DemoUser;

beforeAll(async () => {
  tenant = await startDevTenant({ seed: 31, now: NOW, people: 12, days: 14 });
  alice = tenant.org.users[1] as DemoUser;
  bob = tenant.org.users[4] as DemoUser;
});
afterAll(() => tenant.stop());
afterEach(() => {
  tenant.authority.tokenEndpoint.client.delegatedConsent = true;
});

/** The real provider and pool for the dev tenant's demo client (secret authentication). */
function delegatedAccess(maxCachedTokens?: number): { tokens: OboTokenProvider; pool: GraphClientPool } {
  const c = tenant.authority.demoClient;
  const tokens = new OboTokenProvider({
    clientId: c.clientId,
    tenantId: tenant.org.tenantId,
    clientSecret: c.clientSecret,
    clientCertificate: null,
    authorityHost: tenant.authority.authorityHost,
    authorityCaPem: tenant.certificatePem,
    now: () => tenant.clock.nowMs(),
    maxCachedTokens,
  });
  return { tokens, pool: new GraphClientPool({ baseUrl: tenant.graphBaseUrl, caPem: tenant.certificatePem, tokens }) };
}

/** The person's context for one signed-in call, carrying a freshly issued API token (the OBO assertion). */
async function signedIn(user: DemoUser): Promise<UserContext> {
  return { tenantId: tenant.org.tenantId, userId: user.id, accessToken: await tenant.idp.issueToken({ username: user.userPrincipalName }) };
}

async function meId(pool: GraphClientPool, user: UserContext): Promise<string> {
  return ((await pool.clientFor(user).api('/me').select('id').get()) as { id: string }).id;
}

describe('delegated Graph access with the caller\'s current token', () => {
  it('after the first API token and its Graph token expired, a call with the person\'s new API token works on the same pool and provider', async () => {
    const { pool } = delegatedAccess();
    expect(await meId(pool, await signedIn(alice))).toBe(alice.id);
    // Past the first API token's expiry (60 minutes) and its Graph token's (60–90 minutes).
    tenant.clock.advance(2 * HOUR_MS);
    expect(await meId(pool, await signedIn(alice))).toBe(alice.id);
    await pool.close();
  });

  it('concurrent calls of one person with an expired and a current token each use their own token', async () => {
    const { pool } = delegatedAccess();
    const expired: UserContext = { tenantId: tenant.org.tenantId, userId: alice.id, accessToken: await tenant.idp.issueToken({ username: alice.userPrincipalName, lifetimeSeconds: -60 }) };
    const current = await signedIn(alice);
    const [first, second] = await Promise.allSettled([meId(pool, expired), meId(pool, current)]);
    expect(first.status).toBe('rejected');
    expect(second).toEqual({ status: 'fulfilled', value: alice.id });
    // And in the other order: the expired context does not take over the pooled client.
    const [third, fourth] = await Promise.allSettled([meId(pool, current), meId(pool, expired)]);
    expect(third).toEqual({ status: 'fulfilled', value: alice.id });
    expect(fourth.status).toBe('rejected');
    await pool.close();
  });

  it('concurrent calls with one API token share one on-behalf-of exchange', async () => {
    const { pool } = delegatedAccess();
    const a = await signedIn(alice);
    tenant.authority.tokenEndpoint.resetTokenRequests();
    expect(await Promise.all([meId(pool, a), meId(pool, { ...a }), meId(pool, a)])).toEqual([alice.id, alice.id, alice.id]);
    expect(tenant.authority.tokenEndpoint.tokenRequests().byGrantType['urn:ietf:params:oauth:grant-type:jwt-bearer']).toBe(1);
    await pool.close();
  });

  it('two people through one pool each get their own Graph token', async () => {
    const { pool } = delegatedAccess();
    const [a, b] = await Promise.all([signedIn(alice), signedIn(bob)]);
    expect(await Promise.all([meId(pool, a), meId(pool, b), meId(pool, a)])).toEqual([alice.id, bob.id, alice.id]);
    await pool.close();
  });

  it('consent revoked (delegatedConsent false) is consent_required; a call without an assertion (background) is consent_required', async () => {
    const { tokens, pool } = delegatedAccess();
    const a = await signedIn(alice);
    tenant.authority.tokenEndpoint.client.delegatedConsent = false;
    await expect(tokens.getGraphToken(a)).rejects.toEqual(expect.objectContaining({ code: 'consent_required' }));
    await expect(tokens.getGraphToken({ tenantId: a.tenantId, userId: a.userId })).rejects.toEqual(expect.objectContaining({ code: 'consent_required' }));
    await expect(meId(pool, a)).rejects.toThrow(/consent to Microsoft Graph is required/);
    // Through an adapter the code survives the Graph client's middleware, so the API can answer consent_required.
    await expect(new GraphDirectorySource(pool).me(a)).rejects.toEqual(expect.objectContaining({ name: 'GraphSourceError', code: 'consent_required' }));
    tenant.authority.tokenEndpoint.client.delegatedConsent = true;
    expect(await meId(pool, a)).toBe(alice.id);
    await pool.close();
  });

  it('a Graph token is reused only with the assertion it came from, and only until shortly before it expires', async () => {
    const { tokens } = delegatedAccess();
    // An API token that outlives the Graph token it is exchanged for.
    const a: UserContext = { tenantId: tenant.org.tenantId, userId: alice.id, accessToken: await tenant.idp.issueToken({ username: alice.userPrincipalName, lifetimeSeconds: 3 * 3600 }) };
    const first = await tokens.getGraphToken(a);
    expect(await tokens.getGraphToken({ ...a })).toBe(first);
    const b = await signedIn(alice);
    expect(await tokens.getGraphToken(b)).not.toBe(first);
    const refreshAtMs = ((decodeJwt(first).exp ?? 0) - 5 * 60) * 1000;
    tenant.clock.advance(refreshAtMs - tenant.clock.nowMs() - 5000);
    expect(await tokens.getGraphToken(a)).toBe(first);
    tenant.clock.advance(10_000); // within 5 minutes of its expiry: exchanged again
    expect(await tokens.getGraphToken(a)).not.toBe(first);
  });

  it('the token cache is bounded: beyond maxCachedTokens the least recently used is dropped and exchanged again', async () => {
    const { tokens } = delegatedAccess(2);
    const a = await signedIn(alice);
    const first = await tokens.getGraphToken(a);
    expect(await tokens.getGraphToken(a)).toBe(first);
    const b = await signedIn(bob);
    const c = await signedIn(alice);
    await tokens.getGraphToken(b);
    await tokens.getGraphToken(c); // a, the least recently used of three, is dropped
    expect(await tokens.getGraphToken(a)).not.toBe(first);
  });
});
