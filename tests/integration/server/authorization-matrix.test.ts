/**
 * The authorization matrix: each route × (team owner, team member, someone from another team, a user of another
 * tenant) → the expected status. Another person's request id is 404 and its data never appears in the body.
 * Team membership comes from the dev tenant's Graph simulator through the real Graph client.
 */
import type { RequestRecord } from '../../../src/app/records';
import { startServerFixture, type ServerFixture } from './server-fixture';

type Who = 'owner' | 'member' | 'otherTeam' | 'otherTenant';

describe('authorization matrix', () => {
  let f: ServerFixture;
  const tokens = {} as Record<Who, string>;
  let teamId: string;
  let request: RequestRecord;
  const SECRET_NOTE = 'assignee-only note 7f3a';
  const SUBJECT = 'Payroll question for the matrix test';

  beforeAll(async () => {
    f = await startServerFixture();
    const org = f.devTenant.org;
    const team = org.teams.find((t) => t.members.some((m) => m.roles.includes('owner')) && t.members.some((m) => !m.roles.includes('owner')));
    if (team === undefined) throw new Error('demo org has no team with an owner and a member');
    teamId = team.id;
    const memberIdx = new Set(team.members.map((m) => m.userIndex));
    const owner = org.users[team.members.find((m) => m.roles.includes('owner'))?.userIndex ?? -1];
    const member = org.users[team.members.find((m) => !m.roles.includes('owner'))?.userIndex ?? -1];
    const outsider = org.users.find((u) => !memberIdx.has(u.index));
    const foreign = org.otherTenant?.users[0];
    if (!owner || !member || !outsider || !foreign) throw new Error('demo org lacks the people this test needs');
    tokens.owner = await f.token(owner.userPrincipalName);
    tokens.member = await f.token(member.userPrincipalName);
    tokens.otherTeam = await f.token(outsider.userPrincipalName);
    tokens.otherTenant = await f.token(foreign.userPrincipalName);
    const now = f.devTenant.clock.now();
    ({ request } = await f.app.services.stores.requests.track(
      org.tenantId,
      {
        tenantId: org.tenantId, source: 'email', sourceMessageId: 'matrix-message-1', conversationId: 'conv-1', chatId: null, threadId: null, webLink: null,
        requesterId: member.id, assigneeId: owner.id, teamId, subject: SUBJECT, preview: 'preview', category: null, priority: 'normal',
        note: SECRET_NOTE, colleagueOverride: false, receivedAt: new Date(now.getTime() - 3_600_000), firstResponseAt: null, firstResponseSource: null,
        resolvedAt: null, waitingPeriods: [], status: 'open', dueAt: null,
      },
      { type: 'tracked', actorId: owner.id, at: now, data: null },
    ));
  });
  afterAll(async () => {
    await f.close();
  });

  const settingsBody = {
    categories: ['Question'],
    standards: [{ id: 'default', name: 'Default', category: null, priority: null, firstResponseTargetMinutes: 120, resolutionTargetMinutes: 480 }],
    calendar: { timeZone: 'Europe/London', windows: [{ days: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'], start: '09:00', end: '17:00' }] },
    holidays: ['2026-12-25'],
    pauseForOutOfOffice: true,
    privacy: { minGroupSize: 5, individualView: true },
  };

  const routes: { name: string; method: 'GET' | 'PUT' | 'PATCH'; url: () => string; body?: () => unknown; expect: Record<Who, number> }[] = [
    { name: 'GET standards', method: 'GET', url: () => `/api/teams/${teamId}/standards`, expect: { owner: 200, member: 200, otherTeam: 404, otherTenant: 404 } },
    { name: 'PUT standards', method: 'PUT', url: () => `/api/teams/${teamId}/standards`, body: () => settingsBody, expect: { owner: 200, member: 403, otherTeam: 404, otherTenant: 404 } },
    { name: 'GET dashboard', method: 'GET', url: () => `/api/teams/${teamId}/dashboard?period=30d`, expect: { owner: 200, member: 200, otherTeam: 404, otherTenant: 404 } },
    { name: 'GET export.csv', method: 'GET', url: () => `/api/teams/${teamId}/export.csv`, expect: { owner: 200, member: 200, otherTeam: 404, otherTenant: 404 } },
    { name: 'PATCH request (update)', method: 'PATCH', url: () => `/api/requests/${request.id}`, body: () => ({ action: 'update', priority: 'high' }), expect: { owner: 200, member: 404, otherTeam: 404, otherTenant: 404 } },
    { name: 'PATCH request (resolve)', method: 'PATCH', url: () => `/api/requests/${request.id}`, body: () => ({ action: 'resolve' }), expect: { owner: 200, member: 404, otherTeam: 404, otherTenant: 404 } },
    { name: 'GET request (detail)', method: 'GET', url: () => `/api/requests/${request.id}`, expect: { owner: 200, member: 404, otherTeam: 404, otherTenant: 404 } },
    { name: 'GET me', method: 'GET', url: () => '/api/me', expect: { owner: 200, member: 200, otherTeam: 200, otherTenant: 200 } },
    { name: 'GET queue', method: 'GET', url: () => '/api/me/queue', expect: { owner: 200, member: 200, otherTeam: 200, otherTenant: 200 } },
    { name: 'GET asks', method: 'GET', url: () => '/api/me/asks', expect: { owner: 200, member: 200, otherTeam: 200, otherTenant: 200 } },
    { name: 'GET lookup', method: 'GET', url: () => '/api/requests/lookup?source=email&messageId=matrix-message-1', expect: { owner: 200, member: 200, otherTeam: 200, otherTenant: 200 } },
  ];

  const cases = routes.flatMap((r) => (['member', 'otherTeam', 'otherTenant', 'owner'] as Who[]).map((who) => [r.name, who, r] as const));

  it.each(cases)('%s as %s', async (_name, who, route) => {
    const body = route.body?.();
    const res = await f.app.inject({ method: route.method, url: route.url(), headers: { authorization: `Bearer ${tokens[who]}` }, ...(body === undefined ? {} : { payload: body as object }) });
    expect(res.statusCode).toBe(route.expect[who]);
    if (res.statusCode >= 400) expect(res.json()).toMatchObject({ status: res.statusCode, code: res.statusCode === 404 ? 'not_found' : 'forbidden' });
    if (who !== 'owner') expect(res.body).not.toContain(SECRET_NOTE);
    if (who === 'otherTeam' || who === 'otherTenant') {
      expect(res.body).not.toContain(request.id);
      expect(res.body).not.toContain(SUBJECT);
    }
  });

  it('only the owner sees the request in a queue and as tracked in lookup; the requester sees it in asks without the note', async () => {
    const get = async (who: Who, url: string) => (await f.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${tokens[who]}` } })).json();
    expect((await get('owner', '/api/me/queue?include=all')).requests.map((r: { id: string }) => r.id)).toContain(request.id);
    expect((await get('member', '/api/me/queue?include=all')).requests).toEqual([]);
    expect((await get('owner', '/api/requests/lookup?source=email&messageId=matrix-message-1')).tracked).toBe(true);
    expect((await get('member', '/api/requests/lookup?source=email&messageId=matrix-message-1')).tracked).toBe(false);
    const asks = await get('member', '/api/me/asks');
    expect(asks.requests.map((r: { id: string }) => r.id)).toEqual([request.id]);
    expect(JSON.stringify(asks)).not.toContain(SECRET_NOTE);
    expect((await get('otherTenant', '/api/me/asks')).requests).toEqual([]);
  });

  it('per-person rows never reach a member, even with individual view on', async () => {
    const res = await f.app.inject({ method: 'GET', url: `/api/teams/${teamId}/dashboard`, headers: { authorization: `Bearer ${tokens.member}` } });
    expect(res.statusCode).toBe(200);
    expect(res.json().people).toBeNull();
  });
});
