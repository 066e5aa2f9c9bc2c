/**
 * End to end in Chromium: the real server in demo mode, the Teams workbench as a channel host (team and channel
 * context, the configurable-tab save handshake over the real teams-js protocol). An owner adds the tab, edits a
 * standard and sees the dashboard change; a member sees the aggregate only. The data is the demo's own seeding (the
 * organisation's already-tracked requests). Screenshots go to tests/e2e/artifacts/; the dashboard's also to
 * assets/screenshots/manager-dashboard.png.
 */
import { publishReadmeScreenshot } from './support/readme-screenshots';
import { seriousAxeViolations } from './support/axe';
import { probePainted } from './support/painted';
import { join } from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import type { DashboardResponse } from '../../src/contracts/api';
import type { LaunchedBrowser } from './support/browser';
import type { DemoServer } from './support/demo-server';
import { ARTIFACTS, startSeededDemo } from './support/seeded-demo';


interface DemoTeam { id: string; displayName: string }
interface DemoUser { userPrincipalName: string; ownsTeams: DemoTeam[]; memberOfTeams: DemoTeam[] }

let server: DemoServer;
let chromium: LaunchedBrowser;
let BASE = '';

async function tokenFor(upn: string): Promise<string> {
  const response = await fetch(`${BASE}/dev/idp/token`, { method: 'POST', body: new URLSearchParams({ username: upn }) });
  return ((await response.json()) as { access_token: string }).access_token;
}

async function dashboardFor(upn: string, groupId: string): Promise<DashboardResponse> {
  const response = await fetch(`${BASE}/api/teams/${groupId}/dashboard?period=30d`, { headers: { authorization: `Bearer ${await tokenFor(upn)}` } });
  return (await response.json()) as DashboardResponse;
}

/** Polls `read` until it returns `expected` (or the timeout passes) and returns the last value read. */
async function pollFor<T>(read: () => Promise<T>, expected: T, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (value !== expected && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 250));
    value = await read();
  }
  return value;
}

const tabFrame = (page: Page): FrameLocator => page.frameLocator('iframe[data-surface]');

beforeAll(async () => {
  // The demo as `npm start` serves it: the server seeds the organisation's already-tracked requests after listening.
  ({ server, chromium } = await startSeededDemo({ pages: ['manager', 'manager-config', 'teams-workbench'] }));
  BASE = server.baseUrl;
}, 180_000);

afterAll(async () => {
  await chromium?.close();
  await server?.close();
});

describe('manager tab in the Teams channel workbench', () => {
  it('an owner adds the tab, edits a standard, which applies to requests tracked from then on; a member sees aggregates only', async () => {
    const info = (await (await fetch(`${BASE}/dev/info`)).json()) as { users: DemoUser[] };
    // a team whose owner sees numbers (enough people with data) and that has a member who is not an owner
    let chosen: { owner: DemoUser; member: DemoUser; team: DemoTeam; before: DashboardResponse } | null = null;
    for (const owner of info.users) {
      for (const team of owner.ownsTeams) {
        const member = info.users.find((u) => u.memberOfTeams.some((t) => t.id === team.id) && !u.ownsTeams.some((t) => t.id === team.id));
        if (!member) continue;
        const before = await dashboardFor(owner.userPrincipalName, team.id);
        if (before.enoughData) { chosen = { owner, member, team, before }; break; }
      }
      if (chosen) break;
    }
    if (!chosen) throw new Error('the seeded demo has no team with enough data, an owner and a member');
    const { owner, member, team, before } = chosen;

    // 1. the owner adds the tab: config page in the settings frame, confirm standards, Save (the handshake)
    const page = await chromium.context.newPage();
    await page.setViewportSize({ width: 1280, height: 1400 });
    await page.goto(`${BASE}/dev/workbench/teams?${new URLSearchParams({ user: owner.userPrincipalName, surface: 'config', team: team.id })}`);
    const config = tabFrame(page);
    await config.getByText(`Add Turnaround to ${team.displayName}`).waitFor({ timeout: 30_000 });
    const save = page.getByRole('button', { name: 'Save', exact: true });
    expect(await save.isDisabled()).toBe(true); // not valid until the owner confirms the standards
    await config.getByRole('checkbox', { name: /Use these standards/ }).check();
    expect(await pollFor(() => save.isEnabled(), true, 10_000)).toBe(true);
    await save.click();

    // 2. the workbench now frames the saved content URL: the dashboard for the team
    const tab = tabFrame(page);
    await tab.getByRole('heading', { name: new RegExp(`${team.displayName}: turnaround, last 30 days`) }).waitFor({ timeout: 30_000 });
    expect(await page.locator('iframe[data-surface]').getAttribute('src')).toContain(`/manager?team=${encodeURIComponent(team.id)}&view=dashboard`);
    // the card's big figure: the share within standard ("86 %")
    const firstShare = tab.getByRole('group', { name: 'First response' }).getByText(/^(\d+ %|–)$/).first();
    const shareBefore = await firstShare.textContent();
    expect(shareBefore).toBe(`${Math.round((before.firstResponse!.withinStandardShare ?? 0) * 100)} %`);
    await tab.getByRole('table', { name: 'Departments the team serves' }).waitFor();
    await page.waitForTimeout(500); // let the lazily loaded chart draw before the screenshot
    await page.screenshot({ path: join(ARTIFACTS, 'manager-dashboard.png'), fullPage: true });
    expect(await seriousAxeViolations(page)).toEqual([]);

    // 2b. "What counts" opens beside the figures, painted and not covered, with numbers that add up
    await tab.getByRole('button', { name: 'What counts' }).click();
    const whatCounts = tab.getByRole('list', { name: 'What counts' });
    await whatCounts.waitFor();
    const received = before.counts!;
    expect(await whatCounts.getByRole('listitem').first().textContent()).toContain(`${received.received} requests = ${received.resolved} resolved + ${received.open} still open`);
    expect(received.resolved + received.open).toBe(received.received);
    await whatCounts.scrollIntoViewIfNeeded(); // elementFromPoint sees only what is inside the viewport
    expect(await probePainted(whatCounts.getByRole('listitem').first())).toMatchObject({ painted: true });
    await page.screenshot({ path: join(ARTIFACTS, 'manager-what-counts.png'), fullPage: true });
    publishReadmeScreenshot('manager-what-counts.png', 'manager-what-counts.png');
    expect(await seriousAxeViolations(page)).toEqual([]);

    // 3. edit the default standard: first response within 15 minutes (much stricter), save
    await page.setViewportSize({ width: 1280, height: 800 }); // a laptop screen: the editor is taller than the frame
    await tab.getByRole('tab', { name: 'Edit standards' }).click();
    const card = tab.getByRole('group', { name: /^Standard 1:/ });
    await card.waitFor();
    // the sticky Save bar never covers the field being edited: Tab through the form; each focused field is on top
    const covered = await tab.locator('section[aria-labelledby="standards-heading"]').evaluate(async (form) => {
      const bar = [...form.querySelectorAll('button')].find((b) => b.textContent === 'Save standards')!.parentElement!;
      const fields = [...form.querySelectorAll<HTMLElement>('input, select, button')].filter((el) => !bar.contains(el));
      const hidden: string[] = [];
      for (const field of fields) {
        field.focus();
        await new Promise((r) => requestAnimationFrame(r));
        const r = field.getBoundingClientRect();
        const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        const barTop = bar.getBoundingClientRect().top;
        if (!(hit !== null && (field.contains(hit) || hit.contains(field) || field.parentElement?.contains(hit))) || r.bottom > barTop) {
          hidden.push(field.getAttribute('aria-label') ?? field.textContent ?? field.tagName);
        }
      }
      return hidden;
    });
    expect(covered).toEqual([]);
    await tab.locator('body').evaluate(() => window.scrollTo(0, 0));
    await card.getByRole('spinbutton', { name: /first response within, hours/ }).fill('0');
    await card.getByRole('spinbutton', { name: /first response within, minutes/ }).fill('15');
    const beforeSave = await dashboardFor(owner.userPrincipalName, team.id);
    await tab.getByRole('button', { name: 'Save standards' }).click();
    const savedBar = tab.getByText(/Saved\. The new standards apply to requests tracked from now on; requests already tracked keep the targets/);
    await savedBar.waitFor({ timeout: 30_000 });
    // "Saved" is in view without scrolling: inside the page's viewport and the tab frame's, and painted on top
    await page.waitForTimeout(300); // let the smooth scroll settle, if any
    const box = (await savedBar.boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height).toBeLessThanOrEqual(800);
    expect(await savedBar.evaluate((el) => {
      const r = el.getBoundingClientRect();
      const inFrame = r.top >= 0 && r.bottom <= window.innerHeight;
      return inFrame && el.contains(document.elementFromPoint(r.left + Math.min(r.width / 2, 40), r.top + r.height / 2));
    })).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'manager-standards-editor.png') });
    expect(await seriousAxeViolations(page)).toEqual([]);

    // 4. the dashboard: the requests tracked before the save keep the targets they were tracked under (DESIGN "Service
    // standard"), so the stricter standard does not turn their past answers into misses
    await tab.getByRole('tab', { name: 'Dashboard' }).click();
    const after = await dashboardFor(owner.userPrincipalName, team.id);
    expect(after.firstResponse!.withinStandardShare).toBe(beforeSave.firstResponse!.withinStandardShare);
    const expectedAfter = `${Math.round((after.firstResponse!.withinStandardShare ?? 0) * 100)} %`;
    const shown = () => tab.getByRole('group', { name: 'First response' }).getByText(/^(\d+ %|–)$/).first().textContent();
    expect(await pollFor(shown, expectedAfter, 20_000)).toBe(expectedAfter);
    publishReadmeScreenshot('manager-dashboard.png', 'manager-dashboard.png');
    await page.close();

    // 5. a member opens the team tab: aggregates only, standards read-only, no per-person rows
    const memberPage = await chromium.context.newPage();
    await memberPage.setViewportSize({ width: 1280, height: 1200 });
    await memberPage.goto(`${BASE}/dev/workbench/teams?${new URLSearchParams({ user: member.userPrincipalName, surface: 'manager', team: team.id })}`);
    const memberTab = tabFrame(memberPage);
    await memberTab.getByRole('heading', { name: new RegExp(`${team.displayName}: turnaround`) }).waitFor({ timeout: 30_000 });
    expect(await memberTab.getByRole('table', { name: /People/ }).count()).toBe(0);
    expect(await memberTab.getByRole('tab', { name: 'Edit standards' }).count()).toBe(0);
    await memberTab.getByRole('tab', { name: 'Standards' }).click();
    await memberTab.getByText("Only the team's owners edit standards. You can see them here.").waitFor();
    expect(await memberTab.getByRole('button', { name: 'Save standards' }).count()).toBe(0);
    await memberPage.close();
  }, 120_000);
});
