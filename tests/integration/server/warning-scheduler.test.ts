/**
 * The server's scheduler sends warnings (issue 20) as it writes breaches: wired through background work to the
 * activity feed with Turnaround's application access. A request nobody opens, at risk since 12:00, reaches its
 * assignee's Teams activity feed after the scheduler's first tick, with the tab's link to that request.
 *
 * Team default calendar (UTC, 09:00–17:00 Mon–Fri), default standard: received Tue 11 Mar 2025 09:00Z, the first
 * response (240 min) is at risk after 180 working minutes = 12:00Z; the server starts at 12:10Z.
 */
import type { NewRequest } from '../../../src/app/records';
import { startServerFixture, type ServerFixture } from './server-fixture';

const RECEIVED = new Date('2025-03-11T09:00:00Z');
const START = new Date('2025-03-11T12:10:00Z');

describe('the scheduler sends warnings whether or not anyone reads the request', () => {
  let f: ServerFixture;
  beforeAll(async () => {
    f = await startServerFixture({ SCHEDULER: 'on', DEMO_SEED_REQUESTS: 'off' }, {}, { now: START });
  });
  afterAll(async () => {
    await f?.close();
  });

  it('sends the at-risk warning to the assignee’s activity feed', async () => {
    const org = f.devTenant.org;
    const assignee = org.users.find((u) => u.userType === 'Member' && org.teamsAppInstalledFor(u.id));
    const requester = org.users.find((u) => u.userType === 'Member' && u.id !== assignee?.id);
    if (assignee === undefined || requester === undefined) throw new Error('the demo organisation has no member with the Teams app');
    const request: NewRequest = {
      tenantId: org.tenantId, source: 'email', sourceMessageId: 'warn-me', conversationId: 'c-warn', chatId: null, threadId: null, webLink: null,
      requesterId: requester.id, assigneeId: assignee.id, teamId: null, subject: 'Nobody opens this', preview: '', category: null, priority: 'normal',
      note: null, colleagueOverride: false, receivedAt: RECEIVED, firstResponseAt: null, firstResponseSource: null, resolvedAt: null, waitingPeriods: [],
      status: 'open', dueAt: null,
    };
    const { stores } = f.app.services;
    const { request: tracked } = await stores.requests.track(org.tenantId, request, { type: 'tracked', actorId: assignee.id, at: RECEIVED, data: null });
    await f.app.ready(); // starts the scheduler: its first tick follows at once
    const deadline = Date.now() + 20_000;
    const warnings = () => f.devTenant.activityFeed.receivedBy(assignee.id).filter((a) => a.subEntityId === `request:${tracked.id}` && a.activityType === 'requestAtRisk');
    while (warnings().length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(warnings()).toHaveLength(1);
    expect(warnings()[0]?.text).toMatch(/is at risk, due Tue 13:00$/);
    // Marked sent once Graph's answer is back, a moment after the simulator recorded the notification.
    const stored = async (): Promise<string[]> => (await stores.clockWarnings.listWarnings(org.tenantId, [tracked.id])).map((w) => `${w.clock}:${w.kind}:${w.status}`);
    while ((await stored()).includes('firstResponse:atRisk:sending') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await stored()).toEqual(['firstResponse:atRisk:sent']);
  });
});

describe('without application access there are no warnings', () => {
  let f: ServerFixture;
  beforeAll(async () => {
    f = await startServerFixture({ SCHEDULER: 'on', DEMO_SEED_REQUESTS: 'off', GRAPH_BACKGROUND_ACCESS: 'delegated', SYNC_INTERVAL_SECONDS: '5' }, {}, { now: START });
  });
  afterAll(async () => {
    await f?.close();
  });

  it('the scheduler writes the breach but sends and records no warning', async () => {
    const org = f.devTenant.org;
    const assignee = org.users.find((u) => u.userType === 'Member' && org.teamsAppInstalledFor(u.id));
    const requester = org.users.find((u) => u.userType === 'Member' && u.id !== assignee?.id);
    if (assignee === undefined || requester === undefined) throw new Error('the demo organisation has no member with the Teams app');
    // Received Mon 10 Mar 09:00Z: its first response (240 min) breached Mon 13:00Z, long before the start.
    const received = new Date('2025-03-10T09:00:00Z');
    const request: NewRequest = {
      tenantId: org.tenantId, source: 'email', sourceMessageId: 'no-warning', conversationId: 'c-none', chatId: null, threadId: null, webLink: null,
      requesterId: requester.id, assigneeId: assignee.id, teamId: null, subject: 'Breached, not warned', preview: '', category: null, priority: 'normal',
      note: null, colleagueOverride: false, receivedAt: received, firstResponseAt: null, firstResponseSource: null, resolvedAt: null, waitingPeriods: [],
      status: 'open', dueAt: new Date('2025-03-10T13:00:00Z'),
    };
    const { stores } = f.app.services;
    const { request: tracked } = await stores.requests.track(org.tenantId, request, { type: 'tracked', actorId: assignee.id, at: received, data: null });
    await f.app.ready();
    const deadline = Date.now() + 20_000;
    const breaches = async () => (await stores.requests.listEvents(org.tenantId, tracked.id)).filter((e) => e.type === 'breach');
    while ((await breaches()).length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await breaches()).length).toBeGreaterThan(0);
    // A few more ticks (one a second at SYNC_INTERVAL_SECONDS=5): still nothing in the feed, nothing claimed.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(f.devTenant.activityFeed.receivedBy(assignee.id).filter((a) => a.subEntityId === `request:${tracked.id}`)).toEqual([]);
    expect(await stores.clockWarnings.listWarnings(org.tenantId, [tracked.id])).toEqual([]);
  });
});
