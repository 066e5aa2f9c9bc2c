/**
 * One Turnaround server instance for the scale test, run in its own process by `tsx`. It is the real `buildServer`
 * in demo mode with the background scheduler on, on the PostgreSQL schema named by DATABASE_URL
 * (`?options=-c search_path=…`), against the ONE dev tenant the test process runs — reached over the network like a
 * real tenant: Graph over HTTPS with the simulator's certificate, Graph tokens and signing keys from the dev identity
 * provider's own routes (`POST /dev/idp/token`, `GET /dev/idp/keys`).
 *
 * Input: the server's environment (DATABASE_URL, SYNC_INTERVAL_SECONDS, …) plus SCALE_DEV_TENANT, a JSON
 * {@link RemoteDevTenantInfo}. Output on stdout, one JSON object a line with a `scale` key: `listening` (port and
 * lease owner), `synced` (each background sync: person, owner, start and finish in epoch ms) and `failed`.
 * SIGTERM closes the server (scheduler stopped, leases released) and exits.
 */
import type { JWK } from 'jose';
import { generateDemoOrganization } from '../../../src/devtenant/demo-org-generator';
import { RequestCounters, type DevTenant } from '../../../src/devtenant/dev-tenant';
import type { DevIdentityProvider } from '../../../src/devtenant/identity-provider';
import { SimulatedClock } from '../../../src/devtenant/simulated-clock';
import { buildServer } from '../../../src/server/build-server';
import { loadConfig } from '../../../src/server/config';

/** What the test process tells each instance about its dev tenant. */
export interface RemoteDevTenantInfo {
  graphBaseUrl: string;
  graphOrigin: string;
  certificatePem: string;
  /** Origin of a server exposing the dev tenant's /dev/idp routes. */
  idpOrigin: string;
  /** The issuer base the dev tenant was started with (issuer = `${issuerBase}/${tenantId}/v2.0`). */
  issuerBase: string;
  /** seed, people, days and `now` (ISO) the organisation was generated with — it is deterministic from them. */
  seed: number;
  people: number;
  days: number;
  generatedAt: string;
  /** The dev tenant's simulated clock minus the real clock, in ms (same machine, so both instances agree). */
  clockOffsetMs: number;
}

function emit(event: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify({ scale: event.scale, ...event })}\n`);
}

/**
 * The identity provider's public face, answered over HTTP by the dev tenant's routes in the test process: the same
 * tokens (signed by the one key pair) that the in-process provider would issue.
 */
class RemoteIdentityProvider {
  readonly issuer: string;

  constructor(
    readonly tenantId: string,
    private readonly info: RemoteDevTenantInfo,
    private readonly keys: { keys: JWK[] },
  ) {
    this.issuer = this.issuerForTenant(tenantId);
  }

  issuerForTenant(tenantId: string): string {
    return `${this.info.issuerBase.replace(/\/+$/, '')}/${tenantId}/v2.0`;
  }

  jwks(): { keys: JWK[] } {
    return { keys: this.keys.keys.map((k) => ({ ...k })) };
  }

  async issueToken(options: { username: string; audience?: string }): Promise<string> {
    const form = new URLSearchParams({ username: options.username, ...(options.audience === undefined ? {} : { audience: options.audience }) });
    const response = await fetch(`${this.info.idpOrigin}/dev/idp/token`, { method: 'POST', body: form });
    if (!response.ok) throw new Error(`dev identity provider answered ${response.status}`);
    return ((await response.json()) as { access_token: string }).access_token;
  }
}

async function main(): Promise<void> {
  const info = JSON.parse(process.env.SCALE_DEV_TENANT ?? '') as RemoteDevTenantInfo;
  const org = generateDemoOrganization({ seed: info.seed, people: info.people, days: info.days, now: new Date(info.generatedAt) });
  const keys = (await (await fetch(`${info.idpOrigin}/dev/idp/keys`)).json()) as { keys: JWK[] };
  const clock = new SimulatedClock(new Date(Date.now() + info.clockOffsetMs));
  const devTenant: DevTenant = {
    graphBaseUrl: info.graphBaseUrl,
    graphOrigin: info.graphOrigin,
    certificatePem: info.certificatePem,
    // The server uses only the provider's public methods; the private key stays in the test process.
    idp: new RemoteIdentityProvider(org.tenantId, info, keys) as unknown as DevIdentityProvider,
    org,
    clock,
    counters: new RequestCounters(),
    setFaults: () => {
      throw new Error('faults are set on the dev tenant in the test process');
    },
    setThrottleLimits: () => {
      throw new Error('limits are set on the dev tenant in the test process');
    },
    stop: async () => undefined,
  };
  const config = loadConfig({ ...process.env, PORT: '0', HOST: '127.0.0.1' });
  const app = await buildServer(config, {
    devTenant,
    syncObserver: {
      onSynced: (lease, startedAt, finishedAt) =>
        emit({ scale: 'synced', personId: lease.personId, owner: lease.owner, startedAtMs: startedAt.getTime(), finishedAtMs: finishedAt.getTime() }),
      onFailed: (error, lease) => emit({ scale: 'failed', personId: lease?.personId ?? null, code: (error as { code?: unknown }).code ?? String(error) }),
    },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  emit({ scale: 'listening', port: typeof address === 'object' && address !== null ? address.port : 0, owner: app.services.instanceId });
  let stopping = false;
  process.on('SIGTERM', () => {
    if (stopping) return;
    stopping = true;
    app.close().then(
      () => {
        emit({ scale: 'closed' });
        process.exit(0);
      },
      (error: unknown) => {
        emit({ scale: 'failed', personId: null, code: `close: ${String(error)}` });
        process.exit(1);
      },
    );
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
