/**
 * GET /api/me/queue/stamp through buildServer (issue 19, "the tab stays live"): real tokens, the Graph simulator and
 * a real SQLite file. The stamp a queue answer carries equals the stamp endpoint's until the open queue changes —
 * through this server or through another process writing the same database — and then differs; the clocks moving
 * with time do not change it.
 */
import type { QueueResponse, QueueStampResponse, RequestView } from '../../../src/contracts/api';
import type { DemoUser } from '../../../src/devtenant/demo-organization';
import { openStores } from '../../../src/store/open-stores';
import { startServerFixture, type ServerFixture } from './server-fixture';

describe('the queue stamp', () => {
  let f: ServerFixture;
  let assignee: DemoUser;
  let other: DemoUser;
  let messages: string[];

  const headers = async (as: DemoUser) => ({ authorization: `Bearer ${await f.token(as.userPrincipalName)}`, 'content-type': 'application/json' });
  const queue = async (include: 'open' | 'all' = 'open', as = assignee) => (await f.app.inject({ method: 'GET', url: `/api/me/queue?include=${include}`, headers: await headers(as) })).json<QueueResponse>();
  const stamp = async (as = assignee) => {
    const response = await f.app.inject({ method: 'GET', url: '/api/me/queue/stamp', headers: await headers(as) });
    expect(response.statusCode).toBe(200);
    return response.json<QueueStampResponse>().stamp;
  };
  const track = async (messageId: string): Promise<RequestView> => {
    const response = await f.app.inject({ method: 'POST', url: '/api/requests', headers: await headers(assignee), payload: JSON.stringify({ source: 'email', messageId }) });
    expect(response.statusCode).toBe(201);
    return response.json<RequestView>();
  };

  beforeAll(async () => {
    f = await startServerFixture({ DEMO_SEED_REQUESTS: 'off' });
    const org = f.devTenant.org;
    const email = org.groundTruth().filter((t) => t.source === 'email');
    const counts = new Map<string, number>();
    for (const t of email) counts.set(t.assigneeId, (counts.get(t.assigneeId) ?? 0) + 1);
    const best = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
    assignee = org.userByIdOrUpn(best ?? '') as DemoUser;
    other = org.users.find((u) => u.id !== assignee.id && u.tenantId === assignee.tenantId) as DemoUser;
    messages = email.filter((t) => t.assigneeId === assignee.id).map((t) => t.messageId);
    if (messages.length < 3) throw new Error('the demo org has nobody with 3 email requests');
  });
  afterAll(() => f.close());

  it('matches the queue answer until the open queue changes, then matches the new answer', async () => {
    const first = await track(messages[0] ?? '');
    const before = await queue();
    expect(await stamp()).toBe(before.stamp);
    // "Show resolved" carries the stamp of the same open queue.
    expect((await queue('all')).stamp).toBe(before.stamp);

    // A request tracked: the queue changed.
    await track(messages[1] ?? '');
    const afterTrack = await stamp();
    expect(afterTrack).not.toBe(before.stamp);
    expect((await queue()).stamp).toBe(afterTrack);

    // A request changed without leaving the queue (a note): changed again.
    const noted = await f.app.inject({ method: 'PATCH', url: `/api/requests/${first.id}`, headers: await headers(assignee), payload: JSON.stringify({ action: 'update', note: 'on it' }) });
    expect(noted.statusCode).toBe(200);
    const afterNote = await stamp();
    expect(afterNote).not.toBe(afterTrack);

    // Resolved: it leaves the open queue; "Show resolved" still carries the open queue's stamp.
    const resolved = await f.app.inject({ method: 'PATCH', url: `/api/requests/${first.id}`, headers: await headers(assignee), payload: JSON.stringify({ action: 'resolve' }) });
    expect(resolved.statusCode).toBe(200);
    const afterResolve = await stamp();
    expect(afterResolve).not.toBe(afterNote);
    expect((await queue('all')).stamp).toBe(afterResolve);
    expect((await queue()).stamp).toBe(afterResolve);
  });

  it('sees a change another process wrote to the same database', async () => {
    const shown = await queue();
    const record = shown.requests[0];
    if (record === undefined) throw new Error('the queue is empty');
    const elsewhere = await openStores(`sqlite:${f.databaseFile}`);
    try {
      // What a sync on another instance writes when it finds the first response.
      await elsewhere.requests.update(assignee.tenantId, record.id, { firstResponseAt: new Date(Date.parse(record.receivedAt) + 60_000), firstResponseSource: 'email' }, [
        { type: 'responded', actorId: 'system', at: new Date(), data: { source: 'email' } },
      ]);
    } finally {
      await elsewhere.close();
    }
    expect(await stamp()).not.toBe(shown.stamp);
  });

  it('is each person’s own: another person’s changes leave it as it was', async () => {
    const mine = await stamp();
    const theirs = await stamp(other);
    expect(theirs).not.toBe(mine);
    const otherMessage = f.devTenant.org.groundTruth().find((t) => t.source === 'email' && t.assigneeId === other.id);
    if (otherMessage !== undefined) {
      const response = await f.app.inject({ method: 'POST', url: '/api/requests', headers: await headers(other), payload: JSON.stringify({ source: 'email', messageId: otherMessage.messageId }) });
      expect(response.statusCode).toBe(201);
      expect(await stamp(other)).not.toBe(theirs);
    }
    expect(await stamp()).toBe(mine);
  });
});
