/**
 * Runs the dev tenant (`tsx src/devtenant/devtenant-cli.ts`, what `npm run devtenant` runs) and a Turnaround server in
 * tenant mode against it (`tsx src/server/main.ts`, configured with environment variables only) as two child
 * processes, as a person following the README would, and talks to both over HTTP: the control plane, the server's API
 * and its stdout log (pino JSON lines).
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const ROOT = join(__dirname, '..', '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

/** What `npm run devtenant` prints. */
export interface DevTenantLine {
  graphBaseUrl: string;
  authorityHost: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  caFile: string;
  controlUrl: string;
}

/** One answer over HTTP, its body parsed as JSON when there is one. */
export interface JsonAnswer {
  status: number;
  headers: Headers;
  json: Record<string, unknown>;
}

async function send(url: string, method: string, init: { token?: string; body?: unknown; form?: Record<string, string> } = {}): Promise<JsonAnswer> {
  const headers: Record<string, string> = {};
  if (init.token !== undefined) headers.authorization = `Bearer ${init.token}`;
  let body: string | URLSearchParams | undefined;
  if (init.form !== undefined) body = new URLSearchParams(init.form);
  else if (init.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(init.body);
  }
  const response = await fetch(url, { method, headers, ...(body === undefined ? {} : { body }) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

/** Waits until `check` answers something other than undefined (polling every `everyMs`), or fails after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 30_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** A child process whose stdout and stderr lines are kept; `stop` sends SIGTERM and resolves with the exit code. */
class Child {
  readonly stdout: string[] = [];
  readonly stderr: string[] = [];
  readonly exited: Promise<number | null>;
  private readonly lineListeners: ((line: string) => void)[] = [];

  constructor(readonly process: ChildProcessWithoutNullStreams) {
    this.exited = new Promise((resolve) => process.once('exit', (code) => resolve(code)));
    createInterface({ input: process.stdout }).on('line', (line) => {
      this.stdout.push(line);
      for (const l of this.lineListeners) l(line);
    });
    createInterface({ input: process.stderr }).on('line', (line) => this.stderr.push(line));
  }

  /** Resolves with the first stdout line (already seen or to come) for which `pick` answers something. */
  firstLine<T>(what: string, pick: (line: string) => T | undefined, timeoutMs: number): Promise<T> {
    return new Promise((resolve, reject) => {
      for (const line of this.stdout) {
        const value = pick(line);
        if (value !== undefined) return resolve(value);
      }
      const timer = setTimeout(() => reject(new Error(`no ${what} within ${timeoutMs} ms:\n${[...this.stdout, ...this.stderr].slice(-30).join('\n')}`)), timeoutMs);
      void this.exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`exited with ${String(code)} before ${what}:\n${[...this.stdout, ...this.stderr].slice(-30).join('\n')}`));
      });
      this.lineListeners.push((line) => {
        const value = pick(line);
        if (value !== undefined) {
          clearTimeout(timer);
          resolve(value);
        }
      });
    });
  }

  async stop(): Promise<number | null> {
    if (this.process.exitCode === null && this.process.signalCode === null) this.process.kill('SIGTERM');
    return this.exited;
  }

  kill(): void {
    if (this.process.exitCode === null && this.process.signalCode === null) this.process.kill('SIGKILL');
  }
}

function spawnTsx(args: string[], env: Record<string, string>): Child {
  return new Child(spawn(TSX, args, { cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env }, stdio: ['pipe', 'pipe', 'pipe'] }));
}

/** A dev tenant run on its own, and its control plane. */
export interface DevTenantProcess {
  line: DevTenantLine;
  control(method: string, path: string, body?: unknown): Promise<JsonAnswer>;
  /** An API token for a person, minted by the dev identity provider (`POST {controlUrl}/idp/token`). */
  apiToken(upn: string): Promise<string>;
  /** The simulated clock's instant. */
  now(): Promise<Date>;
  /** Moves the simulated clock `minutes` on; returns the new instant. */
  advance(minutes: number): Promise<Date>;
  stop(): Promise<number | null>;
  kill(): void;
}

/** Starts `tsx src/devtenant/devtenant-cli.ts <args>` and resolves with its printed line. */
export async function startDevTenantProcess(args: string[]): Promise<DevTenantProcess> {
  const child = spawnTsx(['src/devtenant/devtenant-cli.ts', ...args], {});
  const line = await child.firstLine('JSON line', (l) => (l.startsWith('{') ? (JSON.parse(l) as DevTenantLine) : undefined), 45_000);
  const control = (method: string, path: string, body?: unknown): Promise<JsonAnswer> => send(`${line.controlUrl}${path}`, method, body === undefined ? {} : { body });
  return {
    line,
    control,
    apiToken: async (upn) => {
      const answer = await send(`${line.controlUrl}/idp/token`, 'POST', { form: { username: upn } });
      if (answer.status !== 200) throw new Error(`idp/token answered ${answer.status}`);
      return String(answer.json.access_token);
    },
    now: async () => new Date(String((await control('GET', '/clock')).json.now)),
    advance: async (minutes) => {
      const answer = await control('POST', '/clock/advance', { minutes });
      if (answer.status !== 200) throw new Error(`clock/advance answered ${answer.status}`);
      return new Date(String(answer.json.now));
    },
    stop: () => child.stop(),
    kill: () => child.kill(),
  };
}

/** A Turnaround server in tenant mode, and its log. */
export interface TenantServerProcess {
  baseUrl: string;
  api(method: string, path: string, token: string, body?: unknown): Promise<JsonAnswer>;
  /** `/readyz` (public). */
  readyz(): Promise<JsonAnswer>;
  /** The server's log lines so far, parsed (pino JSON; other lines are dropped). */
  log(): Record<string, unknown>[];
  stop(): Promise<number | null>;
  kill(): void;
}

/**
 * Starts `tsx src/server/main.ts` in tenant mode against `tenant`, with environment variables only: the dev tenant's
 * credentials and endpoints, SIMULATED_CLOCK_URL, a fresh SQLite file, and `extraEnv` (e.g. SYNC_INTERVAL_SECONDS).
 */
export async function startTenantServer(tenant: DevTenantLine, extraEnv: Record<string, string> = {}): Promise<TenantServerProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'turnaround-tenant-mode-'));
  const child = spawnTsx(['src/server/main.ts'], {
    AZURE_CLIENT_ID: tenant.clientId,
    AZURE_TENANT_ID: tenant.tenantId,
    AZURE_CLIENT_SECRET: tenant.clientSecret,
    AZURE_AUTHORITY_HOST: tenant.authorityHost,
    GRAPH_BASE_URL: tenant.graphBaseUrl,
    GRAPH_CA_FILE: tenant.caFile,
    PUBLIC_BASE_URL: 'http://127.0.0.1:3978',
    SIMULATED_CLOCK_URL: tenant.controlUrl,
    DATABASE_URL: `sqlite:${join(dataDir, 'turnaround.db')}`,
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'info',
    DIST_DIR: join(dataDir, 'no-dist'),
    ...extraEnv,
  });
  const baseUrl = await child.firstLine('listening line', (l) => /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(l)?.[1], 45_000);
  const parsed = (): Record<string, unknown>[] =>
    child.stdout.flatMap((l) => {
      try {
        return [JSON.parse(l) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
  return {
    baseUrl,
    api: (method, path, token, body) => send(`${baseUrl}${path}`, method, { token, ...(body === undefined ? {} : { body }) }),
    readyz: () => send(`${baseUrl}/readyz`, 'GET'),
    log: parsed,
    stop: async () => {
      const code = await child.stop();
      rmSync(dataDir, { recursive: true, force: true });
      return code;
    },
    kill: () => child.kill(),
  };
}

/** A person who used Turnaround once and the request they track. */
export interface TrackingPerson {
  id: string;
  upn: string;
  requestId: string;
  messageId: string;
}

/**
 * A person uses Turnaround once, as the tab does: signs in (`GET /api/me` registers them for background sync), syncs,
 * and tracks the first suggested email nobody has answered yet. Null when they have no such suggestion.
 */
export async function useTurnaroundOnce(tenant: DevTenantProcess, server: TenantServerProcess, user: { id: string; userPrincipalName: string }): Promise<TrackingPerson | null> {
  const token = await tenant.apiToken(user.userPrincipalName);
  const me = await server.api('GET', '/api/me', token);
  if (me.status !== 200) throw new Error(`GET /api/me answered ${me.status} ${JSON.stringify(me.json)}`);
  // Sync now. The background work may be syncing them at that moment (their registration made them due), in its
  // worker thread: Sync now waits for that sync to end, then syncs (SyncService.startSync), so it ends without error.
  const started = await server.api('POST', '/api/sync', token);
  if (started.status !== 202) throw new Error(`POST /api/sync answered ${started.status} ${JSON.stringify(started.json)}`);
  const status = await waitFor('the first sync', async () => {
    const answer = await server.api('GET', '/api/sync/status', token);
    return answer.json.running === false && answer.json.finishedAt !== null ? answer.json : undefined;
  }, 90_000); // it may wait up to a minute for a background sync (SYNC_NOW_LEASE_WAIT_MS): this bounds only a failure
  if (status.error !== null) throw new Error(`the first sync failed: ${String(status.error)}`);
  const suggestions = (await server.api('GET', '/api/me/suggestions', token)).json.suggestions as { source: string; messageId: string; answered: boolean }[];
  for (const suggestion of suggestions.filter((x) => x.source === 'email' && !x.answered)) {
    const tracked = await server.api('POST', '/api/requests', token, { source: 'email', messageId: suggestion.messageId });
    if (tracked.status !== 201) throw new Error(`POST /api/requests answered ${tracked.status} ${JSON.stringify(tracked.json)}`);
    if (tracked.json.firstResponseAt === null) return { id: user.id, upn: user.userPrincipalName, requestId: String(tracked.json.id), messageId: suggestion.messageId };
  }
  return null;
}

/**
 * The first `count` people of the dev tenant (all but the last, who is kept as a watcher that tracks nothing) who can
 * use Turnaround once ({@link useTurnaroundOnce}), and the watcher's user principal name.
 */
export async function peopleUsingTurnaround(tenant: DevTenantProcess, server: TenantServerProcess, count: number): Promise<{ people: TrackingPerson[]; watcher: string }> {
  const users = (await tenant.control('GET', '/info')).json.users as { id: string; userPrincipalName: string }[];
  const people: TrackingPerson[] = [];
  for (const user of users.slice(0, -1)) {
    if (people.length === count) break;
    const person = await useTurnaroundOnce(tenant, server, user);
    if (person !== null) people.push(person);
  }
  return { people, watcher: users[users.length - 1]?.userPrincipalName ?? '' };
}

/** A person's tracked request as their queue shows it (read with a fresh token; reading the queue syncs nothing). */
export async function queuedRequest(tenant: DevTenantProcess, server: TenantServerProcess, person: TrackingPerson): Promise<{ id: string; firstResponseAt: string | null } | undefined> {
  const queue = await server.api('GET', '/api/me/queue', await tenant.apiToken(person.upn));
  if (queue.status !== 200) throw new Error(`GET /api/me/queue answered ${queue.status}`);
  return (queue.json.requests as { id: string; firstResponseAt: string | null }[]).find((r) => r.id === person.requestId);
}

/**
 * Waits until the server's clock (the queue's `now`, read for `watcherUpn`, someone who tracks nothing) has reached
 * `at` — it follows the dev tenant's clock a moment after a step.
 */
export async function serverReaches(tenant: DevTenantProcess, server: TenantServerProcess, watcherUpn: string, at: Date): Promise<void> {
  const token = await tenant.apiToken(watcherUpn);
  await waitFor(`the server's clock at ${at.toISOString()}`, async () => {
    const queue = await server.api('GET', '/api/me/queue', token);
    return Date.parse(String(queue.json.now)) >= at.getTime() ? true : undefined;
  });
}

/**
 * Waits for a background round seen in the Graph request log: from now on, at least `requests` requests to Graph
 * (default: both mail folders' delta of `people` people).
 */
export async function backgroundRound(tenant: DevTenantProcess, people: number, endpoint: string | null = 'GET /users/{id}/mailFolders/{id}/messages/delta', requests = 2 * people): Promise<void> {
  await tenant.control('DELETE', '/graph/requests');
  await waitFor('a background sync round', async () => {
    const log = (await tenant.control('GET', '/graph/requests')).json as { total: number; byEndpoint: Record<string, number> };
    return (endpoint === null ? log.total : (log.byEndpoint[endpoint] ?? 0)) >= requests ? true : undefined;
  });
}
