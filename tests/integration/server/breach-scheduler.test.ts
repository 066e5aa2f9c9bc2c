/**
 * The server's background scheduler writes breach events (as in the demo: the scheduler is on by default): a request
 * nobody opens, tracked ten days ago and never answered, gets its two breach events once the scheduler has ticked.
 */
import type { NewRequest } from '../../../src/app/records';
import { startServerFixture, type ServerFixture } from './server-fixture';

const DAY = 86_400_000;

describe('the scheduler records breaches whether or not anyone reads the request', () => {
  let f: ServerFixture;
  beforeAll(async () => {
    f = await startServerFixture({ SCHEDULER: 'on' });
  });
  afterAll(async () => {
    await f?.close();
  });

  it('writes a breach event per clock, dated when each clock passed its target', async () => {
    const org = f.devTenant.org;
    const now = f.devTenant.clock.now().getTime();
    const request: NewRequest = {
      tenantId: org.tenantId, source: 'email', sourceMessageId: 'never-opened', conversationId: 'c-never', chatId: null, threadId: null, webLink: null,
      requesterId: org.users[1]!.id, assigneeId: org.users[0]!.id, teamId: null, subject: 'Nobody looks at this', preview: '', category: null,
      priority: 'normal', note: null, colleagueOverride: false, receivedAt: new Date(now - 10 * DAY), firstResponseAt: null, firstResponseSource: null,
      resolvedAt: null, waitingPeriods: [], status: 'open', dueAt: new Date(now - 9 * DAY),
    };
    const { stores } = f.app.services;
    const { request: tracked } = await stores.requests.track(org.tenantId, request, { type: 'tracked', actorId: request.assigneeId, at: request.receivedAt, data: null });
    await f.app.ready(); // starts the scheduler: its first tick follows at once
    const deadline = Date.now() + 20_000;
    let breaches = (await stores.requests.listEvents(org.tenantId, tracked.id)).filter((e) => e.type === 'breach');
    while (breaches.length < 2 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      breaches = (await stores.requests.listEvents(org.tenantId, tracked.id)).filter((e) => e.type === 'breach');
    }
    expect(breaches.map((e) => e.data?.clock).sort()).toEqual(['firstResponse', 'resolution']);
    for (const e of breaches) {
      expect(e.actorId).toBe('system');
      expect(e.at.getTime()).toBe(Date.parse(String(e.data?.dueAt)));
      expect(e.at.getTime()).toBeLessThan(now); // the instant of the breach, days ago, not the tick's time
    }
    expect(await stores.requests.get(org.tenantId, tracked.id)).toMatchObject({ firstResponseBreachRecorded: true, resolutionBreachRecorded: true });
  });
});
