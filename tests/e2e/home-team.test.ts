/**
 * The home team picker end to end: the real server in demo mode, Debian Chromium, the Teams workbench as the host of
 * the real teams-js. A demo person who joins a second team (through Graph's POST /teams/{id}/members, as a team owner
 * adds them) is asked, on opening the tab, which team their requests count for: the message bar is painted on top —
 * not covered, the queue usable under it — and the choice, made with the mouse, is kept by the server and not asked
 * again. Needs `npm run build` first.
 */
import { join } from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import type { DemoTeam, DemoUser } from '../../src/devtenant/demo-organization';
import { graphToken, rawGraphRequest } from '../integration/devtenant/raw-graph-request';
import { seriousAxeViolations } from './support/axe';
import type { LaunchedBrowser } from './support/browser';
import type { DemoServer } from './support/demo-server';
import { probePainted } from './support/painted';
import { ARTIFACTS, startSeededDemo } from './support/seeded-demo';

let server: DemoServer;
let chromium: LaunchedBrowser;
let page: Page;

beforeAll(async () => {
  ({ server, chromium } = await startSeededDemo({ viewport: { width: 1280, height: 860 } }));
  page = await chromium.context.newPage();
}, 180_000);

afterAll(async () => {
  await chromium?.close();
  await server?.close();
});

async function openTab(upn: string): Promise<FrameLocator> {
  await page.goto(`${server.baseUrl}/dev/workbench/teams?user=${encodeURIComponent(upn)}&surface=tab`);
  const tab = page.frameLocator('iframe[title="Turnaround personal tab"]');
  await tab.getByRole('heading', { name: 'My queue' }).waitFor({ timeout: 30_000 });
  return tab;
}

describe('home team picker in the Teams workbench', () => {
  it('asks a person in two teams once, painted above the queue; the team chosen with the mouse is kept', async () => {
    const devTenant = server.app.services.devTenant;
    if (devTenant === null) throw new Error('the demo server has no dev tenant');
    const org = devTenant.org;
    const { tenantId } = org;
    const stores = server.app.services.stores;
    // The member of one team (not an owner) with the most open requests, and a team of another department.
    let person: DemoUser | null = null;
    let most = -1;
    for (const u of org.users) {
      const teams = org.teams.filter((t) => t.members.some((m) => m.userIndex === u.index));
      if (teams.length !== 1 || teams[0]!.members.some((m) => m.userIndex === u.index && m.roles.includes('owner'))) continue;
      const open = (await stores.requests.listOpenForAssignee(tenantId, u.id)).length;
      if (open > most) [person, most] = [u, open];
    }
    if (person === null) throw new Error('the demo has no team member');
    const me = person;
    const joined: DemoTeam = org.teams.find((t) => !t.members.some((m) => m.userIndex === me.index))!;
    const owner = org.users[joined.members.find((m) => m.roles.includes('owner'))!.userIndex]!;
    const added = await rawGraphRequest(devTenant, 'POST', `/teams/${joined.id}/members`, {
      token: await graphToken(devTenant, owner.userPrincipalName),
      body: { '@odata.type': '#microsoft.graph.aadUserConversationMember', roles: [], 'user@odata.bind': `https://graph.microsoft.com/v1.0/users('${me.id}')` },
    });
    expect(added.status).toBe(201);
    // The demo seeding read everyone's teams a moment ago; the next call reads them from Graph again.
    server.app.services.directory.invalidate();

    const tab = await openTab(me.userPrincipalName);
    const prompt = tab.getByRole('group', { name: 'Which team do your requests count for?' });
    await prompt.waitFor({ timeout: 30_000 });
    const title = prompt.getByText('Which team do your requests count for?');
    const combobox = prompt.getByRole('combobox', { name: 'Your requests count for' });
    expect((await probePainted(title)).painted).toBe(true);
    expect((await probePainted(combobox)).painted).toBe(true);
    // Not blocking: the queue's heading and first row are painted and answer the mouse.
    expect((await probePainted(tab.getByRole('heading', { name: 'My queue' }))).painted).toBe(true);
    if (most > 0) await tab.getByRole('list', { name: /due first/ }).getByRole('listitem').first().click({ trial: true });
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'tab-home-team-prompt.png') });

    await combobox.click();
    const option = tab.getByRole('option', { name: joined.displayName });
    await option.waitFor();
    expect((await probePainted(option)).painted).toBe(true);
    await option.click();
    await prompt.getByRole('button', { name: 'Save' }).click();
    await tab.getByText(`Your requests now count for ${joined.displayName}.`).waitFor({ timeout: 10_000 });
    expect(await prompt.count()).toBe(0);
    expect(await stores.directory.getHomeTeamId(tenantId, me.id)).toBe(joined.id);

    // Kept: opened again, the tab does not ask, and My turnaround shows the choice.
    const again = await openTab(me.userPrincipalName);
    await again.getByRole('tab', { name: 'My turnaround' }).click();
    const setting = again.getByRole('region', { name: 'Home team' });
    await setting.waitFor({ timeout: 30_000 });
    expect(await setting.getByRole('combobox', { name: 'Your requests count for' }).textContent()).toBe(joined.displayName);
    expect(await again.getByRole('group', { name: 'Which team do your requests count for?' }).count()).toBe(0);
    expect((await probePainted(setting.getByRole('combobox', { name: 'Your requests count for' }))).painted).toBe(true);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'tab-home-team-setting.png') });
  }, 180_000);
});
