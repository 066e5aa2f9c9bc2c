/**
 * The two /api limits on a real server (dev tenant tokens, SQLite file): the per-IP limit refuses a flood of requests
 * without a token before authentication, and the per-user limit refuses one user's burst without touching another's.
 * Both answer 429 application/problem+json with code `rate_limited` and Retry-After.
 */
import type { Problem } from '../../../src/contracts/api';
import { startServerFixture, type ServerFixture } from './server-fixture';

function expectRateLimited(res: { statusCode: number; headers: Record<string, unknown>; json: () => unknown }): void {
  expect(res.statusCode).toBe(429);
  expect(String(res.headers['content-type'])).toContain('application/problem+json');
  expect(res.json()).toMatchObject<Partial<Problem>>({ status: 429, code: 'rate_limited' });
  expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
}

describe('per-IP limit before authentication', () => {
  let f: ServerFixture;
  beforeAll(async () => {
    f = await startServerFixture({ IP_RATE_LIMIT_MAX: '20', IP_RATE_LIMIT_WINDOW_SECONDS: '3600' });
  });
  afterAll(async () => f.close());

  it('refuses a flood without a token with 429 rate_limited; another address and health checks are not limited', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 30; i += 1) {
      const res = await f.app.inject({ method: 'GET', url: '/api/me/queue', remoteAddress: '203.0.113.7' });
      statuses.push(res.statusCode);
      if (i === 29) expectRateLimited(res);
    }
    expect(statuses).toEqual([...Array<number>(20).fill(401), ...Array<number>(10).fill(429)]);

    // Refused before the token is looked at: even a valid token from the flooding address is refused.
    const user = f.devTenant.org.users[0];
    if (user === undefined) throw new Error('the demo org has no users');
    const token = await f.token(user.userPrincipalName);
    expectRateLimited(await f.app.inject({ method: 'GET', url: '/api/me', remoteAddress: '203.0.113.7', headers: { authorization: `Bearer ${token}` } }));
    // Another address is counted on its own; health checks are never limited.
    expect((await f.app.inject({ method: 'GET', url: '/api/me/queue', remoteAddress: '203.0.113.8' })).statusCode).toBe(401);
    expect((await f.app.inject({ method: 'GET', url: '/api/me', remoteAddress: '203.0.113.8', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(200);
    expect((await f.app.inject({ method: 'GET', url: '/healthz', remoteAddress: '203.0.113.7' })).statusCode).toBe(200);
  });
});

describe('per-IP limit behind a trusted proxy (TRUSTED_PROXIES=10.0.0.0/8)', () => {
  let f: ServerFixture;
  beforeAll(async () => {
    f = await startServerFixture({ IP_RATE_LIMIT_MAX: '5', IP_RATE_LIMIT_WINDOW_SECONDS: '3600', TRUSTED_PROXIES: '10.0.0.0/8' });
  });
  afterAll(async () => f.close());

  it("counts each client by the proxy's X-Forwarded-For, not the proxy's own address", async () => {
    const fromClient = (client: string) =>
      f.app.inject({ method: 'GET', url: '/api/me/queue', remoteAddress: '10.0.0.1', headers: { 'x-forwarded-for': client } });
    const first: number[] = [];
    for (let i = 0; i < 6; i += 1) first.push((await fromClient('198.51.100.1')).statusCode);
    expect(first).toEqual([401, 401, 401, 401, 401, 429]);
    // Another client behind the same proxy has its own count.
    expect((await fromClient('198.51.100.2')).statusCode).toBe(401);
  });
});

describe('per-user limit after authentication', () => {
  let f: ServerFixture;
  beforeAll(async () => {
    // 5 requests per window of 5 / 1 = 5 s.
    f = await startServerFixture({ RATE_LIMIT_BURST: '5', RATE_LIMIT_PER_SECOND: '1' });
  });
  afterAll(async () => {
    jest.useRealTimers();
    await f.close();
  });

  it("refuses a user's sixth request in the window, not another user's, and lets the user in again after the window", async () => {
    const [alice, bob] = f.devTenant.org.users;
    if (alice === undefined || bob === undefined) throw new Error('the demo org has fewer than two users');
    const aliceToken = await f.token(alice.userPrincipalName);
    const bobToken = await f.token(bob.userPrincipalName);
    const asAlice = () => f.app.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${aliceToken}` } });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1) statuses.push((await asAlice()).statusCode);
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    expectRateLimited(await asAlice());
    expect((await f.app.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${bobToken}` } })).statusCode).toBe(200);

    // Only Date moves (timers stay real, so the server keeps running): the window is over.
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout', 'queueMicrotask', 'hrtime', 'performance'] });
    jest.setSystemTime(Date.now() + 6_000);
    expect((await asAlice()).statusCode).toBe(200);
    jest.useRealTimers();
  });
});
