import { generate } from 'selfsigned';
import type { DemoOrganization } from './demo-organization';
import { generateDemoOrganization } from './demo-org-generator';
import { GraphSimulator } from './graph-simulator';
import { FaultInjector, GRAPH_THROTTLE_LIMITS, RequestCounters, ThrottleLimiter, type FaultOptions, type ThrottleLimits } from './graph-traffic-controls';
import { DevIdentityProvider } from './identity-provider';
import { SimulatedClock } from './simulated-clock';

export type { FaultOptions, ThrottleLimits } from './graph-traffic-controls';
export { RequestCounters } from './graph-traffic-controls';

/** Options of {@link startDevTenant}. */
export interface DevTenantOptions {
  seed?: number;
  /** Number of people in the demo organisation (default 40). */
  people?: number;
  /** Days of history (default 90). */
  days?: number;
  /** The demo's "now" (default: the real current time). The simulated clock starts here. */
  now?: Date;
  /** HTTPS port of the Graph simulator; 0 = ephemeral (default). */
  port?: number;
  faults?: FaultOptions;
  /** Issuer base of the dev identity provider (default http://localhost:3978/dev/idp). */
  idpIssuerBase?: string;
  /** Throttling limits (default Graph's: 10,000 requests per 10 minutes, 4 concurrent, per app and mailbox). */
  throttle?: Partial<ThrottleLimits>;
}

/** A running dev tenant: Graph simulator, identity provider and demo organisation. */
export interface DevTenant {
  /** e.g. 'https://localhost:PORT/v1.0/' */
  graphBaseUrl: string;
  /** e.g. 'https://localhost:PORT' */
  graphOrigin: string;
  /** The simulator's self-signed certificate (PEM); trust it per client, never process-wide. */
  certificatePem: string;
  idp: DevIdentityProvider;
  org: DemoOrganization;
  clock: SimulatedClock;
  counters: RequestCounters;
  setFaults(f: FaultOptions): void;
  setThrottleLimits(limits: Partial<ThrottleLimits>): void;
  stop(): Promise<void>;
}

/**
 * Generates the demo organisation, keys and a localhost certificate, and starts the Graph simulator over HTTPS.
 * Everything is deterministic from `seed` except keys, certificate and ids of tokens.
 */
export async function startDevTenant(options: DevTenantOptions = {}): Promise<DevTenant> {
  const clock = new SimulatedClock(options.now ?? new Date());
  const org = generateDemoOrganization({ seed: options.seed, people: options.people, days: options.days, now: clock.now() });
  const tenants = [{ tenantId: org.tenantId, users: org.users }, ...(org.otherTenant ? [{ tenantId: org.otherTenant.tenantId, users: org.otherTenant.users }] : [])];
  const [idp, tls] = await Promise.all([
    DevIdentityProvider.create({ tenants, issuerBase: options.idpIssuerBase, now: () => clock.now() }),
    generate([{ name: 'commonName', value: 'localhost' }], {
      keySize: 2048, algorithm: 'sha256', notBeforeDate: new Date(Date.now() - 86_400_000), notAfterDate: new Date(Date.now() + 30 * 86_400_000),
      extensions: [
        { name: 'basicConstraints', cA: true },
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, keyCertSign: true },
        { name: 'extKeyUsage', serverAuth: true },
        { name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }] },
      ],
    }),
  ]);
  const counters = new RequestCounters();
  const faults = new FaultInjector(options.faults);
  const limiter = new ThrottleLimiter({ ...GRAPH_THROTTLE_LIMITS, ...options.throttle });
  const simulator = new GraphSimulator(org, idp, clock, counters, faults, limiter);
  const origin = await simulator.listen(options.port ?? 0, { key: tls.private, cert: tls.cert });
  return {
    graphBaseUrl: `${origin}/v1.0/`,
    graphOrigin: origin,
    certificatePem: tls.cert,
    idp,
    org,
    clock,
    counters,
    setFaults: (f) => faults.set(f),
    setThrottleLimits: (l) => limiter.setLimits(l),
    stop: () => simulator.close(),
  };
}
