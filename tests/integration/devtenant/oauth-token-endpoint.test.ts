import https from 'node:https';
import { AuthError, InteractionRequiredAuthError } from '@azure/msal-node';
import { decodeJwt } from 'jose';
import { DEMO_APPLICATION_PERMISSIONS, startDevTenant, type LocalDevTenant } from '../../../src/devtenant/dev-tenant';
import type { DemoUser } from '../../../src/devtenant/demo-organization';
import { DEMO_API_CLIENT_ID } from '../../../src/devtenant/identity-provider';
import { devTenantMsalClient } from './msal-dev-tenant';
import { rawGraphRequest } from './raw-graph-request';

const NOW = new Date('2025-03-20T12:00:00Z');
const GRAPH_DEFAULT = ['https://graph.microsoft.com/.default'];
let tenant: LocalDevTenant;
let user: DemoUser;

beforeAll(async () => {
  tenant = await startDevTenant({ seed: 23, now: NOW, people: 12, days: 14 });
  user = tenant.org.users[2] as DemoUser;
});
afterAll(() => tenant.stop());
afterEach(() => {
  tenant.authority.tokenEndpoint.client.applicationPermissions = [...DEMO_APPLICATION_PERMISSIONS];
  tenant.authority.tokenEndpoint.client.delegatedConsent = true;
});

const msal = (auth: Parameters<typeof devTenantMsalClient>[3]) => devTenantMsalClient(tenant.authority, tenant.org.tenantId, tenant.certificatePem, auth);

/** One raw HTTPS request to the identity provider, trusting only the dev tenant's certificate. */
function rawIdpRequest(method: string, path: string, form?: Record<string, string>): Promise<{ status: number; body: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const payload = form ? new URLSearchParams(form).toString() : undefined;
  return new Promise((resolve, reject) => {
    const req = https.request(`${tenant.authority.authorityHost}${path}`, { method, ca: tenant.certificatePem, headers: payload ? { 'content-type': 'application/x-www-form-urlencoded' } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
    });
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

/** The msal error a token request fails with (ServerError, or InteractionRequiredAuthError for `invalid_grant`). */
async function authError(promise: Promise<unknown>): Promise<AuthError> {
  const err = await promise.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(AuthError);
  return err as AuthError;
}

function expectEntraErrorBody(body: any, error: string, aadsts: number): void { // eslint-disable-line @typescript-eslint/no-explicit-any
  expect(body.error).toBe(error);
  expect(body.error_description).toMatch(new RegExp(`^AADSTS${aadsts}: .+ Trace ID: [0-9a-f-]{36} Correlation ID: [0-9a-f-]{36} Timestamp: \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ$`));
  expect(body.error_codes).toEqual([aadsts]);
  expect(body.timestamp).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/);
  expect(body.trace_id).toMatch(/^[0-9a-f-]{36}$/);
  expect(body.correlation_id).toMatch(/^[0-9a-f-]{36}$/);
}

describe('dev identity provider as an OAuth token endpoint', () => {
  it('serves Entra-shaped OpenID metadata, keys and instance discovery over HTTPS with the dev tenant certificate only', async () => {
    const tid = tenant.org.tenantId;
    const meta = await rawIdpRequest('GET', `/${tid}/v2.0/.well-known/openid-configuration`);
    expect(meta.status).toBe(200);
    expect(meta.body).toEqual(expect.objectContaining({
      issuer: `${tenant.authority.authorityHost}/${tid}/v2.0`,
      token_endpoint: `${tenant.authority.authorityHost}/${tid}/oauth2/v2.0/token`,
      jwks_uri: `${tenant.authority.authorityHost}/${tid}/discovery/v2.0/keys`,
      authorization_endpoint: `${tenant.authority.authorityHost}/${tid}/oauth2/v2.0/authorize`,
    }));
    expect((await rawIdpRequest('GET', `/${tid}/discovery/v2.0/keys`)).body).toEqual(tenant.idp.jwks());
    const host = new URL(tenant.authority.authorityHost).host;
    expect((await rawIdpRequest('GET', '/common/discovery/instance?api-version=1.1')).body.metadata).toEqual([{ preferred_network: host, preferred_cache: host, aliases: [host] }]);
    await expect(new Promise((resolve, reject) => https.get(`${tenant.authority.authorityHost}/${tid}/v2.0/.well-known/openid-configuration`, resolve).on('error', reject))).rejects.toThrow(/self[- ]signed|certificate/i);
  });

  it('client credentials by secret: an app token with roles, idtyp app and no scp works on /users/{id}/… and gets 400 on /me', async () => {
    const result = await msal('secret').acquireTokenByClientCredential({ scopes: GRAPH_DEFAULT });
    const token = result?.accessToken ?? '';
    const claims = decodeJwt(token);
    expect(claims).toEqual(expect.objectContaining({ roles: [...DEMO_APPLICATION_PERMISSIONS], idtyp: 'app', azp: DEMO_API_CLIENT_ID, azpacr: '1', tid: tenant.org.tenantId, aud: 'https://graph.microsoft.com', iss: `${tenant.authority.authorityHost}/${tenant.org.tenantId}/v2.0` }));
    expect(claims.scp).toBeUndefined();
    const lifetime = (claims.exp ?? 0) - (claims.iat ?? 0);
    expect(lifetime).toBeGreaterThanOrEqual(3600);
    expect(lifetime).toBeLessThanOrEqual(5400);
    // Stamped on the simulated clock (March 2025), not the machine's.
    expect(Math.abs((claims.iat ?? 0) * 1000 - tenant.clock.nowMs())).toBeLessThan(60_000);

    const messages = await rawGraphRequest(tenant, 'GET', `/users/${user.id}/messages?$top=5`, { token });
    expect(messages.status).toBe(200);
    expect(messages.body.value.length).toBeGreaterThan(0);
    expect((await rawGraphRequest(tenant, 'GET', `/users/${user.userPrincipalName}/mailFolders/inbox/messages/delta`, { token })).status).toBe(200);
    expect((await rawGraphRequest(tenant, 'GET', `/users/${user.id}/mailboxSettings`, { token })).status).toBe(200);
    expect((await rawGraphRequest(tenant, 'GET', '/users?$top=3', { token })).status).toBe(200);
    const chats = await rawGraphRequest(tenant, 'GET', `/users/${user.id}/chats`, { token });
    expect(chats.status).toBe(200);
    const chatId = chats.body.value[0]?.id as string;
    const chatMessages = await rawGraphRequest(tenant, 'GET', `/users/${user.id}/chats/${chatId}/messages`, { token });
    expect(chatMessages.status).toBe(200);

    const me = await rawGraphRequest(tenant, 'GET', '/me/messages', { token });
    expect(me.status).toBe(400);
    expect(me.body.error).toEqual(expect.objectContaining({ code: 'BadRequest', message: '/me request is only valid with delegated authentication flow.' }));
    // Application permissions do not include writing as the app.
    expect((await rawGraphRequest(tenant, 'POST', `/users/${user.id}/sendMail`, { token, body: { message: { subject: 'x', toRecipients: [] } } })).status).toBe(403);
  });

  it('client credentials by certificate: x5t#S256 (SHA-256) and x5t (SHA-1) assertions both authenticate', async () => {
    for (const auth of ['certificate', 'certificate-sha1'] as const) {
      const result = await msal(auth).acquireTokenByClientCredential({ scopes: GRAPH_DEFAULT });
      expect(decodeJwt(result?.accessToken ?? '')).toEqual(expect.objectContaining({ azpacr: '2', idtyp: 'app' }));
      expect((await rawGraphRequest(tenant, 'GET', `/users/${user.id}/messages?$top=1`, { token: result?.accessToken ?? '' })).status).toBe(200);
    }
  });

  it('a wrong secret is invalid_client AADSTS7000215; an unknown grant type is unsupported_grant_type, with Entra\'s error body', async () => {
    const err = await authError(msal({ secret: 'wrong' }).acquireTokenByClientCredential({ scopes: GRAPH_DEFAULT }));
    expect(err.errorCode).toBe('invalid_client');
    expect(err.errorMessage).toMatch(/Description: AADSTS7000215: Invalid client secret provided/);
    const tokenPath = `/${tenant.org.tenantId}/oauth2/v2.0/token`;
    const raw = await rawIdpRequest('POST', tokenPath, { grant_type: 'client_credentials', client_id: DEMO_API_CLIENT_ID, client_secret: 'wrong', scope: GRAPH_DEFAULT[0] ?? '' });
    expect(raw.status).toBe(401);
    expectEntraErrorBody(raw.body, 'invalid_client', 7000215);
    const forged = await rawIdpRequest('POST', tokenPath, { grant_type: 'client_credentials', client_id: DEMO_API_CLIENT_ID, client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: 'eyJhbGciOiJSUzI1NiIsIng1dCI6Im5vcGUifQ.eyJpc3MiOiJ4In0.c2ln', scope: GRAPH_DEFAULT[0] ?? '' });
    expectEntraErrorBody(forged.body, 'invalid_client', 700027);
    const password = await rawIdpRequest('POST', tokenPath, { grant_type: 'password', client_id: DEMO_API_CLIENT_ID, username: user.userPrincipalName, password: 'x' });
    expect(password.status).toBe(400);
    expectEntraErrorBody(password.body, 'unsupported_grant_type', 70003);
  });

  it('on-behalf-of: an API token for the demo API becomes a delegated Graph token with scp and the user\'s oid and upn, which works on /me', async () => {
    const apiToken = await tenant.idp.issueToken({ username: user.userPrincipalName });
    const result = await msal('secret').acquireTokenOnBehalfOf({ oboAssertion: apiToken, scopes: GRAPH_DEFAULT });
    const claims = decodeJwt(result?.accessToken ?? '');
    expect(claims).toEqual(expect.objectContaining({ oid: user.id, preferred_username: user.userPrincipalName, scp: expect.stringMatching(/Mail\.ReadWrite/), azp: DEMO_API_CLIENT_ID, aud: 'https://graph.microsoft.com' }));
    expect(claims.roles).toBeUndefined();
    const me = await rawGraphRequest(tenant, 'GET', '/me', { token: result?.accessToken ?? '' });
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(user.id);
  });

  it('on-behalf-of refuses an expired assertion (AADSTS500133), a forged one (AADSTS50013) and missing consent (AADSTS65001 consent_required)', async () => {
    const expired = await tenant.idp.issueToken({ username: user.userPrincipalName, lifetimeSeconds: -60 });
    const e1 = await authError(msal('secret').acquireTokenOnBehalfOf({ oboAssertion: expired, scopes: GRAPH_DEFAULT }));
    expect(e1.errorCode).toBe('invalid_grant');
    expect(e1.errorMessage).toMatch(/Description: AADSTS500133: Assertion is not within its valid time range/);
    const valid = await tenant.idp.issueToken({ username: user.userPrincipalName });
    const [h, p] = valid.split('.');
    const e2 = await authError(msal('secret').acquireTokenOnBehalfOf({ oboAssertion: `${h}.${p}.AAAA`, scopes: GRAPH_DEFAULT }));
    expect(e2.errorCode).toBe('invalid_grant');
    expect(e2.errorMessage).toMatch(/Description: AADSTS50013: Assertion failed signature validation/);
    tenant.authority.tokenEndpoint.client.delegatedConsent = false;
    const e3 = await authError(msal('secret').acquireTokenOnBehalfOf({ oboAssertion: valid, scopes: GRAPH_DEFAULT }));
    expect(e3).toBeInstanceOf(InteractionRequiredAuthError);
    expect(e3.errorCode).toBe('invalid_grant');
    expect(e3.subError).toBe('consent_required');
    expect(e3.errorMessage).toMatch(new RegExp(`^AADSTS65001: The user or administrator has not consented to use the application with ID '${DEMO_API_CLIENT_ID}'`));
  });

  it('a permission the app token lacks is 403 with the workload\'s code; a token with no roles at all is 401', async () => {
    tenant.authority.tokenEndpoint.client.applicationPermissions = ['User.Read.All'];
    const token = (await msal('secret').acquireTokenByClientCredential({ scopes: GRAPH_DEFAULT }))?.accessToken ?? '';
    const mail = await rawGraphRequest(tenant, 'GET', `/users/${user.id}/messages`, { token });
    expect(mail.status).toBe(403);
    expect(mail.body.error.code).toBe('ErrorAccessDenied');
    const chats = await rawGraphRequest(tenant, 'GET', `/users/${user.id}/chats`, { token });
    expect(chats.status).toBe(403);
    expect(chats.body.error.code).toBe('Forbidden');
    tenant.authority.tokenEndpoint.client.applicationPermissions = ['Mail.Read'];
    const noUserRead = (await msal('secret').acquireTokenByClientCredential({ scopes: GRAPH_DEFAULT }))?.accessToken ?? '';
    const users = await rawGraphRequest(tenant, 'GET', '/users', { token: noUserRead });
    expect(users.status).toBe(403);
    expect(users.body.error.code).toBe('Authorization_RequestDenied');
    tenant.authority.tokenEndpoint.client.applicationPermissions = [];
    const revoked = (await msal('secret').acquireTokenByClientCredential({ scopes: GRAPH_DEFAULT }))?.accessToken ?? '';
    expect(decodeJwt(revoked).roles).toBeUndefined();
    const none = await rawGraphRequest(tenant, 'GET', `/users/${user.id}/messages`, { token: revoked });
    expect(none.status).toBe(401);
    expect(none.body.error.code).toBe('InvalidAuthenticationToken');
  });

  it('tokens expire once the simulated clock passes their lifetime (Graph 401), and msal then fetches a new one', async () => {
    const client = msal('certificate');
    const first = await client.acquireTokenByClientCredential({ scopes: GRAPH_DEFAULT });
    const token = first?.accessToken ?? '';
    const exp = decodeJwt(token).exp ?? 0;
    tenant.clock.set(new Date(exp * 1000 + 1000));
    const stale = await rawGraphRequest(tenant, 'GET', `/users/${user.id}/messages?$top=1`, { token });
    expect(stale.status).toBe(401);
    expect(stale.body.error).toEqual(expect.objectContaining({ code: 'InvalidAuthenticationToken', message: 'Lifetime validation failed, the token is expired.' }));
    // msal's cache counts lifetimes on the real clock, so after a jump of the simulated clock the caller asks past it.
    const renewed = await client.acquireTokenByClientCredential({ scopes: GRAPH_DEFAULT, skipCache: true });
    expect(renewed?.accessToken).not.toBe(token);
    expect((decodeJwt(renewed?.accessToken ?? '').iat ?? 0) * 1000).toBeGreaterThanOrEqual(exp * 1000);
    expect((await rawGraphRequest(tenant, 'GET', `/users/${user.id}/messages?$top=1`, { token: renewed?.accessToken ?? '' })).status).toBe(200);
  });

  it('draws token lifetimes between 60 and 90 minutes, the same sequence for the same seed', async () => {
    const other = await startDevTenant({ seed: 23, now: NOW, people: 4, days: 2 });
    try {
      const lifetimes = async (t: LocalDevTenant): Promise<number[]> => {
        const out: number[] = [];
        for (let i = 0; i < 4; i++) out.push(await postClientCredentials(t));
        return out;
      };
      const a = await lifetimes(other);
      const fresh = await startDevTenant({ seed: 23, now: NOW, people: 4, days: 2 });
      try {
        expect(await lifetimes(fresh)).toEqual(a);
      } finally {
        await fresh.stop();
      }
      expect(a.every((s) => s >= 3600 && s <= 5400)).toBe(true);
      expect(new Set(a).size).toBeGreaterThan(1);
    } finally {
      await other.stop();
    }
  });
});

/** `expires_in` of one client-credentials token from `t`'s endpoint. */
function postClientCredentials(t: LocalDevTenant): Promise<number> {
  const payload = new URLSearchParams({ grant_type: 'client_credentials', client_id: t.authority.demoClient.clientId, client_secret: t.authority.demoClient.clientSecret, scope: GRAPH_DEFAULT[0] ?? '' }).toString();
  return new Promise((resolve, reject) => {
    const req = https.request(`${t.authority.authorityHost}/${t.org.tenantId}/oauth2/v2.0/token`, { method: 'POST', ca: t.certificatePem, headers: { 'content-type': 'application/x-www-form-urlencoded' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve((JSON.parse(Buffer.concat(chunks).toString('utf8')) as { expires_in: number }).expires_in));
    });
    req.on('error', reject);
    req.write(payload);
    req.end();
  });
}
