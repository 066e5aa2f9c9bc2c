/**
 * BACKGROUND_WORK=thread (tenant mode's default): the scheduler and the change-notification processor run in a worker
 * thread of their own (src/server/background-thread.ts).
 *
 * 1. The real thing, two processes as in tenant-mode-72-hours.test.ts (the dev tenant on its own, the server in tenant
 *    mode against it, environment variables only): a reply is noticed through Graph's change notification with no
 *    "Sync now" and no scheduled sync due — the server's own thread has no processor in this mode, so the worker did it.
 * 2. The thread's keeper with a stand-in worker that dies on its first start: started again after the back-off, wake-ups
 *    and the application-access state pass between the threads, and `stop` ends it for good.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../../bench/notification-bench-server';
import { BackgroundThread } from '../../../src/server/background-thread';
import { loadConfig } from '../../../src/server/config';
import {
  peopleUsingTurnaround, queuedRequest, startDevTenantProcess, startTenantServer, waitFor,
  type DevTenantProcess, type TenantServerProcess,
} from '../devtenant/tenant-mode-processes';

jest.setTimeout(120_000);

describe('background work in a worker thread, in tenant mode against a standalone dev tenant', () => {
  let tenant: DevTenantProcess | undefined;
  let server: TenantServerProcess | undefined;

  beforeAll(async () => {
    tenant = await startDevTenantProcess(['--seed', '9', '--people', '10', '--days', '10']);
    const port = await freePort();
    // No scheduled sync is due for a day: only a change notification can make the server read the reply.
    server = await startTenantServer(tenant.line, { PORT: String(port), PUBLIC_BASE_URL: `http://localhost:${port}`, SYNC_INTERVAL_SECONDS: '86400' });
  });

  afterAll(async () => {
    await server?.stop().catch(() => server?.kill());
    await tenant?.stop().catch(() => tenant?.kill());
  });

  it('notices a reply through its change notification, processed in the worker thread', async () => {
    if (!tenant || !server) throw new Error('not started');
    const t = tenant;
    const s = server;
    const started = await waitFor('the worker thread to start', async () => s.log().find((l) => l.msg === 'background work running in its worker thread'));
    expect(started).toEqual(expect.objectContaining({ level: 30, threadId: expect.any(Number) as unknown }));

    const { people } = await peopleUsingTurnaround(t, s, 1);
    const person = people[0];
    if (person === undefined) throw new Error('nobody to track with');
    // Their first sync made their subscriptions (the dev tenant checked the notification URL with its handshake).
    await waitFor('the person\'s subscriptions', async () => {
      const live = (await t.control('GET', '/subscriptions')).json.value as { resource: string }[];
      return live.some((x) => x.resource.includes(person.id)) ? true : undefined;
    });
    expect((await queuedRequest(t, s, person))?.firstResponseAt).toBeNull();

    const reply = await t.control('POST', '/simulate/reply', { asUser: person.upn, messageId: person.messageId });
    expect(reply.status).toBe(200);
    const found = await waitFor('the reply, through its notification', async () => (await queuedRequest(t, s, person))?.firstResponseAt ?? undefined, 60_000, 250);
    expect(Math.floor(Date.parse(found) / 1000)).toBe(Math.floor(Date.parse(String(reply.json.repliedAt)) / 1000));
    // Graph's notifications were answered 202, and no sync for them failed.
    const deliveries = (await t.control('GET', '/subscriptions/deliveries')).json.value as { outcome?: string; status?: number }[];
    expect(deliveries.some((d) => d.status === 202)).toBe(true);
    expect(s.log().filter((l) => l.msg === 'sync after a change notification failed')).toEqual([]);
  });
});

describe('BackgroundThread with a stand-in worker that dies on its first start', () => {
  const entry = join(__dirname, 'fixtures', 'flaky-background-worker.cjs');
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'turnaround-background-thread-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('starts it again after a second, passes wake-ups and the access state, and stops it for good', async () => {
    const marker = join(dir, 'starts.txt');
    const lines: { level: string; details: Record<string, unknown>; message: string }[] = [];
    const log = {
      info: (details: Record<string, unknown>, message: string) => lines.push({ level: 'info', details, message }),
      warn: (details: Record<string, unknown>, message: string) => lines.push({ level: 'warn', details, message }),
      error: (details: Record<string, unknown>, message: string) => lines.push({ level: 'error', details, message }),
    };
    const thread = new BackgroundThread(loadConfig({ DIST_DIR: dir }), { now: () => new Date() }, log, entry);
    try {
      thread.start();
      await waitFor('the second start to be ready', async () => (lines.some((l) => l.message === 'background work running in its worker thread') ? true : undefined), 10_000, 50);
      expect(readFileSync(marker, 'utf8')).toBe('2');
      expect(lines.filter((l) => l.level === 'error')).toEqual([
        { level: 'error', details: { exitCode: 3, restartInMs: 1_000 }, message: 'background worker exited; starting it again' },
      ]);
      expect(thread.applicationAccess()).toEqual({ status: 'ok' });
      // The stand-in answers a wake-up with a refused access state, as the real worker reports a refusal.
      thread.wake();
      const refused = await waitFor('the access state from the worker', async () => {
        const state = thread.applicationAccess();
        return state.status === 'refused' ? state : undefined;
      }, 10_000, 20);
      expect(refused).toEqual({ status: 'refused', code: 'ErrorAccessDenied', since: new Date('2026-11-25T14:00:00.000Z'), detail: 'stand-in' });
    } finally {
      await thread.stop();
    }
    expect(readFileSync(marker, 'utf8')).toBe('2');
    expect(readFileSync(`${marker}.stopped`, 'utf8')).toBe('stopped cleanly');
    expect(lines.filter((l) => l.level === 'warn')).toEqual([]);
  });
});
