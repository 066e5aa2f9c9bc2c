/**
 * "Track as request" on a Teams chat message end to end (issue 21, "Proof"): the real server in demo mode, Debian
 * Chromium, the Teams workbench playing Teams. In Chat, "…" → "More actions" → "Track as request" on a colleague's
 * message makes the workbench post a signed `composeExtension/fetchTask` invoke to /api/messages; the answer's dialog
 * page (the personal tab's page with `?dialog=track…`, real teams-js) is framed in the workbench's dialog, painted and
 * answering the mouse; its submit (`dialog.url.submit`) makes the workbench post `composeExtension/submitAction`, whose
 * confirmation the workbench shows; the request is then in the person's "My queue" with its due time.
 * Needs `npm run build` first.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { LookupResponse, RecentChatsResponse } from '../../src/contracts/api';
import type { WorkbenchChat } from '../../src/devtenant/workbench/teams-message-action-routes';
import { seriousAxeViolations } from './support/axe';
import type { LaunchedBrowser } from './support/browser';
import { demoApi, demoJson } from './support/demo-api';
import type { DemoServer } from './support/demo-server';
import { clickTrackAsRequest } from './support/message-action-menu';
import { probePainted } from './support/painted';
import { publishReadmeScreenshot } from './support/readme-screenshots';
import { ARTIFACTS, startSeededDemo } from './support/seeded-demo';

interface DemoUser { id: string; userPrincipalName: string; displayName: string }
interface DevInfo { tenantId: string; users: DemoUser[] }
/** A colleague's untracked message the person sees both in the workbench's Chat and among their recent chats. */
interface Target { user: DemoUser; chat: WorkbenchChat; messageId: string; from: string; text: string }

let server: DemoServer;
let chromium: LaunchedBrowser;
let page: Page;

beforeAll(async () => {
  ({ server, chromium } = await startSeededDemo({ pages: ['tab', 'teams-workbench'], viewport: { width: 1280, height: 860 } }));
  page = await chromium.context.newPage();
}, 180_000);

afterAll(async () => {
  await chromium?.close();
  await server?.close();
});

async function pickTarget(): Promise<Target> {
  const info = await demoJson<DevInfo>(server.baseUrl, '/dev/info');
  for (const user of info.users) {
    const { chats } = await demoJson<{ chats: WorkbenchChat[] }>(server.baseUrl, `/dev/workbench/teams/chats?user=${encodeURIComponent(user.userPrincipalName)}`);
    const recent = await demoApi<RecentChatsResponse>(server.baseUrl, user.userPrincipalName, '/api/me/chats/recent');
    for (const r of recent.messages) {
      if (r.tracked) continue;
      const chat = chats.find((c) => c.id === r.chatId && !c.external);
      const message = chat?.messages.find((m) => m.id === r.messageId && !m.system);
      if (chat && message && message.from !== null) return { user, chat, messageId: message.id, from: message.from, text: message.text };
    }
  }
  throw new Error('no demo person has an untracked colleague\'s chat message in both the workbench\'s Chat and their recent chats');
}

describe('"Track as request" in the Teams workbench', () => {
  it('tracks a colleague\'s chat message from its "More actions" through the dialog; the request is in "My queue" with its due time', async () => {
    const target = await pickTarget();
    await page.goto(`${server.baseUrl}/dev/workbench/teams?user=${encodeURIComponent(target.user.userPrincipalName)}&surface=chats&timeZone=Europe%2FBerlin`);
    await page.getByRole('list', { name: 'Chats' }).waitFor({ timeout: 30_000 });
    await page.getByRole('list', { name: 'Chats' }).getByRole('button', { name: target.chat.title, exact: true }).click();
    const message = page.locator(`article[data-message-id="${target.messageId}"]`);
    await message.waitFor({ timeout: 10_000 });

    // "…" → "More actions" → "Track as request", each painted on top where the mouse goes.
    await clickTrackAsRequest(page, message, target.from, join(ARTIFACTS, 'message-action-menu.png'));
    publishReadmeScreenshot('message-action-menu.png', 'message-action-menu.png');

    // The dialog: the track form's page in the dialog frame, with the message as the API reads it.
    const dialog = page.getByRole('dialog', { name: 'Track as request' });
    await dialog.waitFor({ timeout: 15_000 });
    const frameElement = dialog.getByTestId('dialog-frame');
    await frameElement.waitFor({ timeout: 15_000 });
    expect(new URL((await frameElement.getAttribute('src')) ?? '').searchParams.get('messageId')).toBe(target.messageId);
    const form = page.frameLocator('iframe[data-testid="dialog-frame"]');
    const card = form.getByRole('group', { name: `Track the message from ${target.from}` });
    await card.waitFor({ timeout: 30_000 });
    expect(((await card.textContent()) ?? '').replace(/\s+/g, ' ')).toContain(target.text.slice(0, 40));
    await form.getByText(/categories/).first().waitFor({ timeout: 15_000 });

    // It is painted and answers the mouse: the priority chosen with a click, a note typed.
    const priority = form.getByRole('combobox', { name: 'Priority' });
    expect(await probePainted(priority)).toMatchObject({ painted: true });
    await priority.selectOption('high');
    const note = form.getByRole('textbox', { name: /Note/ });
    await note.click();
    await note.fill('Asked in chat; e2e');
    const submit = form.getByRole('button', { name: 'Track request' });
    const submitProbe = await probePainted(submit);
    expect(submitProbe).toMatchObject({ painted: true });
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'message-action-dialog.png') });
    publishReadmeScreenshot('message-action-dialog.png', 'message-action-dialog.png');
    await page.mouse.click(submitProbe.centre.x, submitProbe.centre.y);

    // The dialog closes and the host shows the bot's confirmation.
    const confirmation = page.getByTestId('dialog-message');
    await confirmation.waitFor({ timeout: 30_000 });
    expect(await confirmation.textContent()).toMatch(/^Tracked as a request: ".+"\. Due .+\(Europe\/Berlin\)\.$/);
    expect(await page.locator('iframe[data-testid="dialog-frame"]').count()).toBe(0);
    await page.screenshot({ path: join(ARTIFACTS, 'message-action-confirmation.png') });
    await page.getByRole('button', { name: 'OK' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached', timeout: 5_000 });

    // The same action again: the bot's card answer says it is tracked already, with its status and due time.
    await message.getByRole('button', { name: `More options for the message from ${target.from}` }).click();
    await page.getByRole('menuitem', { name: 'More actions' }).click();
    await page.getByRole('menuitem', { name: 'Track as request' }).click();
    const already = page.getByTestId('dialog-card');
    await already.waitFor({ timeout: 15_000 });
    expect(((await already.textContent()) ?? '').replace(/\s+/g, ' ')).toMatch(/You already track this message.*Its status: open\. It is due .+\(Europe\/Berlin\)\./);
    await page.getByRole('button', { name: 'Close' }).last().click();
    await page.getByRole('dialog').waitFor({ state: 'detached', timeout: 5_000 });

    // Tracked for the person, with what the form said.
    const lookup = await demoApi<LookupResponse>(server.baseUrl, target.user.userPrincipalName, `/api/requests/lookup?source=chat&messageId=${encodeURIComponent(target.messageId)}`);
    expect(lookup.tracked).toBe(true);
    expect(lookup.request).toMatchObject({ priority: 'high', note: 'Asked in chat; e2e', chatId: target.chat.id });

    // "My queue" in the Turnaround tab lists it with its due time.
    await page.getByRole('navigation', { name: 'Apps' }).getByRole('button', { name: 'Turnaround' }).click();
    const tab = page.frameLocator('iframe[title="Turnaround personal tab"]');
    await tab.getByRole('heading', { name: 'My queue' }).waitFor({ timeout: 30_000 });
    const row = tab.locator(`[role="listitem"][data-request-id="${lookup.request?.id ?? ''}"]`);
    await row.waitFor({ timeout: 30_000 });
    expect(await row.textContent()).toMatch(/due in .* working time|breached .* ago/);
  });

  it('opens the dialog in the host\'s high-contrast theme, painted, and closes it without tracking', async () => {
    const target = await pickTarget();
    await page.goto(`${server.baseUrl}/dev/workbench/teams?user=${encodeURIComponent(target.user.userPrincipalName)}&surface=chats&theme=contrast`);
    await page.getByRole('list', { name: 'Chats' }).getByRole('button', { name: target.chat.title, exact: true }).click();
    const message = page.locator(`article[data-message-id="${target.messageId}"]`);
    await message.getByRole('button', { name: `More options for the message from ${target.from}` }).click();
    await page.getByRole('menuitem', { name: 'More actions' }).click();
    await page.getByRole('menuitem', { name: 'Track as request' }).click();
    const form = page.frameLocator('iframe[data-testid="dialog-frame"]');
    await form.getByRole('group', { name: `Track the message from ${target.from}` }).waitFor({ timeout: 30_000 });
    expect(await form.locator('[data-theme="contrast"]').count()).toBe(1);
    // Judged and photographed once the dialog has faded in: halfway, the chat behind it shows through.
    await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished)));
    expect(await probePainted(form.getByRole('button', { name: 'Track request' }))).toMatchObject({ painted: true });
    await page.screenshot({ path: join(ARTIFACTS, 'message-action-dialog-contrast.png') });
    await page.getByRole('dialog', { name: 'Track as request' }).getByRole('button', { name: 'Close' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached', timeout: 5_000 });
    const lookup = await demoApi<LookupResponse>(server.baseUrl, target.user.userPrincipalName, `/api/requests/lookup?source=chat&messageId=${encodeURIComponent(target.messageId)}`);
    expect(lookup.tracked).toBe(false);
  });
});
