/**
 * `npm run bench -- queue-serialisation [--quick]`: serialising a ~50-request queue answer made of the seeded demo's
 * real request views (GET /api/me/queue?include=all) with JSON.stringify versus the serializer Fastify compiles from the
 * route's response schema (fast-json-stringify, the copy Fastify itself loads), in one process, ops/s of CPU time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchOptions, BenchResult } from './run';
import type { QueueResponse } from '../src/contracts/api';
import { startDevTenant } from '../src/devtenant/dev-tenant';
import { buildServer } from '../src/server/build-server';
import { loadConfig } from '../src/server/config';
import { queueResponseSchema } from '../src/server/routes/response-schemas';

type Serialise = (value: unknown) => string;
const fastJsonStringify = createRequire(require.resolve('fastify'))('fast-json-stringify') as (schema: object) => Serialise;

const QUEUE_SIZE = 50;

/**
 * A ~50-request queue answer from the seeded demo, as the handler returns it: the largest GET /api/me/queue?include=all
 * (about 20 requests in this demo), topped up with the request views of the next largest queues to {@link QUEUE_SIZE}.
 */
async function demoQueue(): Promise<{ queue: QueueResponse; largestSingle: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'turnaround-serialise-'));
  const devTenant = await startDevTenant({ seed: 7, people: 40, days: 90, idpIssuerBase: 'http://localhost:3978/dev/idp' });
  const config = loadConfig({ LOG_LEVEL: 'silent', SCHEDULER: 'off', DATABASE_URL: `sqlite:${join(dir, 'bench.db')}`, DIST_DIR: join(dir, 'dist'), ASSETS_DIR: join(dir, 'assets') });
  const app = await buildServer(config, { devTenant });
  try {
    await app.demoSeeder?.run();
    const queues: QueueResponse[] = [];
    for (const user of devTenant.org.users) {
      const token = await devTenant.idp.issueToken({ username: user.userPrincipalName });
      const response = await app.inject({ method: 'GET', url: '/api/me/queue?include=all', headers: { authorization: `Bearer ${token}` } });
      if (response.statusCode !== 200) throw new Error(`queue of ${user.userPrincipalName}: HTTP ${response.statusCode}`);
      queues.push(response.json<QueueResponse>());
    }
    queues.sort((a, b) => b.requests.length - a.requests.length);
    const largest = queues[0];
    if (largest === undefined) throw new Error('the demo has nobody');
    return { queue: { now: largest.now, requests: queues.flatMap((q) => q.requests).slice(0, QUEUE_SIZE), stamp: largest.stamp }, largestSingle: largest.requests.length };
  } finally {
    await app.close();
    await devTenant.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Best of 5 rounds of `op`, in operations per second of this process's CPU time (the machine is shared). */
function opsPerCpuSecond(roundMs: number, op: () => string): number {
  let best = 0;
  for (let round = 0; round < 5; round += 1) {
    const startCpu = process.cpuUsage();
    const startWall = performance.now();
    let n = 0;
    let bytes = 0;
    while (performance.now() - startWall < roundMs) {
      for (let i = 0; i < 50; i += 1) bytes += op().length;
      n += 50;
    }
    const cpu = process.cpuUsage(startCpu);
    if (bytes === 0) throw new Error('nothing serialised');
    best = Math.max(best, n / ((cpu.user + cpu.system) / 1e6));
  }
  return best;
}

export async function run(options: BenchOptions): Promise<BenchResult> {
  const { queue, largestSingle } = await demoQueue();
  const serialise = fastJsonStringify(queueResponseSchema);
  // The same bytes' meaning either way, or the comparison means nothing.
  if (JSON.stringify(JSON.parse(serialise(queue))) !== JSON.stringify(JSON.parse(JSON.stringify(queue)))) throw new Error('the schema serializer changes the answer');
  const roundMs = options.quick ? 200 : 1_000;
  const plain = opsPerCpuSecond(roundMs, () => JSON.stringify(queue));
  const compiled = opsPerCpuSecond(roundMs, () => serialise(queue));
  return {
    title: `Queue answer serialisation (${queue.requests.length} requests, ${JSON.stringify(queue).length} bytes)`,
    figures: [
      { name: 'JSON.stringify', value: Math.round(plain), unit: 'ops/s (CPU)' },
      { name: 'fast-json-stringify (response schema)', value: Math.round(compiled), unit: 'ops/s (CPU)' },
      { name: 'speed-up', value: Math.round((compiled / plain) * 100) / 100, unit: '×' },
    ],
    notes: [`The demo's largest single queue holds ${largestSingle} requests; the answer measured is it plus the next largest queues' request views, ${queue.requests.length} in all.`],
  };
}
