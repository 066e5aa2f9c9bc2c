/**
 * A real server for the freshness benchmark (issue 19): buildServer in demo mode with its own dev tenant, on a fresh
 * SQLite file, listening on 127.0.0.1 so the dev tenant's handshakes, notifications and lifecycle events reach its
 * /api/graph routes (PUBLIC_BASE_URL, and with it the subscriptions' notification URLs, point at that port).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { startDevTenant, type DevTenantOptions, type LocalDevTenant } from '../src/devtenant/dev-tenant';
import type { DemoUser } from '../src/devtenant/demo-organization';
import { buildServer, type BuildServerOptions } from '../src/server/build-server';
import { loadConfig, type Config } from '../src/server/config';
import { openStores, type DatabaseStores } from '../src/store/open-stores';

export interface NotificationBenchServer {
  app: FastifyInstance;
  tenant: LocalDevTenant;
  config: Config;
  stores: DatabaseStores;
  /** e.g. http://127.0.0.1:PORT */
  baseUrl: string;
  close(): Promise<void>;
}

export interface NotificationBenchServerOptions {
  tenant: Omit<DevTenantOptions, 'idpIssuerBase'>;
  /** Configuration on top of the bench's (silent log, demo seeding off, the SQLite file, the port). */
  env: Record<string, string>;
  /** Runs on the opened stores before the server is built (e.g. people registered as users, before the first tick). */
  beforeBuild?: (stores: DatabaseStores, tenant: LocalDevTenant) => Promise<void>;
  build?: BuildServerOptions;
  /**
   * SQLite in a temp file (default), or PostgreSQL in a fresh schema dropped afterwards (BENCH_DATABASE_URL /
   * TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test).
   */
  database?: 'sqlite' | 'postgres';
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function startNotificationBenchServer(options: NotificationBenchServerOptions): Promise<NotificationBenchServer> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const dir = mkdtempSync(join(tmpdir(), 'turnaround-bench-freshness-'));
  const postgresBase = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const schema = options.database === 'postgres' ? `bench_freshness_${randomBytes(5).toString('hex')}` : null;
  const databaseUrl = schema === null ? `sqlite:${join(dir, 'bench.db')}` : withSearchPath(postgresBase, schema);
  const tenant = await startDevTenant({ ...options.tenant, idpIssuerBase: `${baseUrl}/dev/idp` });
  const stores = await openStores(schema === null ? databaseUrl : postgresBase, schema === null ? {} : { schema });
  let app: FastifyInstance | null = null;
  const close = async (): Promise<void> => {
    await app?.close();
    await stores.close();
    await tenant.stop();
    rmSync(dir, { recursive: true, force: true });
    if (schema !== null) await dropSchema(postgresBase, schema);
  };
  try {
    await options.beforeBuild?.(stores, tenant);
    const config = loadConfig({
      LOG_LEVEL: 'silent', DEMO_SEED_REQUESTS: 'off', DATABASE_URL: databaseUrl, DIST_DIR: join(dir, 'dist'), ASSETS_DIR: join(dir, 'assets'),
      PORT: String(port), PUBLIC_BASE_URL: baseUrl, ...options.env,
    });
    app = await buildServer(config, { ...options.build, stores, devTenant: tenant });
    await app.listen({ port, host: '127.0.0.1' });
    return { app, tenant, config, stores, baseUrl, close };
  } catch (error) {
    await close();
    throw error;
  }
}

export function withSearchPath(base: string, schema: string): string {
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.toString();
}

/** The demo organisation's own members (no guests, not the other tenant's people), in order. */
export function demoMembers(tenant: LocalDevTenant): DemoUser[] {
  return tenant.org.users.filter((u) => u.tenantId === tenant.org.tenantId && u.userType === 'Member');
}

/** The `q`-quantile (0–1) of `values` by nearest rank; NaN when empty. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number;
}

/** Drops a benchmark's PostgreSQL schema and everything in it. */
export async function dropSchema(postgresBase: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: postgresBase });
  await client.connect();
  await client.query(`drop schema if exists ${schema} cascade`);
  await client.end();
}
