import { X509Certificate, randomBytes } from 'node:crypto';
import { generate } from 'selfsigned';
import { ActivityFeed } from './activity-feed';
import type { DemoOrganization } from './demo-organization';
import { generateDemoOrganization } from './demo-org-generator';
import { GraphSimulator } from './graph-simulator';
import { FaultInjector, GRAPH_THROTTLE_LIMITS, RequestCounters, ThrottleLimiter, type FaultOptions, type ThrottleLimits } from './graph-traffic-controls';
import { BOT_FRAMEWORK_METADATA_PATH, BotFrameworkTokenService } from './bot-framework-token-service';
import { DEMO_API_CLIENT_ID, DEMO_GRAPH_SCOPES, DevIdentityProvider } from './identity-provider';
import { DevTokenEndpoint, type DevConfidentialClient } from './oauth-token-endpoint';
import { seededGuid } from './seeded-random';
import { SimulatedClock } from './simulated-clock';
import { ChangeNotificationService, type DeliveryTimings } from './subscriptions/change-notification-delivery';

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
  /** HTTPS port of the identity provider's token endpoint; 0 = ephemeral (default). */
  authorityPort?: number;
  /** Timing of change-notification delivery (default Graph's: 10 s handshake, retries from 1 s); tests shorten it. */
  notificationTimings?: Partial<DeliveryTimings>;
}

/**
 * The application permissions the demo confidential client is granted by default: what background sync reads for every
 * person (mail, mailbox settings, chats, people, the organisation's verified domains at /organization, each person's
 * teams at /users/{id}/joinedTeams and their members, the threads of requests tracked from channels), and
 * TeamsActivity.Send for warnings and digests in the Teams activity feed.
 */
export const DEMO_APPLICATION_PERMISSIONS: readonly string[] = [
  'Mail.Read', 'MailboxSettings.Read', 'Chat.Read.All', 'User.Read.All', 'Organization.Read.All', 'GroupMember.Read.All', 'TeamMember.Read.All', 'Team.ReadBasic.All',
  'TeamsActivity.Send', 'Channel.ReadBasic.All', 'ChannelMessage.Read.All',
];

/** The demo confidential client's credentials, as tenant mode is configured with them. */
export interface DemoClientCredentials {
  clientId: string;
  clientSecret: string;
  /** PEM of the client certificate and its private key (PKCS#8), for certificate authentication. */
  certificatePem: string;
  privateKeyPem: string;
  /** Hex SHA-256 thumbprint of the certificate (msal-node's `thumbprintSha256`). */
  thumbprintSha256: string;
  /** Hex SHA-1 thumbprint of the certificate (msal-node's deprecated `thumbprint`, sent as `x5t`). */
  thumbprintSha1: string;
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
  /** Change-notification subscriptions and their delivery (what `/subscriptions` creates; the control plane's view). */
  subscriptions: ChangeNotificationService;
  /** What the Teams activity feed received per person (`sendActivityNotification…`; `GET /dev/activity` lists it). */
  activityFeed: ActivityFeed;
  setFaults(f: FaultOptions): void;
  setThrottleLimits(limits: Partial<ThrottleLimits>): void;
  stop(): Promise<void>;
}

/** The identity provider's OAuth token endpoint of a dev tenant started in this process. */
export interface DevTenantAuthority {
  /** The identity provider's HTTPS origin, e.g. 'https://localhost:PORT' (same certificate as the simulator). */
  authorityHost: string;
  /** The token endpoint; its `client` holds the demo client's permissions and consent (tests change them). */
  tokenEndpoint: DevTokenEndpoint;
  /** The demo confidential client's id, secret and certificate. */
  demoClient: DemoClientCredentials;
  /**
   * The dev tenant playing the Bot Framework token service: issues the tokens the Bot Connector would sign activities
   * with (tests, the Teams workbench); its OpenID metadata is at {@link botOpenIdMetadataUrl}.
   */
  botFramework: BotFrameworkTokenService;
  /** `<authorityHost>/botframework/v1/.well-known/openidconfiguration` (the Teams SDK's `openIdMetadataUrl` for the demo). */
  botOpenIdMetadataUrl: string;
}

/** A dev tenant started in this process: the simulator, and the identity provider's token endpoint beside it. */
export interface LocalDevTenant extends DevTenant {
  authority: DevTenantAuthority;
}

/**
 * Generates the demo organisation, keys, a localhost certificate and the demo client's certificate, and starts the Graph
 * simulator and the identity provider's token endpoint over HTTPS (two ports, one certificate).
 * Everything is deterministic from `seed` except keys, certificate and ids of tokens.
 */
export async function startDevTenant(options: DevTenantOptions = {}): Promise<LocalDevTenant> {
  const clock = new SimulatedClock(options.now ?? new Date());
  const org = generateDemoOrganization({ seed: options.seed, people: options.people, days: options.days, now: clock.now() });
  const tenants = [{ tenantId: org.tenantId, users: org.users }, ...(org.otherTenant ? [{ tenantId: org.otherTenant.tenantId, users: org.otherTenant.users }] : [])];
  const [idp, tls, clientCert, botFramework] = await Promise.all([
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
    generate([{ name: 'commonName', value: 'Turnaround demo client' }], {
      keySize: 2048, algorithm: 'sha256', notBeforeDate: new Date(Date.now() - 86_400_000), notAfterDate: new Date(Date.now() + 365 * 86_400_000),
    }),
    BotFrameworkTokenService.create(),
  ]);
  const seed = options.seed ?? 1;
  const client: DevConfidentialClient = {
    clientId: DEMO_API_CLIENT_ID,
    displayName: 'Turnaround (demo)',
    servicePrincipalId: seededGuid(seed, 900_001),
    clientSecret: `dev~${randomBytes(24).toString('base64url')}`,
    certificatePem: clientCert.cert,
    applicationPermissions: [...DEMO_APPLICATION_PERMISSIONS],
    delegatedConsent: true,
    delegatedScopes: DEMO_GRAPH_SCOPES,
  };
  const tokenEndpoint = new DevTokenEndpoint(idp, { client, seed, botFramework });
  const authorityHost = await tokenEndpoint.listen(options.authorityPort ?? 0, { key: tls.private, cert: tls.cert });
  const counters = new RequestCounters();
  const faults = new FaultInjector(options.faults);
  const limiter = new ThrottleLimiter({ ...GRAPH_THROTTLE_LIMITS, ...options.throttle });
  const subscriptions = new ChangeNotificationService(org, clock, options.notificationTimings);
  const activityFeed = new ActivityFeed();
  const simulator = new GraphSimulator(org, idp, clock, counters, faults, limiter, subscriptions, activityFeed);
  const origin = await simulator.listen(options.port ?? 0, { key: tls.private, cert: tls.cert });
  return {
    graphBaseUrl: `${origin}/v1.0/`,
    graphOrigin: origin,
    certificatePem: tls.cert,
    idp,
    authority: {
      authorityHost,
      tokenEndpoint,
      demoClient: {
        clientId: client.clientId,
        clientSecret: client.clientSecret,
        certificatePem: clientCert.cert,
        privateKeyPem: clientCert.private,
        thumbprintSha256: new X509Certificate(clientCert.cert).fingerprint256.replace(/:/g, '').toLowerCase(),
        thumbprintSha1: new X509Certificate(clientCert.cert).fingerprint.replace(/:/g, '').toLowerCase(),
      },
      botFramework,
      botOpenIdMetadataUrl: `${authorityHost}${BOT_FRAMEWORK_METADATA_PATH}`,
    },
    org,
    clock,
    counters,
    subscriptions,
    activityFeed,
    setFaults: (f) => faults.set(f),
    setThrottleLimits: (l) => limiter.setLimits(l),
    stop: async () => { await Promise.all([subscriptions.stop(), simulator.close(), tokenEndpoint.close()]); },
  };
}
