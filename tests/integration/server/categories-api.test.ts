/**
 * One category list per team, through buildServer with real tokens from the dev identity provider, the HTTPS Graph
 * simulator and a SQLite file: GET /api/me/categories answers the caller's home team and its list; tracking or updating
 * a request with a category outside that list is 400 `unknown_category` and writes nothing (no request, no event, no
 * Outlook category on the message); a category in the list is stored in the team's spelling, and the message gets the
 * Outlook category derived from it ("Turnaround: Hardware").
 */
import type { MyCategoriesResponse, Problem, RequestView, TeamSettings } from '../../../src/contracts/api';
import type { DemoTeam, DemoUser } from '../../../src/devtenant/demo-organization';
import { startServerFixture, type ServerFixture } from './server-fixture';

describe('team categories API', () => {
  let f: ServerFixture;
  let team: DemoTeam;
  let owner: DemoUser;
  let ownerToken: string;

  const call = async <T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, body?: unknown) => {
    const response = await f.app.inject({ method, url, headers: { authorization: `Bearer ${ownerToken}` }, ...(body === undefined ? {} : { payload: body as object }) });
    return { status: response.statusCode, type: String(response.headers['content-type']), body: response.json<T>() };
  };

  /** An email in the owner's Inbox from a colleague, not tracked yet (from the generator's ground truth). */
  const untrackedEmail = (skip: number): string => {
    const mine = f.devTenant.org.groundTruth().filter((t) => t.source === 'email' && t.assigneeId === owner.id);
    const t = mine[skip];
    if (!t) throw new Error('not enough requests to the owner');
    return t.messageId;
  };

  beforeAll(async () => {
    f = await startServerFixture({ DEMO_SEED_REQUESTS: 'off' });
    const org = f.devTenant.org;
    // The team with most requests to its first owner, so there are emails to track.
    const owners = org.teams.map((t) => ({ t, o: org.users[t.members.find((m) => m.roles.includes('owner'))!.userIndex]! }));
    const counts = owners.map(({ o }) => org.groundTruth().filter((g) => g.source === 'email' && g.assigneeId === o.id).length);
    const best = owners[counts.indexOf(Math.max(...counts))]!;
    [team, owner] = [best.t, best.o];
    ownerToken = await f.token(owner.userPrincipalName);
  }, 60_000);
  afterAll(async () => {
    await f?.close();
  });

  it('answers my home team and its list: the defaults first, then what the owners saved', async () => {
    const before = await call<MyCategoriesResponse>('GET', '/api/me/categories');
    expect(before.status).toBe(200);
    expect(before.body).toEqual({ team: { id: team.id, displayName: team.displayName }, categories: ['Question', 'Access', 'Data', 'Approval', 'Other'] });
    const settings = (await call<TeamSettings>('GET', `/api/teams/${team.id}/standards`)).body;
    const { teamId: _teamId, ...rest } = settings;
    expect((await call('PUT', `/api/teams/${team.id}/standards`, { ...rest, categories: ['Access', 'Hardware', 'Software'] })).status).toBe(200);
    const after = await call<MyCategoriesResponse>('GET', '/api/me/categories');
    expect(after.body.categories).toEqual(['Access', 'Hardware', 'Software']);
  });

  it('refuses to track with a category outside the list: 400 unknown_category, nothing written', async () => {
    const messageId = untrackedEmail(0);
    const response = await call<Problem>('POST', '/api/requests', { source: 'email', messageId, category: 'IT support', override: true });
    expect(response.status).toBe(400);
    expect(response.type).toMatch(/^application\/problem\+json/);
    expect(response.body.code).toBe('unknown_category');
    const stores = f.app.services.stores;
    expect(await stores.requests.findBySourceMessage(f.devTenant.org.tenantId, 'email', messageId, owner.id)).toBeNull();
    expect(f.devTenant.org.messageById(messageId)?.categories).toEqual([]);
    const lookup = await call<{ tracked: boolean }>('GET', `/api/requests/lookup?source=email&messageId=${encodeURIComponent(messageId)}`);
    expect(lookup.body.tracked).toBe(false);
  });

  it('tracks with a category in the list in the team\'s spelling; the message gets "Turnaround: Hardware"; an update outside the list is refused', async () => {
    const messageId = untrackedEmail(1);
    const tracked = await call<RequestView>('POST', '/api/requests', { source: 'email', messageId, category: 'hardware', override: true });
    expect(tracked.status).toBe(201);
    expect(tracked.body.category).toBe('Hardware');
    expect(f.devTenant.org.messageById(messageId)?.categories).toEqual(['Turnaround: Hardware']);

    const refused = await call<Problem>('PATCH', `/api/requests/${tracked.body.id}`, { action: 'update', category: 'Payroll' });
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe('unknown_category');
    const events = await f.app.services.stores.requests.listEvents(f.devTenant.org.tenantId, tracked.body.id);
    expect(events.map((e) => e.type)).toEqual(['tracked']);

    const changed = await call<RequestView>('PATCH', `/api/requests/${tracked.body.id}`, { action: 'update', category: 'SOFTWARE' });
    expect(changed.status).toBe(200);
    expect(changed.body.category).toBe('Software');
    const cleared = await call<RequestView>('PATCH', `/api/requests/${tracked.body.id}`, { action: 'update', category: null });
    expect(cleared.body.category).toBeNull();
  });
});
