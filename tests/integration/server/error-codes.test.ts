/**
 * Each failure answers with its own status and code, through buildServer with real tokens from the dev identity
 * provider, the HTTPS Graph simulator and a real SQLite file:
 * - tracking an email from outside the organisation without `override` is 422 `not_colleague` (was 400 validation_failed);
 * - a message id Graph answers 404 for (Graph's own error body from the simulator) is 404 `message_not_found`;
 * - Graph answering 401 (injected by the simulator's fault controls) is `graph_unauthorized`, never `consent_required`;
 * - a stored calendar that does not compile (written into the database by hand) makes the queue a 500
 *   `stored_calendar_invalid` with no stack, while the caller's own invalid calendar is still their 400.
 */
import type { LookupResponse, Problem, QueueResponse, TeamSettings } from '../../../src/contracts/api';
import type { DemoTeam, DemoUser } from '../../../src/devtenant/demo-organization';
import type { DatabaseStores } from '../../../src/store/open-stores';
import { graphToken, rawGraphRequest } from '../devtenant/raw-graph-request';
import { startServerFixture, type ServerFixture } from './server-fixture';

describe('error codes through the API', () => {
  let f: ServerFixture;
  let owner: DemoUser;
  let team: DemoTeam;

  const call = async (method: 'GET' | 'POST' | 'PUT', url: string, as: DemoUser, body?: unknown) => f.app.inject({
    method, url, headers: { authorization: `Bearer ${await f.token(as.userPrincipalName)}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
  });
  const db = () => (f.app.services.stores as DatabaseStores).database.db;
  const expectProblem = (response: { statusCode: number; headers: Record<string, unknown>; json: <T>() => T }, status: number, code: string): Problem => {
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    const problem = response.json<Problem>();
    expect({ status: response.statusCode, code: problem.code, bodyStatus: problem.status }).toEqual({ status, code, bodyStatus: status });
    return problem;
  };
  const emailsTo = (user: DemoUser) => f.devTenant.org.groundTruth().filter((t) => t.source === 'email' && t.assigneeId === user.id);
  let used = 0;
  const nextEmail = () => {
    const t = emailsTo(owner)[used++];
    if (!t) throw new Error('out of demo requests');
    return t.messageId;
  };

  beforeAll(async () => {
    f = await startServerFixture({ DEMO_SEED_REQUESTS: 'off' });
    const org = f.devTenant.org;
    // The team owner with most email requests, so there are messages to track.
    const owners = org.teams.map((t) => ({ t, o: org.users[t.members.find((m) => m.roles.includes('owner'))!.userIndex]! }));
    const best = owners.sort((a, b) => emailsTo(b.o).length - emailsTo(a.o).length)[0]!;
    [team, owner] = [best.t, best.o];
    expect((await call('GET', '/api/me', owner)).statusCode).toBe(200);
  }, 60_000);
  afterAll(async () => {
    await f?.close();
  });

  it('answers 422 not_colleague for an email from outside the organisation, writes nothing, and tracks it with override', async () => {
    const org = f.devTenant.org;
    const external = org.users
      .flatMap((u) => org.folder(u.index, 'inbox').filter((m) => m.mail.kind === 'external' && !m.deleted).map((m) => ({ u, m })))[0];
    if (!external) throw new Error('the demo org has no external email');
    const messageId = org.ids.messageId(external.m.number);
    const refused = await call('POST', '/api/requests', external.u, { source: 'email', messageId });
    const problem = expectProblem(refused, 422, 'not_colleague');
    expect(problem.errors).toEqual([{ path: 'override', message: expect.stringMatching(/not a colleague/) }]);
    const lookup = await call('GET', `/api/requests/lookup?source=email&messageId=${encodeURIComponent(messageId)}`, external.u);
    expect(lookup.json<LookupResponse>().tracked).toBe(false);
    expect((await call('POST', '/api/requests', external.u, { source: 'email', messageId, override: true })).statusCode).toBe(201);
  });

  it('answers 404 message_not_found when Graph answers 404 for the message id', async () => {
    const unknownId = f.devTenant.org.ids.messageId(987_654_321);
    // The simulator answers with Graph's own 404 body for it.
    const raw = await rawGraphRequest(f.devTenant, 'GET', `/users/${owner.id}/messages/${unknownId}`, { token: await graphToken(f.devTenant, owner.userPrincipalName) });
    expect(raw.status).toBe(404);
    expect(raw.body).toMatchObject({ error: { code: 'ErrorItemNotFound' } });
    const response = await call('POST', '/api/requests', owner, { source: 'email', messageId: unknownId });
    expectProblem(response, 404, 'message_not_found');
  });

  it('answers graph_unauthorized (not consent_required) when Graph answers 401, and nothing is written', async () => {
    const messageId = nextEmail();
    f.devTenant.setFaults({ rate: 1, statuses: [401] });
    let response;
    try {
      response = await call('POST', '/api/requests', owner, { source: 'email', messageId });
    } finally {
      f.devTenant.setFaults({ rate: 0 });
    }
    const problem = expectProblem(response, 502, 'graph_unauthorized');
    expect(problem.detail).not.toMatch(/consent/i);
    expect(problem.detail).not.toMatch(/eyJ|Bearer/);
    const lookup = await call('GET', `/api/requests/lookup?source=email&messageId=${encodeURIComponent(messageId)}`, owner);
    expect(lookup.json<LookupResponse>().tracked).toBe(false);
    // Graph answering again, the same call succeeds.
    expect((await call('POST', '/api/requests', owner, { source: 'email', messageId })).statusCode).toBe(201);
  });

  describe('a stored calendar that does not compile', () => {
    const validCalendar = { timeZone: 'Europe/Berlin', windows: [{ days: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'], start: '09:00', end: '17:00' }] };
    const brokenCalendar = { timeZone: 'Mars/Olympus_Mons', windows: [{ days: ['monday'], start: '09:00', end: '17:00' }] };

    beforeAll(async () => {
      expect((await call('POST', '/api/requests', owner, { source: 'email', messageId: nextEmail() })).statusCode).toBe(201);
    });

    it('in the person’s row: the queue is a 500 stored_calendar_invalid with no stack, and works again once repaired', async () => {
      const before = await db().selectFrom('people').select('calendar').where('id', '=', owner.id).executeTakeFirstOrThrow();
      await db().updateTable('people').set({ calendar: JSON.stringify(brokenCalendar) }).where('id', '=', owner.id).execute();
      const response = await call('GET', '/api/me/queue', owner);
      const problem = expectProblem(response, 500, 'stored_calendar_invalid');
      expect(problem.detail).toMatch(/stored on our side/);
      expect(problem.detail).toContain(problem.requestId);
      expect(response.body).not.toMatch(/Mars|at .*\.ts|stack/);
      await db().updateTable('people').set({ calendar: before.calendar }).where('id', '=', owner.id).execute();
      expect((await call('GET', '/api/me/queue', owner)).statusCode).toBe(200);
    });

    it('in the team’s settings: stats and queue are 500 stored_calendar_invalid; the owner saving a bad calendar is still their 400', async () => {
      const before = await db().selectFrom('people').select('calendar').where('id', '=', owner.id).executeTakeFirstOrThrow();
      const settings = (await call('GET', `/api/teams/${team.id}/standards`, owner)).json<TeamSettings>();
      const { teamId: _teamId, ...rest } = settings;
      expect((await call('PUT', `/api/teams/${team.id}/standards`, owner, { ...rest, calendar: validCalendar })).statusCode).toBe(200);
      // Without a calendar of their own, the owner's requests run on the team's.
      await db().updateTable('people').set({ calendar: null }).where('id', '=', owner.id).execute();
      await db().updateTable('team_settings').set({ calendar: JSON.stringify(brokenCalendar) }).where('team_id', '=', team.id).execute();

      expectProblem(await call('GET', '/api/me/queue', owner), 500, 'stored_calendar_invalid');
      expectProblem(await call('GET', '/api/me/stats', owner), 500, 'stored_calendar_invalid');

      // The caller's own input: a calendar they are saving right now that is invalid stays a 400 of theirs.
      const own = await call('PUT', `/api/teams/${team.id}/standards`, owner, { ...rest, calendar: brokenCalendar });
      expectProblem(own, 400, 'unknown_time_zone');

      // Saving a valid calendar repairs the stored one.
      expect((await call('PUT', `/api/teams/${team.id}/standards`, owner, { ...rest, calendar: validCalendar })).statusCode).toBe(200);
      const queue = await call('GET', '/api/me/queue', owner);
      expect(queue.statusCode).toBe(200);
      expect(queue.json<QueueResponse>().requests.length).toBeGreaterThan(0);
      await db().updateTable('people').set({ calendar: before.calendar }).where('id', '=', owner.id).execute();
    });
  });
});
