/**
 * The demo's live first response in real Chromium (issue 19, "The demo"): the demo server with its scheduler on, as
 * `npm start` runs it, the Teams workbench hosting the personal tab (real teams-js), the dev tenant's Graph and its
 * change notifications. Once the person has their subscriptions at the dev tenant (what someone who has used
 * Turnaround has), a second page — the landing page — presses "Simulate a reply" as that person. Nobody presses
 * "Sync now" and nothing reloads: the dev tenant notifies the server, the server syncs the person, and the open tab's
 * queue stamp poll brings the row's first response in. Needs `npx webpack --mode production` first.
 */
import { join } from 'node:path';
import type { FrameLocator, Page, Request } from 'playwright-core';
import type { QueueResponse, RequestView } from '../../src/contracts/api';
import { sortByDue } from '../../src/ui/tab/queue-model';
import type { LaunchedBrowser } from './support/browser';
import type { DemoServer } from './support/demo-server';
import { ARTIFACTS, startSeededDemo } from './support/seeded-demo';
import { probePainted } from './support/painted';
import { demoApi, demoJson } from './support/demo-api';

let server: DemoServer;
let chromium: LaunchedBrowser;

interface DemoUser { id: string; userPrincipalName: string; displayName: string }
interface DevInfo { users: DemoUser[] }
interface DevSubscription { id: string; resource: string; notificationUrl: string }
interface Delivery { subscriptionId: string; changeType?: string; lifecycleEvent?: string; status: number | null; outcome: string }

const getJson = <T>(path: string): Promise<T> => demoJson<T>(server.baseUrl, path);
const api = <T>(upn: string, path: string): Promise<T> => demoApi<T>(server.baseUrl, upn, path);

/**
 * The request "Simulate a reply" answers for a person: of their open requests, those still waiting for a first
 * response first, then the oldest (src/devtenant/dev-routes.ts). The queue lists the same open requests.
 */
function simulatedTarget(queue: QueueResponse): RequestView | undefined {
  return [...queue.requests]
    .filter((r) => r.status !== 'resolved')
    .sort((a, b) => Number(a.firstResponseAt !== null) - Number(b.firstResponseAt !== null) || Date.parse(a.receivedAt) - Date.parse(b.receivedAt))[0];
}

/**
 * A demo user for whom the landing page's "Simulate a reply" answers an email request still waiting for its first
 * response and shown among the first rows of their queue (so the tab shows it without scrolling).
 */
async function pickUser(): Promise<{ user: DemoUser; request: RequestView }> {
  const info = await getJson<DevInfo>('/dev/info');
  for (const user of info.users) {
    const queue = await api<QueueResponse>(user.userPrincipalName, '/api/me/queue');
    const request = simulatedTarget(queue);
    if (request === undefined || request.source !== 'email' || request.firstResponseAt !== null) continue;
    if (sortByDue(queue.requests).slice(0, 5).some((r) => r.id === request.id)) return { user, request };
  }
  throw new Error('no demo user has an unanswered email request that "Simulate a reply" answers near the top of their queue');
}

/** The person's subscriptions at the dev tenant (its control plane lists every application's). */
async function subscriptionsOf(userId: string): Promise<DevSubscription[]> {
  const { value } = await getJson<{ value: DevSubscription[] }>('/dev/subscriptions');
  return value.filter((s) => s.resource.toLowerCase().includes(`users/${userId.toLowerCase()}/`));
}

/** Polls until `probe` returns a value (not undefined), every `everyMs`, for at most `timeoutMs`. */
async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number, everyMs = 1_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

beforeAll(async () => {
  // The demo server as `npm start` runs it: scheduler on, application background access, PUBLIC_BASE_URL its own
  // http://localhost:<port> (which the dev tenant accepts as a notificationUrl).
  ({ server, chromium } = await startSeededDemo({ pages: ['tab', 'teams-workbench', 'landing'], viewport: { width: 1280, height: 860 } }));
}, 180_000);

afterAll(async () => {
  await chromium?.close();
  await server?.close();
});

describe('change notifications in the demo', () => {
  it('"Simulate a reply" on the landing page: the open tab shows the first response by itself, with no sync call', async () => {
    const { user, request } = await pickUser();

    // Someone who has used Turnaround has their three subscriptions: Inbox, Sent Items, chats. The scheduler makes
    // them after its sync of the person (build-server.ts), which its first tick after start runs (ticks are a fifth of
    // SYNC_INTERVAL_SECONDS apart, ±20 %): two minutes cover two ticks on a busy machine.
    const subscriptions = await waitFor(`${user.userPrincipalName}'s subscriptions at the dev tenant`, async () => {
      const mine = await subscriptionsOf(user.id);
      return mine.length >= 3 ? mine : undefined;
    }, 120_000, 1_000);
    const kinds = subscriptions.map((s) => /mailfolders\('(\w+)'\)\/messages$/i.exec(s.resource)?.[1]?.toLowerCase() ?? (s.resource.endsWith('/chats/getAllMessages') ? 'chats' : s.resource));
    expect(kinds.sort()).toEqual(['chats', 'inbox', 'sentitems']);
    const sentItems = subscriptions.find((s) => /mailfolders\('sentitems'\)\/messages$/i.test(s.resource));
    expect(sentItems?.notificationUrl).toBe(`${server.baseUrl}/api/graph/notifications`);

    // Every request of the browser, the tab's frame included: none may be a sync.
    const requests: { method: string; url: string }[] = [];
    chromium.context.on('request', (r: Request) => requests.push({ method: r.method(), url: r.url() }));

    const tabPage: Page = await chromium.context.newPage();
    await tabPage.goto(`${server.baseUrl}/dev/workbench/teams?user=${encodeURIComponent(user.userPrincipalName)}&surface=tab`);
    const tab: FrameLocator = tabPage.frameLocator('iframe[title="Turnaround personal tab"]');
    const row = tab.locator(`[data-request-id="${request.id}"]`);
    await row.waitFor({ timeout: 30_000 });
    expect(await row.textContent()).toMatch(/First response: (due in .* of working time \(|breached )/);
    // A mark in the tab's own window: a reload of the tab (or the page) would lose it.
    const frame = tabPage.frames().find((f) => f.url().includes('/tab'));
    if (!frame) throw new Error('no tab frame');
    await frame.evaluate(() => { (window as unknown as { liveQueueMark: string }).liveQueueMark = 'still here'; });
    const sentItemsDeliveries = async (): Promise<number> =>
      (await getJson<{ value: Delivery[] }>('/dev/subscriptions/deliveries')).value
        .filter((d) => d.subscriptionId === sentItems?.id && d.changeType !== undefined && d.status !== null && d.status >= 200 && d.status < 300).length;
    const deliveredBefore = await sentItemsDeliveries();

    // A second page, as a person would: the landing page, the same person, "Simulate a reply".
    const landing = await chromium.context.newPage();
    await landing.goto(`${server.baseUrl}/`);
    await landing.getByRole('combobox', { name: 'Who do you want to be?' }).click();
    await landing.getByRole('option', { name: new RegExp(`^${user.displayName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} — `) }).click();
    await landing.getByRole('button', { name: 'Simulate a reply' }).click();
    const said = landing.getByRole('status').filter({ hasText: 'replied to' });
    await said.waitFor({ timeout: 10_000 });
    // It answered the request the tab shows (the landing page says which, by subject).
    expect(await said.textContent()).toContain(`${user.displayName} replied to`);
    expect(await said.textContent()).toContain(`“${request.subject}”`);

    // The open tab, untouched: within seconds its row shows the first response (the first-response clock stopped, so
    // the row counts down the resolution). 30 s bounds a shared 2-core machine; the tab asks every 5 s.
    await tabPage.bringToFront();
    const answered = tab.locator(`[data-request-id="${request.id}"]`).filter({ hasText: 'Resolution:' });
    await answered.waitFor({ timeout: 30_000 });
    expect((await probePainted(answered)).painted).toBe(true);
    expect(await frame.evaluate(() => (window as unknown as { liveQueueMark?: string }).liveQueueMark)).toBe('still here');
    await tabPage.screenshot({ path: join(ARTIFACTS, 'notification-live-answered.png') });

    // The server heard of it from the dev tenant: a change notification for the person's Sent Items, answered 2xx.
    expect(await sentItemsDeliveries()).toBeGreaterThan(deliveredBefore);
    // And the first response is the email reply, as the server stores it.
    const fromApi = (await api<QueueResponse>(user.userPrincipalName, '/api/me/queue')).requests.find((r) => r.id === request.id);
    expect(fromApi?.firstResponseSource).toBe('email');

    // Nobody asked for a sync: the pages made no POST /api/sync (the tab polled its queue stamp instead).
    expect(requests.filter((r) => r.method === 'POST' && new URL(r.url).pathname.startsWith('/api/sync'))).toEqual([]);
    expect(requests.some((r) => r.method === 'GET' && new URL(r.url).pathname === '/api/me/queue/stamp')).toBe(true);
  }, 600_000);
});
