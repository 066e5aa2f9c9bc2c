/**
 * Issue 18's revoked consent, with the same two processes as tenant-mode-72-hours.test.ts (the dev tenant on its own
 * and the server in tenant mode against it, environment variables only): an admin withdraws the app's access to mail
 * and chats. `/readyz` shows it as detail (still 200) and the server logs it once, not once per person per tick;
 * granting it again is shown and logged once too.
 */
import {
  backgroundRound, serverReaches, startDevTenantProcess, startTenantServer, peopleUsingTurnaround, waitFor,
  type DevTenantProcess, type TenantServerProcess,
} from './tenant-mode-processes';

jest.setTimeout(120_000);

const PEOPLE = 3;
const REFUSED_MESSAGE = /^Microsoft 365 refused Turnaround's application access/;
const RESTORED_MESSAGE = /^Microsoft 365 lets Turnaround's application access in again/;

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

describe('tenant mode against a standalone dev tenant, when an admin revokes the app\'s consent', () => {
  it('shows the refusal on /readyz and logs it once, not per person per tick; and the same when it is granted again', async () => {
    if (!tenant || !server) throw new Error('not started');
    const t = tenant;
    const s = server;
    const { people, watcher } = await peopleUsingTurnaround(t, s, PEOPLE);
    expect(people).toHaveLength(PEOPLE);
    expect((await t.control('POST', '/consent/application', { granted: 'no' })).status).toBe(400);

    // The admin withdraws the app's access to mail and chats; once the app's token is renewed, Graph answers 403.
    expect((await s.readyz()).json).toEqual({ status: 'ready', checks: { applicationAccess: { status: 'ok' } } });
    const revoked = await t.control('POST', '/consent/application', { granted: false });
    expect(revoked.json.applicationPermissions).toEqual(expect.not.arrayContaining(['Mail.Read', 'Chat.Read.All', 'MailboxSettings.Read']));
    const revokedAt = await t.advance(120);
    await serverReaches(t, s, watcher, revokedAt);
    const refused = await waitFor('/readyz to show the refusal', async () => {
      const ready = await s.readyz();
      return (ready.json.checks as { applicationAccess: { status: string } }).applicationAccess.status === 'refused' ? ready : undefined;
    });
    expect(refused.status).toBe(200);
    expect(refused.json).toEqual({
      status: 'ready',
      checks: { applicationAccess: { status: 'refused', code: expect.stringMatching(/^(ErrorAccessDenied|Forbidden|Authorization_RequestDenied)$/) as unknown, since: expect.any(String) as unknown, detail: expect.any(String) as unknown } },
    });
    const since = Date.parse(String((refused.json.checks as { applicationAccess: { since: string } }).applicationAccess.since));
    expect(since).toBeGreaterThanOrEqual(revokedAt.getTime());
    // Two more rounds of every person's sync refused: still one log line, and no per-person warnings.
    await backgroundRound(t, PEOPLE, null, 4 * PEOPLE);
    const refusedLines = s.log().filter((l) => REFUSED_MESSAGE.test(String(l.msg)));
    expect(refusedLines).toHaveLength(1);
    expect(refusedLines[0]).toEqual(expect.objectContaining({ level: 40, tenantId: t.line.tenantId }));
    expect(s.log().filter((l) => l.msg === 'background sync failed' && Date.parse(String(l.time)) >= Date.parse(String(refusedLines[0]?.time)))).toEqual([]);

    // Granted again: once the refused token expires, sync works, /readyz is ok, and that is logged once.
    expect(((await t.control('POST', '/consent/application', { granted: true })).json.applicationPermissions as string[])).toEqual(expect.arrayContaining(['Mail.Read', 'Chat.Read.All', 'MailboxSettings.Read']));
    await serverReaches(t, s, watcher, await t.advance(120));
    await waitFor('/readyz to show access again', async () => {
      const ready = await s.readyz();
      return (ready.json.checks as { applicationAccess: { status: string } }).applicationAccess.status === 'ok' ? true : undefined;
    });
    await backgroundRound(t, PEOPLE);
    expect(s.log().filter((l) => RESTORED_MESSAGE.test(String(l.msg)))).toHaveLength(1);
    expect(s.log().filter((l) => REFUSED_MESSAGE.test(String(l.msg)))).toHaveLength(1);
  });
});
