/**
 * The request detail panel end to end: the real server in demo mode, Debian Chromium, the Teams workbench as the host
 * of the real teams-js. A click on a row opens the panel — painted on top, not covered, its history listed — the "…"
 * button opens only its menu, and a tab deep link (`subEntityId=request:<id>`) opens the panel at start.
 * Needs `npm run build` first.
 */
import { join } from 'node:path';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import type { RequestRecord } from '../../src/app/records';
import { seriousAxeViolations } from './support/axe';
import type { LaunchedBrowser } from './support/browser';
import type { DemoServer } from './support/demo-server';
import { ARTIFACTS, startSeededDemo } from './support/seeded-demo';
import { probePainted } from './support/painted';
import { publishReadmeScreenshot } from './support/readme-screenshots';


interface DevInfo { tenantId: string; users: { id: string; userPrincipalName: string; displayName: string }[] }

let server: DemoServer;
let chromium: LaunchedBrowser;
let page: Page;
let info: DevInfo;

beforeAll(async () => {
  ({ server, chromium } = await startSeededDemo({ viewport: { width: 1280, height: 860 } }));
  info = (await (await fetch(`${server.baseUrl}/dev/info`)).json()) as DevInfo;
  page = await chromium.context.newPage();
}, 180_000);

afterAll(async () => {
  await chromium?.close();
  await server?.close();
});

/** True when the element's centre is painted by the element itself (or its content), not by something on top of it. */
const paintedAtCentre = async (locator: Locator): Promise<boolean> => (await probePainted(locator)).painted;

/**
 * Opens the tab and waits for the queue's heading — or, for a deep link, only for the frame: the panel may open before
 * the heading is seen, and a modal drawer takes the page behind it out of the accessibility tree.
 */
async function openTab(upn: string, extra = ''): Promise<FrameLocator> {
  await page.goto(`${server.baseUrl}/dev/workbench/teams?user=${encodeURIComponent(upn)}&surface=tab${extra}`);
  const tab = page.frameLocator('iframe[title="Turnaround personal tab"]');
  if (extra === '') await tab.getByRole('heading', { name: 'My queue' }).waitFor({ timeout: 30_000 });
  return tab;
}

/** The demo person with the most open tracked requests, and those requests (from the server's store). */
async function busiestPerson(): Promise<{ user: DevInfo['users'][number]; requests: RequestRecord[] }> {
  let best: { user: DevInfo['users'][number]; requests: RequestRecord[] } | null = null;
  for (const user of info.users) {
    const requests = await server.app.services.stores.requests.listForAssignee(info.tenantId, user.id, { includeResolved: true });
    if (best === null || requests.filter((r) => r.status !== 'resolved').length > best.requests.filter((r) => r.status !== 'resolved').length) best = { user, requests };
  }
  if (best === null || best.requests.length === 0) throw new Error('the demo has no tracked requests');
  return best;
}

describe('request detail panel in the Teams workbench', () => {
  it('a click on a row opens the panel, painted over the queue, with the request’s history; "…" opens only its menu; axe is clean', async () => {
    const { user } = await busiestPerson();
    const tab = await openTab(user.userPrincipalName);
    const row = tab.getByRole('list', { name: /due first/ }).getByRole('listitem').first();
    await row.waitFor({ timeout: 30_000 });
    const subject = ((await row.locator('[data-part="subject"]').textContent()) ?? '').trim();
    expect(subject.length).toBeGreaterThan(0);

    // "…" opens the actions menu, not the panel.
    await row.getByRole('button', { name: /^Actions for / }).click();
    await tab.getByRole('menuitem', { name: 'Untrack' }).waitFor();
    expect(await tab.getByRole('dialog').count()).toBe(0);
    await page.keyboard.press('Escape');
    await tab.getByRole('menu').waitFor({ state: 'detached' });

    // A click on the row (its requester line, not the subject button) opens the panel.
    await row.getByText(/ · Received /).click();
    const dialog = tab.getByRole('dialog');
    const heading = dialog.getByRole('heading', { name: subject });
    await heading.waitFor({ timeout: 10_000 });
    expect(await paintedAtCentre(heading)).toBe(true);
    const history = dialog.getByRole('list', { name: /History of the request/ });
    await history.getByRole('listitem').first().waitFor();
    const entries = await history.getByRole('listitem').evaluateAll((items) => items.map((li) => li.getAttribute('data-event')));
    expect(entries[0]).toBe('received');
    expect(entries).toContain('tracked');
    expect(await paintedAtCentre(history.getByRole('listitem').first())).toBe(true);
    // The panel's buttons answer the mouse: a trial click finds them visible, stable and not covered.
    await dialog.getByRole('button', { name: 'Close details' }).click({ trial: true });
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'tab-request-detail-click.png') });
    publishReadmeScreenshot('tab-request-detail-click.png', 'tab-request-detail.png'); // the queue dimmed behind the panel

    await dialog.getByRole('button', { name: 'Close details' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await paintedAtCentre(row.locator('[data-part="subject"]'))).toBe(true);
  }, 180_000);

  it('a tab deep link (subEntityId=request:<id>) opens the panel at start: the first response with its working time and reply link, times in the viewer’s zone', async () => {
    const { user, requests } = await busiestPerson();
    const answered = requests.find((r) => r.status !== 'resolved' && r.firstResponseAt !== null && r.firstResponseSource !== 'manual') ?? requests.find((r) => r.firstResponseAt !== null);
    if (!answered) throw new Error('the busiest demo person has no answered request');
    const tab = await openTab(user.userPrincipalName, `&subEntityId=${encodeURIComponent(`request:${answered.id}`)}&timeZone=Asia/Tokyo`);
    const dialog = tab.getByRole('dialog');
    const heading = dialog.getByRole('heading', { name: answered.subject || answered.preview });
    await heading.waitFor({ timeout: 45_000 });
    expect(await paintedAtCentre(heading)).toBe(true);

    const response = dialog.locator('[data-event="responded"]').first();
    await response.waitFor();
    expect(await response.textContent()).toMatch(/First response (by email|in the chat).*First response after .* of working time, (within|over) the .* target/);
    // Shown in the viewer's zone from the host (Tokyo, GMT+9), whatever the machine's zone.
    expect(await response.locator('time').textContent()).toMatch(/GMT\+9$/);
    const received = dialog.locator('[data-event="received"] time');
    expect(await received.getAttribute('datetime')).toBe(answered.receivedAt.toISOString());
    expect(await paintedAtCentre(response)).toBe(true);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'tab-request-detail-deep-link.png') });
  }, 180_000);
});
