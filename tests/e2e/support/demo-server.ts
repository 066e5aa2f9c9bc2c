/**
 * Starts the real server in demo mode, in-process (buildServer with loadConfig), on a free port, with an in-memory
 * SQLite database and the built pages from dist/ (run `npm run build` first). Tests and benchmarks share it.
 */
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../../src/server/build-server';
import { loadConfig } from '../../../src/server/config';

export interface DemoServer {
  baseUrl: string;
  app: FastifyInstance;
  close(): Promise<void>;
}

const ROOT = join(__dirname, '..', '..', '..');

/** A free TCP port on 127.0.0.1 (the issuer in demo tokens names the port, so it is fixed before the server starts). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Throws a clear error when the pages have not been built. */
export function assertPagesBuilt(pages: string[] = ['tab', 'teams-workbench']): void {
  const missing = pages.filter((p) => !existsSync(join(ROOT, 'dist', `${p}.html`)));
  if (missing.length > 0) throw new Error(`dist/ lacks ${missing.join(', ')}.html — run \`npm run build\` first.`);
}

/** How many ports startDemoServer tries before it gives up. */
const PORT_ATTEMPTS = 5;

/**
 * Starts the demo server; `env` overrides the demo configuration (e.g. DEMO_PEOPLE). The port is chosen before the
 * server is built (its public URL names it), so another process — a parallel test file's dev tenant listening on an
 * ephemeral port — can take it in between: then the server is closed and built again on another free port.
 */
export async function startDemoServer(env: Record<string, string> = {}): Promise<DemoServer> {
  assertPagesBuilt();
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const baseUrl = `http://localhost:${port}`;
    const config = loadConfig({
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_BASE_URL: baseUrl,
      DATABASE_URL: 'sqlite::memory:',
      LOG_LEVEL: 'warn',
      ...env,
    });
    const app = await buildServer(config);
    try {
      await app.listen({ port, host: '127.0.0.1' });
      return { baseUrl, app, close: () => app.close() };
    } catch (error) {
      await app.close();
      if ((error as { code?: unknown }).code !== 'EADDRINUSE' || attempt >= PORT_ATTEMPTS) throw error;
    }
  }
}
