/**
 * The auth attack suite: every forged, stale, misdirected or malformed token is 401 with a problem body; a valid
 * token is 200. Tokens are real JWTs signed with real keys (the dev identity provider's, or the attacker's own).
 */
import { generateKeyPair, SignJWT, exportJWK, type JWTPayload } from 'jose';
import { createSecretKey } from 'node:crypto';
import { GRAPH_AUDIENCE } from '../../../src/devtenant/identity-provider';
import { startServerFixture, type ServerFixture } from './server-fixture';

describe('API authentication attacks', () => {
  let f: ServerFixture;
  let alice: string;
  let aliceToken: string;

  beforeAll(async () => {
    // Only the demo tenant is allowed, so the other tenant's (validly signed) tokens must be refused.
    const probe = await startServerFixture();
    const demoTenant = probe.devTenant.org.tenantId;
    await probe.close();
    f = await startServerFixture({ ALLOWED_TENANT_IDS: demoTenant });
    alice = f.devTenant.org.users[0]?.userPrincipalName as string;
    aliceToken = await f.token(alice);
  });
  afterAll(async () => {
    await f.close();
  });

  const call = (authorization?: string) =>
    f.app.inject({ method: 'GET', url: '/api/me/queue', headers: authorization === undefined ? {} : { authorization } });

  function parts(token: string): { header: Record<string, unknown>; payload: JWTPayload; signature: string } {
    const [h, p, s] = token.split('.') as [string, string, string];
    return { header: JSON.parse(Buffer.from(h, 'base64url').toString()), payload: JSON.parse(Buffer.from(p, 'base64url').toString()), signature: s };
  }
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

  async function expect401(authorization: string | undefined, code: 'unauthorized' | 'token_expired' = 'unauthorized'): Promise<void> {
    const res = await call(authorization);
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.headers['www-authenticate']).toMatch(/^Bearer error="invalid_token"/);
    const body = res.json();
    expect(body).toMatchObject({ status: 401, code, title: 'Unauthorized' });
    expect(typeof body.detail).toBe('string');
    expect(typeof body.type).toBe('string');
    // Nothing of the token is echoed back.
    if (authorization !== undefined && authorization.length > 20) expect(res.body).not.toContain(authorization.slice(7, 40));
  }

  it('a valid token is 200', async () => {
    const res = await call(`Bearer ${aliceToken}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toHaveProperty('requests');
  });

  it('no token → 401', async () => {
    await expect401(undefined);
  });

  it.each([
    ['empty bearer', 'Bearer '],
    ['not a JWT', 'Bearer hello'],
    ['basic auth', 'Basic dXNlcjpwYXNz'],
    ['two parts', 'Bearer abc.def'],
    ['garbage segments', 'Bearer !!!.???.***'],
    ['json junk', `Bearer ${b64('x')}.${b64('y')}.${b64('z')}`],
  ])('malformed (%s) → 401', async (_name, header) => {
    await expect401(header);
  });

  it('expired → 401 token_expired (the client gets a new token silently and retries)', async () => {
    await expect401(`Bearer ${await f.token(alice, { lifetimeSeconds: -600 })}`, 'token_expired');
  });

  it('an expired token with a forged signature is unauthorized, not token_expired (the signature is checked first)', async () => {
    const token = await f.token(alice, { lifetimeSeconds: -600 });
    const { header, payload, signature } = parts(token);
    const forged = `${b64(header)}.${b64({ ...payload, oid: f.devTenant.org.users[1]?.id })}.${signature}`;
    await expect401(`Bearer ${forged}`);
  });

  it('a token accepted before is refused once it has expired (verified tokens are remembered only until exp)', async () => {
    const token = await f.token(alice, { lifetimeSeconds: 120 });
    expect((await call(`Bearer ${token}`)).statusCode).toBe(200);
    expect((await call(`Bearer ${token}`)).statusCode).toBe(200);
    const started = f.devTenant.clock.now();
    try {
      f.devTenant.clock.advance((120 + f.config.auth.clockToleranceSeconds) * 1000);
      await expect401(`Bearer ${token}`, 'token_expired');
    } finally {
      f.devTenant.clock.set(started);
    }
  });

  it('not yet valid → 401', async () => {
    await expect401(`Bearer ${await f.token(alice, { notBeforeOffsetSeconds: 900 })}`);
  });

  it('wrong audience → 401', async () => {
    await expect401(`Bearer ${await f.token(alice, { audience: 'api://some-other-app' })}`);
  });

  it("a token for Graph's audience → 401", async () => {
    await expect401(`Bearer ${await f.token(alice, { audience: GRAPH_AUDIENCE })}`);
  });

  it('missing access_as_user scope → 401', async () => {
    await expect401(`Bearer ${await f.token(alice, { scopes: 'User.Read' })}`);
  });

  it('other tenant (validly signed by the same IdP, not allowed here) → 401', async () => {
    const other = f.devTenant.org.otherTenant?.users[0]?.userPrincipalName;
    expect(other).toBeDefined();
    await expect401(`Bearer ${await f.token(other as string)}`);
  });

  it('wrong issuer (signed by an attacker key, claims another issuer) → 401', async () => {
    const { payload } = parts(aliceToken);
    const { privateKey } = await generateKeyPair('RS256');
    const forged = await new SignJWT({ ...payload, iss: 'https://evil.example/v2.0' }).setProtectedHeader({ alg: 'RS256', kid: parts(aliceToken).header.kid as string }).sign(privateKey);
    await expect401(`Bearer ${forged}`);
  });

  it('right issuer but foreign key (same kid) → 401', async () => {
    const { payload, header } = parts(aliceToken);
    const { privateKey } = await generateKeyPair('RS256');
    const forged = await new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid: header.kid as string }).sign(privateKey);
    await expect401(`Bearer ${forged}`);
  });

  it('the issuer of another tenant with the demo tid → 401', async () => {
    const { payload, header, signature } = parts(aliceToken);
    const tampered = `${b64(header)}.${b64({ ...payload, iss: f.devTenant.idp.issuerForTenant('00000000-0000-0000-0000-000000000000') })}.${signature}`;
    await expect401(`Bearer ${tampered}`);
  });

  it('alg: none → 401', async () => {
    const { payload } = parts(aliceToken);
    await expect401(`Bearer ${b64({ alg: 'none', typ: 'JWT' })}.${b64(payload)}.`);
    await expect401(`Bearer ${b64({ alg: 'none', typ: 'JWT' })}.${b64(payload)}.AAAA`);
  });

  it('HS256 signed with the public key → 401', async () => {
    const { payload } = parts(aliceToken);
    const jwk = f.devTenant.idp.jwks().keys[0];
    const publicPem = Buffer.from(JSON.stringify(jwk));
    const forged = await new SignJWT(payload).setProtectedHeader({ alg: 'HS256', kid: jwk?.kid ?? '' }).sign(createSecretKey(publicPem));
    await expect401(`Bearer ${forged}`);
    const { publicKey } = await generateKeyPair('RS256', { extractable: true });
    const n = String((await exportJWK(publicKey)).n);
    const forged2 = await new SignJWT(payload).setProtectedHeader({ alg: 'HS256' }).sign(createSecretKey(Buffer.from(n)));
    await expect401(`Bearer ${forged2}`);
  });

  it('unknown kid → 401', async () => {
    const { payload } = parts(aliceToken);
    const { privateKey } = await generateKeyPair('RS256');
    const forged = await new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid: 'no-such-key' }).sign(privateKey);
    await expect401(`Bearer ${forged}`);
  });

  it('tampered payload (oid swapped, original signature) → 401', async () => {
    const { payload, header, signature } = parts(aliceToken);
    const bob = f.devTenant.org.users[1]?.id;
    await expect401(`Bearer ${b64(header)}.${b64({ ...payload, oid: bob })}.${signature}`);
  });

  it('tampered header (kid changed) → 401', async () => {
    const { payload, header, signature } = parts(aliceToken);
    await expect401(`Bearer ${b64({ ...header, kid: 'other' })}.${b64(payload)}.${signature}`);
  });

  it('a token in the query string is not accepted', async () => {
    const res = await f.app.inject({ method: 'GET', url: `/api/me/queue?access_token=${aliceToken}` });
    expect(res.statusCode).toBe(401);
  });
});
