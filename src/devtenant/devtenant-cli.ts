/**
 * `npm run devtenant [-- options]`: runs the dev tenant on its own — the Graph simulator and the identity provider's
 * token endpoint over HTTPS, and a control plane over HTTP on 127.0.0.1 — without the app. Prints one JSON line on
 * stdout: `graphBaseUrl`, `authorityHost`, `tenantId`, `clientId`, `clientSecret`, `caFile` (the dev tenant's
 * certificate, written to a temporary file and removed at exit) and `controlUrl`. Runs until SIGINT or SIGTERM, then
 * stops its servers and exits 0. Options are flags, because only src/server/config.ts reads the environment; see
 * {@link USAGE}.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startControlServer } from './control-server';
import { startDevTenant } from './dev-tenant';

const USAGE = `Usage: npm run devtenant [-- options]

Runs the Graph simulator and the identity provider without the app and prints one JSON line:
{"graphBaseUrl", "authorityHost", "tenantId", "clientId", "clientSecret", "caFile", "controlUrl"}.
Stop it with Ctrl+C (SIGINT) or SIGTERM to the tsx process (npm run does not pass SIGTERM on).

Options:
  --start ISO         the simulated clock's starting instant, e.g. 2026-03-02T08:00:00Z (default: now)
  --seed N            seed of the demo organisation (default 42, as the demo's DEMO_SEED)
  --people N          people in the organisation (default 40)
  --days N            days of history (default 90)
  --graph-port P      HTTPS port of the Graph simulator (default 0: any free port)
  --authority-port P  HTTPS port of the identity provider (default 0: any free port)
  --control-port P    HTTP port of the control plane on 127.0.0.1 (default 0: any free port)
  --help              print this and exit

Control plane (under controlUrl): GET /info, GET /clock, POST /clock/advance {"minutes": n}, POST /clock {"now": iso},
POST /simulate/reply {"asUser", "messageId", "chatId"?}, POST /graph/faults {...}, GET|DELETE /graph/requests,
GET /idp/keys, POST /idp/token (form: username, audience?), POST|DELETE /idp/faults {"status": 500|"hang", "minutes": n},
GET|DELETE /idp/requests, POST /consent/application {"granted": true|false}.
A server in tenant mode follows the simulated clock with SIMULATED_CLOCK_URL=<controlUrl>.`;

/** The options of one run. */
interface DevTenantCliOptions {
  seed: number;
  people: number;
  days: number;
  graphPort: number;
  authorityPort: number;
  controlPort: number;
  /** The simulated clock's starting instant (default: now). */
  start: Date | undefined;
}

const FLAGS: Record<string, { key: Exclude<keyof DevTenantCliOptions, 'start'>; min: number; max: number }> = {
  '--seed': { key: 'seed', min: 0, max: 2_147_483_647 },
  '--people': { key: 'people', min: 5, max: 100_000 },
  '--days': { key: 'days', min: 1, max: 3_650 },
  '--graph-port': { key: 'graphPort', min: 0, max: 65_535 },
  '--authority-port': { key: 'authorityPort', min: 0, max: 65_535 },
  '--control-port': { key: 'controlPort', min: 0, max: 65_535 },
};

/** Reads the flags; throws an Error naming the first bad one. */
function parseDevTenantArgs(argv: readonly string[]): DevTenantCliOptions {
  const options: DevTenantCliOptions = { seed: 42, people: 40, days: 90, graphPort: 0, authorityPort: 0, controlPort: 0, start: undefined };
  for (let i = 0; i < argv.length; i += 2) {
    if (argv[i] === '--start') {
      const text = argv[i + 1] ?? '';
      // An instant: date, time and a zone (Z or ±hh:mm), never a local time that depends on the machine.
      const ms = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text) ? Date.parse(text) : NaN;
      if (Number.isNaN(ms)) throw new Error('--start needs an ISO 8601 instant with a zone, e.g. 2026-03-02T08:00:00Z');
      options.start = new Date(ms);
      continue;
    }
    const flag = FLAGS[argv[i] ?? ''];
    if (!flag) throw new Error(`unknown option '${argv[i] ?? ''}'`);
    const value = Number(argv[i + 1]);
    if (!Number.isInteger(value) || value < flag.min || value > flag.max) throw new Error(`${argv[i] ?? ''} needs an integer from ${String(flag.min)} to ${String(flag.max)}`);
    options[flag.key] = value;
  }
  return options;
}

async function main(argv: string[]): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    return;
  }
  let options: DevTenantCliOptions;
  try {
    options = parseDevTenantArgs(argv);
  } catch (error) {
    console.error(`devtenant: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    process.exit(2);
  }
  const tenant = await startDevTenant({
    seed: options.seed, people: options.people, days: options.days, port: options.graphPort, authorityPort: options.authorityPort,
    ...(options.start === undefined ? {} : { now: options.start }),
  });
  const control = await startControlServer(tenant, options.controlPort);
  const caDir = await mkdtemp(join(tmpdir(), 'turnaround-devtenant-'));
  const caFile = join(caDir, 'dev-tenant-ca.pem');
  await writeFile(caFile, tenant.certificatePem, { mode: 0o600 });
  const { demoClient, authorityHost } = tenant.authority;
  console.log(JSON.stringify({
    graphBaseUrl: tenant.graphBaseUrl, authorityHost, tenantId: tenant.org.tenantId,
    clientId: demoClient.clientId, clientSecret: demoClient.clientSecret, caFile, controlUrl: control.controlUrl,
  }));

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    const timer = setTimeout(() => process.exit(1), 10_000);
    timer.unref();
    Promise.all([control.close(), tenant.stop(), rm(caDir, { recursive: true, force: true })])
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        console.error('devtenant: shutdown failed', error);
        process.exit(1);
      });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error('devtenant failed to start', error);
  process.exit(1);
});
