/**
 * Issue 15, item 10: in high contrast the weekly chart's two lines and legend swatches were the same white. In real
 * Chromium, through the Teams workbench in its high-contrast theme, the personal tab's chart ("My turnaround") and the
 * team dashboard's are read as painted: each line's computed stroke colour and dash pattern, and each legend swatch's
 * colour and shape. Screenshots: tests/e2e/artifacts/chart-contrast-*.png. Needs `npm run build` first.
 */
import { join } from 'node:path';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import type { DashboardResponse, StatsResponse } from '../../src/contracts/api';
import type { LaunchedBrowser } from './support/browser';
import type { DemoServer } from './support/demo-server';
import { ARTIFACTS, startSeededDemo } from './support/seeded-demo';
import { boxOf } from './support/painted';


interface DemoTeam { id: string }
interface DemoUser { userPrincipalName: string; ownsTeams: DemoTeam[] }

let server: DemoServer;
let chromium: LaunchedBrowser;
let page: Page;

async function getAs<T>(upn: string, path: string): Promise<T | null> {
  const token = (await (await fetch(`${server.baseUrl}/dev/idp/token`, { method: 'POST', body: new URLSearchParams({ username: upn }) })).json()) as { access_token: string };
  const response = await fetch(`${server.baseUrl}${path}`, { headers: { authorization: `Bearer ${token.access_token}` } });
  return response.ok ? ((await response.json()) as T) : null;
}

/** Both lines have at least two weeks to draw. */
function bothLinesDrawn(weekly: StatsResponse['weekly']): boolean {
  return weekly.filter((w) => w.firstResponse.withinStandardShare !== null).length >= 2
    && weekly.filter((w) => w.resolution.withinStandardShare !== null).length >= 2;
}

beforeAll(async () => {
  ({ server, chromium } = await startSeededDemo({ viewport: { width: 1280, height: 1000 } }));
  page = await chromium.context.newPage();
}, 180_000);

afterAll(async () => {
  await chromium?.close();
  await server?.close();
});

interface PaintedSeries {
  /** Per line, in series order: its computed stroke colour and dash pattern, and its markers' path commands. */
  lines: { stroke: string; dash: string; marker: string }[];
  /** Per legend entry, in order: the swatch's computed colour and its shape's path commands ("rect" for a box). */
  swatches: { colour: string; shape: string }[];
}

/**
 * The chart's series as the browser paints them. @fluentui/react-charts draws each series in a
 * `g[role=region]` labelled "…, line N of M…", its segments as `line#lineID…` (or one `path#lineID…`) and its markers
 * as `path#circle…`; the legend is a listbox "Legends" whose options hold an SVG swatch (or a box without a shape).
 * A shape is compared by its path commands (a circle is arcs "MAMA", a square "MLLLZ").
 */
async function paintedSeries(figure: Locator): Promise<PaintedSeries> {
  return figure.evaluate((root) => {
    const commands = (d: string | null) => (d ?? '').replace(/[^A-Za-z]/g, '').toUpperCase();
    const order = (g: Element) => Number(/line (\d+) of/.exec(g.getAttribute('aria-label') ?? '')?.[1] ?? 0);
    const lines = [...root.querySelectorAll('svg g[role="region"]')]
      .filter((g) => / line \d+ of \d+/.test(g.getAttribute('aria-label') ?? ''))
      .sort((a, b) => order(a) - order(b))
      .map((g) => {
        const segment = g.querySelector('[id^="lineID"]') as SVGElement;
        const style = getComputedStyle(segment);
        return { stroke: style.stroke, dash: style.strokeDasharray, marker: commands(g.querySelector('path[id^="circle"]')?.getAttribute('d') ?? null) };
      });
    const swatches = [...root.querySelectorAll('[role="listbox"][aria-label="Legends"] [role="option"]')].map((option) => {
      const shape = option.querySelector('svg path');
      if (shape) return { colour: getComputedStyle(shape).fill, shape: commands(shape.getAttribute('d')) };
      const box = option.firstElementChild as HTMLElement;
      return { colour: getComputedStyle(box).borderTopColor, shape: 'rect' };
    });
    return { lines, swatches };
  });
}

function expectDistinctSeries(series: PaintedSeries): void {
  expect(series.lines).toHaveLength(2);
  const [first, second] = series.lines as [PaintedSeries['lines'][number], PaintedSeries['lines'][number]];
  expect(first.stroke).not.toBe(second.stroke);
  expect(first.dash).not.toBe(second.dash);
  expect(first.marker).not.toBe(second.marker);
  expect(series.swatches).toHaveLength(2);
  const [a, b] = series.swatches as [PaintedSeries['swatches'][number], PaintedSeries['swatches'][number]];
  // Each swatch has its line's colour and its markers' shape.
  expect([a.colour, b.colour]).toEqual([first.stroke, second.stroke]);
  expect([a.shape, b.shape]).not.toContain('rect');
  expect(a.shape).not.toBe(b.shape);
}

async function openWorkbench(params: Record<string, string>): Promise<FrameLocator> {
  await page.goto(`${server.baseUrl}/dev/workbench/teams?${new URLSearchParams({ theme: 'contrast', ...params }).toString()}`);
  return page.frameLocator('iframe[data-surface]');
}

describe('weekly charts in the high-contrast theme', () => {
  it('the personal tab draws its two lines and swatches in different colours, dashes and shapes', async () => {
    const info = (await (await fetch(`${server.baseUrl}/dev/info`)).json()) as { users: DemoUser[] };
    let upn: string | null = null;
    for (const user of info.users) {
      const stats = await getAs<StatsResponse>(user.userPrincipalName, '/api/me/stats?period=30d');
      if (stats && bothLinesDrawn(stats.weekly)) { upn = user.userPrincipalName; break; }
    }
    if (!upn) throw new Error('no demo user has two weeks of both lines in the last 30 days');
    const tab = await openWorkbench({ user: upn, surface: 'tab' });
    await tab.locator('[data-theme="contrast"]').waitFor({ timeout: 30_000 });
    await tab.getByRole('tab', { name: 'My turnaround' }).click();
    const figure = tab.getByRole('figure', { name: /^Chart: / });
    // attached, not visible: a flat line (the same share two weeks running) has an empty box, which playwright calls hidden
    await figure.locator('svg [id^="lineID"]').first().waitFor({ state: 'attached', timeout: 30_000 });
    await figure.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(ARTIFACTS, 'chart-contrast-tab.png'), clip: await boxOf(figure), animations: 'disabled' });
    expectDistinctSeries(await paintedSeries(figure));
  }, 120_000);

  it('the team dashboard draws its two lines and swatches in different colours, dashes and shapes', async () => {
    const info = (await (await fetch(`${server.baseUrl}/dev/info`)).json()) as { users: DemoUser[] };
    let chosen: { upn: string; team: string } | null = null;
    for (const owner of info.users) {
      for (const team of owner.ownsTeams) {
        const dashboard = await getAs<DashboardResponse>(owner.userPrincipalName, `/api/teams/${team.id}/dashboard?period=30d`);
        if (dashboard?.enoughData && bothLinesDrawn(dashboard.weekly)) { chosen = { upn: owner.userPrincipalName, team: team.id }; break; }
      }
      if (chosen) break;
    }
    if (!chosen) throw new Error('no demo team has two weeks of both lines in the last 30 days');
    const frame = await openWorkbench({ user: chosen.upn, surface: 'manager', team: chosen.team });
    const figure = frame.getByRole('figure', { name: /^Chart: / });
    await figure.locator('svg [id^="lineID"]').first().waitFor({ state: 'attached', timeout: 60_000 });
    await figure.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(ARTIFACTS, 'chart-contrast-dashboard.png'), clip: await boxOf(figure), animations: 'disabled' });
    expectDistinctSeries(await paintedSeries(figure));
  }, 120_000);
});
