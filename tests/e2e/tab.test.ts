/**
 * The personal tab end to end: the real server in demo mode, Debian Chromium, the Teams workbench acting as the host
 * for the real teams-js inside the tab (initialize, context, theme, auth token from the dev identity provider).
 * Needs `npm run build` first.
 */
import { publishReadmeScreenshot } from './support/readme-screenshots';
import { seriousAxeViolations } from './support/axe';
import { join } from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import type { RecentChatsResponse } from '../../src/contracts/api';
import type { LaunchedBrowser } from './support/browser';
import type { DemoServer } from './support/demo-server';
import { ARTIFACTS, startSeededDemo } from './support/seeded-demo';


let server: DemoServer;
let chromium: LaunchedBrowser;
let page: Page;
let tab: FrameLocator;

interface DevInfo { users: { userPrincipalName: string; displayName: string }[] }

/**
 * The first demo user with a colleague's chat message of the last 7 days still to track. The demo's messages are
 * generated around the real time, so on a Monday just after midnight the first user may have none: the first such
 * user is found, not assumed.
 */
async function userWithChatToTrack(users: DevInfo['users']): Promise<DevInfo['users'][number]> {
  for (const user of users) {
    const token = ((await (await fetch(`${server.baseUrl}/dev/idp/token`, { method: 'POST', body: new URLSearchParams({ username: user.userPrincipalName }) })).json()) as { access_token: string }).access_token;
    const recent = (await (await fetch(`${server.baseUrl}/api/me/chats/recent`, { headers: { authorization: `Bearer ${token}` } })).json()) as RecentChatsResponse;
    if (recent.messages.some((m) => !m.tracked)) return user;
  }
  throw new Error('no demo user has a colleague\'s chat message of the last 7 days to track');
}

beforeAll(async () => {
  ({ server, chromium } = await startSeededDemo({ viewport: { width: 1280, height: 860 } }));
  page = await chromium.context.newPage();
}, 180_000);

afterAll(async () => {
  await chromium?.close();
  await server?.close();
});

describe('personal tab in the Teams workbench', () => {
  it('says at once that it belongs in Teams when opened in a plain browser, and links to the workbench', async () => {
    const started = Date.now();
    await page.goto(`${server.baseUrl}/tab`);
    await page.getByRole('heading', { name: 'Open Turnaround in Microsoft Teams' }).waitFor({ timeout: 5000 });
    expect(Date.now() - started).toBeLessThan(5000);
    const firstLink = page.getByRole('link', { name: /^Open as / }).first();
    await firstLink.waitFor();
    expect(await firstLink.getAttribute('href')).toMatch(/^\/dev\/workbench\/teams\?user=.+&surface=tab$/);
  });

  it('tracks a chat, sees it in the queue with its due time, resolves it, switches to dark; axe on each view', async () => {
    const info = (await (await fetch(`${server.baseUrl}/dev/info`)).json()) as DevInfo;
    const user = await userWithChatToTrack(info.users);
    await page.goto(`${server.baseUrl}/dev/workbench/teams?user=${encodeURIComponent(user.userPrincipalName)}&surface=tab`);
    tab = page.frameLocator('iframe[title="Turnaround personal tab"]');
    await tab.getByRole('heading', { name: 'My queue' }).waitFor({ timeout: 30_000 });
    await tab.getByRole('button', { name: 'Sync now' }).waitFor();
    const violations: Record<string, string[]> = {};

    // Track a chat
    await tab.getByRole('tab', { name: 'Track a chat' }).click();
    const trackButton = tab.getByRole('button', { name: /^Track the message from / }).first();
    await trackButton.waitFor({ timeout: 30_000 });
    const card = tab.getByRole('listitem').filter({ has: trackButton }).first();
    const preview = ((await card.locator('.fui-Body1').last().textContent()) ?? '').trim();
    expect(preview.length).toBeGreaterThan(0);
    violations.trackChat = await seriousAxeViolations(page);
    await trackButton.click();
    await tab.getByRole('button', { name: 'Tracked' }).first().waitFor();

    // Queue: the tracked chat with its due time
    await tab.getByRole('tab', { name: 'Queue' }).click();
    const row = tab.getByRole('listitem').filter({ hasText: preview }).filter({ has: tab.getByRole('img', { name: 'Chat message' }) }).first();
    await row.waitFor({ timeout: 30_000 });
    expect(await row.textContent()).toMatch(/due in .* working time|breached .* ago/);
    violations.queue = await seriousAxeViolations(page);
    // Every row's due phrase stays in its column: never under the "…" button, never below the row.
    const spills = await tab.locator('[role="listitem"][data-request-id]').evaluateAll((rows) => rows.flatMap((r) => {
      const due = r.querySelector('[data-part="due"]')!.getBoundingClientRect();
      const actions = r.querySelector('button[aria-haspopup="menu"]')!.getBoundingClientRect();
      const box = r.getBoundingClientRect();
      return due.right <= actions.left && due.bottom <= box.bottom ? [] : [r.textContent ?? ''];
    }));
    expect(spills).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'tab-queue-light.png') });

    // Resolve it
    const subject = (await row.locator('[data-part="subject"]').textContent()) ?? '';
    await tab.getByRole('button', { name: `Actions for ${subject}` }).click();
    await tab.getByRole('menuitem', { name: 'Resolve' }).click();
    // A toast says so (with Undo), and with "Show resolved" off the row leaves the queue.
    await tab.locator('.fui-Toast').filter({ hasText: `Resolved "${subject}"` }).waitFor();
    await row.waitFor({ state: 'detached' });

    // Dark theme from the host
    await page.getByRole('radio', { name: 'Dark' }).check();
    await tab.locator('[data-theme="dark"]').waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'tab-queue-dark.png') });

    // The other views
    await tab.getByRole('tab', { name: 'My turnaround' }).click();
    await tab.getByRole('heading', { name: 'What counts' }).waitFor();
    violations.turnaroundDark = await seriousAxeViolations(page);
    await page.screenshot({ path: join(ARTIFACTS, 'tab-turnaround-dark.png') });
    await page.getByRole('radio', { name: 'Light' }).check();
    await tab.locator('[data-theme="default"]').waitFor();
    violations.turnaround = await seriousAxeViolations(page);
    await page.screenshot({ path: join(ARTIFACTS, 'tab-turnaround-light.png') });
    await tab.getByRole('tab', { name: 'Suggestions' }).click();
    await tab.getByText('Colleague messages that look like requests').waitFor();
    violations.suggestions = await seriousAxeViolations(page);
    await tab.getByRole('tab', { name: 'My asks' }).click();
    await tab.getByText('What you asked colleagues for').waitFor();
    violations.asks = await seriousAxeViolations(page);

    expect(violations).toEqual({ trackChat: [], queue: [], turnaroundDark: [], turnaround: [], suggestions: [], asks: [] });
    publishReadmeScreenshot('tab-queue-light.png', 'tab-queue.png');
  }, 240_000);
});
