/**
 * The dashboard's figures reconcile, and its CSV says the same: a real server (dev tenant, SQLite, the real routes)
 * over a scripted set of requests for one team whose outcome is known by construction, with wide margins so no
 * working-time arithmetic is needed: a clock stopped 1 minute after receipt is met (1 working minute at most, targets
 * 240 / 960); one stopped 10 or 12 days later is missed (at least 6 / 8 working days); one still running after 15 days
 * is breached; one received 1 minute ago is running within its target.
 */
import type { NewRequest } from '../../../src/app/records';
import type { DashboardResponse, StatsResponse } from '../../../src/contracts/api';
import { startServerFixture, type ServerFixture } from './server-fixture';

const MINUTE = 60_000;
const DAY = 86_400_000;

describe('dashboard figures that add up, and the CSV export', () => {
  let f: ServerFixture;
  let teamId: string;
  let ownerToken: string;
  let assigneeToken: string;
  const TEAM_NAME = 'Ventes Île-de-France / Nord';

  beforeAll(async () => {
    f = await startServerFixture();
    const org = f.devTenant.org;
    const team = org.teams.find((t) => t.members.some((m) => m.roles.includes('owner')));
    if (team === undefined) throw new Error('demo org has no team with an owner');
    team.displayName = TEAM_NAME; // a name with non-ASCII characters and a slash, for the file name
    teamId = team.id;
    const owner = org.users[team.members.find((m) => m.roles.includes('owner'))?.userIndex ?? -1];
    const assignees = org.users.slice(0, 5);
    if (!owner || assignees.length < 5) throw new Error('demo org lacks the people this test needs');
    ownerToken = await f.token(owner.userPrincipalName);
    assigneeToken = await f.token(assignees[0]!.userPrincipalName);
    const now = f.devTenant.clock.now().getTime();
    const at = (ms: number) => new Date(ms);
    // [how many, received (ms before now), first response after receipt, resolved after receipt] (null = not yet)
    const script: [number, number, number | null, number | null][] = [
      [7, 5 * DAY, 1 * MINUTE, 1 * MINUTE], //  7 met / met
      [2, 20 * DAY, 10 * DAY, 12 * DAY], //      2 missed / missed
      [3, 15 * DAY, null, null], //             3 open: breached / breached
      [1, 15 * DAY, 1 * MINUTE, null], //       1 open: met / breached
      [2, 1 * MINUTE, null, null], //           2 open: running / running (received a minute ago)
      [1, 40 * DAY, null, null], //             1 open, received before the 30-day period: backlog only
      [1, 45 * DAY, 1 * MINUTE, 1 * MINUTE], // 1 resolved before the period: counted nowhere
    ];
    let n = 0;
    for (const [count, ago, responded, resolved] of script) {
      for (let i = 0; i < count; i += 1) {
        const receivedAt = now - ago - i * MINUTE;
        const assignee = assignees[n % assignees.length]!;
        const request: NewRequest = {
          tenantId: org.tenantId, source: 'email', sourceMessageId: `figures-${n}`, conversationId: `conv-${n}`, chatId: null, threadId: null, webLink: null,
          requesterId: org.users[10]!.id, assigneeId: assignee.id, teamId, subject: `Scripted ${n}`, preview: 'preview', category: n % 2 === 0 ? 'Access' : 'Data',
          priority: 'normal', note: null, colleagueOverride: false, receivedAt: at(receivedAt),
          firstResponseAt: responded === null ? null : at(receivedAt + responded), firstResponseSource: responded === null ? null : 'email',
          resolvedAt: resolved === null ? null : at(receivedAt + resolved), waitingPeriods: [], status: resolved === null ? 'open' : 'resolved', dueAt: null,
        };
        await f.app.services.stores.requests.track(org.tenantId, request, { type: 'tracked', actorId: assignee.id, at: at(now), data: null });
        n += 1;
      }
    }
  });
  afterAll(async () => {
    await f?.close();
  });

  const get = (url: string, token = ownerToken) => f.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });

  it('the dashboard: received = resolved + open; each share is met ÷ (met + missed + open and breached); the backlog adds the earlier one', async () => {
    const res = await get(`/api/teams/${teamId}/dashboard?period=30d`);
    expect(res.statusCode).toBe(200);
    const d = res.json() as DashboardResponse;
    expect(d.enoughData).toBe(true);
    // received in the period: 7 + 2 + 3 + 1 + 2 = 15; resolved 7 + 2 = 9; open 3 + 1 + 2 = 6; open from before: 1
    expect(d.counts).toEqual({ received: 15, resolved: 9, open: 6, openReceivedEarlier: 1 });
    // first response: met 7 + 1 = 8, missed 2, breached 3, running 2 → 8 / 13
    expect(d.firstResponse).toMatchObject({ count: 10, met: 8, missed: 2, breached: 3, running: 2, withinStandardShare: 8 / 13 });
    // resolution: met 7, missed 2, breached 3 + 1 = 4, running 2 → 7 / 13
    expect(d.resolution).toMatchObject({ count: 9, met: 7, missed: 2, breached: 4, running: 2, withinStandardShare: 7 / 13 });
    // open now, whenever received: 6 + 1 = 7; breached now: 3 + 1 + 1 (the earlier one) = 5
    expect(d.backlog).toMatchObject({ open: 7, breachedNow: 5 });
    // the tables count the same 15 requests
    const sum = (xs: { requests?: number; received?: number }[]) => xs.reduce((s, x) => s + (x.requests ?? x.received ?? 0), 0);
    expect(sum(d.weekly)).toBe(15);
    expect(sum(d.departments)).toBe(15);
    expect(sum(d.categories)).toBe(15);
    // a category's breaches: requests with either clock breached or missed (2 missed + 3 breached + 1 resolution-breached = 6)
    expect(d.categories.reduce((s, c) => s + c.breaches, 0)).toBe(6);
  });

  it("my turnaround adds up the same way for one assignee's requests", async () => {
    const res = await get('/api/me/stats?period=30d', assigneeToken);
    expect(res.statusCode).toBe(200);
    const s = res.json() as StatsResponse;
    // assignee 0 holds requests 0, 5, 10, 15 (n % 5 === 0): #0 met/met, #5 met/met, #10 open breached/breached,
    // #15 open received 40 days ago (backlog only)
    expect(s.counts).toEqual({ received: 3, resolved: 2, open: 1, openReceivedEarlier: 1 });
    expect(s.firstResponse).toMatchObject({ met: 2, missed: 0, breached: 1, running: 0, withinStandardShare: 2 / 3 });
    expect(s.resolution).toMatchObject({ met: 2, missed: 0, breached: 1, running: 0, withinStandardShare: 2 / 3 });
    expect(s.openBacklog).toBe(2);
  });

  it('the CSV: a header row with the team and period, percentages with one decimal, whole minutes, breaches per row', async () => {
    const res = await get(`/api/teams/${teamId}/export.csv?period=30d`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const lines = res.body.split('\r\n');
    expect(lines[0]).toMatch(/^team,Ventes Île-de-France \/ Nord,period,\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC to \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC,days,30$/);
    expect(lines[1]!.split(',')).toEqual([
      'section', 'key', 'requests',
      'first_response_within_standard_percent', 'first_response_met', 'first_response_breaches', 'first_response_median_minutes', 'first_response_p90_minutes',
      'resolution_within_standard_percent', 'resolution_met', 'resolution_breaches', 'resolution_median_minutes', 'resolution_p90_minutes',
    ]);
    const team = lines[2]!.split(',');
    // 8 / 13 = 61.5 %, 8 met, 2 missed + 3 breached = 5; 7 / 13 = 53.8 %, 7 met, 2 + 4 = 6
    expect(team.slice(0, 6)).toEqual(['team', 'Ventes Île-de-France / Nord', '15', '61.5', '8', '5']);
    expect(team.slice(8, 11)).toEqual(['53.8', '7', '6']);
    for (const line of lines.slice(2).filter((l) => l !== '')) {
      const cells = line.split(',');
      for (const i of [3, 8]) expect(cells[i]).toMatch(/^(\d{1,3}\.\d)?$/); // percentages, one decimal
      for (const i of [6, 7, 11, 12]) expect(cells[i]).toMatch(/^\d*$/); // whole minutes
      for (const i of [5, 10]) expect(cells[i]).toMatch(/^\d+$/); // breaches on every row
    }
    expect(lines.filter((l) => l.startsWith('category,')).map((l) => l.split(',')[1]).sort()).toEqual(['Access', 'Data']);
  });

  it("the CSV's file name is the team's name: ASCII filename and RFC 5987 filename* for the rest", async () => {
    const res = await get(`/api/teams/${teamId}/export.csv?period=7d`);
    expect(res.headers['content-disposition']).toBe(
      "attachment; filename=\"turnaround-Ventes Ile-de-France - Nord-7d.csv\"; filename*=UTF-8''turnaround-Ventes%20%C3%8Ele-de-France%20-%20Nord-7d.csv",
    );
  });
});
