/**
 * The team of a request is chosen, not guessed; memberships are kept fresh (issue 17, items 8 and 9). A real server
 * (dev tenant over HTTPS, real tokens, the real routes) on SQLite and on PostgreSQL. Memberships change through Graph's
 * own calls on the dev tenant (POST, PATCH and DELETE /teams/{id}/members), and time passes on its simulated clock:
 * - a person in two teams is asked to choose (no guess: requests tracked before get no team); the chosen team — the one
 *   the old "first team by id" rule would not pick — is the team of the requests they track next;
 * - PUT /api/me/home-team with a team the person is not in is 400 `not_a_member` and changes nothing;
 * - the assignee moves a request to another of their teams: the due time follows the new team's standards and an
 *   `updated` event records the move; a team they are not in, or a category the new team lacks, is refused unwritten;
 * - a person who leaves a team loses it at their own next refresh (nobody else's): its routes answer `not_found`;
 * - an owner made a member is `forbidden` on the team's settings within 10 minutes of clock time.
 */
import type { HomeTeamResponse, MeResponse, MyCategoriesResponse, PersonalDataExport, Problem, RequestDetailResponse, RequestView, TeamSettings } from '../../../src/contracts/api';
import type { DemoTeam, DemoUser } from '../../../src/devtenant/demo-organization';
import type { Stores } from '../../../src/app/store-ports';
import { MAX_MEMBERSHIP_AGE_SECONDS } from '../../../src/app/directory-service';
import { graphToken, rawGraphRequest } from '../devtenant/raw-graph-request';
import { createTestDatabase, type TestDatabase, type TestDialect } from '../store/store-test-databases';
import { startServerFixture, type ServerFixture } from './server-fixture';

const dialects: [TestDialect][] = [['sqlite'], ['postgres']];
const TEN_MINUTES_MS = MAX_MEMBERSHIP_AGE_SECONDS * 1000;

describe.each(dialects)('home team, a request’s team and fresh memberships on %s', (dialect) => {
  let db: TestDatabase;
  let f: ServerFixture;
  let stores: Stores;
  let tenantId: string;
  /** The person in two teams: `first` and `second` by id (the old rule picked `first`); `outside` is not theirs. */
  let person: DemoUser;
  let first: DemoTeam;
  let second: DemoTeam;
  let outside: DemoTeam;
  const tokens = new Map<string, string>();
  let emails: string[] = [];

  const call = async <T>(user: DemoUser, method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, body?: unknown) => {
    const token = tokens.get(user.id) ?? await f.token(user.userPrincipalName);
    tokens.set(user.id, token);
    const response = await f.app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(body === undefined ? {} : { payload: body as object }) });
    return { status: response.statusCode, type: String(response.headers['content-type']), body: response.json<T>() };
  };
  const ownersOf = (team: DemoTeam): DemoUser[] => team.members.filter((m) => m.roles.includes('owner')).map((m) => f.devTenant.org.users[m.userIndex]!);
  /** A Graph call on the dev tenant as `user` (delegated), as Teams makes it. */
  const graph = async (user: DemoUser, method: string, path: string, body?: unknown) =>
    rawGraphRequest(f.devTenant, method, path, { token: await graphToken(f.devTenant, user.userPrincipalName), ...(body === undefined ? {} : { body }) });
  const membershipId = async (asUser: DemoUser, team: DemoTeam, member: DemoUser): Promise<string> => {
    const listed = await graph(asUser, 'GET', `/teams/${team.id}/members`);
    expect(listed.status).toBe(200);
    const found = (listed.body.value as { id: string; userId: string }[]).find((m) => m.userId === member.id);
    if (!found) throw new Error(`${member.displayName} is not listed in ${team.displayName}`);
    return found.id;
  };
  const track = async (messageId: string): Promise<RequestView> => {
    const tracked = await call<RequestView>(person, 'POST', '/api/requests', { source: 'email', messageId, override: true, ...(messageId === emails[0] ? { category: 'Access' } : {}) });
    expect(tracked.status).toBe(201);
    return tracked.body;
  };

  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    stores = await db.open();
    f = await startServerFixture({ DEMO_SEED_REQUESTS: 'off' }, { stores });
    const org = f.devTenant.org;
    tenantId = org.tenantId;
    // The member of one team (not an owner) with the most emails to track, and a team of another department to join.
    const teamsOf = (u: DemoUser) => org.teams.filter((t) => t.members.some((m) => m.userIndex === u.index));
    const members = org.users.filter((u) => teamsOf(u).length === 1 && teamsOf(u).every((t) => t.members.some((m) => m.userIndex === u.index && !m.roles.includes('owner'))));
    const emailsOf = (u: DemoUser) => org.groundTruth().filter((g) => g.source === 'email' && g.assigneeId === u.id).map((g) => g.messageId);
    person = members.reduce((a, b) => (emailsOf(b).length > emailsOf(a).length ? b : a));
    emails = emailsOf(person);
    expect(emails.length).toBeGreaterThanOrEqual(3);
    const own = org.teams.find((t) => t.members.some((m) => m.userIndex === person.index))!;
    const others = org.teams.filter((t) => !t.members.some((m) => m.userIndex === person.index));
    const joined = others[0]!;
    outside = others[1]!;
    // Joined through Graph by one of that team's owners.
    const added = await graph(ownersOf(joined)[0]!, 'POST', `/teams/${joined.id}/members`, {
      '@odata.type': '#microsoft.graph.aadUserConversationMember', roles: [], 'user@odata.bind': `https://graph.microsoft.com/v1.0/users('${person.id}')`,
    });
    expect(added.status).toBe(201);
    [first, second] = [own, joined].sort((a, b) => (a.id < b.id ? -1 : 1)) as [DemoTeam, DemoTeam];
    // `first` gets its own categories and short targets before anything is tracked (a request keeps the standards
    // in force when it was tracked).
    const owner = ownersOf(first)[0]!;
    const settings = (await call<TeamSettings>(owner, 'GET', `/api/teams/${first.id}/standards`)).body;
    const { teamId: _teamId, ...rest } = settings;
    const saved = await call(owner, 'PUT', `/api/teams/${first.id}/standards`, {
      ...rest, categories: ['Pay', 'Expenses', 'Other'],
      standards: [{ id: 'general', name: 'General', category: null, priority: null, firstResponseTargetMinutes: 30, resolutionTargetMinutes: 120 }],
    });
    expect(saved.status).toBe(200);
  }, 120_000);

  afterAll(async () => {
    await f?.close();
    await db?.dispose();
  });

  it('asks a person in two teams to choose, gives their requests no team until they do, then the chosen one', async () => {
    const asked = await call<HomeTeamResponse>(person, 'GET', '/api/me/home-team');
    expect(asked.status).toBe(200);
    expect(asked.body).toEqual({
      team: null, source: null, choiceNeeded: true,
      teams: [first, second].map((t) => ({ id: t.id, displayName: t.displayName })).sort((a, b) => a.displayName.localeCompare(b.displayName)),
    });
    // No guess: tracked before choosing, the request has no team (the default standards and categories).
    const before = await track(emails[0]!);
    expect(before.teamId).toBeNull();
    expect(before.category).toBe('Access');

    const chose = await call<HomeTeamResponse>(person, 'PUT', '/api/me/home-team', { teamId: second.id });
    expect(chose.status).toBe(200);
    expect(chose.body).toMatchObject({ team: { id: second.id, displayName: second.displayName }, source: 'chosen', choiceNeeded: false });
    expect(await stores.directory.getHomeTeamId(tenantId, person.id)).toBe(second.id);
    // Their choice is part of what is stored about them.
    expect((await call<PersonalDataExport>(person, 'GET', '/api/me/export')).body.homeTeamId).toBe(second.id);

    // The second of their teams by id — the old rule would have filed it under the first.
    const after = await track(emails[1]!);
    expect(after.teamId).toBe(second.id);
    expect((await stores.requests.get(tenantId, after.id))?.teamId).toBe(second.id);
    expect((await call<MyCategoriesResponse>(person, 'GET', '/api/me/categories')).body.team).toEqual({ id: second.id, displayName: second.displayName });
  });

  it('refuses a home team the person is not in: 400 not_a_member, problem+json, nothing changed', async () => {
    const before = (await call<HomeTeamResponse>(person, 'GET', '/api/me/home-team')).body;
    const refused = await call<Problem>(person, 'PUT', '/api/me/home-team', { teamId: outside.id });
    expect(refused.status).toBe(400);
    expect(refused.type).toMatch(/^application\/problem\+json/);
    expect(refused.body.code).toBe('not_a_member');
    expect(await stores.directory.getHomeTeamId(tenantId, person.id)).toBe(second.id);
    expect((await call<HomeTeamResponse>(person, 'GET', '/api/me/home-team')).body).toEqual(before);
    // A malformed id never reaches the store either.
    expect((await call<Problem>(person, 'PUT', '/api/me/home-team', { teamId: 'x y' })).body.code).toBe('validation_failed');
  });

  it('moves a request to another of the assignee’s teams: due time under the new team’s standards, an updated event; refusals write nothing', async () => {
    const request = (await stores.requests.listForAssignee(tenantId, person.id, { includeResolved: true })).find((r) => r.teamId === null)!;
    const dueBefore = request.dueAt?.getTime() ?? null;
    const eventsOf = async () => (await stores.requests.listEvents(tenantId, request.id)).map((e) => ({ type: e.type, data: e.data }));
    const eventsBefore = await eventsOf();

    const notMine = await call<Problem>(person, 'PATCH', `/api/requests/${request.id}`, { action: 'update', teamId: outside.id });
    expect([notMine.status, notMine.body.code]).toEqual([400, 'not_a_member']);
    // "Access" is not one of `first`'s categories (Pay, Expenses, Other): the move says so and names them.
    const unknown = await call<Problem>(person, 'PATCH', `/api/requests/${request.id}`, { action: 'update', teamId: first.id });
    expect([unknown.status, unknown.body.code]).toEqual([400, 'unknown_category']);
    expect(unknown.body.detail).toContain('Pay, Expenses, Other');
    expect(await eventsOf()).toEqual(eventsBefore);
    expect((await stores.requests.get(tenantId, request.id))?.teamId).toBeNull();

    const moved = await call<RequestView>(person, 'PATCH', `/api/requests/${request.id}`, { action: 'update', teamId: first.id, category: null });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ teamId: first.id, category: null });
    const stored = (await stores.requests.get(tenantId, request.id))!;
    expect(stored.teamId).toBe(first.id);
    // The clock that sets the due time now runs against `first`'s 30-minute / 2-hour targets.
    const running = stored.firstResponseAt === null ? moved.body.clocks.firstResponse : moved.body.clocks.resolution;
    expect(running.targetMinutes).toBe(stored.firstResponseAt === null ? 30 : 120);
    expect(stored.dueAt?.toISOString()).toBe(running.dueAt);
    expect(stored.dueAt?.getTime()).not.toBe(dueBefore);
    const events = await eventsOf();
    expect(events.slice(0, -1)).toEqual(eventsBefore);
    expect(events.at(-1)).toEqual({ type: 'updated', data: { fields: ['teamId', 'category'], teamId: { from: null, to: first.id } } });
    const detail = await call<RequestDetailResponse>(person, 'GET', `/api/requests/${request.id}`);
    expect(detail.body.events.at(-1)).toMatchObject({ type: 'updated', fields: ['teamId', 'category'] });
  });

  it('a person who leaves a team loses it at their own next refresh: its routes answer not_found; others keep theirs', async () => {
    expect((await call(person, 'GET', `/api/teams/${second.id}/standards`)).status).toBe(200);
    // They leave the team themselves (Teams: "Leave the team").
    const left = await graph(person, 'DELETE', `/teams/${second.id}/members/${encodeURIComponent(await membershipId(person, second, person))}`);
    expect(left.status).toBe(204);

    f.devTenant.clock.advance(TEN_MINUTES_MS);
    const refused = await call<Problem>(person, 'GET', `/api/teams/${second.id}/standards`);
    expect([refused.status, refused.body.code]).toEqual([404, 'not_found']);
    expect((await call<Problem>(person, 'GET', `/api/teams/${second.id}/dashboard`)).status).toBe(404);
    expect((await call<MeResponse>(person, 'GET', '/api/me')).body.teams.map((t) => t.id)).toEqual([first.id]);
    expect((await stores.directory.listTeamsOf(tenantId, person.id)).map((t) => t.id)).toEqual([first.id]);
    // Nobody else's membership of that team was touched (their rows are refreshed when they call).
    expect((await stores.directory.listTeamMembers(tenantId, second.id)).map((m) => m.personId).sort())
      .toEqual(second.members.map((m) => f.devTenant.org.users[m.userIndex]!.id).sort());
    // The home team they chose is gone with it: their only team remains, without asking.
    expect((await call<HomeTeamResponse>(person, 'GET', '/api/me/home-team')).body).toMatchObject({ team: { id: first.id }, source: 'onlyTeam', choiceNeeded: false });
  });

  it('an owner made a member is forbidden on the team’s settings within 10 minutes of clock time', async () => {
    const [owner, other] = ownersOf(first) as [DemoUser, DemoUser];
    const settings = (await call<TeamSettings>(owner, 'GET', `/api/teams/${first.id}/standards`)).body;
    const { teamId: _teamId, ...body } = settings;
    expect((await call(owner, 'PUT', `/api/teams/${first.id}/standards`, body)).status).toBe(200);
    const demoted = await graph(other, 'PATCH', `/teams/${first.id}/members/${encodeURIComponent(await membershipId(other, first, owner))}`, {
      '@odata.type': '#microsoft.graph.aadUserConversationMember', roles: [],
    });
    expect([demoted.status, demoted.body.roles]).toEqual([200, []]);

    f.devTenant.clock.advance(TEN_MINUTES_MS);
    const refused = await call<Problem>(owner, 'PUT', `/api/teams/${first.id}/standards`, { ...body, holidays: ['2031-01-02'] });
    expect([refused.status, refused.body.code]).toEqual([403, 'forbidden']);
    expect((await stores.teamSettings.get(tenantId, first.id))?.holidays).not.toContain('2031-01-02');
    // Still a member: reading is allowed.
    expect((await call(owner, 'GET', `/api/teams/${first.id}/standards`)).status).toBe(200);
    expect((await call<MeResponse>(owner, 'GET', '/api/me')).body.teams.find((t) => t.id === first.id)?.isOwner).toBe(false);
  });
});
