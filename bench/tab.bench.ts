/**
 * The personal tab in headless Chromium: entry bundle size (dist/bundle-sizes.json), time from navigation to the queue
 * with 500 requests rendered and interactive (median of 5 fresh loads), and frame times while scrolling 2,000.
 * Pages come from the real demo server (run `npm run build` first); the tab's API answers are synthetic requests
 * served by Playwright routing, so the figures measure the UI, not the server.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page, Route } from 'playwright-core';
import type { QueueResponse, RequestView } from '../src/contracts/api';
import { launchChromium } from '../tests/e2e/support/browser';
import { startDemoServer } from '../tests/e2e/support/demo-server';
import type { BenchOptions, BenchResult } from './run';

function syntheticQueue(count: number): QueueResponse {
  const statuses = ['onTrack', 'atRisk', 'breached'] as const;
  const requests: RequestView[] = Array.from({ length: count }, (_, i) => {
    const remaining = 480 - i;
    const status = statuses[i % 3]!;
    return {
      id: `r${i}`, source: i % 2 ? 'chat' : 'email', messageId: `m${i}`, chatId: null, webLink: `https://outlook.office.com/mail/deeplink/read/m${i}`,
      requester: { id: `p${i % 40}`, displayName: `Colleague ${i % 40}`, mail: null, department: ['IT', 'HR', 'Payroll', 'Sales'][i % 4]! },
      assignee: { id: 'me', displayName: 'Me', mail: null, department: 'IT' }, teamId: null,
      subject: `Request number ${i}: could you help with the quarterly report?`, preview: 'A short preview', category: ['Access', 'Hardware', 'Payroll'][i % 3]!,
      priority: 'normal', note: null, status: 'open', colleagueOverride: false, receivedAt: new Date(Date.UTC(2025, 2, 10, 8, 0) - i * 60_000).toISOString(),
      firstResponseAt: null, firstResponseSource: null, resolvedAt: null, waitingSince: null,
      clocks: {
        firstResponse: { status, targetMinutes: 240, usedMinutes: 240 - remaining, remainingMinutes: remaining, dueAt: '2025-03-10T16:00:00Z', stoppedAt: null },
        resolution: { status: 'onTrack', targetMinutes: 960, usedMinutes: 10, remainingMinutes: 950, dueAt: '2025-03-12T16:00:00Z', stoppedAt: null },
      },
    };
  });
  return { now: '2025-03-10T10:00:00Z', requests };
}

async function routeApi(page: Page, count: number): Promise<void> {
  const queue = JSON.stringify(syntheticQueue(count));
  const sync = JSON.stringify({ running: false, phase: 'done', itemsSeen: 0, requestsUpdated: 0, startedAt: null, finishedAt: '2025-03-10T09:00:00Z', error: null });
  await page.route('**/api/**', (route: Route) => {
    const url = new URL(route.request().url());
    if (url.pathname === '/api/me/queue') return route.fulfill({ contentType: 'application/json', body: queue });
    if (url.pathname === '/api/sync/status') return route.fulfill({ contentType: 'application/json', body: sync });
    return route.fulfill({ status: 404, contentType: 'application/problem+json', body: JSON.stringify({ type: 'about:blank', title: 'nf', status: 404, detail: 'nf', code: 'not_found' }) });
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function run(options: BenchOptions): Promise<BenchResult> {
  const sizes = JSON.parse(readFileSync(join(__dirname, '..', 'dist', 'bundle-sizes.json'), 'utf8')) as Record<string, { gzipBytes: number }>;
  const tabGzipKb = (sizes.tab?.gzipBytes ?? NaN) / 1024;
  const server = await startDemoServer();
  const chromium = await launchChromium({ viewport: { width: 1280, height: 900 } });
  try {
    const info = (await (await fetch(`${server.baseUrl}/dev/info`)).json()) as { users: { userPrincipalName: string }[] };
    const url = `${server.baseUrl}/dev/workbench/teams?user=${encodeURIComponent(info.users[0]!.userPrincipalName)}&surface=tab`;
    const loads: number[] = [];
    for (let i = 0; i < (options.quick ? 3 : 5); i += 1) {
      const page = await chromium.context.newPage();
      await routeApi(page, 500);
      const started = Date.now();
      await page.goto(url);
      const tab = page.frameLocator('iframe');
      await tab.getByRole('listitem').first().waitFor();
      await tab.getByRole('button', { name: /^Actions for / }).first().click();
      await tab.getByRole('menuitem', { name: 'Resolve' }).waitFor();
      loads.push(Date.now() - started);
      await page.close();
    }

    const page = await chromium.context.newPage();
    await routeApi(page, 2000);
    await page.goto(url);
    const frameOf = () => page.frames().find((f) => new URL(f.url()).pathname === '/tab');
    await page.frameLocator('iframe').getByRole('listitem').first().waitFor();
    const frame = frameOf();
    if (!frame) throw new Error('the tab frame is missing');
    const frameTimes = await frame.evaluate(async () => {
      const scroller = document.querySelector('[data-testid="queue-scroller"]') as HTMLElement;
      const deltas: number[] = [];
      let last = performance.now();
      while (scroller.scrollTop + scroller.clientHeight < scroller.scrollHeight - 1) {
        scroller.scrollTop += 600;
        await new Promise(requestAnimationFrame);
        const now = performance.now();
        deltas.push(now - last);
        last = now;
      }
      return deltas;
    });
    await page.close();
    const sorted = [...frameTimes].sort((a, b) => a - b);
    const maxFrame = sorted[sorted.length - 1] ?? NaN;
    const p95 = sorted[Math.floor(sorted.length * 0.95)] ?? NaN;
    return {
      title: 'Personal tab (headless Chromium)',
      figures: [
        { name: 'tab entry bundle (gzip)', value: Math.round(tabGzipKb * 10) / 10, unit: 'KB', target: '≤ 350 KB', met: tabGzipKb <= 350 },
        { name: 'queue of 500 rendered and interactive after navigation (median)', value: median(loads), unit: 'ms', target: '≤ 1500 ms', met: median(loads) <= 1500 },
        { name: 'scrolling 2,000 requests: longest frame', value: Math.round(maxFrame), unit: 'ms', target: '< 50 ms', met: maxFrame < 50 },
        { name: 'scrolling 2,000 requests: p95 frame', value: Math.round(p95), unit: 'ms' },
        { name: 'frames measured while scrolling', value: frameTimes.length, unit: 'frames' },
      ],
      notes: [`loads (ms): ${loads.join(', ')}`, 'navigation → workbench → teams-js handshake → token → queue fetch → rows → the first row actions menu opens'],
    };
  } finally {
    await chromium.close();
    await server.close();
  }
}
