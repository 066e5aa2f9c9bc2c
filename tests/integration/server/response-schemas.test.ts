/**
 * The hot JSON routes serialise with Fastify response schemas (fast-json-stringify), which write only the properties a
 * schema lists. Through buildServer on the seeded demo (dev tenant, SQLite): for the queue, the stats and the dashboard,
 * the bytes sent parse to exactly JSON.parse(JSON.stringify(what the handler returned)) — deep equality, so a property
 * missing from a schema (or a nullable one typed as non-null) fails here. A property outside the schema is dropped,
 * which shows the compiled serializer is the one in use.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { DashboardResponse, QueueResponse, StatsResponse, TeamSettings } from '../../../src/contracts/api';
import type { DemoTeam, DemoUser } from '../../../src/devtenant/demo-organization';
import { startServerFixture, type ServerFixture } from './server-fixture';

const DAY = 24 * 60 * 60_000;

describe('response schemas of the queue, stats and dashboard', () => {
  let f: ServerFixture;
  let assignee: DemoUser;
  let owner: DemoUser;
  let team: DemoTeam;
  /** What the handler returned for the last request, as JSON.stringify writes it (taken before serialisation). */
  let returned: string | null = null;

  const get = async (url: string, as: DemoUser, probe = false) => {
    returned = null;
    const response = await f.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${await f.token(as.userPrincipalName)}`, ...(probe ? { 'x-test-probe': '1' } : {}) } });
    expect(response.statusCode).toBe(200);
    expect(returned).not.toBeNull();
    return { sent: response.json<unknown>(), expected: JSON.parse(returned as unknown as string) as unknown };
  };

  beforeAll(async () => {
    // A weekday afternoon: at the real time on a Sunday night the busiest person had only 8 requests to show.
    f = await startServerFixture({}, {}, { now: new Date('2026-11-25T14:00:00Z') });
    f.app.addHook('preSerialization', async (request: FastifyRequest, _reply: FastifyReply, payload: unknown) => {
      // A property no schema lists: the compiled serializer must drop it (JSON.stringify would not).
      const out = request.headers['x-test-probe'] === '1' ? { ...(payload as object), notInTheSchema: true } : payload;
      returned = JSON.stringify(out);
      return out;
    });
    const report = await f.app.demoSeeder!.run();
    expect(report).toBeDefined();
    const org = f.devTenant.org;
    // The person with most tracked requests, and a team they belong to with its owner.
    const counts = await Promise.all(org.users.map(async (u) => (await f.app.services.stores.requests.listOpenForAssignee(u.tenantId, u.id)).length));
    assignee = org.users[counts.indexOf(Math.max(...counts))]!;
    team = org.teams.find((t) => t.members.some((m) => m.userIndex === assignee.index) && t.members.some((m) => m.roles.includes('owner')))!;
    owner = org.users[team.members.find((m) => m.roles.includes('owner'))!.userIndex]!;
    // Individual view on and the smallest group allowed, so the dashboard's nullable parts carry values too.
    const { teamId: _teamId, ...settings } = (await f.app.inject({ method: 'GET', url: `/api/teams/${team.id}/standards`, headers: { authorization: `Bearer ${await f.token(owner.userPrincipalName)}` } })).json<TeamSettings>();
    const put = await f.app.inject({
      method: 'PUT', url: `/api/teams/${team.id}/standards`, headers: { authorization: `Bearer ${await f.token(owner.userPrincipalName)}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ ...settings, privacy: { minGroupSize: 3, individualView: true } }),
    });
    expect(put.statusCode).toBe(200);
    // A few working days later, so open requests are breached with overdue working days.
    f.devTenant.clock.advance(4 * DAY);
    // One request waiting on its requester: its clocks pause (dueAt null).
    const open = await f.app.services.stores.requests.listOpenForAssignee(assignee.tenantId, assignee.id);
    const wait = await f.app.inject({
      method: 'PATCH', url: `/api/requests/${open[0]!.id}`, headers: { authorization: `Bearer ${await f.token(assignee.userPrincipalName)}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ action: 'wait' }),
    });
    expect(wait.statusCode).toBe(200);
  }, 180_000);
  afterAll(async () => {
    await f?.close();
  });

  it('GET /api/me/queue?include=all sends every property of a realistic queue (open, waiting and resolved requests; clocks running, stopped and overdue)', async () => {
    const { sent, expected } = await get('/api/me/queue?include=all', assignee);
    const queue = expected as QueueResponse;
    expect(queue.requests.length).toBeGreaterThanOrEqual(10);
    const clocks = queue.requests.flatMap((r) => [r.clocks.firstResponse, r.clocks.resolution]);
    // The optional and nullable fields occur both ways in this answer, so a schema that dropped one would show.
    expect(clocks.some((c) => c.overdueWorkingDays !== undefined) && clocks.some((c) => c.overdueWorkingDays === undefined)).toBe(true);
    expect(clocks.some((c) => c.stoppedAt === null) && clocks.some((c) => c.stoppedAt !== null)).toBe(true);
    expect(queue.requests.some((r) => r.waitingSince === null) && queue.requests.some((r) => r.waitingSince !== null)).toBe(true);
    expect(queue.requests.some((r) => r.firstResponseAt === null) && queue.requests.some((r) => r.firstResponseAt !== null)).toBe(true);
    expect(new Set(queue.requests.map((r) => r.status))).toEqual(new Set(['open', 'waiting', 'resolved']));
    expect(sent).toEqual(expected);
  });

  it('GET /api/me/stats sends every property', async () => {
    const { sent, expected } = await get('/api/me/stats?period=30d', assignee);
    expect((expected as StatsResponse).weekly.length).toBeGreaterThan(0);
    expect(sent).toEqual(expected);
  });

  it('GET /api/teams/:groupId/dashboard sends every property, people and counts included', async () => {
    const { sent, expected } = await get(`/api/teams/${team.id}/dashboard?period=30d`, owner);
    const dashboard = expected as DashboardResponse;
    expect(dashboard.enoughData).toBe(true);
    expect(dashboard.people?.length).toBeGreaterThan(0);
    expect(dashboard.counts).not.toBeNull();
    expect(sent).toEqual(expected);
  });

  it.each([
    ['/api/me/queue', () => assignee],
    ['/api/me/stats', () => assignee],
    ['/api/teams/:team/dashboard', () => owner],
  ])('%s is serialised by its schema: a property outside it is not sent', async (url, who) => {
    const { sent, expected } = await get(url.replace(':team', team.id), who(), true);
    expect(expected).toHaveProperty('notInTheSchema', true);
    expect(sent).not.toHaveProperty('notInTheSchema');
    const { notInTheSchema: _probe, ...rest } = expected as Record<string, unknown>;
    expect(sent).toEqual(rest);
  });
});
