/**
 * GraphSubscriptionSource against the dev tenant's `/subscriptions` over HTTPS, with Turnaround's application access
 * (msal-node client credentials at the dev identity provider, the real GraphClientPool): create (after the dev
 * tenant's validation handshake with a small local HTTP receiver run by this test), renew, reauthorize, delete, and
 * Graph's refusals (a failed handshake, a lifetime past Graph's maximum, a subscription that is gone). Then the
 * ChangeSubscriptionManager over this source and real SQLite stores, repairing a `subscriptionRemoved` the dev tenant
 * sent to the receiver's lifecycle URL.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ChangeSubscriptionManager } from '../../../src/app/change-subscriptions';
import type { UserContext } from '../../../src/app/m365-ports';
import type { DemoUser } from '../../../src/devtenant/demo-organization';
import { startDevTenant, type LocalDevTenant } from '../../../src/devtenant/dev-tenant';
import { graphAccessTokensFor } from '../../../src/graph/graph-access-tokens';
import { GraphClientPool } from '../../../src/graph/graph-client-pool';
import { GraphSubscriptionSource } from '../../../src/graph/graph-subscription-source';
import { openStores, type DatabaseStores } from '../../../src/store/open-stores';

const NOW = new Date('2025-03-20T12:00:00Z');
const MIN = 60_000;

/** What the receiver got: handshakes (path and token) and posted notifications (path and parsed body). */
interface Received {
  handshakes: { path: string; token: string }[];
  posts: { path: string; body: { value?: Record<string, unknown>[] } }[];
}

/** A notification endpoint: answers the handshake with the decoded token as text/plain (or, when refusing, 400). */
function startReceiver(): Promise<{ server: Server; url: string; received: Received; refuse: { handshake: boolean } }> {
  const received: Received = { handshakes: [], posts: [] };
  const refuse = { handshake: false };
  const readBody = async (req: IncomingMessage): Promise<string> => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  };
  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const body = await readBody(req);
      const token = url.searchParams.get('validationToken');
      if (token !== null) {
        received.handshakes.push({ path: url.pathname, token });
        if (refuse.handshake) res.writeHead(400).end();
        else res.writeHead(200, { 'content-type': 'text/plain' }).end(token);
        return;
      }
      received.posts.push({ path: url.pathname, body: JSON.parse(body || '{}') as Received['posts'][number]['body'] });
      res.writeHead(202).end();
    })();
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received, refuse }));
  });
}

let tenant: LocalDevTenant;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let pool: GraphClientPool;
let source: GraphSubscriptionSource;
let alice: DemoUser;

beforeAll(async () => {
  tenant = await startDevTenant({ seed: 43, now: NOW, people: 8, days: 7, notificationTimings: { batchDelayMs: 20, retryBaseMs: 50, tickMs: 50 } });
  alice = tenant.org.users[1] as DemoUser;
  receiver = await startReceiver();
  const c = tenant.authority.demoClient;
  const tokens = graphAccessTokensFor(
    { clientId: c.clientId, tenantId: tenant.org.tenantId, clientSecret: c.clientSecret, clientCertificate: null, authorityHost: tenant.authority.authorityHost, authorityCaPem: tenant.certificatePem },
    'application',
    () => tenant.clock.nowMs(),
  );
  pool = new GraphClientPool({ baseUrl: tenant.graphBaseUrl, caPem: tenant.certificatePem, tokens, backoff: { baseDelayMs: 10, maxRetries: 1 } });
  source = new GraphSubscriptionSource(pool);
});
afterAll(async () => {
  await pool.close();
  await tenant.stop();
  await new Promise((r) => receiver.server.close(r));
});
afterEach(() => {
  receiver.refuse.handshake = false;
});

const background = (user: DemoUser): UserContext => ({ tenantId: tenant.org.tenantId, userId: user.id });
const urls = () => ({ notificationUrl: `${receiver.url}/notifications`, lifecycleNotificationUrl: `${receiver.url}/lifecycle` });
const inMinutes = (minutes: number): Date => new Date(tenant.clock.nowMs() + minutes * MIN);

describe('GraphSubscriptionSource against the dev tenant', () => {
  it.each([
    ['inbox', `/users/%s/mailFolders('inbox')/messages`, 4_320],
    ['sentitems', `/users/%s/mailFolders('sentitems')/messages`, 4_320],
    ['chats', '/users/%s/chats/getAllMessages', 4_230],
  ] as const)('creates a %s subscription after the handshake with both URLs', async (kind, path, minutes) => {
    const handshakesBefore = receiver.received.handshakes.length;
    const expiresAt = inMinutes(minutes);
    const created = await source.create(background(alice), { resource: kind, ...urls(), clientState: `state-${kind}`, expiresAt });
    expect(created).toEqual({ id: expect.any(String), resource: path.replace('%s', alice.id), expiresAt });
    const stored = tenant.subscriptions.get(created.id);
    expect(stored).toMatchObject({
      resource: path.replace('%s', alice.id), clientState: `state-${kind}`, changeTypes: ['created', 'updated', 'deleted'],
      notificationUrl: `${receiver.url}/notifications`, lifecycleNotificationUrl: `${receiver.url}/lifecycle`, expirationMs: expiresAt.getTime(),
    });
    expect(receiver.received.handshakes.slice(handshakesBefore).map((h) => h.path)).toEqual(['/notifications', '/lifecycle']);
  });

  it('renews (the dev tenant keeps the new expiry), reauthorizes, and deletes; a deleted one is not_found, deleting again is fine', async () => {
    const created = await source.create(background(alice), { resource: 'inbox', ...urls(), clientState: 's', expiresAt: inMinutes(60) });
    const later = inMinutes(4_000);
    expect(await source.renew(background(alice), created.id, later)).toEqual(later);
    expect(tenant.subscriptions.get(created.id)?.expirationMs).toBe(later.getTime());
    await expect(source.reauthorize(background(alice), created.id)).resolves.toBeUndefined();
    await source.delete(background(alice), created.id);
    expect(tenant.subscriptions.get(created.id)).toBeUndefined();
    await expect(source.delete(background(alice), created.id)).resolves.toBeUndefined();
    await expect(source.renew(background(alice), created.id, later)).rejects.toMatchObject({ code: 'not_found', status: 404 });
    await expect(source.reauthorize(background(alice), created.id)).rejects.toMatchObject({ code: 'not_found', status: 404 });
  });

  it('a subscription past its expiry on the simulated clock is gone: renewing it is not_found', async () => {
    const created = await source.create(background(alice), { resource: 'sentitems', ...urls(), clientState: 's', expiresAt: inMinutes(30) });
    tenant.clock.advance(31 * MIN);
    await expect(source.renew(background(alice), created.id, inMinutes(60))).rejects.toMatchObject({ code: 'not_found' });
  });

  it('a refused handshake creates nothing: Graph\'s 400 as graph_error', async () => {
    receiver.refuse.handshake = true;
    const before = tenant.subscriptions.list().length;
    await expect(source.create(background(alice), { resource: 'inbox', ...urls(), clientState: 's', expiresAt: inMinutes(60) })).rejects.toMatchObject({ code: 'graph_error', status: 400 });
    expect(tenant.subscriptions.list()).toHaveLength(before);
  });

  it('a chats lifetime past Graph\'s 4,320 minutes is refused (400); ours, 4,230, was accepted above', async () => {
    await expect(source.create(background(alice), { resource: 'chats', ...urls(), clientState: 's', expiresAt: inMinutes(4_321) })).rejects.toMatchObject({ code: 'graph_error', status: 400 });
  });
});

describe('ChangeSubscriptionManager over the dev tenant and SQLite', () => {
  let stores: DatabaseStores;
  beforeAll(async () => {
    stores = await openStores('sqlite::memory:');
  });
  afterAll(() => stores.close());

  it('ensures three subscriptions, repairs a subscriptionRemoved the dev tenant sent, and removes them all', async () => {
    const bob = tenant.org.users[2] as DemoUser;
    const manager = new ChangeSubscriptionManager({ stores, source, clock: { now: () => tenant.clock.now() }, ...urls() });
    const made = await manager.ensure(background(bob));
    expect(made.map((s) => s.kind).sort()).toEqual(['chats', 'inbox', 'sentitems']);
    for (const s of made) expect(tenant.subscriptions.get(s.id)?.clientState).toBe(s.clientState);
    expect(await manager.needsSafetyNet(tenant.org.tenantId, bob.id, tenant.clock.now())).toEqual({ mail: false, chats: false });

    // The dev tenant removes the chats subscription and tells the lifecycle URL, as Graph does.
    const chats = made.find((s) => s.kind === 'chats') as (typeof made)[number];
    const postsBefore = receiver.received.posts.length;
    expect(tenant.subscriptions.sendLifecycleEvent(chats.id, 'subscriptionRemoved')).toBe(true);
    const event = await waitFor(() => receiver.received.posts.slice(postsBefore).flatMap((p) => (p.path === '/lifecycle' ? (p.body.value ?? []) : [])).find((v) => v.subscriptionId === chats.id));
    expect(event).toMatchObject({ lifecycleEvent: 'subscriptionRemoved', clientState: chats.clientState });

    expect(await manager.onLifecycle(chats, 'subscriptionRemoved')).toBe('recreated');
    const now = (await stores.changeSubscriptions.listForPerson(tenant.org.tenantId, bob.id)).sort((a, b) => a.kind.localeCompare(b.kind));
    const fresh = now.find((s) => s.kind === 'chats');
    expect(fresh?.id).not.toBe(chats.id);
    expect(tenant.subscriptions.get(fresh?.id ?? '')).toMatchObject({ resource: `/users/${bob.id}/chats/getAllMessages`, clientState: fresh?.clientState });
    expect((await stores.pendingChanges.listPending(10)).find((p) => p.personId === bob.id)?.kinds).toEqual(['chats']);

    expect(await manager.remove(background(bob))).toEqual({ deleted: 3, failedAtGraph: 0 });
    expect(await stores.changeSubscriptions.listForPerson(tenant.org.tenantId, bob.id)).toEqual([]);
    for (const s of now) expect(tenant.subscriptions.get(s.id)).toBeUndefined();
  });
});

/** Polls `read` until it returns something (the dev tenant delivers in the background), for at most 5 s. */
async function waitFor<T>(read: () => T | undefined): Promise<T> {
  for (let i = 0; i < 100; i += 1) {
    const value = read();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('not received within 5 s');
}
