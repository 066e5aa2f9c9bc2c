/**
 * Graph's webhooks (issue 19) through the real buildServer (demo mode: the dev tenant's identity provider and HTTPS
 * Graph simulator, real SQLite files; PostgreSQL for two instances). Subscriptions are written to the store as the
 * subscription manager would, and notifications posted with Graph's body shape — except in one test, where the
 * subscription manager makes them at the dev tenant and the dev tenant posts. What a test expects comes from what it
 * posted: which subscription, secret and tenant.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { ChangeSubscriptionRecord, PendingChange } from '../../../src/app/records';
import type { UserContext } from '../../../src/app/m365-ports';
import type { Stores } from '../../../src/app/store-ports';
import { startDevTenant, type LocalDevTenant } from '../../../src/devtenant/dev-tenant';
import type { DemoUser } from '../../../src/devtenant/demo-organization';
import { buildServer, type BuildServerOptions } from '../../../src/server/build-server';
import { loadConfig } from '../../../src/server/config';
import type { DatabaseStores } from '../../../src/store/open-stores';
import { createTestDatabase, type TestDatabase } from '../store/store-test-databases';

jest.setTimeout(120_000);

const OTHER_TENANT = '0e0e0e0e-1111-4222-8333-444444444444';

let devTenant: LocalDevTenant;
let dir: string;
let files = 0;

beforeAll(async () => {
  devTenant = await startDevTenant({ seed: 7, people: 30, days: 30, idpIssuerBase: 'http://localhost:3978/dev/idp' });
  dir = mkdtempSync(join(tmpdir(), 'turnaround-notifications-'));
});
afterAll(async () => {
  await devTenant.stop();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * A server on `databaseFile`; SCHEDULER on also runs the change-notification processor (polling every second). Unless
 * a test listens, PUBLIC_BASE_URL names a closed port, so subscriptions the scheduler tries to make fail at once
 * instead of reaching whatever else may listen on the demo's default port.
 */
async function server(databaseFile: string, env: Record<string, string> = {}, options: BuildServerOptions = {}): Promise<FastifyInstance> {
  const config = loadConfig({
    LOG_LEVEL: 'silent', SCHEDULER: 'off', DEMO_SEED_REQUESTS: 'off', SYNC_INTERVAL_SECONDS: '86400', NOTIFICATION_POLL_SECONDS: '1', PUBLIC_BASE_URL: 'http://127.0.0.1:9',
    DATABASE_URL: `sqlite:${databaseFile}`, DIST_DIR: join(dir, 'dist'), ASSETS_DIR: join(dir, 'assets'), ...env,
  });
  const app = await buildServer(config, { devTenant, ...options });
  await app.ready();
  return app;
}
const newDatabaseFile = (): string => join(dir, `db-${++files}.db`);

function person(index: number): DemoUser {
  const user = devTenant.org.users.filter((u) => u.tenantId === devTenant.org.tenantId && u.userType !== 'Guest')[index];
  if (user === undefined) throw new Error('not enough demo users');
  return user;
}

let subscriptions = 0;
async function subscribe(stores: Stores, user: DemoUser, kind: ChangeSubscriptionRecord['kind'] = 'inbox', tenantId = user.tenantId): Promise<ChangeSubscriptionRecord> {
  subscriptions += 1;
  const now = devTenant.clock.now();
  const record: ChangeSubscriptionRecord = {
    id: `0000000${subscriptions}-aaaa-4bbb-8ccc-${String(subscriptions).padStart(12, '0')}`, tenantId, personId: user.id, kind,
    resource: kind === 'chats' ? `/users/${user.id}/chats/getAllMessages` : `/users/${user.id}/mailFolders('${kind}')/messages`,
    clientState: `secret-${subscriptions}-${Math.random().toString(36).slice(2)}`, expiresAt: new Date(now.getTime() + 3_600_000), createdAt: now, failures: 0,
  };
  await stores.changeSubscriptions.put(record);
  return record;
}

/** One item as Graph sends it (no resource data), for `subscription` unless fields are overridden. */
function change(subscription: ChangeSubscriptionRecord, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    subscriptionId: subscription.id, clientState: subscription.clientState, tenantId: subscription.tenantId, changeType: 'created',
    resource: `Users/${subscription.personId}/Messages/AAMk-not-read`, resourceData: { '@odata.type': '#Microsoft.Graph.Message', id: 'AAMk-not-read' },
    subscriptionExpirationDateTime: subscription.expiresAt.toISOString(), ...overrides,
  };
}

function post(app: FastifyInstance, path: 'notifications' | 'lifecycle', body: unknown, query = '') {
  return app.inject({ method: 'POST', url: `/api/graph/${path}${query}`, headers: { 'content-type': 'application/json' }, payload: typeof body === 'string' ? body : JSON.stringify(body) });
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

async function until(condition: () => Promise<boolean> | boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const pendingOf = async (stores: Stores): Promise<PendingChange[]> => stores.pendingChanges.listPending(100);
const lastRunOf = async (stores: Stores, user: DemoUser): Promise<number | null> => {
  const row = await (stores as DatabaseStores).database.db.selectFrom('sync_people').select('last_run_at').where('tenant_id', '=', user.tenantId).where('person_id', '=', user.id).executeTakeFirst();
  return row?.last_run_at === undefined || row.last_run_at === null ? null : Number(row.last_run_at);
};

describe('POST /api/graph/notifications and /api/graph/lifecycle (no processor)', () => {
  let app: FastifyInstance;
  const lifecycleCalls: [string, string][] = [];

  beforeAll(async () => {
    app = await server(newDatabaseFile(), {}, {
      onLifecycle: async (subscription, event) => {
        lifecycleCalls.push([subscription.id, event]);
        if (event === 'reauthorizationRequired') throw new Error('renewal refused (scripted)');
      },
    });
  });
  afterAll(async () => {
    await app.close();
  });
  beforeEach(async () => {
    lifecycleCalls.length = 0;
    for (const p of await pendingOf(app.services.stores)) await app.services.stores.pendingChanges.clear(p.tenantId, p.personId, p.seq, new Date());
  });

  it('answers the validation handshake with the decoded token as text/plain, on both routes, without a token and recording nothing', async () => {
    const token = 'Validation: Testing client application reachability for subscription Request-Id: 5c1a & more';
    for (const path of ['notifications', 'lifecycle'] as const) {
      const response = await app.inject({ method: 'POST', url: `/api/graph/${path}?validationToken=${encodeURIComponent(token)}`, headers: { 'content-type': 'text/plain' }, payload: '' });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/plain/);
      expect(response.body).toBe(token);
    }
    // Whatever the handshake's content type says, its (empty) body is not parsed.
    const claimsJson = await app.inject({ method: 'POST', url: '/api/graph/notifications?validationToken=abc%2Fdef', headers: { 'content-type': 'application/json' }, payload: '' });
    expect({ status: claimsJson.statusCode, body: claimsJson.body }).toEqual({ status: 200, body: 'abc/def' });
    expect(await pendingOf(app.services.stores)).toEqual([]);
  });

  it('ignores forged clientState, unknown subscription ids and another tenant\'s notification: 202, nothing recorded', async () => {
    const user = person(0);
    const own = await subscribe(app.services.stores, user);
    // The other tenant's subscription (its secret known to nobody but the server).
    const foreign = await subscribe(app.services.stores, person(1), 'inbox', OTHER_TENANT);
    const bodies = [
      { value: [change(own, { clientState: 'guessed' })] },
      { value: [change(own, { clientState: `${own.clientState}x` })] },
      { value: [change(own, { clientState: own.clientState.slice(0, -1) })] },
      { value: [change(own, { clientState: null })] },
      { value: [change(own, { subscriptionId: 'ffffffff-0000-4000-8000-000000000000' })] },
      // Right id and secret, but presented as another tenant's (and the other way round): the tenant must match.
      { value: [change(own, { tenantId: OTHER_TENANT })] },
      { value: [change(foreign, { tenantId: devTenant.org.tenantId })] },
      { value: [change(own, { subscriptionId: 'x'.repeat(1000) })] },
    ];
    for (const body of bodies) {
      const response = await post(app, 'notifications', body);
      expect({ status: response.statusCode, body: response.body }).toEqual({ status: 202, body: '' });
    }
    const lifecycle = await post(app, 'lifecycle', { value: [{ ...change(own, { clientState: 'guessed' }), lifecycleEvent: 'missed' }] });
    expect(lifecycle.statusCode).toBe(202);
    expect(await pendingOf(app.services.stores)).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(lifecycleCalls).toEqual([]);

    // The same subscription with its real secret is recorded: the ignores above were the checks, not a broken route.
    expect((await post(app, 'notifications', { value: [change(own)] })).statusCode).toBe(202);
    expect((await pendingOf(app.services.stores)).map((p) => [p.personId, p.kinds])).toEqual([[user.id, ['mail']]]);
  });

  it('answers a body that is not Graph\'s shape with 400 problem+json `invalid_notification`, recording nothing', async () => {
    const own = await subscribe(app.services.stores, person(2));
    const bad: unknown[] = [
      {}, { value: [] }, { value: {} }, [change(own)], { value: [{ clientState: own.clientState, tenantId: own.tenantId }] },
      { value: [change(own, { subscriptionId: 42 })] }, { value: Array.from({ length: 1001 }, () => change(own)) },
    ];
    for (const body of bad) {
      const response = await post(app, 'notifications', body);
      expect(response.statusCode).toBe(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.json()).toMatchObject({ status: 400, code: 'invalid_notification' });
    }
    // A lifecycle item must say which event it is.
    const noEvent = await post(app, 'lifecycle', { value: [change(own)] });
    expect(noEvent.json()).toMatchObject({ status: 400, code: 'invalid_notification' });
    // Not JSON at all: Fastify's parser refuses it, through the same problem mapper.
    const notJson = await post(app, 'notifications', '{"value": [');
    expect(notJson.statusCode).toBe(400);
    expect(notJson.headers['content-type']).toMatch(/^application\/problem\+json/);
    const twoTokens = await app.inject({ method: 'POST', url: '/api/graph/notifications?validationToken=a&validationToken=b', headers: { 'content-type': 'text/plain' }, payload: '' });
    expect(twoTokens.json()).toMatchObject({ status: 400, code: 'invalid_notification' });
    expect(await pendingOf(app.services.stores)).toEqual([]);
  });

  it('coalesces duplicate and out-of-order notifications into one pending entry per person', async () => {
    const user = person(3);
    const inbox = await subscribe(app.services.stores, user, 'inbox');
    const sent = await subscribe(app.services.stores, user, 'sentitems');
    const chats = await subscribe(app.services.stores, user, 'chats');
    const updated = change(inbox, { changeType: 'updated' });
    const created = change(inbox, { changeType: 'created' });
    // Graph may repeat a notification and deliver them in any order, within one post or across posts.
    for (const value of [[updated, created, updated], [change(chats)], [created], [change(sent, { changeType: 'deleted' }), change(chats)], [updated]]) {
      expect((await post(app, 'notifications', { value })).statusCode).toBe(202);
    }
    const pending = await pendingOf(app.services.stores);
    expect(pending).toHaveLength(1);
    expect(pending[0]).toMatchObject({ tenantId: user.tenantId, personId: user.id, kinds: ['mail', 'chats'] });
  });

  it('lifecycle: `missed` and `subscriptionRemoved` record a catch-up, every checked event reaches the repair hook after the 202', async () => {
    const missed = await subscribe(app.services.stores, person(4));
    const removed = await subscribe(app.services.stores, person(5), 'chats');
    const reauthorize = await subscribe(app.services.stores, person(6));
    const response = await post(app, 'lifecycle', {
      value: [
        { ...change(missed), lifecycleEvent: 'missed' },
        { ...change(removed), lifecycleEvent: 'subscriptionRemoved' },
        { ...change(reauthorize), lifecycleEvent: 'reauthorizationRequired' },
      ],
    });
    expect({ status: response.statusCode, body: response.body }).toEqual({ status: 202, body: '' });
    expect((await pendingOf(app.services.stores)).map((p) => [p.personId, p.kinds]).sort()).toEqual([[person(4).id, ['mail']], [person(5).id, ['chats']]].sort());
    // The hook (whose reauthorization throws, logged) runs after the answer.
    await until(() => lifecycleCalls.length === 3, 'the lifecycle hook');
    expect(lifecycleCalls.sort()).toEqual([[missed.id, 'missed'], [removed.id, 'subscriptionRemoved'], [reauthorize.id, 'reauthorizationRequired']].sort());
    // The server still answers after the failed repair.
    expect((await post(app, 'notifications', { value: [change(missed)] })).statusCode).toBe(202);
  });
});

describe('the notification routes\' own rate limit', () => {
  it('refuses posts over the per-address limit with 429 `rate_limited` before reading them (no bearer token involved)', async () => {
    const app = await server(newDatabaseFile(), { NOTIFICATION_RATE_LIMIT_MAX: '3' });
    try {
      const own = await subscribe(app.services.stores, person(7));
      for (let i = 0; i < 3; i++) expect((await post(app, 'notifications', { value: [change(own)] })).statusCode).toBe(202);
      const over = await post(app, 'notifications', { value: [change(own)] });
      expect(over.statusCode).toBe(429);
      expect(over.json()).toMatchObject({ code: 'rate_limited' });
      expect(Number(over.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect((await pendingOf(app.services.stores))[0]?.seq).toBe(3);
    } finally {
      await app.close();
    }
  });
});

/** Spies on the server's syncPerson (calling the real one): the users and options asked, and the runs that succeeded. */
function watchSyncs(app: FastifyInstance): { asked: [UserContext, unknown][]; succeeded: string[] } {
  const watch = { asked: [] as [UserContext, unknown][], succeeded: [] as string[] };
  const real = app.services.sync.syncPerson.bind(app.services.sync);
  jest.spyOn(app.services.sync, 'syncPerson').mockImplementation(async (user, options) => {
    watch.asked.push([user, options]);
    const status = await real(user, options);
    watch.succeeded.push(user.userId);
    return status;
  });
  return watch;
}

describe('the change-notification processor', () => {
  afterEach(() => jest.restoreAllMocks());

  it('syncs a notified person with a fresh run and clears the entry; a burst costs one or two syncs', async () => {
    const app = await server(newDatabaseFile(), { SCHEDULER: 'on' });
    try {
      const syncs = watchSyncs(app);
      const user = person(8);
      const inbox = await subscribe(app.services.stores, user);
      const responses = await Promise.all(Array.from({ length: 20 }, (_, i) => post(app, 'notifications', { value: [change(inbox, { changeType: i % 2 === 0 ? 'created' : 'updated' })] })));
      expect(responses.map((r) => r.statusCode)).toEqual(Array.from({ length: 20 }, () => 202));
      await until(async () => (await pendingOf(app.services.stores)).length === 0, 'the pending change to be cleared');
      expect(await lastRunOf(app.services.stores, user)).not.toBeNull();
      expect(syncs.asked.every(([u]) => u.userId === user.id && u.tenantId === user.tenantId)).toBe(true);
      // Fresh: never joining a run that may have read Graph before the notified change. Inbox notifications only: the
      // run reads mail, not chats.
      expect(syncs.asked[0]?.[1]).toEqual({ fresh: true, parts: { mail: true, chats: false } });
      expect(syncs.succeeded.filter((id) => id === user.id).length).toBeGreaterThanOrEqual(1);
      expect(syncs.succeeded.filter((id) => id === user.id).length).toBeLessThanOrEqual(2);
    } finally {
      await app.close();
    }
  });

  it('runs with the scheduler in application access only (delegated background access has no subscriptions)', async () => {
    for (const [env, running] of [[{ SCHEDULER: 'on' }, true], [{ SCHEDULER: 'off' }, false], [{ SCHEDULER: 'on', GRAPH_BACKGROUND_ACCESS: 'delegated' }, false]] as const) {
      const app = await server(newDatabaseFile(), env);
      try {
        expect({ env, running: app.changeNotifications.processor !== null }).toEqual({ env, running });
      } finally {
        await app.close();
      }
    }
  });

  it('loses nothing when the instance that answered 202 dies before syncing: another instance syncs the person', async () => {
    const databaseFile = newDatabaseFile();
    const user = person(9);
    // The first instance answers and records, but runs no processor (and is then closed).
    const first = await server(databaseFile, { SCHEDULER: 'off' });
    const inbox = await subscribe(first.services.stores, user);
    expect((await post(first, 'notifications', { value: [change(inbox)] })).statusCode).toBe(202);
    expect(first.changeNotifications.processor).toBeNull();
    expect((await pendingOf(first.services.stores)).map((p) => p.personId)).toEqual([user.id]);
    expect(await lastRunOf(first.services.stores, user)).toBeNull();
    await first.close();

    const second = await server(databaseFile, { SCHEDULER: 'on' });
    try {
      await until(async () => (await pendingOf(second.services.stores)).length === 0, 'the second instance to sync the person');
      expect(await lastRunOf(second.services.stores, user)).not.toBeNull();
    } finally {
      await second.close();
    }
  });

  it('a reply made at the dev tenant reaches the processor through Graph\'s own POST and is synced', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    // Subscriptions are made after a scheduled sync of the person (src/server/build-server.ts): a short interval.
    const app = await server(newDatabaseFile(), { SCHEDULER: 'on', SYNC_INTERVAL_SECONDS: '5', PORT: String(port), PUBLIC_BASE_URL: base });
    try {
      await app.listen({ port, host: '127.0.0.1' });
      const user = person(11);
      // Signing in makes the person known; after a scheduled sync their subscriptions are made.
      const token = await devTenant.idp.issueToken({ username: user.userPrincipalName });
      expect((await app.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(200);
      const theirs = () => devTenant.subscriptions.list().filter((s) => s.resource.includes(user.id));
      await until(async () => theirs().length === 3 && (await app.services.stores.changeSubscriptions.listForPerson(user.tenantId, user.id)).length === 3, 'the person\'s subscriptions');
      const sentItems = theirs().find((s) => s.resource.includes("('sentitems')"));
      if (sentItems === undefined) throw new Error('no Sent Items subscription');

      const syncs = watchSyncs(app);
      const inbox = devTenant.org.folder(user.index, 'inbox').filter((m) => m.mail.fromUserIndex !== user.index);
      expect(inbox.length).toBeGreaterThan(0);
      devTenant.org.replyTo(inbox[inbox.length - 1]!, 'On it.', devTenant.clock.nowMs());

      // The dev tenant posts the Sent Items notification; the route answers 202 and the processor syncs the person.
      await until(() => devTenant.subscriptions.deliveries().some((d) => d.subscriptionId === sentItems.id && d.status === 202), 'a notification answered 202');
      await until(() => syncs.asked.some(([u, o]) => u.userId === user.id && (o as { fresh?: boolean } | undefined)?.fresh === true), 'the processor\'s sync');
      await until(async () => (await pendingOf(app.services.stores)).length === 0 && syncs.succeeded.includes(user.id), 'the pending change to be cleared');
    } finally {
      await app.close();
    }
  });

  it('two instances on one PostgreSQL never sync one notified person at once (the lease decides)', async () => {
    const testDb: TestDatabase = await createTestDatabase('postgres');
    const apps: FastifyInstance[] = [];
    try {
      const storesA = await testDb.open();
      const storesB = await testDb.secondServer(storesA);
      const user = person(10);
      const windows: { instance: string; start: number; end: number }[] = [];
      let lost = 0;
      for (const [name, stores] of [['A', storesA], ['B', storesB]] as const) {
        const app = await server(newDatabaseFile(), { SCHEDULER: 'on' }, { stores });
        apps.push(app);
        // Each run's window: from its first mailbox read to its end. Mailbox reads are slowed so runs last long enough
        // to collide if nothing kept them apart.
        let runStart: number | null = null;
        const mail = app.services.mail;
        const realDelta = mail.deltaPage.bind(mail);
        jest.spyOn(mail, 'deltaPage').mockImplementation(async (...args) => {
          runStart ??= performance.now();
          await new Promise((resolve) => setTimeout(resolve, 150));
          return realDelta(...args);
        });
        const realSync = app.services.sync.syncPerson.bind(app.services.sync);
        jest.spyOn(app.services.sync, 'syncPerson').mockImplementation(async (u, options) => {
          try {
            const status = await realSync(u, options);
            if (runStart !== null) windows.push({ instance: name, start: runStart, end: performance.now() });
            return status;
          } catch (error) {
            if ((error as { code?: unknown }).code === 'sync_in_progress') lost += 1;
            throw error;
          } finally {
            runStart = null;
          }
        });
      }
      const inbox = await subscribe(storesA, user);
      // Notifications for the person reach both instances, together and repeatedly, for a while.
      for (let round = 0; round < 12; round++) {
        const answers = await Promise.all(apps.map((app) => post(app, 'notifications', { value: [change(inbox)] })));
        expect(answers.map((a) => a.statusCode)).toEqual([202, 202]);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      await until(async () => (await pendingOf(storesA)).length === 0, 'the person to be synced', 90_000);

      expect(windows.length).toBeGreaterThanOrEqual(2);
      const ordered = [...windows].sort((a, b) => a.start - b.start);
      const overlaps = ordered.slice(1).filter((w, i) => w.start < ordered[i]!.end);
      expect(overlaps).toEqual([]);
      // They did contend: an instance found the other holding the lease at least once.
      expect(lost).toBeGreaterThanOrEqual(1);
    } finally {
      for (const app of apps) await app.close();
      await testDb.dispose();
    }
  });
});
