/**
 * Issue 15, item 13: /favicon.ico was a 404 on every page. The server answers it with the app's icon in an ICO, and
 * every page webpack builds links it; each page is served here from a dist/ written with webpack.config.js's own
 * page template, and the icon its <link rel="icon"> names is fetched from the same server.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { readPngHeader } from '../../../src/package/png-image';
import { buildServer } from '../../../src/server/build-server';
import { loadConfig } from '../../../src/server/config';
import { PAGE_ROUTES } from '../../../src/server/routes/page-routes';

const ROOT = join(__dirname, '..', '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const webpackConfig = require('../../../webpack.config.js') as {
  pages: Record<string, { title: string; officeJs?: boolean }>;
  pageHtml(page: { officeJs?: boolean }, title: string): string;
};

interface IcoImage { width: number; height: number; png: Buffer }

/** Reads an ICO's header and directory (ICONDIR + ICONDIRENTRY) and returns each image's bytes. */
function readIco(bytes: Buffer): { type: number; images: IcoImage[] } {
  expect(bytes.readUInt16LE(0)).toBe(0);
  const count = bytes.readUInt16LE(4);
  const images: IcoImage[] = [];
  for (let i = 0; i < count; i++) {
    const entry = 6 + i * 16;
    const size = bytes.readUInt32LE(entry + 8);
    const offset = bytes.readUInt32LE(entry + 12);
    images.push({ width: bytes[entry] || 256, height: bytes[entry + 1] || 256, png: bytes.subarray(offset, offset + size) });
  }
  return { type: bytes.readUInt16LE(2), images };
}

describe('favicon', () => {
  const dir = mkdtempSync(join(tmpdir(), 'turnaround-favicon-'));
  let app: FastifyInstance;

  beforeAll(async () => {
    for (const route of PAGE_ROUTES) {
      const name = route.file.replace(/\.html$/, '');
      const page = webpackConfig.pages[name];
      if (!page) throw new Error(`webpack.config.js has no page ${name} for ${route.path}`);
      writeFileSync(join(dir, route.file), webpackConfig.pageHtml(page, page.title));
    }
    // Demo mode (no AZURE_CLIENT_ID) serves the workbench pages too; no assets/ folder: the favicon must not need it.
    app = await buildServer({ ...loadConfig({ LOG_LEVEL: 'silent', SCHEDULER: 'off', DATABASE_URL: 'sqlite::memory:', DEMO_SEED_REQUESTS: 'off' }), distDir: dir, assetsDir: join(dir, 'no-assets') });
  });
  afterAll(async () => {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('GET /favicon.ico is 200 image/x-icon holding the app icon at 16, 32 and 48 px', async () => {
    const res = await app.inject({ method: 'GET', url: '/favicon.ico' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/x-icon');
    expect(res.headers['cache-control']).toMatch(/max-age=\d+/);
    const ico = readIco(res.rawPayload);
    expect(ico.type).toBe(1);
    expect(ico.images.map((i) => [i.width, i.height])).toEqual([[16, 16], [32, 32], [48, 48]]);
    for (const image of ico.images) {
      expect(readPngHeader(image.png)).toMatchObject({ width: image.width, height: image.height, colorType: 6 });
    }
    // The same pixels as the ribbon icons in assets/ (drawn by src/package/draw-icons.ts): the favicon is the app's mark.
    expect(ico.images[0]?.png.equals(readFileSync(join(ROOT, 'assets', 'icon-16.png')))).toBe(true);
    expect(ico.images[1]?.png.equals(readFileSync(join(ROOT, 'assets', 'icon-32.png')))).toBe(true);
  });

  it.each(PAGE_ROUTES.map((r) => r.path))('the page %s links an icon the server answers', async (path) => {
    const page = await app.inject({ method: 'GET', url: path });
    expect(page.statusCode).toBe(200);
    const href = /<link rel="icon" href="([^"]+)"/.exec(page.body)?.[1];
    expect(href).toBe('/favicon.ico');
    const icon = await app.inject({ method: 'GET', url: href as string });
    expect(icon.statusCode).toBe(200);
    expect(icon.headers['content-type']).toBe('image/x-icon');
  });
});
