/**
 * "Track as request" on a Teams channel thread end to end (issue 21, "Proof"): the real server in demo mode, Debian
 * Chromium, the Teams workbench playing Teams. In Teams, on a colleague's root message in a help channel that its
 * assignee has not answered yet (the demo's ground truth), "…" → "More actions" → "Track as request" makes the workbench
 * post a signed channel `composeExtension/fetchTask` invoke (the thread as the conversation) to /api/messages; the
 * dialog page is framed and painted, its submit posts `composeExtension/submitAction`, whose confirmation the workbench
 * shows; the request is in "My queue" with its due time. The assignee then replies in the same thread (through the
 * demo organisation, as Graph's write path does), "Sync now" in the tab reads the thread's replies, and the request
 * shows the reply as its first response. Needs `npm run build` first.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { LookupResponse, QueueResponse } from '../../src/contracts/api';
import type { DemoChannel, DemoOrganization, DemoTeam, DemoUser, GroundTruthRequest } from '../../src/devtenant/demo-organization';
import { seriousAxeViolations } from './support/axe';
import type { LaunchedBrowser } from './support/browser';
import { demoApi } from './support/demo-api';
import type { DemoServer } from './support/demo-server';
import { clickTrackAsRequest } from './support/message-action-menu';
import { probePainted } from './support/painted';
import { ARTIFACTS, startSeededDemo } from './support/seeded-demo';

let server: DemoServer;
let chromium: LaunchedBrowser;
let page: Page;

beforeAll(async () => {
  // "Sync now" finding the thread reply is what this test watches (channel messages have no change notifications yet;
  // with notifications off nothing else syncs the person in between).
  ({ server, chromium } = await startSeededDemo({ pages: ['tab', 'teams-workbench'], viewport: { width: 1280, height: 860 }, env: { CHANGE_NOTIFICATIONS: 'off' } }));
  page = await chromium.context.newPage();
}, 180_000);

afterAll(async () => {
  await chromium?.close();
  await server?.close();
});

function demoOrg(): DemoOrganization {
  const devTenant = server.app.services.devTenant;
  if (devTenant === null) throw new Error('the demo server has no dev tenant');
  return devTenant.org;
}

/** A channel request of the ground truth that is not tracked and whose thread its assignee has not answered. */
async function pickThread(): Promise<{ t: GroundTruthRequest; channel: DemoChannel; team: DemoTeam; assignee: DemoUser; requester: DemoUser }> {
  const org = demoOrg();
  for (const t of org.groundTruth().filter((g) => g.source === 'channel' && g.firstResponseAt === null)) {
    const channel = org.channels.find((c) => c.id === t.channelId);
    const team = org.teams.find((x) => x.id === channel?.teamId);
    const assignee = org.userById(t.assigneeId);
    const requester = org.userById(t.requesterId);
    if (!channel || !team || !assignee || !requester) continue;
    if (channel.messages.some((m) => m.replyToId === t.threadId && m.fromUserIndex === assignee.index)) continue;
    const lookup = await demoApi<LookupResponse>(server.baseUrl, assignee.userPrincipalName, `/api/requests/lookup?source=chat&messageId=${encodeURIComponent(t.messageId)}`);
    if (!lookup.tracked) return { t, channel, team, assignee, requester };
  }
  throw new Error('the ground truth has no untracked, unanswered channel request');
}

describe('"Track as request" on a channel thread in the Teams workbench', () => {
  it('tracks a colleague\'s root message through the dialog; it is in "My queue" with its due time, and the assignee\'s reply in the thread becomes its first response', async () => {
    const { t, channel, team, assignee, requester } = await pickThread();
    await page.goto(`${server.baseUrl}/dev/workbench/teams?user=${encodeURIComponent(assignee.userPrincipalName)}&surface=teams&timeZone=Europe%2FBerlin`);
    const channels = page.getByRole('list', { name: `Channels of ${team.displayName}` });
    await channels.waitFor({ timeout: 30_000 });
    await channels.getByRole('button', { name: channel.displayName, exact: true }).click();
    const thread = page.locator(`[data-thread-id="${t.threadId ?? ''}"]`);
    await thread.waitFor({ timeout: 10_000 });
    const root = thread.locator(`article[data-message-id="${t.messageId}"]`);

    // "…" → "More actions" → "Track as request" on the root message, each painted on top where the mouse goes.
    await clickTrackAsRequest(page, root, requester.displayName, join(ARTIFACTS, 'message-action-channel-menu.png'));

    // The dialog: the track form's page for the channel thread, with the message as the API reads it back from Graph.
    const dialog = page.getByRole('dialog', { name: 'Track as request' });
    await dialog.waitFor({ timeout: 15_000 });
    const frameElement = dialog.getByTestId('dialog-frame');
    await frameElement.waitFor({ timeout: 15_000 });
    const params = new URL((await frameElement.getAttribute('src')) ?? '').searchParams;
    expect({ chatId: params.get('chatId'), messageId: params.get('messageId'), threadId: params.get('threadId'), teamId: params.get('teamId') })
      .toEqual({ chatId: channel.id, messageId: t.messageId, threadId: t.threadId, teamId: team.id });
    const form = page.frameLocator('iframe[data-testid="dialog-frame"]');
    // The dialog page lists chat messages only (its recent chats); for a channel message it shows the form alone, and the
    // bot reads the message from Graph on submit.
    await form.getByRole('main', { name: 'Track this chat message' }).waitFor({ timeout: 30_000 });
    await form.getByText(/categories/).first().waitFor({ timeout: 15_000 });
    const submit = form.getByRole('button', { name: 'Track request' });
    await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished)));
    const submitProbe = await probePainted(submit);
    expect(submitProbe).toMatchObject({ painted: true });
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'message-action-channel-dialog.png') });
    await page.mouse.click(submitProbe.centre.x, submitProbe.centre.y);

    // The dialog closes and the host shows the bot's confirmation.
    const confirmation = page.getByTestId('dialog-message');
    await confirmation.waitFor({ timeout: 30_000 });
    expect(await confirmation.textContent()).toMatch(/^Tracked as a request: ".+"\. Due .+\(Europe\/Berlin\)\.$/);
    await page.getByRole('button', { name: 'OK' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached', timeout: 5_000 });

    // Tracked for the channel's team, from the requester, not yet answered.
    const lookup = await demoApi<LookupResponse>(server.baseUrl, assignee.userPrincipalName, `/api/requests/lookup?source=chat&messageId=${encodeURIComponent(t.messageId)}`);
    expect(lookup.tracked).toBe(true);
    expect(lookup.request).toMatchObject({ chatId: channel.id, teamId: team.id, requester: { id: requester.id }, firstResponseAt: null });
    const requestId = lookup.request?.id ?? '';

    // "My queue" in the Turnaround tab lists it with its due time.
    await page.getByRole('navigation', { name: 'Apps' }).getByRole('button', { name: 'Turnaround' }).click();
    const tab = page.frameLocator('iframe[title="Turnaround personal tab"]');
    await tab.getByRole('heading', { name: 'My queue' }).waitFor({ timeout: 30_000 });
    const row = tab.locator(`[role="listitem"][data-request-id="${requestId}"]`);
    await row.waitFor({ timeout: 30_000 });
    expect(await row.textContent()).toMatch(/First response: (due in .* working time|breached .* ago)/);

    // The assignee replies in the same thread (the demo organisation's write path, as Graph's POST …/replies), now on
    // the demo clock; "Sync now" reads the thread's replies and the row's first-response clock stops.
    const devTenant = server.app.services.devTenant;
    if (devTenant === null) throw new Error('the demo server has no dev tenant');
    const reply = demoOrg().postChannelMessage(channel, assignee.index, '<p>Looking into it now.</p>', devTenant.clock.nowMs(), t.threadId ?? null);
    await tab.getByRole('button', { name: 'Sync now' }).click();
    await tab.locator(`[data-request-id="${requestId}"]`).filter({ hasText: 'Resolution:' }).waitFor({ timeout: 30_000 });
    const fromApi = (await demoApi<QueueResponse>(server.baseUrl, assignee.userPrincipalName, '/api/me/queue')).requests.find((r) => r.id === requestId);
    // Graph's times have whole seconds; the reply recorded is the thread reply itself.
    expect(fromApi?.firstResponseAt).toBe(new Date(Math.floor(reply.createdMs / 1000) * 1000).toISOString());
    const stored = await server.app.services.stores.requests.findBySourceMessage(demoOrg().tenantId, 'chat', t.messageId, assignee.id);
    expect(stored?.firstResponseMessageId).toBe(reply.id);
    await page.screenshot({ path: join(ARTIFACTS, 'message-action-channel-answered.png') });
  });
});
