/**
 * The dev tenant playing the Bot Framework token service (issue 21): its OpenID metadata and keys over the dev tenant's
 * HTTPS (trusting only the dev tenant's certificate), and the tokens it issues verify against those keys with the Bot
 * Connector's issuer, the bot's app id as audience and the `serviceurl` claim — and not against the identity
 * provider's keys, nor the identity provider's tokens against these.
 */
import https from 'node:https';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { startDevTenant, type LocalDevTenant } from '../../../src/devtenant/dev-tenant';
import { BOT_FRAMEWORK_ISSUER, TEAMS_SERVICE_URL } from '../../../src/devtenant/bot-framework-token-service';
import { DEMO_API_CLIENT_ID } from '../../../src/devtenant/identity-provider';

let tenant: LocalDevTenant;

beforeAll(async () => {
  tenant = await startDevTenant({ seed: 23, people: 12, days: 14 });
});
afterAll(() => tenant.stop());

/** One HTTPS GET to the dev tenant's authority, trusting only the dev tenant's certificate. */
function get(url: string): Promise<{ status: number; body: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any
  return new Promise((resolve, reject) => {
    const req = https.request(url, { method: 'GET', ca: tenant.certificatePem }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('Bot Framework OpenID metadata and keys', () => {
  it('serves the metadata over HTTPS at the URL the Teams SDK is given, naming the keys where the SDK looks for them', async () => {
    expect(tenant.authority.botOpenIdMetadataUrl).toBe(`${tenant.authority.authorityHost}/botframework/v1/.well-known/openidconfiguration`);
    const metadata = await get(tenant.authority.botOpenIdMetadataUrl);
    expect(metadata.status).toBe(200);
    expect(metadata.body.issuer).toBe('https://api.botframework.com');
    // The SDK derives the keys URL by replacing the trailing `/openidconfiguration` with `/keys`.
    expect(metadata.body.jwks_uri).toBe(tenant.authority.botOpenIdMetadataUrl.replace(/\/openidconfiguration$/, '/keys'));
    expect(metadata.body.id_token_signing_alg_values_supported).toEqual(['RS256']);
    const keys = await get(metadata.body.jwks_uri);
    expect(keys.status).toBe(200);
    expect(keys.body.keys).toHaveLength(1);
    expect(keys.body.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', endorsements: ['msteams'] });
    expect(keys.body.keys[0].d).toBeUndefined();
  });

  it('uses a signing key of its own, not the identity provider’s', async () => {
    const botKids = (await get(`${tenant.authority.authorityHost}/botframework/v1/.well-known/keys`)).body.keys.map((k: { kid: string }) => k.kid);
    const idpKids = tenant.idp.jwks().keys.map((k) => k.kid);
    expect(botKids.some((kid: string) => idpKids.includes(kid))).toBe(false);
  });
});

describe('Bot Framework tokens', () => {
  it('issues RS256 tokens with the connector’s issuer, the bot’s app id as audience and the serviceurl, verifiable with the served keys', async () => {
    const token = await tenant.authority.botFramework.issueToken({ audience: DEMO_API_CLIENT_ID, serviceUrl: 'https://smba.trafficmanager.net/amer/' });
    const keys = createLocalJWKSet((await get(`${tenant.authority.authorityHost}/botframework/v1/.well-known/keys`)).body);
    const { payload, protectedHeader } = await jwtVerify(token, keys, { issuer: BOT_FRAMEWORK_ISSUER, audience: DEMO_API_CLIENT_ID, algorithms: ['RS256'] });
    expect(protectedHeader.alg).toBe('RS256');
    expect(payload.serviceurl).toBe('https://smba.trafficmanager.net/amer/');
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(3600);
  });

  it('names Teams’ public connector by default and gives an expired token for a negative lifetime', async () => {
    const token = await tenant.authority.botFramework.issueToken({ audience: DEMO_API_CLIENT_ID, lifetimeSeconds: -600 });
    const keys = createLocalJWKSet(tenant.authority.botFramework.jwks());
    const err = await jwtVerify(token, keys, { issuer: BOT_FRAMEWORK_ISSUER, audience: DEMO_API_CLIENT_ID }).then(() => null, (e: unknown) => e);
    expect((err as { code?: string }).code).toBe('ERR_JWT_EXPIRED');
    const { payload } = await jwtVerify(token, keys, { issuer: BOT_FRAMEWORK_ISSUER, audience: DEMO_API_CLIENT_ID, clockTolerance: 3600 });
    expect(payload.serviceurl).toBe(TEAMS_SERVICE_URL);
  });

  it('does not verify with the identity provider’s keys, and the identity provider’s tokens do not verify with its keys', async () => {
    const botToken = await tenant.authority.botFramework.issueToken({ audience: DEMO_API_CLIENT_ID });
    const userToken = await tenant.idp.issueToken({ username: tenant.org.users[0]!.userPrincipalName, audience: DEMO_API_CLIENT_ID });
    expect(decodeProtectedHeader(botToken).kid).not.toBe(decodeProtectedHeader(userToken).kid);
    const botKeys = createLocalJWKSet(tenant.authority.botFramework.jwks());
    const idpKeys = createLocalJWKSet(tenant.idp.jwks());
    await expect(jwtVerify(botToken, idpKeys)).rejects.toMatchObject({ code: 'ERR_JWKS_NO_MATCHING_KEY' });
    await expect(jwtVerify(userToken, botKeys)).rejects.toMatchObject({ code: 'ERR_JWKS_NO_MATCHING_KEY' });
  });
});
