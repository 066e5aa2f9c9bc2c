import Fastify, { type FastifyInstance } from 'fastify';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { startDevTenant, type DevTenant } from '../../../src/devtenant/dev-tenant';
import { devRoutes } from '../../../src/devtenant/dev-routes';
import { DEMO_API_CLIENT_ID } from '../../../src/devtenant/identity-provider';
import { rawGraphRequest } from './raw-graph-request';

let tenant: DevTenant;
let app: FastifyInstance;
const form = (fields: Record<string, string>): { headers: Record<string, string>; payload: string } => ({
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  payload: new URLSearchParams(fields).toString(),
});

beforeAll(async () => {
  tenant = await startDevTenant({ seed: 8, now: new Date('2025-03-20T12:00:00Z') });
  app = Fastify();
  await app.register(devRoutes, { devTenant: tenant });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await tenant.stop();
});

describe('dev routes (demo mode)', () => {
  it('issues v2 access tokens for the API that verify against the published JWKS', async () => {
    const user = tenant.org.users[2];
    const keys = await app.inject({ method: 'GET', url: '/dev/idp/keys' });
    expect(keys.statusCode).toBe(200);
    const jwks = keys.json();
    expect(jwks.keys[0]).toEqual(expect.objectContaining({ kty: 'RSA', alg: 'RS256', use: 'sig', kid: expect.any(String) }));
    expect(jwks.keys[0].d).toBeUndefined();
    const res = await app.inject({ method: 'POST', url: '/dev/idp/token', ...form({ username: user?.userPrincipalName.toUpperCase() ?? '' }) });
    expect(res.statusCode).toBe(200);
    const { access_token: token } = res.json();
    const { payload, protectedHeader } = await jwtVerify(token, createLocalJWKSet(jwks), { issuer: tenant.idp.issuer, audience: DEMO_API_CLIENT_ID, currentDate: tenant.clock.now() });
    expect(protectedHeader.alg).toBe('RS256');
    expect(payload).toEqual(expect.objectContaining({ tid: tenant.org.tenantId, oid: user?.id, preferred_username: user?.userPrincipalName, name: user?.displayName, scp: 'access_as_user', ver: '2.0' }));
    expect(tenant.idp.issuer).toBe(`http://localhost:3978/dev/idp/${tenant.org.tenantId}/v2.0`);
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(3600);
    // An API token is not a Graph token.
    expect((await rawGraphRequest(tenant, 'GET', '/me', { token })).status).toBe(401);
  });

  it('issues Graph tokens the simulator accepts when audience is Graph', async () => {
    const user = tenant.org.users[3];
    const res = await app.inject({ method: 'POST', url: '/dev/idp/token', ...form({ username: user?.userPrincipalName ?? '', audience: 'https://graph.microsoft.com' }) });
    const me = await rawGraphRequest(tenant, 'GET', '/me', { token: res.json().access_token });
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(user?.id);
  });

  it('answers an unknown user with 400 problem+json code unknown_user', async () => {
    const res = await app.inject({ method: 'POST', url: '/dev/idp/token', ...form({ username: 'nobody@contoso.example' }) });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toEqual({ type: expect.any(String), title: expect.any(String), status: 400, detail: expect.any(String), code: 'unknown_user' });
  });

  it('gives other-tenant users a different tid and keeps them out of the demo tenant in Graph', async () => {
    const other = tenant.org.otherTenant?.users[0];
    const res = await app.inject({ method: 'POST', url: '/dev/idp/token', ...form({ username: other?.userPrincipalName ?? '', audience: 'https://graph.microsoft.com' }) });
    const token = res.json().access_token as string;
    const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString());
    expect(claims.tid).toBe(tenant.org.otherTenant?.tenantId);
    expect(claims.tid).not.toBe(tenant.org.tenantId);
    expect(claims.iss).toBe(tenant.idp.issuerForTenant(claims.tid));
    expect((await rawGraphRequest(tenant, 'GET', '/me', { token })).body.id).toBe(other?.id);
    expect((await rawGraphRequest(tenant, 'GET', `/users/${tenant.org.users[0]?.id}`, { token })).status).toBe(404);
    const org = await rawGraphRequest(tenant, 'GET', '/organization', { token });
    expect(org.body.value[0].id).toBe(tenant.org.otherTenant?.tenantId);
    expect((await rawGraphRequest(tenant, 'GET', '/me/mailFolders/inbox/messages', { token })).body.value).toEqual([]);
  });

  it('GET /dev/info lists the simulator, its certificate and the demo users with the teams they own', async () => {
    const res = await app.inject({ method: 'GET', url: '/dev/info' });
    const info = res.json();
    expect(info.graphBaseUrl).toBe(tenant.graphBaseUrl);
    expect(info.certificatePem).toMatch(/^-----BEGIN CERTIFICATE-----/);
    expect(info.tenantId).toBe(tenant.org.tenantId);
    expect(info.users).toHaveLength(tenant.org.users.length);
    const owners = info.users.filter((u: { ownsTeams: unknown[] }) => u.ownsTeams.length > 0);
    expect(owners.length).toBe(new Set(tenant.org.teams.flatMap((t) => t.members.filter((m) => m.roles.includes('owner')).map((m) => m.userIndex))).size);
    expect(info.users[0]).toEqual({ id: expect.any(String), userPrincipalName: expect.any(String), displayName: expect.any(String), department: expect.any(String), ownsTeams: expect.any(Array), memberOfTeams: expect.any(Array) });
  });

  it('sets faults and the clock through dev controls, and rejects bad input', async () => {
    const user = tenant.org.users[4];
    const token = await tenant.idp.issueToken({ username: user?.userPrincipalName ?? '', audience: 'https://graph.microsoft.com' });
    expect((await app.inject({ method: 'POST', url: '/dev/graph/faults', payload: { rate: 1, statuses: [500] } })).statusCode).toBe(204);
    expect((await rawGraphRequest(tenant, 'GET', '/me', { token })).status).toBe(500);
    expect((await app.inject({ method: 'POST', url: '/dev/graph/faults', payload: { rate: 0 } })).statusCode).toBe(204);
    expect((await rawGraphRequest(tenant, 'GET', '/me', { token })).status).toBe(200);
    expect((await app.inject({ method: 'POST', url: '/dev/graph/faults', payload: { statuses: [418] } })).statusCode).toBe(400);
    const clock = await app.inject({ method: 'POST', url: '/dev/clock', payload: { now: '2025-04-01T08:00:00Z' } });
    expect(clock.statusCode).toBe(200);
    expect(Math.abs(tenant.clock.now().getTime() - Date.parse('2025-04-01T08:00:00Z'))).toBeLessThan(5_000);
    expect((await app.inject({ method: 'POST', url: '/dev/clock', payload: { now: 'tomorrow-ish' } })).statusCode).toBe(400);
  });
});
