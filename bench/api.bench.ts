/**
 * `npm run bench -- api [--quick]`: the HTTP API under load, with autocannon, against a real server in its own process
 * (bench/api-bench-server.ts: buildServer in demo mode with its dev tenant) on a database holding 1,000,000 requests
 * (100,000 with --quick) — SQLite in a temp file, then PostgreSQL in a fresh schema (BENCH_DATABASE_URL /
 * TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test), dropped afterwards.
 *
 * The rows come from the store's synthetic generator and bulk loader: most belong to 5,000 synthetic people; 200 per
 * demo user (received over the last 30 days, so about a quarter are open or waiting — a realistic queue) belong to the
 * dev tenant's users, whose tokens the load uses.
 *
 * GET /api/me/queue is judged by two figures, on each database (a 2-core machine shares its cores between the load
 * generator and the server, so a closed-loop latency at saturation measures the generator as much as the server):
 * - Saturation as a share of the floor: 200 closed-loop connections for 30 s (10 s with --quick), each request as the
 *   next demo user in turn, against the API and then, with the same load, against bench/static-body-server.ts — a
 *   server that does no work and answers every request with the bytes of one real queue answer of that database. The
 *   API's answers per second ÷ the floor's (target ≥ 30 %); the API's errors (target zero), p50/p99 and CPU per answer.
 * - A realistic open-loop rate: 300 queue requests per second (a 100,000-person organisation opening the tab about every
 *   5 minutes of the working day) for 60 s (20 s with --quick), sent on a timer whatever is outstanding
 *   (bench/open-loop-load.ts; autocannon's overallRate is closed-loop per connection): p99 from each request's due time
 *   (target ≤ 50 ms), zero errors, and how many were sent against 300 × 60.
 *
 * POST /api/requests at 500 requests/s (autocannon overallRate) for 30 s (10 s): every request tracks a distinct real
 * message of the caller's own Inbox, which the server reads from the Graph simulator (and categorises) — zero errors,
 * and afterwards every 201's id must be in the store.
 *
 * The demo instant (the server's clock when it starts, and the end of the filled requests' 30 days) is a weekday
 * afternoon, inside most demo users' working hours (BENCH_API_DEMO_NOW overrides it; see benchDemoNow), where the
 * queue's clocks run and its answers move with working time — the case a person opening the tab at work meets. The
 * saturation load then runs once more with the server's clock on a Saturday, where no clock runs (informative).
 *
 * BENCH_API_VARIANTS=unpaced repeats the two queue figures on a server started with API_REQUESTS_PER_LOOP_TURN=10000
 * (no pacing in effect, see src/server/loop-turn-pacer.ts) on the same database, to measure what the pacer does.
 *
 * The per-user rate limit (burst 100, 20/s) is raised for the benchmark (RATE_LIMIT_BURST / RATE_LIMIT_PER_SECOND =
 * 1,000,000), and so is the per-IP limit (IP_RATE_LIMIT_MAX = 1,000,000,000 per window), since every request of the
 * load comes from 127.0.0.1: throttling is not what is measured here.
 * The scheduler and demo seeding are off (the seeder would purge the demo tenant's rows on PostgreSQL).
 * BENCH_API_PROFILE_DIR=<dir> runs the API server with `--cpu-prof` and leaves its V8 CPU profiles there.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import pg from 'pg';
import type { QueueResponse } from '../src/contracts/api';
import { generateDemoOrganization } from '../src/devtenant/demo-org-generator';
import { bulkInsertRequests } from '../tests/support/bulk-request-loader';
import type { DatabaseSchema } from '../src/store/database-schema';
import { openStores, type DatabaseStores } from '../src/store/open-stores';
import { generateRequestRows } from '../tests/support/synthetic-request-rows';
import { openLoopLoad } from './open-loop-load';
import type { BenchFigure, BenchOptions, BenchResult } from './run';

const SEED = 42;
/** Demo users: every one gets a queue and a token. */
const PEOPLE = 250;
/** Days of demo mail: enough Inbox messages for 15,000 distinct tracks (about 50,000 at this size). */
const DAYS = 120;
const SYNTHETIC_PEOPLE = 5_000;
const PER_DEMO_USER = 200;
const QUEUE_CONNECTIONS = 200;
/** Target: the API answers at least this share of what the do-nothing floor server answers under the same load. */
const FLOOR_SHARE_TARGET = 0.3;
const OPEN_LOOP_RATE = 300;
const OPEN_LOOP_P99_TARGET_MS = 50;
/** Sockets the open-loop sender may open: 300/s × 0.8 s of answers outstanding before any request waits for one. */
const OPEN_LOOP_CONNECTIONS = 256;
const TRACK_RATE = 500;
const TRACK_CONNECTIONS = 100;
/** autocannon's per-request timeout (its default, made explicit): a response slower than this counts as a timeout. */
const REQUEST_TIMEOUT_SECONDS = 10;

/** Errors of one autocannon run by kind: timeouts, socket errors by code, and non-2xx responses by status. */
interface ErrorKinds {
  timeouts: number;
  socket: Map<string, number>;
}

/** Runs autocannon and records every `reqError` by kind (autocannon's `errors` already includes its `timeouts`). */
async function load(options: autocannon.Options): Promise<{ result: autocannon.Result; kinds: ErrorKinds }> {
  const kinds: ErrorKinds = { timeouts: 0, socket: new Map() };
  let instance!: autocannon.Instance;
  const finished = new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon({ timeout: REQUEST_TIMEOUT_SECONDS, ...options }, (error, result) => (error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(result)));
  });
  instance.on('reqError', (error: Error & { code?: string }) => {
    if (error.message === 'request timed out') kinds.timeouts += 1;
    else {
      const key = error.code ?? error.message;
      kinds.socket.set(key, (kinds.socket.get(key) ?? 0) + 1);
    }
  });
  const result = await finished;
  return { result, kinds };
}

/** "timeouts 0, socket 0, non-2xx 0" with the codes and statuses behind each non-zero count. */
function describeErrors(result: autocannon.Result, kinds: ErrorKinds): string {
  const socket = [...kinds.socket].map(([code, n]) => `${code} ${n}`).join(', ');
  const non2xx = Object.entries(result.statusCodeStats ?? {}).filter(([status]) => !status.startsWith('2')).map(([status, s]) => `${status} ${s.count ?? 0}`).join(', ');
  return `timeouts (> ${REQUEST_TIMEOUT_SECONDS} s) ${result.timeouts}, socket errors ${result.errors - result.timeouts}${socket === '' ? '' : ` (${socket})`}, non-2xx ${result.non2xx}${non2xx === '' ? '' : ` (${non2xx})`}, resets ${result.resets}`;
}

interface Target {
  label: 'sqlite' | 'postgres';
  /** DATABASE_URL of the server process. */
  url: string;
  open(): Promise<DatabaseStores>;
}

interface ServerStats {
  graphRequests: Record<string, number>;
  graphTotal: number;
  eventLoopDelayMaxMs: number;
  eventLoopDelayP99Ms: number;
  /** TCP connections the server accepted, requests it received and answered (since it started). */
  connectionsAccepted: number;
  requestsReceived: number;
  requestsAnswered: number;
  /** CPU time (user + system) the server process used since the previous call, in µs. */
  cpuMicros: number;
}

interface Server {
  baseUrl: string;
  /** The server's Graph request counters and event-loop delay since the previous call (then reset). */
  stats(): Promise<ServerStats>;
  stop(): Promise<void>;
}

/**
 * Starts `script` (bench/api-bench-server.ts or bench/static-body-server.ts) with Node and tsx's loader, not the tsx
 * CLI, so signals (SIGUSR2 for stats, SIGTERM) reach the server itself; resolves once it prints its port.
 */
function startServer(script: string, args: string[], env: Record<string, string>): Promise<Server> {
  const profile = process.env.BENCH_API_PROFILE_DIR;
  const nodeArgs = profile === undefined || script !== 'api-bench-server.ts' ? [] : ['--cpu-prof', '--cpu-prof-dir', profile];
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', join(__dirname, script), ...args], {
    cwd: join(__dirname, '..'),
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  createInterface({ input: child.stderr }).on('line', (l) => output.push(l));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const statsWaiters: ((stats: ServerStats) => void)[] = [];
  return new Promise((resolve, reject) => {
    void exited.then(() => reject(new Error(`bench server exited:\n${output.slice(-20).join('\n')}`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.startsWith('{"stats":')) {
        statsWaiters.shift()?.((JSON.parse(line) as { stats: ServerStats }).stats);
        return;
      }
      const port = /^\{"port":(\d+)\}$/.exec(line)?.[1];
      if (port === undefined) {
        output.push(line);
        return;
      }
      resolve({
        baseUrl: `http://127.0.0.1:${port}`,
        stats: () => new Promise<ServerStats>((done) => {
          statsWaiters.push(done);
          child.kill('SIGUSR2');
        }),
        stop: async () => {
          child.kill('SIGTERM');
          await exited;
        },
      });
    });
  });
}

/** Fills `requests` rows: the demo users' queues first, the rest over synthetic people. Returns seconds taken. */
async function fill(stores: DatabaseStores, org: ReturnType<typeof generateDemoOrganization>, requests: number, endMillis: number): Promise<number> {
  const started = Date.now();
  const demoIds = org.users.map((u) => u.id);
  const demoRows = PEOPLE * PER_DEMO_USER;
  const asDemoUser = (id: string): string => demoIds[Number(id.slice(2))] ?? id;
  await generateRequestRows({ tenantId: org.tenantId, requests: demoRows, people: PEOPLE, teams: 1, days: 30, endMillis, seed: 7 }, 50_000, (rows) =>
    bulkInsertRequests(stores.database, rows.map((r): DatabaseSchema['requests'] => ({
      ...r, id: r.id.replace('-r-', '-demo-'), source_message_id: `demo-${r.source_message_id}`,
      assignee_id: asDemoUser(r.assignee_id), requester_id: asDemoUser(r.requester_id), team_id: null,
    }))),
  );
  await generateRequestRows({ tenantId: org.tenantId, requests: requests - demoRows, people: SYNTHETIC_PEOPLE, teams: 100, days: 365, endMillis, seed: 42 }, 50_000, (rows) =>
    bulkInsertRequests(stores.database, rows),
  );
  if (stores.database.dialect === 'postgres') await stores.database.pool?.query('analyze requests');
  return (Date.now() - started) / 1000;
}

const round = (v: number): number => Math.round(v * 100) / 100;

const DAY_MS = 24 * 60 * 60_000;

/**
 * The demo's "now": BENCH_API_DEMO_NOW, else the last Wednesday 14:00 UTC at or before this moment — inside the working
 * hours of most demo users (Berlin 15:00, London 14:00, New York 09:00), where their requests' clocks run. The queue
 * answer's figures move with working time (a tenth of a minute at a time) and its clocks are worked out in each
 * person's working hours, so when the benchmark ran decided what it measured: on a weekend or at night no clock runs. A
 * fixed weekday afternoon makes runs comparable (issue 16; until 2026-11-29 the demo instant was the moment of the run,
 * and the figures recorded before then were taken on a Sunday).
 */
function benchDemoNow(): Date {
  const chosen = process.env.BENCH_API_DEMO_NOW;
  if (chosen !== undefined) return new Date(chosen);
  const now = Date.now();
  const day = new Date(now);
  day.setUTCHours(14, 0, 0, 0);
  while (day.getUTCDay() !== 3 || day.getTime() > now) day.setTime(day.getTime() - DAY_MS);
  return day;
}

/** The first Saturday 12:00 UTC after `from`: outside every demo user's working time. */
function nextSaturdayNoon(from: Date): Date {
  const day = new Date(from.getTime() + DAY_MS);
  day.setUTCHours(12, 0, 0, 0);
  while (day.getUTCDay() !== 6) day.setTime(day.getTime() + DAY_MS);
  return day;
}

/** Sets the server's (dev tenant's) clock; it runs on from there. */
async function setServerClock(server: Server, now: Date): Promise<void> {
  const response = await fetch(`${server.baseUrl}/dev/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ now: now.toISOString() }) });
  if (response.status !== 200) throw new Error(`POST /dev/clock: HTTP ${response.status}`);
}

/** GET /api/me/queue for `seconds` at QUEUE_CONNECTIONS, each request with the next token in turn. */
function queueLoad(url: string, tokens: string[], seconds: number) {
  let nextUser = 0;
  return load({
    url,
    connections: QUEUE_CONNECTIONS,
    duration: seconds,
    requests: [{
      method: 'GET',
      setupRequest: (req) => ({ ...req, headers: { ...req.headers, authorization: `Bearer ${tokens[nextUser++ % tokens.length] ?? ''}` } }),
    }],
  });
}

interface Measured {
  figures: BenchFigure[];
  notes: string[];
}

/** The API server (bench/api-bench-server.ts) on the target's database, with `env` added to its settings. */
function startApiServer(target: Target, demoNow: Date, env: Record<string, string> = {}): Promise<Server> {
  return startServer('api-bench-server.ts', [], {
    DATABASE_URL: target.url, LOG_LEVEL: 'warn', SCHEDULER: 'off', DEMO_SEED_REQUESTS: 'off',
    RATE_LIMIT_BURST: '1000000', RATE_LIMIT_PER_SECOND: '1000000', IP_RATE_LIMIT_MAX: '1000000000',
    DEMO_SEED: String(SEED), DEMO_PEOPLE: String(PEOPLE), DEMO_DAYS: String(DAYS), BENCH_DEMO_NOW: demoNow.toISOString(),
    DIST_DIR: join(tmpdir(), 'turnaround-bench-no-dist'),
    ...env,
  });
}

/** A token from the server's identity provider for each demo user, in the organisation's order. */
async function tokensOf(server: Server, org: ReturnType<typeof generateDemoOrganization>): Promise<string[]> {
  const tokens: string[] = [];
  for (const u of org.users) {
    const response = await fetch(`${server.baseUrl}/dev/idp/token`, { method: 'POST', body: new URLSearchParams({ username: u.userPrincipalName }) });
    tokens.push(((await response.json()) as { access_token: string }).access_token);
  }
  return tokens;
}

/** Each user's first call loads their profile from Graph and registers them; none of that is measured. */
async function warmUp(server: Server, tokens: string[], notes: string[], label: string): Promise<void> {
  let failures = 0;
  let first = '';
  for (const token of tokens) {
    const r = await fetch(`${server.baseUrl}/api/me/queue`, { headers: { authorization: `Bearer ${token}` } });
    const body = await r.text();
    if (r.status !== 200) {
      failures += 1;
      if (first === '') first = `${r.status} ${body.slice(0, 300)}`;
    }
  }
  if (failures > 0) notes.push(`${label}: ${failures} warm-up queue calls failed, the first with ${first}`);
}

/** The queue at saturation (closed loop, QUEUE_CONNECTIONS) and at OPEN_LOOP_RATE (open loop) on one running server. */
async function measureQueue(
  server: Server, org: ReturnType<typeof generateDemoOrganization>, tokens: string[], L: string, options: BenchOptions,
): Promise<{ saturation: BenchFigure[]; openLoop: BenchFigure[]; answersPerSecond: number; notes: string[]; weekend: { answersPerSecond: number; figures: BenchFigure[] } }> {
  const seconds = options.quick ? 10 : 30;
  const notes: string[] = [];
  const before = await server.stats();
  const { result: queue, kinds } = await queueLoad(`${server.baseUrl}/api/me/queue`, tokens, seconds);
  // autocannon's `errors` counts socket errors and timeouts (timeouts are not added again).
  const queueErrors = queue.errors + queue.non2xx;
  notes.push(`${L} GET /api/me/queue at saturation, errors: ${describeErrors(queue, kinds)}`);
  const stats = await server.stats();
  const answeredInRun = stats.requestsAnswered - before.requestsAnswered;
  notes.push(`${L} server event loop at saturation: delay max ${stats.eventLoopDelayMaxMs} ms, p99 ${stats.eventLoopDelayP99Ms} ms; connections accepted so far ${stats.connectionsAccepted}, requests received ${stats.requestsReceived}, answered ${stats.requestsAnswered}`);
  const saturation: BenchFigure[] = [
    { name: `${L} GET /api/me/queue at saturation (${QUEUE_CONNECTIONS} closed-loop connections): answers per second`, value: round(queue.requests.average), unit: 'req/s' },
    { name: `${L} GET /api/me/queue at saturation: p50 / p99 (informative: closed loop, latency ≈ connections ÷ throughput)`, value: queue.latency.p50, unit: `ms / ${queue.latency.p99} ms` },
    { name: `${L} GET /api/me/queue at saturation: errors (non-2xx, socket errors, timeouts)`, value: queueErrors, unit: 'responses', target: '0', met: queueErrors === 0 },
    { name: `${L} server CPU per answered queue request`, value: answeredInRun > 0 ? Math.round(stats.cpuMicros / answeredInRun) : 0, unit: 'µs' },
  ];

  const openSeconds = options.quick ? 20 : 60;
  const open = await openLoopLoad({
    origin: server.baseUrl, path: '/api/me/queue', rate: OPEN_LOOP_RATE, seconds: openSeconds, connections: OPEN_LOOP_CONNECTIONS,
    headers: (i) => ({ authorization: `Bearer ${tokens[i % tokens.length] ?? ''}` }), timeoutSeconds: REQUEST_TIMEOUT_SECONDS,
  });
  const openStats = await server.stats();
  const openErrors = [...open.errors.values()].reduce((a, b) => a + b, 0);
  const openLoop: BenchFigure[] = [
    { name: `${L} GET /api/me/queue open loop, ${OPEN_LOOP_RATE}/s for ${openSeconds} s: requests sent / due`, value: open.sent, unit: `/ ${open.due}`, target: `${open.due}`, met: open.sent === open.due },
    { name: `${L} GET /api/me/queue open loop: p50`, value: round(open.p50Ms), unit: 'ms' },
    { name: `${L} GET /api/me/queue open loop: p99 (from each request's due time)`, value: round(open.p99Ms), unit: 'ms', target: `≤ ${OPEN_LOOP_P99_TARGET_MS} ms`, met: open.p99Ms <= OPEN_LOOP_P99_TARGET_MS },
    { name: `${L} GET /api/me/queue open loop: errors (non-2xx, socket errors, timeouts)`, value: openErrors, unit: 'responses', target: '0', met: openErrors === 0 && open.answered2xx === open.due },
  ];
  notes.push(`${L} open loop: max ${round(open.maxMs)} ms, most outstanding at once ${open.maxInFlight}, generator's largest lag behind a due time ${round(open.maxSendLagMs)} ms, errors ${JSON.stringify(Object.fromEntries(open.errors))}; server event loop delay max ${openStats.eventLoopDelayMaxMs} ms, p99 ${openStats.eventLoopDelayP99Ms} ms`);

  // The same saturation load with the server's clock on a Saturday, where no clock runs (informative). Tokens are
  // issued again on that clock; the clock goes back afterwards.
  const sample = await fetch(`${server.baseUrl}/api/me/queue`, { headers: { authorization: `Bearer ${tokens[0] ?? ''}` } });
  const serverNowMs = Date.parse(((await sample.json()) as QueueResponse).now);
  const leftAt = Date.now();
  await setServerClock(server, nextSaturdayNoon(new Date(serverNowMs)));
  const weekendTokens = await tokensOf(server, org);
  await warmUp(server, weekendTokens, notes, `${L} (weekend)`);
  await server.stats();
  const { result: weekend, kinds: weekendKinds } = await queueLoad(`${server.baseUrl}/api/me/queue`, weekendTokens, seconds);
  const weekendStats = await server.stats();
  await setServerClock(server, new Date(serverNowMs + (Date.now() - leftAt)));
  const weekendErrors = weekend.errors + weekend.non2xx;
  const weekendAnswered = weekend['2xx'] ?? 0;
  notes.push(`${L} GET /api/me/queue at saturation on a Saturday, errors: ${describeErrors(weekend, weekendKinds)}`);
  return {
    saturation, openLoop, answersPerSecond: queue.requests.average, notes,
    weekend: {
      answersPerSecond: weekend.requests.average,
      figures: [
        { name: `${L} GET /api/me/queue at saturation with the demo clock on a Saturday (no clock runs; informative): answers per second`, value: round(weekend.requests.average), unit: 'req/s' },
        { name: `${L} GET /api/me/queue at saturation on a Saturday: errors, server CPU per answer`, value: weekendErrors, unit: `responses, ${weekendAnswered > 0 ? Math.round(weekendStats.cpuMicros / weekendAnswered) : 0} µs` },
      ],
    },
  };
}

function floorShare(L: string, api: number, floor: number): BenchFigure {
  const share = floor > 0 ? api / floor : 0;
  return { name: `${L} GET /api/me/queue saturation as a share of the floor (API answers/s ÷ floor answers/s)`, value: Math.round(share * 1000) / 10, unit: '%', target: `≥ ${FLOOR_SHARE_TARGET * 100} %`, met: share >= FLOOR_SHARE_TARGET };
}

/** The Saturday saturation as a share of the same floor (informative, no target: the target is judged in working time). */
function weekendShare(L: string, api: number, floor: number): BenchFigure {
  return { name: `${L} GET /api/me/queue on a Saturday as a share of the floor (informative)`, value: floor > 0 ? Math.round((api / floor) * 1000) / 10 : 0, unit: '%' };
}

async function measure(target: Target, org: ReturnType<typeof generateDemoOrganization>, demoNow: Date, options: BenchOptions): Promise<Measured> {
  const requests = options.quick ? 100_000 : 1_000_000;
  const seconds = options.quick ? 10 : 30;
  const figures: BenchFigure[] = [];
  const notes: string[] = [];
  const L = target.label;

  const filling = await target.open();
  try {
    figures.push({ name: `${L} fill (${requests.toLocaleString('en-US')} requests)`, value: round(await fill(filling, org, requests, demoNow.getTime())), unit: 's' });
  } finally {
    await filling.close();
  }

  const server = await startApiServer(target, demoNow);
  let sampleBody = Buffer.alloc(0);
  try {
    const tokens = await tokensOf(server, org);
    await warmUp(server, tokens, notes, L);
    const sample = await fetch(`${server.baseUrl}/api/me/queue`, { headers: { authorization: `Bearer ${tokens[1] ?? ''}` } });
    sampleBody = Buffer.from(await sample.arrayBuffer());
    const sampleSize = (JSON.parse(sampleBody.toString('utf8')) as QueueResponse).requests.length;
    figures.push({ name: `${L} open requests in one demo user's queue (sample)`, value: sampleSize, unit: 'rows' });
    figures.push({ name: `${L} one queue answer (sample)`, value: sampleBody.length, unit: 'bytes' });

    const queue = await measureQueue(server, org, tokens, L, options);
    const floor = await measureFloor(sampleBody, tokens, L, options);
    figures.push(...queue.saturation, ...floor.figures, floorShare(L, queue.answersPerSecond, floor.answersPerSecond), ...queue.openLoop);
    figures.push(...queue.weekend.figures, weekendShare(L, queue.weekend.answersPerSecond, floor.answersPerSecond));
    notes.push(...queue.notes, ...floor.notes);

    // POST /api/requests: distinct real Inbox messages, interleaved over the users so no mailbox is hammered.
    const inboxes = org.users.map((u) => org.folder(u.index, 'inbox').filter((m) => !m.deleted).map((m) => org.ids.messageId(m.number)));
    const items: { user: number; messageId: string }[] = [];
    for (let depth = 0; items.length < TRACK_RATE * seconds * 1.2 && inboxes.some((ids) => ids.length > depth); depth++) {
      inboxes.forEach((ids, user) => {
        const messageId = ids[depth];
        if (messageId !== undefined) items.push({ user, messageId });
      });
    }
    if (items.length < TRACK_RATE * seconds) notes.push(`${L}: only ${items.length} distinct Inbox messages for ${TRACK_RATE * seconds} tracks; later tracks repeat (200)`);
    let nextItem = 0;
    const created: string[] = [];
    const statuses = new Map<number, number>();
    const { result: track, kinds: trackKinds } = await load({
      url: `${server.baseUrl}/api/requests`,
      connections: TRACK_CONNECTIONS,
      overallRate: TRACK_RATE,
      duration: seconds,
      requests: [{
        method: 'POST',
        setupRequest: (req) => {
          const item = items[nextItem++ % items.length];
          return {
            ...req,
            headers: { ...req.headers, authorization: `Bearer ${tokens[item?.user ?? 0] ?? ''}`, 'content-type': 'application/json' },
            body: JSON.stringify({ source: 'email', messageId: item?.messageId ?? '', override: true }),
          };
        },
        onResponse: (status, body) => {
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          if (status === 201) created.push((JSON.parse(body) as { id: string }).id);
        },
      }],
    });
    const trackErrors = track.errors + track.non2xx;
    notes.push(`${L} POST /api/requests errors: ${describeErrors(track, trackKinds)}`);
    const trackStats = await server.stats();
    const tracked = track.non2xx + (track['2xx'] ?? 0);
    notes.push(`${L} server event loop during the track run: delay max ${trackStats.eventLoopDelayMaxMs} ms, p99 ${trackStats.eventLoopDelayP99Ms} ms`);
    notes.push(`${L} Graph requests during the track run (batch items counted again): ${JSON.stringify(trackStats.graphRequests)}`);
    figures.push(
      { name: `${L} POST /api/requests p50 (at ${TRACK_RATE}/s)`, value: track.latency.p50, unit: 'ms' },
      { name: `${L} POST /api/requests p99`, value: track.latency.p99, unit: 'ms' },
      { name: `${L} POST /api/requests throughput`, value: round(track.requests.average), unit: 'req/s', target: `≈ ${TRACK_RATE}/s`, met: track.requests.average >= TRACK_RATE * 0.95 },
      { name: `${L} POST /api/requests errors (non-2xx, socket errors, timeouts)`, value: trackErrors, unit: 'responses', target: '0', met: trackErrors === 0 },
      { name: `${L} POST /api/requests 201 created`, value: created.length, unit: 'requests' },
      { name: `${L} Graph requests per POST /api/requests answered (batch items counted again)`, value: tracked > 0 ? round(trackStats.graphTotal / tracked) : 0, unit: 'requests' },
    );
    notes.push(`${L} POST statuses: ${JSON.stringify(Object.fromEntries(statuses))}`);

    // Every 201's id is in the store.
    const checking = await target.open();
    try {
      let missing = 0;
      for (let i = 0; i < created.length; i += 1000) {
        const chunk = created.slice(i, i + 1000);
        const found = await checking.database.db.selectFrom('requests').select('id').where('id', 'in', chunk).execute();
        missing += chunk.length - found.length;
      }
      figures.push({ name: `${L} created requests missing from the store`, value: missing, unit: 'requests', target: '0', met: missing === 0 && created.length > 0 });
    } finally {
      await checking.close();
    }
  } finally {
    await server.stop();
  }

  if ((process.env.BENCH_API_VARIANTS ?? '').split(',').includes('unpaced')) {
    const unpaced = await startApiServer(target, demoNow, { API_REQUESTS_PER_LOOP_TURN: '10000' });
    try {
      const unpacedTokens = await tokensOf(unpaced, org);
      await warmUp(unpaced, unpacedTokens, notes, `${L} (unpaced)`);
      const queue = await measureQueue(unpaced, org, unpacedTokens, `${L} (unpaced)`, options);
      const floor = await measureFloor(sampleBody, unpacedTokens, `${L} (unpaced)`, options);
      figures.push(...queue.saturation, ...floor.figures, floorShare(`${L} (unpaced)`, queue.answersPerSecond, floor.answersPerSecond), ...queue.openLoop);
      figures.push(...queue.weekend.figures, weekendShare(`${L} (unpaced)`, queue.weekend.answersPerSecond, floor.answersPerSecond));
      notes.push(...queue.notes, ...floor.notes);
    } finally {
      await unpaced.stop();
    }
  }
  return { figures, notes };
}

/** The saturation load against a server that only sends `body` (see bench/static-body-server.ts). */
async function measureFloor(body: Buffer, tokens: string[], L: string, options: BenchOptions): Promise<{ figures: BenchFigure[]; answersPerSecond: number; notes: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'turnaround-api-floor-'));
  const file = join(dir, 'queue-answer.json');
  writeFileSync(file, body);
  const server = await startServer('static-body-server.ts', [file], {});
  try {
    const { result, kinds } = await queueLoad(`${server.baseUrl}/api/me/queue`, tokens, options.quick ? 10 : 30);
    return {
      figures: [
        { name: `${L} floor: a do-nothing server sending the same ${body.length.toLocaleString('en-US')}-byte answer, same load: answers per second`, value: round(result.requests.average), unit: 'req/s' },
        { name: `${L} floor: p50 / p99`, value: result.latency.p50, unit: `ms / ${result.latency.p99} ms` },
      ],
      answersPerSecond: result.requests.average,
      notes: [`${L} floor errors: ${describeErrors(result, kinds)}`],
    };
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(options: BenchOptions): Promise<BenchResult> {
  const demoNow = benchDemoNow();
  const org = generateDemoOrganization({ seed: SEED, people: PEOPLE, days: DAYS, now: demoNow });
  const figures: BenchFigure[] = [];
  const notes: string[] = [
    `${(options.quick ? 100_000 : 1_000_000).toLocaleString('en-US')} requests: ${PER_DEMO_USER} for each of ${PEOPLE} demo users (last 30 days), the rest over ${SYNTHETIC_PEOPLE} synthetic people (365 days)`,
    'per-user rate limit raised to 1,000,000 (burst and per second) and per-IP limit to 1,000,000,000 per window for this benchmark; server in its own process, load generators (autocannon, bench/open-loop-load.ts) in this one',
    `demo instant (the server's clock at start): ${demoNow.toISOString()} (${demoNow.toLocaleDateString('en-GB', { weekday: 'long', timeZone: 'UTC' })}), inside most demo users' working hours; the Saturday figures move the server's clock to ${nextSaturdayNoon(demoNow).toISOString().slice(0, 10)} 12:00 UTC and back`,
  ];

  const dir = mkdtempSync(join(tmpdir(), 'turnaround-api-bench-'));
  const file = join(dir, 'bench.db');
  try {
    const sqlite = await measure({ label: 'sqlite', url: `sqlite:${file}`, open: () => openStores(`sqlite:${file}`) }, org, demoNow, options);
    figures.push(...sqlite.figures);
    notes.push(...sqlite.notes);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const base = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const schema = `bench_api_${randomBytes(5).toString('hex')}`;
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${schema}`);
  try {
    const postgres = await measure({ label: 'postgres', url: url.toString(), open: () => openStores(base, { schema }) }, org, demoNow, options);
    figures.push(...postgres.figures);
    notes.push(...postgres.notes);
  } finally {
    const client = new pg.Client({ connectionString: base });
    await client.connect().then(
      async () => {
        await client.query(`drop schema if exists ${schema} cascade`);
        await client.end();
      },
      () => notes.push(`PostgreSQL at ${base} was not reachable: set BENCH_DATABASE_URL`),
    );
  }
  return { title: `API under load: GET /api/me/queue against its floor and at 300/s open loop, POST /api/requests (${(options.quick ? 100_000 : 1_000_000).toLocaleString('en-US')} requests stored)`, figures, notes };
}
