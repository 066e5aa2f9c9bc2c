/**
 * The bell in the Teams workbench end to end (issue 20, "Proof"): the real server in demo mode with its scheduler and
 * warning dispatcher running inline, Debian Chromium, the workbench hosting the personal tab (real teams-js). A demo
 * person's request turns at risk on the dev tenant's simulated clock; the product itself sends the warning to the dev
 * tenant's Teams activity feed; the workbench's bell counts it, is painted on top, opens the feed, and a click on the
 * notification opens the personal tab on that request, as Teams does for a notification whose topic is the tab's deep
 * link. Needs `npm run build` first.
 */
import { join } from 'node:path';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import type { ClockView, QueueResponse, RequestView } from '../../src/contracts/api';
import type { DemoDevTenant } from '../../src/server/server-services';
import { seriousAxeViolations } from './support/axe';
import type { LaunchedBrowser } from './support/browser';
import type { DemoServer } from './support/demo-server';
import { probePainted } from './support/painted';
import { ARTIFACTS, startSeededDemo } from './support/seeded-demo';
import { demoApi, demoJson } from './support/demo-api';

/**
 * The scheduler ticks every SYNC_INTERVAL_SECONDS / 5 (±20 %) and the warning timer never waits longer than that
 * (src/server/warning-work.ts): 15 s gives a 3 s tick, so a warning goes out within about 4 s of its instant instead
 * of the default's 60 s. With change notifications on (the demo's default), scheduled syncs stay a 6-hourly safety
 * net, so the faster tick adds no syncs.
 */
const SYNC_INTERVAL_SECONDS = 15;
/**
 * How long a warning (or a digest) may take to reach the dev tenant's feed after the clock passes its instant: at most
 * one 3.6 s tick (3 s + 20 % jitter) plus the dispatch and the send, with room for a shared 2-core machine.
 */
const WARNING_SENT_WITHIN_MS = 20_000;
/** The bell polls the feed every 3 s (ACTIVITY_POLL_MS); 10 s leaves room for a slow poll. */
const BELL_COUNTS_WITHIN_MS = 10_000;
const MINUTE_MS = 60_000;
/** A clock turns at risk once 75 % of its target is used (DESIGN.md, "Clock status"). */
const AT_RISK_SHARE = 0.75;

interface DemoUser { id: string; userPrincipalName: string; displayName: string }
interface DevInfo { tenantId: string; now: string; users: DemoUser[] }
interface DevActivityEntry { id: string; type: string; text: string; subEntityId: string | null; time: string }
interface DevActivity { teamsAppInstalled: boolean; value: DevActivityEntry[] }

/** The request the test waits on: whose it is, and the instant its first-response clock turns at risk. */
interface Target { user: DemoUser; request: RequestView; atRiskAt: number }

let server: DemoServer;
let chromium: LaunchedBrowser;
let page: Page;

const getJson = <T>(path: string): Promise<T> => demoJson<T>(server.baseUrl, path);
const api = <T>(upn: string, path: string): Promise<T> => demoApi<T>(server.baseUrl, upn, path);

/**
 * Whether an element is shown whole: inside the viewport and inside every ancestor that clips its overflow (a badge
 * placed inside Fluent's Button, which hides its overflow, was cut in half — toBeVisible does not see that).
 */
async function shownWhole(locator: Locator): Promise<boolean> {
  return locator.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const inside = (c: { left: number; top: number; right: number; bottom: number }) => r.left >= c.left - 0.5 && r.top >= c.top - 0.5 && r.right <= c.right + 0.5 && r.bottom <= c.bottom + 0.5;
    if (r.width === 0 || r.height === 0 || !inside({ left: 0, top: 0, right: window.innerWidth, bottom: window.innerHeight })) return false;
    for (let a = el.parentElement; a !== null; a = a.parentElement) {
      const style = getComputedStyle(a);
      if (style.overflowX === 'visible' && style.overflowY === 'visible') continue;
      if (!inside(a.getBoundingClientRect())) return false;
    }
    return true;
  });
}

const activityOf = (upn: string): Promise<DevActivity> => getJson<DevActivity>(`/dev/activity?upn=${encodeURIComponent(upn)}`);

/** Moves the dev tenant's simulated clock to `atMs` (it keeps running from there); never backwards. */
async function setDemoClock(atMs: number): Promise<void> {
  const response = await fetch(`${server.baseUrl}/dev/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ now: new Date(atMs).toISOString() }) });
  if (!response.ok) throw new Error(`POST /dev/clock: HTTP ${response.status}`);
}

const demoNow = async (): Promise<number> => Date.parse((await getJson<DevInfo>('/dev/info')).now);

/**
 * The instant a running first-response clock turns at risk, read from what the API shows, or null when the API's
 * numbers do not pin it down. `remainingMinutes` working minutes are left at `now`; if the wall-clock minutes from
 * `now` to `dueAt` equal them (to the API's 0.1-minute rounding), every minute up to `dueAt` is working time, so the
 * clock reaches 75 % of its target exactly target × 25 % minutes before `dueAt` — e.g. a 240-minute target due at
 * 15:00 with 100 minutes left at 13:20 turns at risk at 15:00 − 60 min = 14:00.
 */
function atRiskFromApi(clock: ClockView, now: number): number | null {
  if (clock.status !== 'onTrack' || clock.dueAt === null || clock.stoppedAt !== null) return null;
  const dueAt = Date.parse(clock.dueAt);
  if (Math.abs((dueAt - now) / MINUTE_MS - clock.remainingMinutes) > 0.2) return null;
  return dueAt - clock.targetMinutes * (1 - AT_RISK_SHARE) * MINUTE_MS;
}

/**
 * Whether a clock stays quiet (no at-risk or breach transition) until `until`: at most the wall-clock minutes from
 * `now` to `until` are working minutes, so a clock that would not reach 75 % (or, at risk, 100 %) of its target even
 * if all of them were worked sends nothing. Paused and stopped clocks have no transition.
 */
function quietUntil(clock: ClockView, now: number, until: number): boolean {
  if (clock.stoppedAt !== null || clock.dueAt === null || clock.status === 'breached') return true;
  const usedBy = clock.usedMinutes + (until - now) / MINUTE_MS;
  return clock.status === 'onTrack' ? usedBy < AT_RISK_SHARE * clock.targetMinutes : usedBy <= clock.targetMinutes;
}

const openQueue = async (upn: string): Promise<QueueResponse> => api<QueueResponse>(upn, '/api/me/queue');

/**
 * A demo person with Turnaround's Teams app and an open request whose first-response clock is on track and turns at
 * risk inside their working hours, with the demo clock moved to 2 minutes before that instant. The instant comes from
 * the queue the API shows (dueAt, target, remaining minutes: {@link atRiskFromApi}), read again at the new time; none
 * of the person's other clocks may turn between then and a minute after the instant, so the warning is the only
 * notification the bell can count. Candidates are tried earliest first, as the clock only moves forward.
 */
async function pickTarget(): Promise<Target> {
  const info = await getJson<DevInfo>('/dev/info');
  const candidates: { user: DemoUser; requestId: string; dueAt: number; targetMinutes: number }[] = [];
  for (const user of info.users) {
    if (!(await activityOf(user.userPrincipalName)).teamsAppInstalled) continue;
    for (const r of (await openQueue(user.userPrincipalName)).requests) {
      const clock = r.clocks.firstResponse;
      if (r.status !== 'open' || clock.status !== 'onTrack' || clock.dueAt === null) continue;
      candidates.push({ user, requestId: r.id, dueAt: Date.parse(clock.dueAt), targetMinutes: clock.targetMinutes });
    }
  }
  // The at-risk instant if the clock's last quarter is working time; checked below at the new time.
  const guess = (c: (typeof candidates)[number]): number => c.dueAt - c.targetMinutes * (1 - AT_RISK_SHARE) * MINUTE_MS;
  candidates.sort((x, y) => guess(x) - guess(y));
  for (const c of candidates) {
    const before = guess(c) - 2 * MINUTE_MS;
    if (before <= (await demoNow())) continue;
    await setDemoClock(before);
    const queue = await openQueue(c.user.userPrincipalName);
    const now = Date.parse(queue.now);
    const request = queue.requests.find((r) => r.id === c.requestId);
    if (request === undefined || request.status !== 'open') continue;
    const atRiskAt = atRiskFromApi(request.clocks.firstResponse, now);
    if (atRiskAt === null || atRiskAt <= now) continue;
    const until = atRiskAt + 2 * MINUTE_MS;
    const othersQuiet = queue.requests.every((r) => r.status === 'resolved' || (quietUntil(r.clocks.resolution, now, until) && (r.id === request.id || quietUntil(r.clocks.firstResponse, now, until))));
    if (othersQuiet) return { user: c.user, request, atRiskAt };
  }
  throw new Error('no demo person with the Teams app has an on-track request that turns at risk inside their working hours');
}

/** The calendar date of `atMs` in `timeZone` (YYYY-MM-DD). */
const localDate = (atMs: number, timeZone: string): string => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(atMs));

/**
 * Waits until the person's working-day digest for the local date of `atMs` is in their feed. At that instant they are
 * inside working hours with an open request due that day (the target's), so the digest has something to say and is
 * sent on the scheduler tick after the day's first working minute — already, or after the clock's move.
 */
async function waitForDigestOf(upn: string, timeZone: string, atMs: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const day = localDate(atMs, timeZone);
  while (!(await activityOf(upn)).value.some((e) => e.type === 'workdayDigest' && localDate(Date.parse(e.time), timeZone) === day)) {
    if (Date.now() > deadline) throw new Error(`no workday digest for ${upn} on ${day} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Waits until the person's feed holds a notification about `requestId` of `type`, and returns it. */
async function waitForActivity(upn: string, requestId: string, type: string, timeoutMs: number): Promise<DevActivityEntry> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const entry = (await activityOf(upn)).value.find((e) => e.subEntityId === `request:${requestId}` && e.type === type);
    if (entry !== undefined) return entry;
    if (Date.now() > deadline) throw new Error(`no ${type} notification about request ${requestId} for ${upn} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

beforeAll(async () => {
  ({ server, chromium } = await startSeededDemo({ pages: ['tab', 'teams-workbench'], viewport: { width: 1280, height: 860 }, env: { SYNC_INTERVAL_SECONDS: String(SYNC_INTERVAL_SECONDS) } }));
  page = await chromium.context.newPage();
}, 180_000);

afterAll(async () => {
  await chromium?.close();
  await server?.close();
});

describe('the Activity bell in the Teams workbench', () => {
  it('counts the warning when a request turns at risk, opens the feed, and a click opens the tab on that request', async () => {
    const { user, request, atRiskAt } = await pickTarget();
    const subject = request.subject || request.preview;
    // In demo mode the server runs its own dev tenant (startDevTenant), which has the demo client's credentials.
    const devTenant = server.app.services.devTenant as DemoDevTenant | null;
    if (devTenant === null) throw new Error('the demo server has no dev tenant');
    const timeZone = devTenant.org.userByIdOrUpn(user.id)?.ianaZone;
    if (timeZone === undefined) throw new Error(`no demo user ${user.id}`);
    // The clock now stands inside the person's working day: its digest comes first (the bell would count it too).
    await waitForDigestOf(user.userPrincipalName, timeZone, await demoNow(), WARNING_SENT_WITHIN_MS);

    await page.goto(`${server.baseUrl}/dev/workbench/teams?user=${encodeURIComponent(user.userPrincipalName)}&surface=tab`);
    const tabBefore: FrameLocator = page.frameLocator('iframe[title="Turnaround personal tab"]');
    await tabBefore.getByRole('heading', { name: 'My queue' }).waitFor({ timeout: 30_000 });
    const bellButton = page.getByTestId('activity-bell');
    const noUnread = page.getByRole('button', { name: 'Activity, no unread notifications', exact: true });
    // The person has notifications already (at least today's digest): the bell counts them; opening the feed marks
    // them seen, as in Teams, so the badge then counts only what comes next.
    await page.getByRole('button', { name: /^Activity, \d+ unread notifications?$/ }).waitFor({ timeout: 15_000 });
    await bellButton.click();
    await page.getByRole('dialog', { name: 'Activity' }).waitFor({ timeout: 10_000 });
    await page.keyboard.press('Escape');
    await page.getByRole('dialog', { name: 'Activity' }).waitFor({ state: 'detached', timeout: 5_000 });
    await noUnread.waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('activity-count').count()).toBe(0);
    // No warning about the request yet: its clock is still on track.
    const warningsAbout = async (): Promise<DevActivityEntry[]> =>
      (await activityOf(user.userPrincipalName)).value.filter((e) => e.subEntityId === `request:${request.id}` && e.type !== 'workdayDigest');
    expect(await warningsAbout()).toEqual([]);

    // The demo clock moves to a minute past the at-risk instant (unless real time got there first while the page
    // loaded); the scheduler's next tick or the warning timer sends the warning.
    const movedTo = Math.max(atRiskAt + MINUTE_MS, await demoNow());
    await setDemoClock(movedTo);
    const warning = await waitForActivity(user.userPrincipalName, request.id, 'requestAtRisk', WARNING_SENT_WITHIN_MS);

    // The dev tenant's feed holds the product's warning: received once the clock had passed the instant, whose click
    // opens the tab on the request, sent by Turnaround's own application (the demo client's app-only token).
    expect(Date.parse(warning.time)).toBeGreaterThanOrEqual(atRiskAt);
    expect(warning.text).toContain(`${request.requester.displayName}'s request is at risk`);
    expect(await warningsAbout()).toHaveLength(1);
    const sent = devTenant.activityFeed.receivedBy(user.id).find((a) => a.id === warning.id);
    expect(sent?.applicationId).toBe(devTenant.authority.demoClient.clientId);

    // The bell counts it within a poll or two: the one notification since the feed was last opened.
    const bell = page.getByRole('button', { name: 'Activity, 1 unread notification', exact: true });
    await bell.waitFor({ timeout: BELL_COUNTS_WITHIN_MS });
    const badge = page.getByTestId('activity-count');
    expect(await badge.textContent()).toBe('1');
    const bellProbe = await probePainted(bell);
    expect(bellProbe).toMatchObject({ painted: true });
    // The badge is whole (not clipped) and sits on the bell's top corner.
    expect(await shownWhole(badge)).toBe(true);
    const [bellBox, badgeBox] = [await bell.boundingBox(), await badge.boundingBox()];
    if (!bellBox || !badgeBox) throw new Error('the bell or its badge is not rendered');
    expect(badgeBox.x + badgeBox.width / 2).toBeGreaterThan(bellBox.x + bellBox.width / 2);
    expect(badgeBox.y).toBeLessThan(bellBox.y + bellBox.height / 2);
    await page.screenshot({ path: join(ARTIFACTS, 'activity-bell-unread.png'), clip: { x: 0, y: 0, width: 1280, height: 120 } });

    // A click opens the feed: the notification listed with its text, painted on top of the page.
    await page.mouse.click(bellProbe.centre.x, bellProbe.centre.y);
    const panel = page.getByRole('dialog', { name: 'Activity' });
    await panel.waitFor({ timeout: 10_000 });
    // Other people's warnings may flow too, and this person's earlier notifications stay listed: the entry is found
    // by the id the feed gave the warning.
    const item = panel.getByRole('list', { name: 'Activity' }).locator(`li[data-activity-id="${warning.id}"]`).getByRole('button');
    expect(await item.count()).toBe(1);
    expect(await item.textContent()).toContain(`${request.requester.displayName}'s request is at risk`);
    expect(await item.textContent()).toContain('unread');
    expect(await probePainted(item)).toMatchObject({ painted: true });
    // Opening the feed cleared the badge, as in Teams. (By test id: the open panel is modal, so the page behind it,
    // bell included, is aria-hidden and out of reach of getByRole until it closes.)
    await page.waitForFunction(() => document.querySelector('[data-testid="activity-bell"]')?.getAttribute('aria-label') === 'Activity, no unread notifications', undefined, { timeout: 5_000 });
    expect(await page.getByTestId('activity-count').count()).toBe(0);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'activity-bell.png') });

    // The keyboard: focus is in the panel, Escape closes it back to the bell, Enter opens it again.
    expect(await panel.evaluate((el) => el.contains(document.activeElement))).toBe(true);
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached', timeout: 5_000 });
    expect(await bellButton.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await page.getByRole('button', { name: 'Activity, no unread notifications', exact: true }).count()).toBe(1);
    await page.keyboard.press('Enter');
    await panel.waitFor({ timeout: 5_000 });

    // A click on the notification: the panel closes and the host opens the tab with the request as its sub-entity.
    await item.click();
    await panel.waitFor({ state: 'detached', timeout: 10_000 });
    const tab: FrameLocator = page.frameLocator('iframe[title="Turnaround personal tab"]');
    const heading = tab.getByRole('dialog').getByRole('heading', { name: subject });
    await heading.waitFor({ timeout: 30_000 });
    // The detail panel slides in and fades in: judged (and photographed) once its animations have finished, not
    // halfway, when it is still partly off screen and the queue shows through it.
    await tab.locator('body').evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished)));
    expect(await probePainted(heading)).toMatchObject({ painted: true });
    // Its actions fit the panel: the last one ends inside the viewport.
    const actions = tab.getByRole('dialog').getByRole('button', { name: 'Untrack', exact: true });
    const actionsBox = await actions.boundingBox();
    expect(actionsBox !== null && actionsBox.x + actionsBox.width <= 1280).toBe(true);
    expect(new URL(page.url()).searchParams.get('subEntityId')).toBe(`request:${request.id}`);
    await page.screenshot({ path: join(ARTIFACTS, 'activity-bell-opened.png') });
  }, 300_000);
});
