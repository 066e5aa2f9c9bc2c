/**
 * The HTML pages every surface loads, the built bundles (/assets/*), the ribbon icons (/icons/*) and /favicon.ico.
 * Pages come from dist/ (`npm run build`); when it has not been built (tests), they answer 503 `not_built`
 * instead of crashing. Tab, manager and task-pane pages carry the CSP that lets only Teams/Outlook/M365 frame them.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { drawFaviconIco } from '../../package/ico-image';
import { HttpProblem } from '../http-problem';
import { NO_FRAMING_HEADERS, pageContentSecurityPolicy } from '../security-headers';

interface PageRoute {
  path: string;
  file: string;
  framedByHosts: boolean;
  demoOnly?: boolean;
}

/** Every page route: URL → file in dist/, and whether Teams/Outlook frame it. */
export const PAGE_ROUTES: readonly PageRoute[] = [
  { path: '/', file: 'landing.html', framedByHosts: false },
  { path: '/tab', file: 'tab.html', framedByHosts: true },
  { path: '/manager', file: 'manager.html', framedByHosts: true },
  { path: '/manager/config', file: 'manager-config.html', framedByHosts: true },
  { path: '/taskpane', file: 'taskpane.html', framedByHosts: true },
  { path: '/commands', file: 'commands.html', framedByHosts: true },
  { path: '/dev/workbench/teams', file: 'teams-workbench.html', framedByHosts: false, demoOnly: true },
  { path: '/dev/workbench/outlook', file: 'outlook-workbench.html', framedByHosts: false, demoOnly: true },
];

export interface PageRoutesOptions {
  distDir: string;
  assetsDir: string;
  demo: boolean;
  /** Hook for the demo Office.js stand-in: extra script origins allowed on pages (demo only). */
  extraScriptSources?: readonly string[];
}

function notBuilt(what: string): HttpProblem {
  return new HttpProblem(503, 'not_built', 'Not built', `${what} has not been built; run \`npm run build\` (npm start does it).`);
}

/** Registers the page, asset and icon routes. */
export async function pageRoutes(app: FastifyInstance, options: PageRoutesOptions): Promise<void> {
  for (const page of PAGE_ROUTES) {
    if (page.demoOnly === true && !options.demo) continue;
    const csp = pageContentSecurityPolicy({
      framedByHosts: page.framedByHosts,
      demo: options.demo,
      ...(options.demo && options.extraScriptSources !== undefined ? { extraScriptSources: options.extraScriptSources } : {}),
    });
    app.get(page.path, { config: { page: true } }, async (_request, reply) => {
      let html: Buffer;
      try {
        html = await readFile(join(options.distDir, page.file));
      } catch {
        throw notBuilt(`The page ${page.path}`);
      }
      reply.header('content-security-policy', csp).header('cache-control', 'no-cache').type('text/html; charset=utf-8');
      if (!page.framedByHosts && !options.demo) reply.header('x-frame-options', 'DENY');
      return reply.send(html);
    });
  }
  // Drawn from the app icon's own drawing (draw-icons.ts) on first use, so it needs neither dist/ nor assets/.
  let favicon: Buffer | null = null;
  app.get('/favicon.ico', async (_request, reply) => {
    favicon ??= drawFaviconIco();
    reply.header('cache-control', 'public, max-age=86400').headers(NO_FRAMING_HEADERS).type('image/x-icon');
    return reply.send(favicon);
  });
  await serveDirectory(app, join(options.distDir, 'assets'), '/assets/', 'public, max-age=31536000, immutable');
  await serveDirectory(app, options.assetsDir, '/icons/', 'public, max-age=86400');
}

async function serveDirectory(app: FastifyInstance, root: string, prefix: string, cacheControl: string): Promise<void> {
  if (!existsSync(root)) {
    app.get(`${prefix}*`, async () => {
      throw notBuilt(`The folder behind ${prefix}`);
    });
    return;
  }
  await app.register(fastifyStatic, {
    root,
    prefix,
    decorateReply: false,
    index: false,
    list: false,
    dotfiles: 'deny',
    cacheControl: false,
    setHeaders: (res) => {
      res.setHeader('cache-control', cacheControl);
      for (const [k, v] of Object.entries(NO_FRAMING_HEADERS)) res.setHeader(k, v);
    },
  });
}
