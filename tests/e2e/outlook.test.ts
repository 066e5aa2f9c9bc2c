/**
 * The Outlook add-in end to end: the real server in demo mode (seeded), Debian Chromium, the Outlook workbench framing
 * the real task pane with the Office.js stand-in. A person opens a colleague's email and tracks it in the task pane;
 * the personal tab (Teams workbench) shows it in the queue with the due time the API computed; resolving it in the tab
 * shows it resolved in the task pane. Also the landing page's "Simulate a reply". Needs `npm run build` first.
 */
import { publishReadmeScreenshot } from './support/readme-screenshots';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { LookupResponse, MyCategoriesResponse, QueueResponse, RequestView } from '../../src/contracts/api';
import { formatDuePhrase } from '../../src/ui/shared/format-duration';
import type { LaunchedBrowser } from './support/browser';
import type { DemoServer } from './support/demo-server';
import { ARTIFACTS, startSeededDemo } from './support/seeded-demo';


let server: DemoServer;
let chromium: LaunchedBrowser;

interface MailboxResponse { messages: { id: string; subject: string; from: { address: string } }[] }

async function api<T>(upn: string, path: string): Promise<T> {
  const token = ((await (await fetch(`${server.baseUrl}/dev/idp/token`, { method: 'POST', body: new URLSearchParams({ username: upn }) })).json()) as { access_token: string }).access_token;
  const response = await fetch(`${server.baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

/** A person and the newest untracked, unanswered email a colleague sent them that the workbench's Inbox lists. */
async function pickEmail(): Promise<{ upn: string; messageId: string; subject: string }> {
  const org = server.app.services.devTenant!.org;
  const unanswered = org.groundTruth()
    .filter((g) => g.source === 'email' && g.firstResponseAt === null)
    .sort((a, b) => b.receivedAt.getTime() - a.receivedAt.getTime());
  const mailboxes = new Map<string, MailboxResponse>();
  for (const g of unanswered) {
    const upn = org.userById(g.assigneeId)!.userPrincipalName;
    let mailbox = mailboxes.get(upn);
    if (!mailbox) {
      mailbox = (await (await fetch(`${server.baseUrl}/dev/workbench/outlook/mailbox?${new URLSearchParams({ user: upn, top: '60' })}`)).json()) as MailboxResponse;
      mailboxes.set(upn, mailbox);
    }
    const listed = mailbox.messages.find((m) => m.id === g.messageId);
    if (!listed) continue;
    const lookup = await api<LookupResponse>(upn, `/api/requests/lookup?source=email&messageId=${encodeURIComponent(g.messageId)}`);
    if (!lookup.tracked) return { upn, messageId: g.messageId, subject: listed.subject };
  }
  throw new Error('no untracked, unanswered colleague email in any demo Inbox');
}

/** "Tue 14:30" as the task pane formats a due instant, in the browser's own locale and zone. */
function paneDueText(page: Page, iso: string): Promise<string> {
  return page.evaluate((at) => new Intl.DateTimeFormat(navigator.language, { weekday: 'short', hour: '2-digit', minute: '2-digit' }).format(new Date(at)), iso);
}

beforeAll(async () => {
  ({ server, chromium } = await startSeededDemo({ pages: ['outlook-workbench', 'taskpane', 'tab', 'teams-workbench', 'landing'], viewport: { width: 1400, height: 900 } }));
}, 180_000);

afterAll(async () => {
  await chromium?.close();
  await server?.close();
});

describe('Outlook task pane in the Outlook workbench', () => {
  it('tracks a colleague\'s email, the queue shows it with the API\'s due time, resolving it in the tab shows in the pane', async () => {
    const { upn, messageId, subject } = await pickEmail();

    // 1. Outlook: open the email, open the add-in from the ribbon, track it.
    const outlook = await chromium.context.newPage();
    await outlook.goto(`${server.baseUrl}/dev/workbench/outlook?user=${encodeURIComponent(upn)}`);
    const row = outlook.locator(`button[data-message-id="${messageId}"]`);
    await row.waitFor({ timeout: 30_000 });
    await row.click();
    await outlook.getByRole('toolbar', { name: 'Ribbon' }).getByRole('button', { name: 'Track request' }).click();
    const pane = outlook.frameLocator('iframe[title="Turnaround task pane"]');
    const form = pane.getByRole('form', { name: 'Track this email' });
    await form.waitFor({ timeout: 30_000 });
    // The category comes from the person's team's list (GET /api/me/categories): pick one with the mouse.
    const mine = await api<MyCategoriesResponse>(upn, '/api/me/categories');
    const category = mine.categories[1] ?? mine.categories[0]!;
    await pane.getByText(`${mine.team!.displayName}’s categories`).waitFor({ timeout: 30_000 });
    await form.getByRole('combobox', { name: /Category/ }).click();
    const options = pane.getByRole('listbox').getByRole('option');
    await options.first().waitFor();
    expect(await options.allTextContents()).toEqual(['None', ...mine.categories]);
    await pane.getByRole('option', { name: category }).click();
    await form.getByRole('button', { name: 'Track request' }).click();
    const card = pane.getByRole('region', { name: 'Tracked request' });
    await card.waitFor({ timeout: 30_000 });
    expect(await card.getAttribute('data-status')).toBe('open');

    // The server's view of it: due time computed from Graph's receivedDateTime in the person's working time.
    const tracked = (await api<LookupResponse>(upn, `/api/requests/lookup?source=email&messageId=${encodeURIComponent(messageId)}`)).request as RequestView;
    expect(tracked.subject).toBe(subject);
    expect(tracked.category).toBe(category);
    const firstDueAt = tracked.clocks.firstResponse.dueAt;
    expect(firstDueAt).not.toBeNull();
    const firstResponseLine = card.locator('[data-clock="First response"]');
    await firstResponseLine.waitFor();
    expect(await firstResponseLine.textContent()).toContain(`of working time (${await paneDueText(outlook, firstDueAt!)})`);
    // The Outlook category derived from the team category marks it in the mailbox list.
    await row.getByText(`Turnaround: ${category}`).waitFor({ timeout: 10_000 });
    await outlook.screenshot({ path: join(ARTIFACTS, 'outlook-taskpane.png') });
    publishReadmeScreenshot('outlook-taskpane.png', 'outlook-taskpane.png');

    // 2. Teams: the personal tab's queue lists it with the same due time (working-time countdown to the API's dueAt).
    const teams = await chromium.context.newPage();
    await teams.goto(`${server.baseUrl}/dev/workbench/teams?user=${encodeURIComponent(upn)}&surface=tab`);
    const tab = teams.frameLocator('iframe[title="Turnaround personal tab"]');
    await tab.getByRole('heading', { name: 'My queue' }).waitFor({ timeout: 30_000 });
    const queueRow = tab.locator(`[data-request-id="${tracked.id}"]`);
    await queueRow.waitFor({ timeout: 30_000 });
    const phrases = async (): Promise<string> => {
      const queue = await api<QueueResponse>(upn, '/api/me/queue');
      const view = queue.requests.find((r) => r.id === tracked.id)!;
      expect(view.clocks.firstResponse.dueAt).toBe(firstDueAt);
      // The tab words it in its host's locale and the browser's zone.
      const zone = await teams.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
      return `First response: ${formatDuePhrase(view.clocks.firstResponse, 'en-us', zone)}`;
    };
    const expectedBefore = await phrases();
    const shown = (await queueRow.textContent()) ?? '';
    const expectedAfter = await phrases();
    // (the countdown may tick by a minute between the two reads)
    expect([expectedBefore, expectedAfter].some((phrase) => shown.includes(phrase))).toBe(true);

    // 3. Resolve it in the tab.
    await queueRow.getByRole('button', { name: `Actions for ${tracked.subject}` }).click();
    await tab.getByRole('menuitem', { name: 'Resolve' }).click();
    // A toast says so (with Undo), and with "Show resolved" off the row leaves the queue.
    await tab.locator('.fui-Toast').filter({ hasText: `Resolved "${tracked.subject}"` }).waitFor({ timeout: 30_000 });
    await queueRow.waitFor({ state: 'detached' });
    const resolved = (await api<LookupResponse>(upn, `/api/requests/lookup?source=email&messageId=${encodeURIComponent(messageId)}`)).request as RequestView;
    expect(resolved.status).toBe('resolved');
    await teams.close();

    // 4. Outlook again: reopening the add-in on the same email shows it resolved.
    await outlook.bringToFront();
    await outlook.getByRole('complementary', { name: 'Add-in task pane' }).getByRole('button', { name: 'Close' }).click();
    await outlook.getByRole('toolbar', { name: 'Ribbon' }).getByRole('button', { name: 'Track request' }).click();
    const reopened = outlook.frameLocator('iframe[title="Turnaround task pane"]').getByRole('region', { name: 'Tracked request' });
    await reopened.waitFor({ timeout: 30_000 });
    expect(await reopened.getAttribute('data-status')).toBe('resolved');
    await reopened.getByRole('button', { name: 'Reopen' }).waitFor();
    await outlook.screenshot({ path: join(ARTIFACTS, 'outlook-taskpane-resolved.png') });
    await outlook.close();
  }, 120_000);

  it('the landing page explains the demo, opens the three surfaces and simulates a reply', async () => {
    const page = await chromium.context.newPage();
    await page.goto(server.baseUrl);
    await page.getByRole('region', { name: 'About the demo' }).waitFor({ timeout: 30_000 });
    expect(await page.getByRole('region', { name: 'About the demo' }).locator('p').count()).toBe(3);
    const queueLink = page.getByRole('link', { name: 'My queue (Teams)' });
    await queueLink.waitFor();
    expect(await queueLink.getAttribute('href')).toMatch(/^\/dev\/workbench\/teams\?user=.+&surface=tab$/);
    expect(await page.getByRole('link', { name: 'Team dashboard (Teams channel)' }).getAttribute('href')).toMatch(/surface=manager&team=/);
    expect(await page.getByRole('link', { name: 'Outlook' }).getAttribute('href')).toMatch(/^\/dev\/workbench\/outlook\?user=/);

    await page.getByRole('button', { name: 'Simulate a reply' }).click();
    const status = page.getByRole('status');
    await status.getByText(/ replied to .+’s “.+” — with change notifications \(the demo’s default\) the open queue shows it within seconds; otherwise press Sync\.$|has no open request to reply to/).waitFor({ timeout: 30_000 });
    await page.close();
  }, 60_000);
});
