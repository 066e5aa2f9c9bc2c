/**
 * Issue 18, in process: when Microsoft 365 refuses Turnaround's application access (an admin withdrew the mail and
 * chat permissions: Graph answers 403 to the background sync of every person at every tick), the server logs ONE
 * warning and shows it on `/readyz` as detail (still 200); when access comes back, one info line and `ok` again.
 * The real buildServer with its scheduler, in demo mode on the dev tenant's token endpoint (the same msal-node
 * application access as tenant mode).
 */
import type { SyncLease } from '../../../src/app/records';
import { startServerFixture, type ServerFixture } from './server-fixture';
import { waitFor } from '../devtenant/tenant-mode-processes';

jest.setTimeout(90_000);

const PEOPLE = 3;
const REFUSED = /^Microsoft 365 refused Turnaround's application access/;
const RESTORED = /^Microsoft 365 lets Turnaround's application access in again/;

let fixture: ServerFixture | undefined;
const synced: SyncLease[] = [];
const failed: { code: unknown; personId: string | null }[] = [];

beforeAll(async () => {
  fixture = await startServerFixture(
    // Rounds of scheduled syncs every 5 s are what this test counts: the polling mode (CHANGE_NOTIFICATIONS=off).
    { SCHEDULER: 'on', SYNC_INTERVAL_SECONDS: '5', DEMO_SEED_REQUESTS: 'off', CHANGE_NOTIFICATIONS: 'off' },
    {
      syncObserver: {
        onSynced: (lease) => synced.push(lease),
        onFailed: (error, lease) => failed.push({ code: (error as { code?: unknown }).code, personId: lease?.personId ?? null }),
      },
    },
  );
  await fixture.app.ready();
});

afterAll(async () => {
  await fixture?.close();
});

/** The log messages of `calls` (pino's `(details, message)` calls) that match `pattern`. */
const matching = (calls: unknown[][], pattern: RegExp): unknown[][] => calls.filter((c) => pattern.test(String(c[1] ?? c[0])));

describe('application access health (/readyz detail, one log line per change)', () => {
  it('logs a refusal once however many people and ticks fail, shows it on /readyz, and the same when access returns', async () => {
    if (!fixture) throw new Error('not started');
    const { app, devTenant } = fixture;
    const warn = jest.spyOn(app.log, 'warn');
    const info = jest.spyOn(app.log, 'info');
    const readyz = async (): Promise<{ statusCode: number; body: { status: string; checks: { applicationAccess: Record<string, unknown> } } }> => {
      const res = await app.inject({ method: 'GET', url: '/readyz' });
      return { statusCode: res.statusCode, body: res.json() };
    };

    // People sign in (registers them for background sync); the scheduler syncs them with application access.
    const people = devTenant.org.users.slice(0, PEOPLE);
    for (const person of people) {
      const res = await app.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${await fixture.token(person.userPrincipalName)}` } });
      expect(res.statusCode).toBe(200);
    }
    await waitFor('everyone synced in the background', async () => (people.every((p) => synced.some((s) => s.personId === p.id)) ? true : undefined), 30_000);
    expect(await readyz()).toEqual({ statusCode: 200, body: { status: 'ready', checks: { applicationAccess: { status: 'ok' } } } });

    // The admin withdraws mail and chat access; two hours on, the app's token has been renewed without those roles.
    const client = devTenant.authority.tokenEndpoint.client;
    const granted = [...client.applicationPermissions];
    client.applicationPermissions = granted.filter((p) => !/^(Mail|MailboxSettings|Chat)\./.test(p));
    devTenant.clock.advance(2 * 3_600_000);
    const failedBefore = failed.length;
    // Two rounds of every person's sync refused.
    await waitFor('two refused rounds', async () => (failed.length - failedBefore >= 2 * PEOPLE ? true : undefined), 40_000);
    expect(new Set(failed.slice(failedBefore).map((f) => f.code))).toEqual(new Set(['graph_forbidden']));
    const refusedCalls = matching(warn.mock.calls as unknown[][], REFUSED);
    expect(refusedCalls).toHaveLength(1);
    expect(refusedCalls[0]?.[0]).toEqual(expect.objectContaining({ tenantId: devTenant.org.tenantId, code: expect.stringMatching(/^(ErrorAccessDenied|Forbidden|Authorization_RequestDenied)$/) as unknown }));
    // Not one warning per person per tick.
    expect(matching(warn.mock.calls as unknown[][], /^background sync failed$/)).toEqual([]);
    const refused = await readyz();
    expect(refused.statusCode).toBe(200);
    expect(refused.body.checks.applicationAccess).toEqual({
      status: 'refused',
      code: (refusedCalls[0]?.[0] as { code: string }).code,
      since: expect.any(String) as unknown,
      detail: expect.stringContaining('access denied') as unknown,
    });

    // Granted again: once the refused token has expired, sync works, /readyz is ok, and that is logged once.
    client.applicationPermissions = granted;
    devTenant.clock.advance(2 * 3_600_000);
    const syncedBefore = synced.length;
    await waitFor('a round that works again', async () => (synced.length - syncedBefore >= 2 * PEOPLE ? true : undefined), 40_000);
    expect((await readyz()).body.checks.applicationAccess).toEqual({ status: 'ok' });
    expect(matching(info.mock.calls as unknown[][], RESTORED)).toHaveLength(1);
    expect(matching(warn.mock.calls as unknown[][], REFUSED)).toHaveLength(1);
  });
});
