/**
 * `POST /api/messages` (issue 21) through the real buildServer, listening, in demo mode: the Teams SDK validates each
 * invoke's Bot Framework token against the dev tenant playing the Bot Framework token service (its metadata and keys
 * fetched over the dev tenant's HTTPS). A valid signed invoke is answered; unsigned, expired, wrongly signed,
 * wrong-audience (and other forged) invokes get 401 problem+json and change nothing in the database.
 */
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../../src/server/build-server';
import { loadConfig } from '../../../src/server/config';
import { generateKeyPair, SignJWT, decodeProtectedHeader } from 'jose';
import type { AddressInfo } from 'node:net';
import { BotFrameworkTokenService, TEAMS_SERVICE_URL } from '../../../src/devtenant/bot-framework-token-service';
import type { DemoUser } from '../../../src/devtenant/demo-organization';
import { countTenantRows } from '../../../src/store/tenant-row-counts';
import type { DatabaseStores } from '../../../src/store/open-stores';
import { startServerFixture, type ServerFixture } from './server-fixture';

jest.setTimeout(120_000);

let server: ServerFixture;
let origin: string;
let botId: string;
let person: DemoUser;
/** A colleague's message in a 1:1 chat of `person`'s: trackable, so a refused invoke that tracked it would show. */
let target: { chatId: string; messageId: string };

beforeAll(async () => {
  server = await startServerFixture({ DEMO_SEED_REQUESTS: 'off' });
  await server.app.listen({ port: 0, host: '127.0.0.1' });
  origin = `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`;
  botId = server.devTenant.authority.demoClient.clientId;
  const org = server.devTenant.org;
  const member = (i: number | null) => i !== null && org.users[i]?.userType === 'Member';
  const chat = org.chats.find((c) => c.chatType === 'oneOnOne' && (c.guestMembers?.length ?? 0) === 0 && c.memberIndexes.every(member)
    && c.messages.some((m) => m.messageType === 'message' && m.deletedMs === null && m.fromUserIndex !== null));
  if (chat === undefined) throw new Error('no 1:1 chat with a colleague\'s message');
  const message = chat.messages.find((m) => m.messageType === 'message' && m.deletedMs === null && m.fromUserIndex !== null)!;
  person = org.users[chat.memberIndexes.find((i) => i !== message.fromUserIndex)!] as DemoUser;
  target = { chatId: chat.id, messageId: message.id };
});
afterAll(() => server.close());

/** A `composeExtension/<name>` invoke as the Bot Connector posts it for a message in a 1:1 chat. */
function invoke(name: 'fetchTask' | 'submitAction', serviceUrl = TEAMS_SERVICE_URL): Record<string, unknown> {
  return {
    type: 'invoke',
    name: `composeExtension/${name}`,
    id: `f:${randomUUID()}`,
    timestamp: new Date().toISOString(),
    serviceUrl,
    channelId: 'msteams',
    from: { id: `29:${randomUUID()}`, name: person.displayName, aadObjectId: person.id },
    conversation: { id: target.chatId, conversationType: 'personal', tenantId: server.devTenant.org.tenantId },
    recipient: { id: `28:${botId}`, name: 'Turnaround' },
    channelData: { tenant: { id: server.devTenant.org.tenantId }, source: { name: 'message' } },
    value: { commandId: 'trackAsRequest', commandContext: 'message', context: { theme: 'default' }, messagePayload: { id: target.messageId } },
  };
}

async function post(body: unknown, authorization?: string): Promise<{ status: number; contentType: string; body: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const res = await fetch(`${origin}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization === undefined ? {} : { authorization }) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', body: text === '' ? null : JSON.parse(text) };
}

const bearer = async (options: { audience?: string; lifetimeSeconds?: number; serviceUrl?: string } = {}): Promise<string> =>
  `Bearer ${await server.devTenant.authority.botFramework.issueToken({ audience: options.audience ?? botId, ...options })}`;

const rows = () => countTenantRows((server.app.services.stores as DatabaseStores).database, server.devTenant.org.tenantId);

describe('a valid signed invoke', () => {
  it('is answered by the message action (the track form\'s dialog)', async () => {
    const res = await post(invoke('fetchTask'), await bearer());
    expect(res.status).toBe(200);
    expect(res.body.task.type).toBe('continue');
    expect(res.body.task.value.title).toBe('Track as request');
    expect(new URL(res.body.task.value.url).searchParams.get('messageId')).toBe(target.messageId);
  });

  it('names another connector when its token names that connector too', async () => {
    const serviceUrl = 'https://smba.trafficmanager.net/amer/';
    const res = await post(invoke('fetchTask', serviceUrl), await bearer({ serviceUrl }));
    expect(res.status).toBe(200);
  });
});

describe('invokes that are not authenticated get 401 and change nothing', () => {
  const cases: [string, () => Promise<string | undefined>][] = [
    ['unsigned (no Authorization header)', async () => undefined],
    ['unsigned (alg none)', async () => {
      const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
      const now = Math.floor(Date.now() / 1000);
      const payload = Buffer.from(JSON.stringify({ iss: 'https://api.botframework.com', aud: botId, serviceurl: TEAMS_SERVICE_URL, nbf: now, exp: now + 3600 })).toString('base64url');
      return `Bearer ${header}.${payload}.`;
    }],
    ['expired (beyond the SDK’s 5 minutes of tolerance)', () => bearer({ lifetimeSeconds: -600 })],
    ['signed by another Bot Framework token service (another key and kid)', async () => {
      const other = await BotFrameworkTokenService.create();
      return `Bearer ${await other.issueToken({ audience: botId })}`;
    }],
    ['signed by another key under the real key id', async () => {
      const kid = decodeProtectedHeader((await bearer()).slice(7)).kid ?? '';
      const { privateKey } = await generateKeyPair('RS256');
      const now = Math.floor(Date.now() / 1000);
      const token = await new SignJWT({ serviceurl: TEAMS_SERVICE_URL }).setProtectedHeader({ alg: 'RS256', kid })
        .setIssuer('https://api.botframework.com').setAudience(botId).setIssuedAt(now).setNotBefore(now).setExpirationTime(now + 3600).sign(privateKey);
      return `Bearer ${token}`;
    }],
    ['for another bot (wrong audience)', () => bearer({ audience: randomUUID() })],
    ['for another connector than the activity names (serviceurl)', () => bearer({ serviceUrl: 'https://evil.example/' })],
    ['a person’s own token for the API (the dev identity provider, audience the client id)', async () => `Bearer ${await server.token(person.userPrincipalName, { audience: botId })}`],
    ['not a JWT', async () => 'Bearer not-a-token'],
  ];

  it.each(cases)('%s', async (_name, authorization) => {
    const before = await rows();
    for (const name of ['fetchTask', 'submitAction'] as const) {
      const res = await post(invoke(name), await authorization());
      expect(res.status).toBe(401);
      expect(res.contentType).toContain('application/problem+json');
      expect(res.body.code).toBe('invalid_bot_token');
      expect(JSON.stringify(res.body)).not.toContain('Track as request');
    }
    expect(await rows()).toEqual(before);
    expect(await server.app.services.stores.requests.findBySourceMessage(server.devTenant.org.tenantId, 'chat', target.messageId, person.id)).toBeNull();
  });
});

describe('bad input', () => {
  it.each([
    ['not JSON', () => '{"type": "invoke"'],
    ['not an activity', () => JSON.stringify({ hello: 'world' })],
    ['an array', () => JSON.stringify([invoke('fetchTask')])],
  ])('%s with a valid token: 400, no 5xx', async (_name, body) => {
    const res = await post(body(), await bearer());
    expect(res.status).toBe(400);
    expect(res.contentType).toContain('application/problem+json');
    expect(typeof res.body.code).toBe('string');
  });
});

describe('activities that are not the message action', () => {
  it.each([
    ['a message to the bot', () => ({ ...invoke('fetchTask'), type: 'message', name: undefined, text: 'hello', value: undefined })],
    ['the app installed', () => ({ ...invoke('fetchTask'), type: 'installationUpdate', name: undefined, action: 'add', value: undefined })],
    ['an invoke without a value', () => ({ ...invoke('fetchTask'), value: undefined })],
    ['an invoke without a conversation or sender', () => ({ type: 'invoke', name: 'composeExtension/fetchTask', serviceUrl: TEAMS_SERVICE_URL, channelId: 'msteams' })],
  ])('%s: no 5xx, nothing written', async (_name, body) => {
    const before = await rows();
    const res = await post(body(), await bearer());
    expect(res.status).toBeLessThan(500);
    expect(await rows()).toEqual(before);
  });
});

describe('tenant mode with BOT_OPENID_METADATA_URL (a dev tenant run on its own)', () => {
  let tenantApp: FastifyInstance;

  beforeAll(async () => {
    const caFile = join(server.dir, 'dev-tenant-ca.pem');
    writeFileSync(caFile, server.devTenant.certificatePem);
    const { authorityHost, demoClient, botOpenIdMetadataUrl } = server.devTenant.authority;
    tenantApp = await buildServer(loadConfig({
      LOG_LEVEL: 'silent', SCHEDULER: 'off', DATABASE_URL: 'sqlite::memory:', PUBLIC_BASE_URL: 'http://127.0.0.1:9',
      AZURE_CLIENT_ID: demoClient.clientId, AZURE_TENANT_ID: server.devTenant.org.tenantId, AZURE_CLIENT_SECRET: demoClient.clientSecret,
      AZURE_AUTHORITY_HOST: authorityHost, GRAPH_BASE_URL: server.devTenant.graphBaseUrl, GRAPH_CA_FILE: caFile, BOT_OPENID_METADATA_URL: botOpenIdMetadataUrl,
      DIST_DIR: join(server.dir, 'dist'), ASSETS_DIR: join(server.dir, 'assets'),
    }));
    await tenantApp.ready();
  });
  afterAll(() => tenantApp.close());

  const inject = async (authorization: string) =>
    tenantApp.inject({ method: 'POST', url: '/api/messages', headers: { 'content-type': 'application/json', authorization }, payload: JSON.stringify(invoke('fetchTask')) });

  it('validates the invoke with the dev tenant\'s keys, fetched trusting GRAPH_CA_FILE', async () => {
    const res = await inject(await bearer());
    expect(res.statusCode).toBe(200);
    expect(res.json().task.type).toBe('continue');
  });

  it('still refuses a wrong audience and a token of another key', async () => {
    expect((await inject(await bearer({ audience: randomUUID() }))).statusCode).toBe(401);
    const other = await BotFrameworkTokenService.create();
    expect((await inject(`Bearer ${await other.issueToken({ audience: botId })}`)).statusCode).toBe(401);
  });
});
