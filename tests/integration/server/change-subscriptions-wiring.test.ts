/**
 * Issue 19, the server's wiring of Graph subscriptions, in process: the real buildServer in demo mode listening on a
 * local port (so the dev tenant's handshake and lifecycle posts reach its /api/graph routes), its scheduler and
 * application access. A person who signs in is synced in the background and then gets their three subscriptions at
 * the dev tenant; the scheduler's ticks renew them once they fall due on the simulated clock; a subscriptionRemoved
 * the dev tenant sends is repaired; deleting their data deletes them at the dev tenant and in the store.
 */
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { DemoUser } from '../../../src/devtenant/demo-organization';
import { startServerFixture, type ServerFixture } from './server-fixture';
import { waitFor } from '../devtenant/tenant-mode-processes';

jest.setTimeout(90_000);

const HOUR_MS = 3_600_000;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

let fixture: ServerFixture | undefined;
let base = '';

beforeAll(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  fixture = await startServerFixture({ SCHEDULER: 'on', SYNC_INTERVAL_SECONDS: '5', DEMO_SEED_REQUESTS: 'off', PORT: String(port), PUBLIC_BASE_URL: base });
  await fixture.app.listen({ port, host: '127.0.0.1' });
});

afterAll(async () => {
  await fixture?.close();
});

describe('change subscriptions in the running server', () => {
  it('made after a new person\'s first sync, renewed on the scheduler\'s ticks, repaired on subscriptionRemoved, deleted with their data', async () => {
    if (!fixture) throw new Error('not started');
    const { app, devTenant } = fixture;
    const person = devTenant.org.users[3] as DemoUser;
    const tenantId = devTenant.org.tenantId;
    const headers = { authorization: `Bearer ${await fixture.token(person.userPrincipalName)}` };
    const theirs = () => devTenant.subscriptions.list().filter((s) => s.resource.includes(person.id));

    expect((await app.inject({ method: 'GET', url: '/api/me', headers })).statusCode).toBe(200);
    const made = await waitFor('three subscriptions at the dev tenant', async () => (theirs().length === 3 ? theirs() : undefined), 30_000);
    expect(made.map((s) => s.resource).sort()).toEqual([
      `/users/${person.id}/chats/getAllMessages`,
      `/users/${person.id}/mailFolders('inbox')/messages`,
      `/users/${person.id}/mailFolders('sentitems')/messages`,
    ]);
    for (const s of made) {
      expect(s.notificationUrl).toBe(`${base}/api/graph/notifications`);
      expect(s.lifecycleNotificationUrl).toBe(`${base}/api/graph/lifecycle`);
    }
    const stored = await app.services.stores.changeSubscriptions.listForPerson(tenantId, person.id);
    expect(stored.map((s) => s.id).sort()).toEqual(made.map((s) => s.id).sort());
    for (const s of made) expect(stored.find((r) => r.id === s.id)?.clientState).toBe(s.clientState);

    // 48 hours on (a third of the 72-hour mail lifetime left, and less for chats) the ticks renew all three in place.
    const expiries = new Map(made.map((s) => [s.id, s.expirationMs]));
    devTenant.clock.advance(48 * HOUR_MS + 60_000);
    await waitFor('all three renewed', async () => (theirs().length === 3 && theirs().every((s) => s.expirationMs > (expiries.get(s.id) ?? Infinity)) ? true : undefined), 30_000);
    expect(theirs().map((s) => s.id).sort()).toEqual([...expiries.keys()].sort());

    // The dev tenant removes the chats subscription and says so at the lifecycle URL: a new one replaces it.
    const chats = theirs().find((s) => s.resource.endsWith('/chats/getAllMessages'));
    if (!chats) throw new Error('no chats subscription');
    expect(devTenant.subscriptions.sendLifecycleEvent(chats.id, 'subscriptionRemoved')).toBe(true);
    // Done when the store holds the new one in place of the old (it is written after Graph created it).
    const replaced = await waitFor('chats recreated', async () => {
      const rows = await app.services.stores.changeSubscriptions.listForPerson(tenantId, person.id);
      return rows.some((r) => r.id === chats.id) ? undefined : rows.find((r) => r.kind === 'chats');
    }, 30_000);
    expect(devTenant.subscriptions.get(replaced.id)).toMatchObject({ resource: `/users/${person.id}/chats/getAllMessages`, clientState: replaced.clientState });
    expect(devTenant.subscriptions.get(chats.id)).toBeUndefined();

    // Erasure deletes them at Graph, not only in the store (a fresh token: the first expired 48 hours ago).
    const fresh = { authorization: `Bearer ${await fixture.token(person.userPrincipalName)}` };
    expect((await app.inject({ method: 'DELETE', url: '/api/me/data', headers: fresh })).statusCode).toBe(204);
    expect(theirs()).toEqual([]);
    expect(await app.services.stores.changeSubscriptions.listForPerson(tenantId, person.id)).toEqual([]);
  });
});
