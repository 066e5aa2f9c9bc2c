/**
 * The server under test for bench/api.bench.ts, in its own process so the load generator does not share its event
 * loop: the real buildServer in demo mode with its own dev tenant (Graph simulator over HTTPS, identity provider),
 * on the database named by DATABASE_URL, which the benchmark has already filled. The dev tenant is generated at
 * BENCH_DEMO_NOW so the benchmark can regenerate the same organisation (same users, same message ids) on its side.
 * Prints `{"port": N}` on stdout once listening; SIGTERM closes it. On SIGUSR2 it prints `{"stats": …}` — the Graph
 * simulator's request counters and the event loop's delay (max and p99, ms) since the previous SIGUSR2 — and resets both —
 * with the connections accepted and requests received and answered since start, and the CPU time (user + system) the
 * process used since the previous SIGUSR2.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startDevTenant } from '../src/devtenant/dev-tenant';
import { buildServer } from '../src/server/build-server';
import { loadConfig } from '../src/server/config';

async function main(): Promise<void> {
  const config = loadConfig({ ...process.env, PORT: '0', HOST: '127.0.0.1' });
  const devTenant = await startDevTenant({
    seed: config.demo.seed,
    people: config.demo.people,
    days: config.demo.days,
    now: new Date(process.env.BENCH_DEMO_NOW ?? ''),
    idpIssuerBase: `${config.publicBaseUrl}/dev/idp`,
  });
  const app = await buildServer(config, { devTenant });
  let received = 0;
  let answered = 0;
  let connections = 0;
  app.server.on('connection', () => (connections += 1));
  app.addHook('onRequest', async () => {
    received += 1;
  });
  app.addHook('onResponse', async () => {
    answered += 1;
  });
  app.addHook('onClose', async () => devTenant.stop());
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  process.stdout.write(`${JSON.stringify({ port: typeof address === 'object' && address !== null ? address.port : 0 })}\n`);
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  let cpuSince = process.cpuUsage();
  process.on('SIGUSR2', () => {
    const stats = {
      graphRequests: devTenant.counters.snapshot(),
      graphTotal: devTenant.counters.total(),
      eventLoopDelayMaxMs: Math.round(delay.max / 1e6),
      eventLoopDelayP99Ms: Math.round(delay.percentile(99) / 1e6),
      connectionsAccepted: connections,
      requestsReceived: received,
      requestsAnswered: answered,
      cpuMicros: 0,
    };
    const used = process.cpuUsage(cpuSince);
    stats.cpuMicros = used.user + used.system;
    cpuSince = process.cpuUsage();
    devTenant.counters.reset();
    delay.reset();
    process.stdout.write(`${JSON.stringify({ stats })}\n`);
  });
  process.on('SIGTERM', () => {
    app.close().then(() => process.exit(0), () => process.exit(1));
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
