/**
 * `buildServer(config, options)` assembles the Fastify app: logging with request ids, security headers, the
 * problem+json error mapper, health and page routes, authentication, the API routes and (optionally) the scheduler.
 * Tests call it directly (with `app.inject` or `app.listen({ port: 0 })`); `src/server/main.ts` adds signals.
 * Closing the app stops the scheduler, drains requests, closes the database and stops the dev tenant it started.
 */
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import type { DirectorySource } from '../app/m365-ports';
import type { SyncLease } from '../app/records';
import type { Stores } from '../app/store-ports';
import type { ApiServices } from './api-services';
import { isProtectedApiRequest, registerAuthentication } from './auth/authenticate';
import { LoopTurnPacer } from './loop-turn-pacer';
import { registerRequestLimits } from './rate-limiter';
import { createServerServices, type DemoDevTenant, type ServerServices } from './server-services';
import { meRoutes } from './routes/me-routes';
import { requestRoutes } from './routes/request-routes';
import { teamRoutes } from './routes/team-routes';
import { dataRightsRoutes } from './routes/data-rights-routes';
import { devRoutes } from '../devtenant/dev-routes';
import { outlookWorkbenchRoutes } from '../devtenant/workbench/outlook-workbench-routes';
import { DemoSeeder, demoSeedMarkerFile } from './demo/demo-seed';
import { trackRequest } from '../app/track-request';
import { TenantDomains } from '../app/sync/tenant-domains';
import { recentChats } from '../app/recent-chats';
import { listSuggestions } from '../app/suggestions/suggestions-service';
import { SyncScheduler, type SchedulerDeps } from '../app/scheduler';
import { ChangeNotificationIntake } from '../app/change-notification-intake';
import { ChangeNotificationProcessor, type ChangeNotificationProcessorDeps } from '../app/change-notification-processor';
import type { ChangeSubscriptionRecord } from '../app/records';
import { graphNotificationRoutes } from './routes/graph-notification-routes';
import { isLifecycleEvent, type ChangeSubscriptionManager } from '../app/change-subscriptions';
import { SAFETY_NET_INTERVAL_MS } from '../domain/change-subscription-policy';
import { recordDueBreaches } from '../app/breach-recorder';
import { ApplicationAccessHealth, applicationAccessRefusal, type ApplicationAccessChange } from '../app/application-access-health';
import { purgeExpiredRequests, purgeExpiredUntracked } from '../store/retention-purge-job';
import type { DatabaseStores } from '../store/open-stores';
import type { Config } from './config';
import { logSerializers } from './log-serializers';
import { sendProblem } from './problem';
import { HttpProblem } from './http-problem';
import helmet from '@fastify/helmet';
import { BASE_SECURITY_HEADERS, helmetOptions, NO_FRAMING_HEADERS } from './security-headers';
import { healthRoutes } from './routes/health-routes';
import { pageRoutes } from './routes/page-routes';

declare module 'fastify' {
  interface FastifyInstance {
    /** The stores, clock, dev tenant and Graph wiring this server runs on (tests and the scheduler read it). */
    services: ServerServices;
    /** Demo mode: seeds the already-tracked requests after `listen` (null in tenant mode or with DEMO_SEED_REQUESTS=off). */
    demoSeeder: DemoSeeder | null;
    /**
     * Graph change notifications (issue 19): the intake behind the webhook routes (`forget(id)` after changing a
     * subscription here) and the processor of pending changes — null where this instance runs no background work
     * (SCHEDULER=off, or GRAPH_BACKGROUND_ACCESS=delegated, where there are no subscriptions).
     */
    changeNotifications: { intake: ChangeNotificationIntake; processor: ChangeNotificationProcessor | null };
  }
  interface FastifyContextConfig {
    /** An HTML page route: its handler sets its own CSP and framing headers. */
    page?: boolean;
    /** Needs no bearer token (health, pages, static, dev routes). */
    public?: boolean;
  }
}

export interface BuildServerOptions {
  /** Use these stores instead of opening `config.databaseUrl` (the caller then closes them). */
  stores?: Stores;
  /** Demo mode: a running dev tenant (with its token endpoint) to use instead of starting one (the caller stops it). */
  devTenant?: DemoDevTenant;
  /** Replace the Graph directory source (tests). */
  directorySource?: DirectorySource;
  /** Wire in use cases provided elsewhere (tracking, sync, suggestions, recent chats); absent ones answer 503. */
  features?: Partial<Pick<ApiServices, 'trackRequest' | 'sync' | 'suggestions' | 'recentChats'>> | ((services: ServerServices) => Partial<Pick<ApiServices, 'trackRequest' | 'sync' | 'suggestions' | 'recentChats'>>);
  /** Hook for the demo Office.js stand-in: extra script origins the pages may load (demo only). */
  extraScriptSources?: readonly string[];
  /**
   * Observes the background scheduler's leases (tests of several instances record who synced whom, and when):
   * `onSynced` after each successful sync with the lease and its start/finish on the server's clock; `onFailed` after
   * a failed one (the failure is logged as well).
   */
  syncObserver?: Pick<SchedulerDeps, 'onSynced'> & { onFailed?: (error: unknown, lease?: SyncLease) => void };
  /**
   * Repairs after a Graph lifecycle event, called after the 202 (the subscription manager's: `reauthorizationRequired`
   * renews, `subscriptionRemoved` recreates); errors are logged.
   */
  onLifecycle?: (subscription: ChangeSubscriptionRecord, event: string) => Promise<void> | void;
  /** Observes the change-notification processor (tests): each snapshot synced and cleared, each failed sync. */
  changeNotificationObserver?: Pick<ChangeNotificationProcessorDeps, 'onSynced' | 'onError'>;
}

/** Builds the server; it is ready to `listen` (or `inject`) when the promise resolves. */
export async function buildServer(config: Config, options: BuildServerOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: config.logLevel, serializers: logSerializers, redact: ['req.headers.authorization', 'headers.authorization'] },
    genReqId: () => randomUUID(),
    bodyLimit: config.limits.bodyLimitBytes,
    // The client address comes from X-Forwarded-For only through the proxies the operator named (TRUSTED_PROXIES).
    trustProxy: config.trustedProxies.length === 0 ? false : config.trustedProxies.join(','),
    return503OnClosing: true,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 8192 },
  });

  let shuttingDown = false;
  const services = await createServerServices(config, {
    ...(options.stores === undefined ? {} : { stores: options.stores }),
    ...(options.devTenant === undefined ? {} : { devTenant: options.devTenant }),
    ...(options.directorySource === undefined ? {} : { directorySource: options.directorySource }),
    onSubscriptionError: (error, about) => app.log.warn({ ...about, code: (error as { code?: unknown }).code }, `Graph subscription ${about.action} failed (retried later)`),
  });
  const stores: Stores | null = services.stores;
  app.decorate('services', services);
  app.addHook('onClose', async () => {
    await services.close();
  });
  await app.register(helmet, helmetOptions(config.publicBaseUrl.startsWith('https:')));

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id).headers(BASE_SECURITY_HEADERS);
    if (request.routeOptions.config.page !== true) reply.headers(NO_FRAMING_HEADERS);
  });
  app.addHook('preClose', async () => {
    shuttingDown = true;
  });

  app.setErrorHandler((error, request, reply) => sendProblem(error, request, reply));
  app.setNotFoundHandler((request, reply) =>
    sendProblem(new HttpProblem(404, 'not_found', 'Not found', `No route ${request.method} ${request.url.split('?')[0]}.`), request, reply),
  );

  // Whether Microsoft 365 lets background work in, per tenant: one log line per change, and /readyz detail for admins.
  const applicationAccess = new ApplicationAccessHealth();
  const logAccessChange = (change: ApplicationAccessChange | null): void => {
    if (change?.kind === 'refused') {
      app.log.warn({ tenantId: change.tenantId, code: change.code, detail: change.detail }, 'Microsoft 365 refused Turnaround\'s application access: background sync stopped in this tenant until an admin grants it again');
    } else if (change?.kind === 'restored') {
      app.log.info({ tenantId: change.tenantId, refusedSince: change.refusedSince.toISOString() }, 'Microsoft 365 lets Turnaround\'s application access in again: background sync resumed');
    }
  };
  await app.register(healthRoutes, { stores: () => stores, shuttingDown: () => shuttingDown, applicationAccess: () => applicationAccess.overall() });
  await app.register(pageRoutes, {
    distDir: config.distDir,
    assetsDir: config.assetsDir,
    demo: config.mode === 'demo',
    ...(options.extraScriptSources === undefined ? {} : { extraScriptSources: options.extraScriptSources }),
  });

  const people = (tenantId: string, ids: string[]) => services.directory.people(tenantId, ids);
  // One verified-domain cache for the server (refreshed from Graph once a day per tenant), not one per tracked message.
  const domains = new TenantDomains(services.directorySource, services.stores.directory, services.clock);
  const defaults: Partial<Pick<ApiServices, 'trackRequest' | 'sync' | 'suggestions' | 'recentChats'>> = {
    trackRequest: (user, body) =>
      trackRequest({ stores: services.stores, mail: services.mail, chats: services.chats, directory: services.directorySource, domains, clock: services.clock }, user, body, services.clock.now()),
    sync: {
      start: (user) => void services.sync.startSync(user),
      status: (user) => ({ ...services.sync.status(user), backgroundSync: config.graphBackgroundAccess === 'application' ? 'continuous' : 'when_open' }),
    },
    suggestions: { list: (user) => listSuggestions({ stores: services.stores, people }, user) },
    recentChats: (user) => recentChats({ stores: services.stores, chats: services.chats, people, directory: services.directorySource }, user, services.clock.now()),
  };
  const features = { ...defaults, ...(typeof options.features === 'function' ? options.features(services) : (options.features ?? {})) };
  const api: ApiServices = {
    stores: services.stores,
    clock: services.clock,
    directory: services.directory,
    demo: config.mode === 'demo',
    historyDays: config.sync.retentionDays,
    trackRequest: features.trackRequest ?? null,
    sync: features.sync ?? null,
    suggestions: features.suggestions ?? null,
    recentChats: features.recentChats ?? null,
    changeSubscriptions: services.changeSubscriptions,
  };

  // Per client address first, before anything else an API request costs (pacing and token checks included).
  const limits = await registerRequestLimits(app, {
    ip: config.ipRateLimit,
    user: { burst: config.limits.rateLimitBurst, perSecond: config.limits.rateLimitPerSecond },
  });
  app.addHook('onRequest', async (request) => {
    if (isProtectedApiRequest(request)) await limits.perIp(request);
  });
  // Paced before anything else an API request costs (token checks included); health, pages and static files are not.
  const pacer = new LoopTurnPacer(config.limits.apiRequestsPerLoopTurn);
  app.addHook('onRequest', async (request) => {
    if (isProtectedApiRequest(request)) await pacer.admit();
  });
  registerAuthentication(app, services.verifyToken, limits.perUser);
  let demoSeeder: DemoSeeder | null = null;
  if (services.devTenant !== null) {
    const devTenant = services.devTenant;
    const track = api.trackRequest;
    if (config.demo.seedRequests && track !== null) {
      demoSeeder = new DemoSeeder({
        stores: services.stores,
        clock: services.clock,
        directory: services.directory,
        devTenant,
        trackRequest: track,
        syncPerson: (user) => services.sync.syncPerson(user),
        markerFile: demoSeedMarkerFile(config.databaseUrl),
        log: (level, details, message) => app.log[level](details, message),
      });
    }
    const seeder = demoSeeder;
    await app.register(async (scope) => {
      scope.addHook('onRoute', (route) => {
        route.config = { ...(route.config ?? {}), public: true };
      });
      await devRoutes(scope, {
        devTenant,
        ...(seeder === null ? {} : { seeding: () => seeder.progress() }),
        openRequestsOf: async (tenantId, userId) =>
          (await services.stores.requests.listOpenForAssignee(tenantId, userId)).map((r) => ({
            source: r.source, messageId: r.sourceMessageId, chatId: r.chatId, requesterId: r.requesterId, subject: r.subject, receivedAt: r.receivedAt, firstResponseAt: r.firstResponseAt,
          })),
      });
      await outlookWorkbenchRoutes(scope, { devTenant, distDir: config.distDir });
    });
    if (seeder !== null) {
      // After listen, in the background: /healthz and the pages answer at once while the demo fills in.
      app.addHook('onListen', async () => {
        void seeder.run().catch((error: unknown) => app.log.error({ code: (error as { code?: unknown }).code }, 'demo seeding failed'));
      });
      app.addHook('preClose', async () => seeder.stop());
    }
  }
  app.decorate('demoSeeder', demoSeeder);
  await app.register(meRoutes, api);
  await app.register(requestRoutes, api);
  await app.register(teamRoutes, api);
  await app.register(dataRightsRoutes, api);

  // Graph change notifications: recorded by whichever instance Graph reaches, synced by whichever has background work.
  const intake = new ChangeNotificationIntake({ stores: services.stores, clock: services.clock });
  const processor =
    config.sync.scheduler && services.changeSubscriptions !== null
      ? new ChangeNotificationProcessor({
        pendingChanges: services.stores.pendingChanges,
        clock: services.clock,
        // Fresh: a sync already running here may have read Graph before the change that was notified.
        // Only what changed is read: a Sent Items notification costs a mail delta, not a chat read too.
        syncPerson: (user, kinds) => services.sync.syncPerson(user, { fresh: true, parts: { mail: kinds.includes('mail'), chats: kinds.includes('chats') } }),
        pollSeconds: config.changeNotifications.pollSeconds,
        onSynced: (change) => options.changeNotificationObserver?.onSynced?.(change),
        onError: (error, change) => {
          app.log.warn({ code: (error as { code?: unknown }).code }, change === undefined ? 'reading pending changes failed' : 'sync after a change notification failed');
          options.changeNotificationObserver?.onError?.(error, change);
        },
      })
      : null;
  await app.register(graphNotificationRoutes, {
    intake,
    onRecorded: () => processor?.wake(),
    ...(options.onLifecycle !== undefined
      ? { onLifecycle: options.onLifecycle }
      : services.changeSubscriptions === null ? {} : { onLifecycle: lifecycleRepair(services.changeSubscriptions) }),
    rateLimit: config.changeNotifications.rateLimit,
  });
  app.decorate('changeNotifications', { intake, processor });
  if (processor !== null) {
    app.addHook('onReady', async () => processor.start());
    app.addHook('preClose', async () => processor.stop());
  }

  if (config.sync.scheduler) {
    const purgeable = services.stores as Partial<DatabaseStores>;
    const subscriptions = services.changeSubscriptions;
    const scheduler = new SyncScheduler({
      stores: services.stores,
      clock: services.clock,
      owner: services.instanceId,
      intervalSeconds: config.sync.intervalSeconds,
      // With change notifications, a scheduled sync is the safety net for what Graph never delivered: every 6 h.
      ...(subscriptions === null ? {} : { syncEverySeconds: SAFETY_NET_INTERVAL_MS.mail / 1000 }),
      // Delegated background access has no token for a person who is not using the app: they are synced when they do.
      // Every sync makes the person's change-notification subscriptions when missing (SyncService `afterSync`).
      // Chats at most once a day on a schedule, in either mode: Graph allows no more polling of Teams resources.
      syncPerson: config.graphBackgroundAccess === 'application'
        ? (user) => services.sync.syncPerson(user, { chatsAtMostEveryMs: SAFETY_NET_INTERVAL_MS.chats })
        : null,
      purgeExpired: async (now) =>
        purgeable.purgeAllReceivedBefore === undefined ? 0 : purgeExpiredRequests(purgeable as DatabaseStores, config.sync.retentionDays, now),
      purgeUntracked: async (now) => (purgeable.purgeUntrackedBefore === undefined ? 0 : purgeExpiredUntracked(purgeable as DatabaseStores, now)),
      ...(subscriptions === null ? {} : {
        renewSubscriptions: (now: Date) => subscriptions.renewDue(now).catch((error: unknown) => app.log.warn({ code: (error as { code?: unknown }).code }, 'subscription renewal tick failed')),
      }),
      recordBreaches: (now) => recordDueBreaches(services.stores, now, {
        onError: (error) => app.log.warn({ code: (error as { code?: unknown }).code }, 'breach check failed'),
      }),
      onError: (error, lease) => {
        // A refused application access fails every person at every tick: logged once, on the change (above).
        if (lease !== undefined && applicationAccessRefusal(error) !== null) logAccessChange(applicationAccess.recordFailure(lease.tenantId, lease.personId, error, services.clock.now()));
        else app.log.warn({ code: (error as { code?: unknown }).code }, 'background sync failed');
        options.syncObserver?.onFailed?.(error, lease);
      },
      onSynced: (lease, startedAt, finishedAt) => {
        logAccessChange(applicationAccess.recordSuccess(lease.tenantId, lease.personId));
        options.syncObserver?.onSynced?.(lease, startedAt, finishedAt);
      },
    });
    app.addHook('onReady', async () => scheduler.start());
    app.addHook('preClose', async () => scheduler.stop());
  }
  return app;
}

/** The subscription manager's repair for a lifecycle event; an event Graph does not document is ignored. */
function lifecycleRepair(manager: ChangeSubscriptionManager): (subscription: ChangeSubscriptionRecord, event: string) => Promise<void> {
  return async (subscription, event) => {
    if (isLifecycleEvent(event)) await manager.onLifecycle(subscription, event);
  };
}
