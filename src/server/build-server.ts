/**
 * `buildServer(config, options)` assembles the Fastify app: logging with request ids, security headers, the
 * problem+json error mapper, health and page routes, authentication, the API routes and (optionally) the scheduler.
 * Tests call it directly (with `app.inject` or `app.listen({ port: 0 })`); `src/server/main.ts` adds signals.
 * Closing the app stops the scheduler, drains requests, closes the database and stops the dev tenant it started.
 */
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import type { DirectorySource } from '../app/m365-ports';
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
import { teamsMessageActionRoutes } from '../devtenant/workbench/teams-message-action-routes';
import { outlookWorkbenchRoutes } from '../devtenant/workbench/outlook-workbench-routes';
import { DemoSeeder, demoSeedMarkerFile } from './demo/demo-seed';
import { trackRequest } from '../app/track-request';
import { TenantDomains } from '../app/sync/tenant-domains';
import { recentChats } from '../app/recent-chats';
import { listSuggestions } from '../app/suggestions/suggestions-service';
import { ChangeNotificationIntake } from '../app/change-notification-intake';
import type { ChangeNotificationProcessor } from '../app/change-notification-processor';
import type { ChangeSubscriptionRecord } from '../app/records';
import { graphNotificationRoutes } from './routes/graph-notification-routes';
import { botRoutes } from './routes/bot-routes';
import { messageActionInvokes } from './bot/message-action-invokes';
import { isLifecycleEvent, type ChangeSubscriptionManager } from '../app/change-subscriptions';
import type { ApplicationAccessState } from '../app/application-access-health';
import { createBackgroundWork, type BackgroundWorkOptions } from './background-work';
import { BackgroundThread } from './background-thread';
import type { Config } from './config';
import { loggerOptions } from './log-serializers';
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
     * subscription here) and the processor of pending changes — null where this thread runs none: SCHEDULER=off,
     * GRAPH_BACKGROUND_ACCESS=delegated (no subscriptions), or BACKGROUND_WORK=thread (it runs in the worker thread).
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
   * a failed one (the failure is logged as well). Needs BACKGROUND_WORK=inline.
   */
  syncObserver?: BackgroundWorkOptions['syncObserver'];
  /**
   * Repairs after a Graph lifecycle event, called after the 202 (the subscription manager's: `reauthorizationRequired`
   * renews, `subscriptionRemoved` recreates); errors are logged.
   */
  onLifecycle?: (subscription: ChangeSubscriptionRecord, event: string) => Promise<void> | void;
  /** Observes the change-notification processor (tests): each snapshot synced and cleared, each failed sync (inline only). */
  changeNotificationObserver?: BackgroundWorkOptions['changeNotificationObserver'];
}

/** Builds the server; it is ready to `listen` (or `inject`) when the promise resolves. */
export async function buildServer(config: Config, options: BuildServerOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: loggerOptions(config.logLevel),
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

  // Whether Microsoft 365 lets background work in (/readyz detail for admins): set once the background work is made.
  let applicationAccess = (): ApplicationAccessState => ({ status: 'ok' });
  await app.register(healthRoutes, { stores: () => stores, shuttingDown: () => shuttingDown, applicationAccess: () => applicationAccess() });
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
      trackRequest({ stores: services.stores, mail: services.mail, chats: services.chats, channels: services.channels, directory: services.directorySource, domains, clock: services.clock }, user, body, services.clock.now()),
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
      await teamsMessageActionRoutes(scope, { devTenant, botAppId: services.bot.clientId, botFramework: services.devBotConnector ?? undefined });
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

  // Background work (scheduler, change-notification processor): in this thread, or in a worker thread of its own.
  const inThread = config.sync.scheduler && config.sync.backgroundWork === 'thread';
  if (inThread && (options.stores !== undefined || options.syncObserver !== undefined || options.changeNotificationObserver !== undefined)) {
    throw new Error('BACKGROUND_WORK=thread: the worker thread opens its own stores and cannot report to observers passed in; use BACKGROUND_WORK=inline');
  }
  const background = inThread ? new BackgroundThread(config, services.clock, app.log) : null;
  const work = inThread ? null : createBackgroundWork(config, services, app.log, {
    ...(options.syncObserver === undefined ? {} : { syncObserver: options.syncObserver }),
    ...(options.changeNotificationObserver === undefined ? {} : { changeNotificationObserver: options.changeNotificationObserver }),
  });
  applicationAccess = () => background?.applicationAccess() ?? work?.applicationAccess.overall() ?? { status: 'ok' };

  // Graph change notifications: recorded by whichever instance Graph reaches, synced by whichever has background work.
  const intake = new ChangeNotificationIntake({ stores: services.stores, clock: services.clock });
  await app.register(graphNotificationRoutes, {
    intake,
    onRecorded: () => (background === null ? work?.wake() : background.wake()),
    ...(options.onLifecycle !== undefined
      ? { onLifecycle: options.onLifecycle }
      : services.changeSubscriptions === null ? {} : { onLifecycle: lifecycleRepair(services.changeSubscriptions) }),
    rateLimit: config.changeNotifications.rateLimit,
  });
  app.decorate('changeNotifications', { intake, processor: work?.processor ?? null });

  // The bot endpoint (issue 21): the Teams SDK behind its own Bot Framework token validation.
  await app.register(botRoutes, {
    bot: services.bot,
    // The message action reads on the person's behalf with Turnaround's application access, as background sync does.
    invokes: messageActionInvokes({
      deps: config.graphBackgroundAccess !== 'application' || api.trackRequest === null
        ? null
        : { stores: services.stores, chats: services.chats, channels: services.channels, directory: services.directorySource, trackRequest: api.trackRequest },
      publicBaseUrl: config.publicBaseUrl,
      tenantIds: services.bot.tenantIds,
      onError: (error) => app.log.warn({ code: (error as { code?: unknown }).code }, 'message action could not read Graph'),
    }),
    rateLimit: config.ipRateLimit,
  });
  if (work !== null) {
    app.addHook('onReady', async () => work.start());
    app.addHook('preClose', async () => work.stop());
  }
  if (background !== null) {
    app.addHook('onReady', async () => background.start());
    app.addHook('preClose', async () => background.stop());
  }
  return app;
}

/** The subscription manager's repair for a lifecycle event; an event Graph does not document is ignored. */
function lifecycleRepair(manager: ChangeSubscriptionManager): (subscription: ChangeSubscriptionRecord, event: string) => Promise<void> {
  return async (subscription, event) => {
    if (isLifecycleEvent(event)) await manager.onLifecycle(subscription, event);
  };
}
