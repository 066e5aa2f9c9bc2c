/**
 * Issue 18's proof: the dev tenant on its own (`npm run devtenant`) and the server in tenant mode against it, as two
 * processes configured with environment variables only, through 72 simulated hours. People use Turnaround once in
 * hour 0 (track a request each); then only the background scheduler — application access, tokens renewed as they
 * expire — works for them while the simulated clock moves on and they reply to their requests at scripted hours.
 * At the end each one's queue shows the first response at the instant it was sent. On the way: a person who opens the
 * tab at hour 50 gets their queue, and an API token past its expiry is refused with a 401 problem.
 */
import {
  backgroundRound, queuedRequest, serverReaches, startDevTenantProcess, startTenantServer, peopleUsingTurnaround, waitFor,
  type DevTenantProcess, type TenantServerProcess, type TrackingPerson,
} from './tenant-mode-processes';

jest.setTimeout(150_000);

/** The simulated hours the clock is moved to, one step each (hour 50: someone opens the tab). */
const STEPS_HOURS = [6, 12, 18, 24, 30, 36, 42, 48, 50, 54, 60, 66, 72];
/** Who replies when: the person's index in {@link Person} order → the simulated hour of their reply. */
const REPLY_AT_HOUR = new Map([[0, 6], [1, 24], [2, 48], [3, 66]]);
const HOUR_50_PERSON = 3;
const PEOPLE = 4;
/**
 * The simulated clock starts months before the real one (`--start`), so every token the dev tenant issues would be
 * long expired on the system clock: the server can only work by following the dev tenant's clock (SIMULATED_CLOCK_URL).
 */
const START = '2026-03-02T07:00:00.000Z';

interface Person extends TrackingPerson {
  repliedAt: string | null;
}

let tenant: DevTenantProcess | undefined;
let server: TenantServerProcess | undefined;

beforeAll(async () => {
  tenant = await startDevTenantProcess(['--seed', '7', '--people', '12', '--days', '10', '--start', START]);
  // Background rounds every 5 s of real time over 72 simulated hours: the polling mode (CHANGE_NOTIFICATIONS=off, for a
  // deployment Graph cannot reach), whose syncs this test counts. Notifications: graph-notifications.test.ts and
  // tests/e2e/notification-live.test.ts.
  server = await startTenantServer(tenant.line, { SYNC_INTERVAL_SECONDS: '5', CHANGE_NOTIFICATIONS: 'off' });
});

afterAll(async () => {
  await server?.stop().catch(() => server?.kill());
  await tenant?.stop().catch(() => tenant?.kill());
});

const seconds = (iso: string | null | undefined): number | null => (iso === null || iso === undefined ? null : Math.floor(Date.parse(iso) / 1000));

describe('tenant mode against a standalone dev tenant, for 72 simulated hours', () => {
  it('keeps finding first responses in the background, renews application tokens, and serves the tab at hour 50', async () => {
    if (!tenant || !server) throw new Error('not started');
    const t = tenant;
    const s = server;
    const start = await t.now();
    expect(start.getTime() - Date.parse(START)).toBeGreaterThanOrEqual(0);
    expect(start.getTime() - Date.parse(START)).toBeLessThan(5 * 60_000);

    // Hour 0: people use Turnaround once — sign in, sync, track a suggested request nobody has answered yet.
    const using = await peopleUsingTurnaround(t, s, PEOPLE);
    const people: Person[] = using.people.map((person) => ({ ...person, repliedAt: null }));
    expect(people).toHaveLength(PEOPLE);
    const tokenRequestsAtHour0 = (await t.control('GET', '/idp/requests')).json.byGrantType as Record<string, number>;
    // Reads the server's clock through the queue's `now`; tracks nothing.
    const watcher = using.watcher;

    let hour50Token: string | null = null;
    let expiredTokenAnswer: { status: number; contentType: string | null; code: unknown } | null = null;
    let hours = 0;
    for (const stepTo of STEPS_HOURS) {
      const now = await t.advance((stepTo - hours) * 60);
      hours = stepTo;
      await serverReaches(t, s, watcher, now);
      for (const [index, person] of people.entries()) {
        if (REPLY_AT_HOUR.get(index) !== hours) continue;
        const reply = await t.control('POST', '/simulate/reply', { asUser: person.upn, messageId: person.messageId });
        expect(reply.status).toBe(200);
        person.repliedAt = String(reply.json.repliedAt);
      }
      // One background round after the step (Graph's request log: both mail folders of every person read again).
      await backgroundRound(t, PEOPLE);

      if (hours === 50) {
        // Someone opens the tab at hour 50: a fresh token, their queue, a sync on behalf of them — no consent_required.
        const person = people[HOUR_50_PERSON];
        if (!person) throw new Error('no hour-50 person');
        hour50Token = await t.apiToken(person.upn);
        const queue = await s.api('GET', '/api/me/queue', hour50Token);
        expect(queue.status).toBe(200);
        expect((queue.json.requests as { id: string }[]).map((r) => r.id)).toContain(person.requestId);
        const sync = await s.api('POST', '/api/sync', hour50Token);
        expect(sync.status).toBe(202);
        const status = await waitFor('the hour-50 sync', async () => {
          const answer = await s.api('GET', '/api/sync/status', hour50Token ?? '');
          return answer.json.running === false && answer.json.finishedAt !== null && Date.parse(String(answer.json.startedAt)) >= now.getTime() ? answer.json : undefined;
        }, 90_000); // Sync now waits (up to a minute) for a background sync of the person that holds their lease
        // Not `sync_in_progress`, though the background worker thread may have been syncing them when it was asked.
        expect(status.error).toBeNull();
      }
      if (hours === 54 && hour50Token !== null) {
        // Four hours on, that token (60 minutes) has expired: a clear 401 problem the tab turns into a silent refresh.
        const answer = await s.api('GET', '/api/me/queue', hour50Token);
        expiredTokenAnswer = { status: answer.status, contentType: answer.headers.get('content-type'), code: answer.json.code };
      }
    }

    // Every reply was found by background sync: each queue, read at the end with a fresh token, shows it to the second.
    for (const person of people) {
      const request = await queuedRequest(t, s, person);
      expect({ person: person.upn, firstResponseAt: seconds(request?.firstResponseAt) }).toEqual({ person: person.upn, firstResponseAt: seconds(person.repliedAt) });
    }

    // Application tokens were renewed as they expired, and far fewer than 30 a simulated day were asked for.
    const tokenRequests = (await t.control('GET', '/idp/requests')).json.byGrantType as Record<string, number>;
    const renewals = (tokenRequests.client_credentials ?? 0) - (tokenRequestsAtHour0.client_credentials ?? 0);
    const days = (Date.parse((await t.now()).toISOString()) - start.getTime()) / 86_400_000;
    expect(days).toBeGreaterThanOrEqual(3);
    expect(renewals).toBeGreaterThanOrEqual(STEPS_HOURS.length - 2);
    expect(renewals / days).toBeLessThanOrEqual(30);

    expect(expiredTokenAnswer).toEqual({ status: 401, contentType: expect.stringContaining('application/problem+json') as unknown, code: 'token_expired' });
    expect(s.log().filter((l) => l.msg === 'background sync failed')).toEqual([]);
    console.log(`tenant-mode-72-hours: ${JSON.stringify({ tokenRequests, renewals, days, expiredTokenAnswer })}`);
  });
});
