/**
 * The dev tenant's Teams activity feed over HTTPS: `POST /users/{id}/teamwork/sendActivityNotification` and
 * `POST /teamwork/sendActivityNotificationToRecipients` with Graph's checks (the TeamsActivity.Send permission, the
 * Teams app installed for the recipient, the activity type declared in manifest/manifest.json, the rate limit of
 * 5 a second per app and tenant — 2 for the bulk call — answered 429 with Retry-After), and what a person received
 * listed by `GET /dev/activity`. Each test sends with an application of its own, so the per-app rate limit of one test
 * never reaches another.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import type { DemoUser } from '../../../src/devtenant/demo-organization';
import { devRoutes } from '../../../src/devtenant/dev-routes';
import { DEMO_APPLICATION_PERMISSIONS, startDevTenant, type LocalDevTenant } from '../../../src/devtenant/dev-tenant';
import { graphToken, rawGraphRequest, type RawResponse } from './raw-graph-request';

const NOW = new Date('2025-03-20T12:00:00Z');
const TEAMS_APP_ID = '0f6b1b0e-7d3c-4a8e-9b1f-2c3d4e5f6a7b';

let tenant: LocalDevTenant;
let control: FastifyInstance;
let installed: DemoUser[];
let clientCounter = 0;

beforeAll(async () => {
  tenant = await startDevTenant({ seed: 11, now: NOW, people: 12, days: 3 });
  control = Fastify();
  await control.register(devRoutes, { devTenant: tenant });
  await control.ready();
  installed = tenant.org.users.filter((u) => u.userType === 'Member' && tenant.org.teamsAppInstalledFor(u.id));
});
afterAll(async () => {
  await control.close();
  await tenant.stop();
});

/** An application token of a client used by no other test (its own rate-limit window). */
function appToken(roles: readonly string[] = DEMO_APPLICATION_PERMISSIONS): Promise<string> {
  clientCounter += 1;
  const clientId = `7a000000-0000-4000-8000-${String(clientCounter).padStart(12, '0')}`;
  return tenant.idp.issueAppToken({ clientId, servicePrincipalId: `5f000000-0000-4000-8000-${String(clientCounter).padStart(12, '0')}`, roles, lifetimeSeconds: 3600, clientAuthentication: '1' });
}

/** A body as Turnaround sends it for request `requestId` (the deep link carries `request:<id>` as subEntityId). */
function atRiskBody(requestId: string, params: Record<string, string> = { requester: 'Ada Lovelace', due: '14:00' }): Record<string, unknown> {
  const context = encodeURIComponent(JSON.stringify({ subEntityId: `request:${requestId}` }));
  return {
    topic: { source: 'text', value: 'Quarterly figures', webUrl: `https://teams.microsoft.com/l/entity/${TEAMS_APP_ID}/myQueue?context=${context}` },
    activityType: 'requestAtRisk',
    previewText: { content: 'Quarterly figures — due at 14:00' },
    templateParameters: Object.entries(params).map(([name, value]) => ({ name, value })),
  };
}

const send = (user: DemoUser, body: unknown, token: string): Promise<RawResponse> =>
  rawGraphRequest(tenant, 'POST', `/users/${user.id}/teamwork/sendActivityNotification`, { token, body });

const sendBulk = (body: unknown, token: string): Promise<RawResponse> =>
  rawGraphRequest(tenant, 'POST', '/teamwork/sendActivityNotificationToRecipients', { token, body });

async function feedOf(user: DemoUser): Promise<{ teamsAppInstalled: boolean; value: { type: string; text: string; previewText: string; subEntityId: string | null; time: string }[] }> {
  const res = await control.inject({ method: 'GET', url: `/dev/activity?upn=${encodeURIComponent(user.userPrincipalName)}` });
  expect(res.statusCode).toBe(200);
  return res.json();
}

function person(n: number): DemoUser {
  const user = installed[n];
  if (!user) throw new Error(`the demo organisation has fewer than ${String(n + 1)} members with the app`);
  return user;
}

describe('the dev tenant Teams activity feed', () => {
  it('leaves the Teams app out for two members of the second half of the people list, as an untidy tenant has', () => {
    const without = tenant.org.users.filter((u) => !tenant.org.teamsAppInstalledFor(u.id));
    expect(without).toHaveLength(2);
    // people: 12, so the second half starts at index 6.
    for (const u of without) expect(u).toMatchObject({ userType: 'Member', index: expect.any(Number) });
    expect(without.every((u) => u.index >= 6)).toBe(true);
  });

  it('answers 204, renders the manifest template with the parameters, and lists what a person received newest first', async () => {
    const token = await appToken();
    const ada = person(0);
    const first = await send(ada, atRiskBody('req-1'), token);
    expect(first.status).toBe(204);
    expect(first.body).toBeUndefined();
    const firstAt = tenant.clock.nowMs();
    tenant.clock.advance(5 * 60_000);
    const second = await send(ada, { ...atRiskBody('req-2', { requester: 'Grace Hopper', due: '09:30' }), activityType: 'requestBreached', chainId: 7 }, token);
    expect(second.status).toBe(204);

    const feed = await feedOf(ada);
    expect(feed.teamsAppInstalled).toBe(true);
    expect(feed.value.map((a) => [a.type, a.text, a.subEntityId])).toEqual([
      // The manifest's templateText: "{actor}: {requester}'s request is past its due time ({due})"; actor = the app.
      ['requestBreached', "Turnaround: Grace Hopper's request is past its due time (09:30)", 'request:req-2'],
      ['requestAtRisk', "Turnaround: Ada Lovelace's request is at risk, due 14:00", 'request:req-1'],
    ]);
    expect(feed.value[1]?.previewText).toBe('Quarterly figures — due at 14:00');
    // Stamped on the simulated clock: the second one 5 minutes (and the request's real duration) after the first.
    const [newest, oldest] = feed.value.map((a) => Date.parse(a.time));
    expect(oldest).toBeGreaterThanOrEqual(firstAt - 1_000);
    expect((newest ?? 0) - (oldest ?? 0)).toBeGreaterThanOrEqual(5 * 60_000);
  });

  it('answers 202 to the bulk call and delivers to each recipient who has the app', async () => {
    const token = await appToken();
    const [a, b] = [person(1), person(2)];
    const without = tenant.org.users.find((u) => !tenant.org.teamsAppInstalledFor(u.id)) as DemoUser;
    const before = { a: (await feedOf(a)).value.length, b: (await feedOf(b)).value.length, without: (await feedOf(without)).value.length };
    const recipients = [a, b, without].map((u) => ({ '@odata.type': '#microsoft.graph.aadUserNotificationRecipient', userId: u.id }));
    const res = await sendBulk({
      topic: { source: 'text', value: 'Your day', webUrl: `https://teams.microsoft.com/l/entity/${TEAMS_APP_ID}/myQueue` },
      activityType: 'workdayDigest', previewText: { content: 'Most urgent: Quarterly figures' },
      templateParameters: [{ name: 'summary', value: '3 requests due today, 1 at risk, 1 breached' }], recipients,
    }, token);
    expect(res.status).toBe(202);
    for (const u of [a, b]) {
      const feed = await feedOf(u);
      expect(feed.value).toHaveLength((u === a ? before.a : before.b) + 1);
      expect(feed.value[0]).toMatchObject({ type: 'workdayDigest', text: 'Turnaround: 3 requests due today, 1 at risk, 1 breached', subEntityId: null });
    }
    expect((await feedOf(without)).value).toHaveLength(before.without);
  });

  it("refuses a recipient without the Teams app with Graph's 404, and accepts once it is installed", async () => {
    const token = await appToken();
    const without = tenant.org.users.find((u) => !tenant.org.teamsAppInstalledFor(u.id)) as DemoUser;
    const refused = await send(without, atRiskBody('req-3'), token);
    expect(refused.status).toBe(404);
    expect(refused.body.error).toEqual({ code: 'NotFound', message: expect.stringContaining('not installed'), innerError: expect.objectContaining({ 'request-id': expect.any(String) }) });
    const feed = await feedOf(without);
    expect(feed).toMatchObject({ teamsAppInstalled: false, value: [] });

    const install = await control.inject({ method: 'POST', url: '/dev/activity/installation', payload: { upn: without.userPrincipalName, installed: true } });
    expect(install.statusCode).toBe(204);
    expect((await send(without, atRiskBody('req-3'), token)).status).toBe(204);
    expect((await feedOf(without)).value.map((a) => a.subEntityId)).toEqual(['request:req-3']);
    tenant.org.setTeamsAppInstalled(without.id, false);
  });

  it.each([
    ['an activity type the manifest does not declare', { activityType: 'requestForgotten' }, "Activity type 'requestForgotten' is not declared"],
    ['a template parameter the template needs', { templateParameters: [{ name: 'requester', value: 'Ada' }] }, 'Missing template parameters'],
    ['a text topic without webUrl', { topic: { source: 'text', value: 'Quarterly figures' } }, 'webUrl is required'],
    ['no previewText', { previewText: undefined }, 'previewText'],
  ])('answers 400 BadRequest for %s and records nothing', async (_what, change, message) => {
    const token = await appToken();
    const user = person(3);
    const before = (await feedOf(user)).value.length;
    const res = await send(user, { ...atRiskBody('req-4'), ...change }, token);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'BadRequest', message: expect.stringContaining(message) });
    expect((await feedOf(user)).value).toHaveLength(before);
  });

  it('answers 400 to a bulk call with a recipient of another type or more than 100 recipients', async () => {
    const token = await appToken();
    const base = { ...atRiskBody('req-5') };
    const wrongType = await sendBulk({ ...base, recipients: [{ '@odata.type': '#microsoft.graph.chatMembersNotificationRecipient', chatId: '19:x' }] }, token);
    expect(wrongType.status).toBe(400);
    const tooMany = await sendBulk({ ...base, recipients: Array.from({ length: 101 }, () => ({ '@odata.type': '#microsoft.graph.aadUserNotificationRecipient', userId: person(0).id })) }, token);
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.message).toContain('at most 100');
  });

  it('answers 403 Forbidden, naming TeamsActivity.Send, to an application without the permission', async () => {
    const token = await appToken(DEMO_APPLICATION_PERMISSIONS.filter((p) => p !== 'TeamsActivity.Send'));
    const user = person(4);
    const before = (await feedOf(user)).value.length;
    for (const res of [await send(user, atRiskBody('req-6'), token), await sendBulk({ ...atRiskBody('req-6'), recipients: [{ '@odata.type': '#microsoft.graph.aadUserNotificationRecipient', userId: user.id }] }, token)]) {
      expect(res.status).toBe(403);
      expect(res.body.error).toMatchObject({ code: 'Forbidden', message: expect.stringContaining('TeamsActivity.Send') });
    }
    expect((await feedOf(user)).value).toHaveLength(before);
  });

  it('lets a person notify a colleague with a delegated token, but not themselves', async () => {
    const [a, b] = [person(5), person(0)];
    const token = await graphToken(tenant, a.userPrincipalName);
    expect((await send(b, atRiskBody('req-7'), token)).status).toBe(204);
    const self = await send(a, atRiskBody('req-7'), token);
    expect(self.status).toBe(400);
    expect(self.body.error.message).toContain('themselves');
  });

  it('answers 429 with Retry-After beyond 5 requests in a second per application and tenant, and records only what it accepted', async () => {
    const token = await appToken();
    const recipients = installed.slice(0, 6);
    const before = await Promise.all(recipients.map(async (u) => (await feedOf(u)).value.length));
    // 12 at once: the first 5 to arrive are always admitted (the window starts empty); for all 12 to pass, their
    // arrivals would have to spread over more than 2 seconds.
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => send(recipients[i % recipients.length] as DemoUser, atRiskBody(`req-r${String(i)}`), token)));
    const accepted = answers.filter((r) => r.status === 204).length;
    const throttled = answers.filter((r) => r.status === 429);
    expect(accepted + throttled.length).toBe(12);
    expect(accepted).toBeGreaterThanOrEqual(5);
    expect(throttled.length).toBeGreaterThanOrEqual(1);
    for (const r of throttled) {
      expect(Number(r.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(r.body.error.code).toBe('TooManyRequests');
    }
    const after = await Promise.all(recipients.map(async (u) => (await feedOf(u)).value.length));
    expect(after.reduce((s, n) => s + n, 0) - before.reduce((s, n) => s + n, 0)).toBe(accepted);
  });

  it('limits the bulk call to 2 requests a second per application and tenant', async () => {
    const token = await appToken();
    const body = { ...atRiskBody('req-8'), recipients: [{ '@odata.type': '#microsoft.graph.aadUserNotificationRecipient', userId: person(0).id }] };
    const answers = await Promise.all(Array.from({ length: 6 }, () => sendBulk(body, token)));
    expect(answers.filter((r) => r.status === 202).length).toBeGreaterThanOrEqual(2);
    const throttled = answers.filter((r) => r.status === 429);
    expect(throttled.length).toBeGreaterThanOrEqual(1);
    expect(throttled.every((r) => Number(r.headers['retry-after']) >= 1)).toBe(true);
  });

  it('GET /dev/activity: 400 without upn, 404 for no such person; a person is found by id too', async () => {
    expect((await control.inject({ method: 'GET', url: '/dev/activity' })).statusCode).toBe(400);
    const unknown = await control.inject({ method: 'GET', url: '/dev/activity?upn=nobody@contoso.example' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('unknown_user');
    const byId = await control.inject({ method: 'GET', url: `/dev/activity?upn=${person(0).id}` });
    expect(byId.json()).toMatchObject({ upn: person(0).userPrincipalName, userId: person(0).id });
  });
});
