/**
 * An expired sign-in is renewed without the person seeing it (issue 18): the personal tab in the Teams workbench (real
 * teams-js) holds an API token; the demo clock moves two hours on, past that token's expiry, while the tab stays open.
 * The next action — "Sync now" — is refused by the API as `401 token_expired`; the tab asks the host for a new token,
 * retries once, and the person sees the sync finish, not an error. Needs `npx webpack --mode production` first.
 */
import { join } from 'node:path';
import type { Page, Response } from 'playwright-core';
import type { LaunchedBrowser } from './support/browser';
import type { DemoServer } from './support/demo-server';
import { probePainted } from './support/painted';
import { ARTIFACTS, startSeededDemo } from './support/seeded-demo';

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

describe('an expired sign-in in the open tab', () => {
  it('is renewed silently: the API says token_expired once, the tab retries with a new token, and the sync finishes', async () => {
    const info = (await (await fetch(`${server.baseUrl}/dev/info`)).json()) as { now: string; users: { userPrincipalName: string }[] };
    const upn = info.users[0]?.userPrincipalName as string;
    // Recorded in the order the answers arrive; the problem code and the token are read afterwards.
    const answers: { method: string; path: string; status: number; code: Promise<string | null>; authorization: string | null }[] = [];
    page.on('response', (response: Response) => {
      const url = new URL(response.url());
      if (!url.pathname.startsWith('/api/')) return;
      answers.push({
        method: response.request().method(),
        path: url.pathname,
        status: response.status(),
        code: response.status() === 401 ? response.json().then((b: { code?: string }) => b.code ?? null, () => null) : Promise.resolve(null),
        authorization: response.request().headers().authorization ?? null,
      });
    });

    await page.goto(`${server.baseUrl}/dev/workbench/teams?user=${encodeURIComponent(upn)}&surface=tab`);
    const tab = page.frameLocator('iframe[title="Turnaround personal tab"]');
    const syncNow = tab.getByRole('button', { name: 'Sync now' });
    await syncNow.waitFor({ timeout: 30_000 });
    await tab.getByRole('status').filter({ hasText: /Last synced|Not synced/ }).first().waitFor();

    // Two hours later on the demo clock: the token the tab holds (an hour's lifetime) has expired.
    const later = new Date(Date.parse(info.now) + 2 * 3_600_000).toISOString();
    const moved = await fetch(`${server.baseUrl}/dev/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ now: later }) });
    expect(moved.status).toBe(200);
    answers.length = 0;

    const accepted = page.waitForResponse((r) => r.url().endsWith('/api/sync') && r.request().method() === 'POST' && r.status() === 202);
    await syncNow.click();
    await accepted;
    const done = tab.getByRole('status').filter({ hasText: /^Last synced .+ · (No new replies|\d+ repl(y|ies) found)/ });
    await done.waitFor({ timeout: 30_000 });
    await expect(tab.getByText(/The last sync failed|Something went wrong/).count()).resolves.toBe(0);
    expect((await probePainted(done)).painted).toBe(true);
    await expect(tab.getByRole('alert').count()).resolves.toBe(0);
    await page.screenshot({ path: join(ARTIFACTS, 'token-refresh-synced.png') });

    const started = answers.filter((a) => a.method === 'POST' && a.path === '/api/sync');
    expect(started.map((a) => a.status)).toEqual([401, 202]);
    await expect(started[0]?.code).resolves.toBe('token_expired');
    // The retry carried a different token, and every call after it was accepted.
    expect(started[1]?.authorization).not.toBe(started[0]?.authorization);
    expect(answers.slice(answers.indexOf(started[1] as (typeof answers)[number])).every((a) => a.status < 400)).toBe(true);
  }, 180_000);
});
