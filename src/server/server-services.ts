/**
 * Assembles what the server runs on, per mode. Demo: the embedded dev tenant (identity provider with its HTTPS token
 * endpoint, HTTPS Graph simulator with its own certificate trusted by our clients only, simulated clock). Tenant:
 * Entra ID (login.microsoftonline.com) keys and issuers. Both modes validate API tokens through the same verifier
 * (only issuer, JWKS URL and audiences differ) and get Graph tokens through the same msal-node code
 * (GraphAccessTokens: on behalf of the caller, application access for background work); only the authority differs.
 */
import type { Clock } from '../app/clock';
import type { DirectorySource, GraphTokenProvider } from '../app/m365-ports';
import type { Stores } from '../app/store-ports';
import { DirectoryService } from '../app/directory-service';
import { startDevTenant, type DemoClientCredentials, type DevTenant } from '../devtenant/dev-tenant';
import { DEMO_API_CLIENT_ID } from '../devtenant/identity-provider';
import type { BotFrameworkTokenService } from '../devtenant/bot-framework-token-service';
import type { EntraCredentials } from '../graph/entra-client';
import { graphAccessTokensFor } from '../graph/graph-access-tokens';
import { GraphClientPool } from '../graph/graph-client-pool';
import { GraphDirectorySource } from '../graph/graph-directory-source';
import { GraphChatSource } from '../graph/graph-chat-source';
import { GraphChannelSource } from '../graph/graph-channel-source';
import { GraphMailSource } from '../graph/graph-mail-source';
import { SyncService } from '../app/sync/sync-service';
import { ChangeSubscriptionManager, type ChangeSubscriptionManagerDeps } from '../app/change-subscriptions';
import { GraphSubscriptionSource } from '../graph/graph-subscription-source';
import { GraphActivityFeedSource } from '../graph/graph-activity-feed-source';
import { calendarFromGraph, type GraphMailboxSettings } from '../domain/calendar-from-graph';
import { randomUUID } from 'node:crypto';
import { Agent } from 'undici';
import { hostname } from 'node:os';
import type { ActivityFeedSource, ChannelThreadSource, ChatSource, MailSource, UserContext } from '../app/m365-ports';
import { openStores } from '../store/open-stores';
import { FollowedClock } from './followed-clock';
import type { Config } from './config';
import { createTokenVerifier, entraIssuer, entraJwksUrl, type TokenVerifier } from './auth/token-verifier';

export interface ServerServices {
  stores: Stores;
  clock: Clock;
  verifyToken: TokenVerifier;
  graphTokens: GraphTokenProvider;
  graphPool: GraphClientPool;
  directorySource: DirectorySource;
  directory: DirectoryService;
  mail: MailSource;
  chats: ChatSource;
  /** The threads of requests tracked from channel messages. */
  channels: ChannelThreadSource;
  sync: SyncService;
  /**
   * Each person's Graph change-notification subscriptions (issue 19); null when background work has no application
   * access (GRAPH_BACKGROUND_ACCESS=delegated): subscriptions are the app's own and need it.
   */
  changeSubscriptions: ChangeSubscriptionManager | null;
  /**
   * The Teams activity feed (warnings and digests, issue 20), always sent with Turnaround's application token (the
   * pool uses it for a caller without an access token); background work uses it only with
   * GRAPH_BACKGROUND_ACCESS=application.
   */
  activityFeed: ActivityFeedSource;
  /** This instance's name as a lease owner. */
  instanceId: string;
  devTenant: DevTenant | null;
  /**
   * Demo: the dev tenant's Bot Framework token service when it runs in this process — the Teams workbench signs the
   * invokes it posts with it, as the Bot Connector would. Null otherwise.
   */
  devBotConnector: Pick<BotFrameworkTokenService, 'issueToken'> | null;
  /** Who the bot endpoint is and where the Bot Framework keys its inbound tokens are checked with come from. */
  bot: BotIdentity;
  /** Releases what this function opened (not what the caller passed in). */
  close(): Promise<void>;
}

export interface ServerServiceOverrides {
  stores?: Stores;
  /** A running dev tenant to use (demo mode) instead of starting one, with its token endpoint; the caller stops it. */
  devTenant?: DemoDevTenant;
  /** Replace the Graph directory (tests of the authorization matrix may seed the store instead). */
  directorySource?: DirectorySource;
  /**
   * Tenant mode: the clock to run on instead of the system clock or SIMULATED_CLOCK_URL's (the background worker
   * thread runs on the clock its server thread follows, src/server/background-thread.ts).
   */
  clock?: Clock;
  /** Where the subscription manager reports Graph failures (the server's log); ids only, never a clientState. */
  onSubscriptionError?: ChangeSubscriptionManagerDeps['onError'];
}

/**
 * A dev tenant the demo runs on: the simulator and identity provider, and where its token endpoint and demo client
 * are (a LocalDevTenant from startDevTenant is one; a test may describe one running in another process).
 */
export type DemoDevTenant = DevTenant & {
  authority: {
    authorityHost: string;
    demoClient: Pick<DemoClientCredentials, 'clientId' | 'clientSecret'>;
    botOpenIdMetadataUrl: string;
    /** The Bot Framework token service, when it runs in this process: the Teams workbench signs its invokes with it. */
    botFramework?: Pick<BotFrameworkTokenService, 'issueToken'>;
  };
};

/**
 * The bot endpoint's identity (issue 21): the bot's app id is the app's Entra client id (the audience of the Bot
 * Connector's tokens), and the Bot Framework OpenID metadata the Teams SDK validates them against — Microsoft's public
 * cloud's (null), or a dev tenant's, whose keys are then fetched trusting `keysCaPem` only.
 */
export interface BotIdentity {
  clientId: string;
  tenantId: string;
  /** The tenants whose people may act through the bot (the API's allowed tenants), lower case. */
  tenantIds: string[];
  openIdMetadataUrl: string | null;
  keysCaPem: string | null;
}

/** The demo API's accepted audiences: its client id and App ID URI. */
export const DEMO_AUDIENCES = [DEMO_API_CLIENT_ID, `api://${DEMO_API_CLIENT_ID}`];

/**
 * The demo's accepted audiences for a server at `publicBaseUrl`: {@link DEMO_AUDIENCES} plus the App ID URI the task
 * pane asks for (`api://<host>/<clientId>`, its scope being `api://<host>/<clientId>/access_as_user`, as in the
 * manifest's webApplicationInfo). Exact strings only — never a pattern.
 */
export function demoAudiences(publicBaseUrl: string): string[] {
  return [...DEMO_AUDIENCES, `api://${new URL(publicBaseUrl).host}/${DEMO_API_CLIENT_ID}`];
}

export async function createServerServices(config: Config, overrides: ServerServiceOverrides = {}): Promise<ServerServices> {
  const opened: (() => Promise<void>)[] = [];
  try {
    const stores = overrides.stores ?? (await openStores(config.databaseUrl));
    if (overrides.stores === undefined) opened.push(() => stores.close());

    if (config.mode === 'demo') {
      const devTenant =
        overrides.devTenant ??
        (await startDevTenant({ seed: config.demo.seed, people: config.demo.people, days: config.demo.days, idpIssuerBase: `${config.publicBaseUrl}/dev/idp` }));
      if (overrides.devTenant === undefined) opened.push(() => devTenant.stop());
      const clock: Clock = { now: () => devTenant.clock.now() };
      const knownTenants = [devTenant.org.tenantId, ...(devTenant.org.otherTenant ? [devTenant.org.otherTenant.tenantId] : [])];
      const verifyToken = createTokenVerifier({
        issuerForTenant: (tid) => devTenant.idp.issuerForTenant(tid),
        // The same remote-JWKS code path as Entra ID; the keys are served by this very process at /dev/idp/keys, so
        // the transport answers in-process (no network hop to ourselves, and it works before `listen`).
        jwksUrl: new URL(`${config.publicBaseUrl}/dev/idp/keys`),
        fetchJwks: async () => new Response(JSON.stringify(devTenant.idp.jwks()), { status: 200, headers: { 'content-type': 'application/json' } }),
        audiences: demoAudiences(config.publicBaseUrl),
        allowedTenantIds: config.auth.allowedTenantIds.length > 0 ? config.auth.allowedTenantIds : knownTenants,
        requiredScope: config.auth.requiredScope,
        clockToleranceSeconds: config.auth.clockToleranceSeconds,
        now: () => devTenant.clock.now(),
      });
      // The same msal-node code as tenant mode, against the dev tenant's token endpoint: the demo client is a
      // multi-tenant app consented in both demo tenants, and the tab's API tokens are the on-behalf-of assertions.
      const graphTokens = graphAccessTokensFor(demoCredentials(devTenant), config.graphBackgroundAccess, () => devTenant.clock.nowMs());
      const graphPool = new GraphClientPool({ baseUrl: devTenant.graphBaseUrl, caPem: devTenant.certificatePem, tokens: graphTokens });
      const directorySource = overrides.directorySource ?? new GraphDirectorySource(graphPool);
      const directory = new DirectoryService({ stores, clock, source: directorySource });
      const graph = graphServices(stores, clock, graphPool, directorySource, config.sync.retentionDays, subscriptionWiring(config, overrides));
      // The bot is the demo client; the Bot Connector is the dev tenant, whose keys come vouched for by its certificate.
      const bot: BotIdentity = {
        clientId: devTenant.authority.demoClient.clientId,
        tenantId: devTenant.org.tenantId,
        tenantIds: (config.auth.allowedTenantIds.length > 0 ? config.auth.allowedTenantIds : knownTenants).map((t) => t.toLowerCase()),
        openIdMetadataUrl: devTenant.authority.botOpenIdMetadataUrl,
        keysCaPem: devTenant.certificatePem,
      };
      return { stores, clock, verifyToken, graphTokens, graphPool, directorySource, directory, ...graph, devTenant, devBotConnector: devTenant.authority.botFramework ?? null, bot, close: () => closeAll(opened) };
    }

    const entra = config.entra;
    if (entra === null) throw new Error('tenant mode without Entra configuration');
    // ONLY FOR A DEV TENANT (SIMULATED_CLOCK_URL): its simulated clock, read before the server listens, then followed.
    const followed = config.simulatedClockUrl === null || overrides.clock !== undefined ? null : new FollowedClock({ controlUrl: config.simulatedClockUrl });
    if (followed !== null) {
      await followed.start();
      opened.push(async () => followed.stop());
    }
    const clock: Clock = overrides.clock ?? followed ?? { now: () => new Date() };
    // GRAPH_CA_FILE (the dev tenant run on its own): its signing keys come over HTTPS vouched for by that CA only.
    const caPem = entra.caPem;
    const jwksAgent = caPem === null ? null : new Agent({ connect: { ca: caPem } });
    if (jwksAgent !== null) opened.push(() => jwksAgent.close());
    const verifyToken = createTokenVerifier({
      issuerForTenant: (tid) => entraIssuer(entra.authorityHost, tid),
      jwksUrl: entraJwksUrl(entra.authorityHost),
      ...(jwksAgent === null ? {} : { fetchJwks: (url: string, init: RequestInit) => fetch(url, { ...init, dispatcher: jwksAgent } as RequestInit) }),
      audiences: config.auth.audiences,
      allowedTenantIds: config.auth.allowedTenantIds,
      requiredScope: config.auth.requiredScope,
      clockToleranceSeconds: config.auth.clockToleranceSeconds,
      now: () => clock.now(),
    });
    const credentials: EntraCredentials = { ...entra, ...(caPem === null ? {} : { authorityCaPem: caPem }) };
    const graphTokens = graphAccessTokensFor(credentials, config.graphBackgroundAccess, () => clock.now().getTime());
    const graphPool = new GraphClientPool({ baseUrl: entra.graphBaseUrl, tokens: graphTokens, ...(caPem === null ? {} : { caPem }) });
    const directorySource = overrides.directorySource ?? new GraphDirectorySource(graphPool);
    const directory = new DirectoryService({ stores, clock, source: directorySource });
    const graph = graphServices(stores, clock, graphPool, directorySource, config.sync.retentionDays, subscriptionWiring(config, overrides));
    // BOT_OPENID_METADATA_URL names a dev tenant's metadata (npm run devtenant), whose keys come vouched for by GRAPH_CA_FILE.
    const botMetadata = config.bot.openIdMetadataUrl;
    const bot: BotIdentity = { clientId: entra.clientId, tenantId: entra.tenantId, tenantIds: config.auth.allowedTenantIds, openIdMetadataUrl: botMetadata, keysCaPem: botMetadata === null ? null : caPem };
    return { stores, clock, verifyToken, graphTokens, graphPool, directorySource, directory, ...graph, devTenant: null, devBotConnector: null, bot, close: () => closeAll(opened) };
  } catch (error) {
    await closeAll(opened);
    throw error;
  }
}

/**
 * The msal-node credentials of the demo's confidential client at the dev tenant's token endpoint (secret
 * authentication, home tenant the demo organisation's, the dev tenant's certificate trusted for the authority).
 */
export function demoCredentials(devTenant: DemoDevTenant): EntraCredentials {
  const { authorityHost, demoClient } = devTenant.authority;
  return { clientId: demoClient.clientId, tenantId: devTenant.org.tenantId, clientSecret: demoClient.clientSecret, clientCertificate: null, authorityHost, authorityCaPem: devTenant.certificatePem };
}

/** The subscription manager's URLs and log, or null without application background access or with notifications off. */
type SubscriptionWiring = Pick<ChangeSubscriptionManagerDeps, 'notificationUrl' | 'lifecycleNotificationUrl' | 'onError'>;

function subscriptionWiring(config: Config, overrides: ServerServiceOverrides): SubscriptionWiring | null {
  if (config.graphBackgroundAccess !== 'application' || !config.changeNotifications.enabled) return null;
  const { notificationUrl, lifecycleNotificationUrl } = config.changeNotifications;
  return { notificationUrl, lifecycleNotificationUrl, ...(overrides.onSubscriptionError === undefined ? {} : { onError: overrides.onSubscriptionError }) };
}

/** `historyDays`: how long calendar history is kept — the request retention, so every stored request can be evaluated. */
function graphServices(
  stores: Stores, clock: Clock, pool: GraphClientPool, directory: DirectorySource, historyDays: number, subscriptions: SubscriptionWiring | null,
): { mail: MailSource; chats: ChatSource; channels: ChannelThreadSource; sync: SyncService; changeSubscriptions: ChangeSubscriptionManager | null; activityFeed: ActivityFeedSource; instanceId: string } {
  const mail = new GraphMailSource(pool);
  const chats = new GraphChatSource(pool);
  const channels = new GraphChannelSource(pool);
  const instanceId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const changeSubscriptions = subscriptions === null ? null : new ChangeSubscriptionManager({ stores, clock, source: new GraphSubscriptionSource(pool), ...subscriptions });
  const sync = new SyncService({
    stores,
    mail,
    chats,
    channels,
    directory,
    clock,
    owner: instanceId,
    historyDays,
    calendarFromMailboxSettings: (settings) => calendarFromGraph(settings as GraphMailboxSettings),
    // A person is subscribed after their first sync, whichever started it (the manager logs its own failures).
    ...(changeSubscriptions === null ? {} : { afterSync: (user: UserContext) => changeSubscriptions.ensure(user) }),
  });
  return { mail, chats, channels, sync, changeSubscriptions, activityFeed: new GraphActivityFeedSource(pool), instanceId };
}

async function closeAll(steps: (() => Promise<void>)[]): Promise<void> {
  for (const step of steps.reverse()) {
    try {
      await step();
    } catch {
      // Closing is best effort; the process is going away.
    }
  }
}
