/**
 * Issue 18's identity provider faults, with the same two processes as tenant-mode-72-hours.test.ts (the dev tenant on
 * its own and the server in tenant mode against it, environment variables only): the token endpoint answering 500,
 * then not answering at all, for 10 simulated minutes each. Background sync is delayed and loses nothing — the reply
 * sent during the outage is found after it. (A revoked consent: tenant-mode-consent.test.ts.)
 */
import {
  queuedRequest, serverReaches, startDevTenantProcess, startTenantServer, peopleUsingTurnaround, waitFor,
  type DevTenantProcess, type TenantServerProcess,
} from './tenant-mode-processes';

jest.setTimeout(150_000);

const PEOPLE = 3;

let tenant: DevTenantProcess | undefined;
let server: TenantServerProcess | undefined;

beforeAll(async () => {
  tenant = await startDevTenantProcess(['--seed', '9', '--people', '10', '--days', '10']);
  // What background syncs every 5 s meet is what this test watches: the polling mode (CHANGE_NOTIFICATIONS=off).
  server = await startTenantServer(tenant.line, { SYNC_INTERVAL_SECONDS: '5', CHANGE_NOTIFICATIONS: 'off' });
});

afterAll(async () => {
  await server?.stop().catch(() => server?.kill());
  await tenant?.stop().catch(() => tenant?.kill());
});

const seconds = (iso: string | null | undefined): number | null => (iso === null || iso === undefined ? null : Math.floor(Date.parse(iso) / 1000));

describe('tenant mode against a standalone dev tenant, when the identity provider fails', () => {
  it('delays background sync through a 500 outage and a hanging one, and loses no reply', async () => {
    if (!tenant || !server) throw new Error('not started');
    const t = tenant;
    const s = server;
    const { people, watcher } = await peopleUsingTurnaround(t, s, PEOPLE);
    expect(people).toHaveLength(PEOPLE);
    const clientCredentialRequests = async (): Promise<number> => ((await t.control('GET', '/idp/requests')).json.byGrantType as Record<string, number>).client_credentials ?? 0;

    // The control plane validates what it is sent.
    for (const bad of [{ status: 503, minutes: 10 }, { status: 'hang', minutes: 0 }, { status: 500 }, {}]) {
      const answer = await t.control('POST', '/idp/faults', bad);
      expect({ status: answer.status, code: answer.json.code }).toEqual({ status: 400, code: 'invalid_request' });
    }

    for (const [index, fault] of [[0, 500], [1, 'hang']] as const) {
      const person = people[index];
      if (!person) throw new Error('no person');
      // Two hours on, the app's token has expired; then the identity provider fails for 10 simulated minutes.
      await serverReaches(t, s, watcher, await t.advance(120));
      expect((await t.control('POST', '/idp/faults', { status: fault, minutes: 10 })).status).toBe(204);
      const reply = await t.control('POST', '/simulate/reply', { asUser: person.upn, messageId: person.messageId });
      expect(reply.status).toBe(200);
      const before = await clientCredentialRequests();
      // The server asked for a token during the outage and did not get one; meanwhile the reply is not found.
      await waitFor(`a token request during the ${String(fault)} outage`, async () => ((await clientCredentialRequests()) > before ? true : undefined));
      if (fault === 500) {
        await waitFor('a failed background sync', async () => (s.log().some((l) => l.msg === 'background sync failed' && l.code === 'graph_unavailable') ? true : undefined));
      }
      expect((await queuedRequest(t, s, person))?.firstResponseAt).toBeNull();
      // Eleven minutes on, the outage is over: the next sync finds the reply, at the instant it was sent. After a 500,
      // msal-node does not ask again for 60 real seconds (its throttling of 5xx answers without Retry-After), so
      // "the next sync" can be that far off.
      await serverReaches(t, s, watcher, await t.advance(11));
      const waitedFrom = Date.now();
      const found = await waitFor('the reply sent during the outage', async () => {
        const request = await queuedRequest(t, s, person);
        return request?.firstResponseAt ? request.firstResponseAt : undefined;
      }, fault === 500 ? 90_000 : 30_000, 250);
      console.log(`tenant-mode-idp-outages: ${String(fault)} outage over, reply found ${String(Date.now() - waitedFrom)} ms later`);
      expect(seconds(found)).toBe(seconds(String(reply.json.repliedAt)));
    }

  });
});
