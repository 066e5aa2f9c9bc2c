/**
 * A real server for integration tests: a dev tenant (identity provider + HTTPS Graph simulator), a fresh SQLite file,
 * and buildServer with the scheduler off. Tokens come from the dev identity provider, exactly as the UI gets them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildServer, type BuildServerOptions } from '../../../src/server/build-server';
import { loadConfig, type Config } from '../../../src/server/config';
import { startDevTenant, type LocalDevTenant } from '../../../src/devtenant/dev-tenant';

export interface ServerFixture {
  app: FastifyInstance;
  devTenant: LocalDevTenant;
  config: Config;
  dir: string;
  databaseFile: string;
  token(username: string, options?: { audience?: string; scopes?: string; lifetimeSeconds?: number; notBeforeOffsetSeconds?: number }): Promise<string>;
  close(): Promise<void>;
}

/**
 * `tenant.now`: the dev tenant's starting instant (default the real time). A test whose data depends on the day of the
 * week (how many requests are open on a Sunday night) fixes it.
 */
export async function startServerFixture(env: Record<string, string> = {}, options: BuildServerOptions = {}, tenant: { now?: Date } = {}): Promise<ServerFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'turnaround-server-'));
  const databaseFile = join(dir, 'test.db');
  const devTenant = await startDevTenant({ seed: 7, people: 30, days: 30, idpIssuerBase: 'http://localhost:3978/dev/idp', ...(tenant.now === undefined ? {} : { now: tenant.now }) });
  const config = loadConfig({ LOG_LEVEL: 'silent', SCHEDULER: 'off', DATABASE_URL: `sqlite:${databaseFile}`, DIST_DIR: join(dir, 'dist'), ASSETS_DIR: join(dir, 'assets'), ...env });
  const app = await buildServer(config, { devTenant, ...options });
  return {
    app,
    devTenant,
    config,
    dir,
    databaseFile,
    token: (username, o = {}) => devTenant.idp.issueToken({ username, ...o }),
    close: async () => {
      await app.close();
      await devTenant.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
