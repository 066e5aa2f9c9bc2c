/**
 * What every end-to-end file starts with: the built pages checked, the artifacts folder made, the demo server started
 * and its demo organisation seeded (syncs and new rows would otherwise compete with the test's own steps), and a fresh
 * Debian Chromium.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium, type LaunchedBrowser } from './browser';
import { waitForDemoSeeded } from './demo-seeding';
import { assertPagesBuilt, startDemoServer, type DemoServer } from './demo-server';

/** Where e2e screenshots land (ignored by git; `npm run screenshots` copies some to the README's). */
export const ARTIFACTS = join(__dirname, '..', 'artifacts');

export interface SeededDemo {
  server: DemoServer;
  chromium: LaunchedBrowser;
}

/** Starts a seeded demo server and Chromium; `pages` are the dist/ pages the file needs. */
export async function startSeededDemo(options: { pages?: string[]; viewport?: { width: number; height: number }; env?: Record<string, string> } = {}): Promise<SeededDemo> {
  assertPagesBuilt(options.pages);
  mkdirSync(ARTIFACTS, { recursive: true });
  const server = await startDemoServer(options.env);
  await waitForDemoSeeded(server.baseUrl);
  const chromium = await launchChromium(options.viewport === undefined ? {} : { viewport: options.viewport });
  return { server, chromium };
}
