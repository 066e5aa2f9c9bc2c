/**
 * An instance's background work: the scheduler (safety-net and polling syncs, subscription renewals, breaches,
 * retention) and the change-notification processor (the delta runs Graph's notifications ask for). One definition,
 * run either in the server's own thread (`BACKGROUND_WORK=inline`: demo mode, tests that observe it) or in a worker
 * thread of its own (`thread`, tenant mode's default: src/server/background-thread.ts), so a burst of notifications
 * answered on the main thread never waits behind the syncs it causes.
 */
import { SyncScheduler, type SchedulerDeps } from '../app/scheduler';
import { ChangeNotificationProcessor, type ChangeNotificationProcessorDeps } from '../app/change-notification-processor';
import { SAFETY_NET_INTERVAL_MS } from '../domain/change-subscription-policy';
import { recordDueBreaches } from '../app/breach-recorder';
import { ApplicationAccessHealth, applicationAccessRefusal, type ApplicationAccessChange, type ApplicationAccessState } from '../app/application-access-health';
import type { SyncLease } from '../app/records';
import { purgeExpiredRequests, purgeExpiredUntracked } from '../store/retention-purge-job';
import type { DatabaseStores } from '../store/open-stores';
import type { Config } from './config';
import type { ServerServices } from './server-services';
import { createWarningWork } from './warning-work';

/** Where background work logs (Fastify's and pino's loggers both are one). */
export interface BackgroundLog {
  info(details: Record<string, unknown>, message: string): void;
  warn(details: Record<string, unknown>, message: string): void;
}

export interface BackgroundWorkOptions {
  /** Tests: each scheduled sync's lease and times, and each failed one. */
  syncObserver?: Pick<SchedulerDeps, 'onSynced'> & { onFailed?: (error: unknown, lease?: SyncLease) => void };
  /** Tests: each change-notification snapshot synced and cleared, each failed sync. */
  changeNotificationObserver?: Pick<ChangeNotificationProcessorDeps, 'onSynced' | 'onError'>;
  /** After each change of the application-access state (refused, restored): the worker thread reports it to /readyz. */
  onAccessChange?: (state: ApplicationAccessState) => void;
}

export interface BackgroundWork {
  /** Null without change notifications (or without application access, where there are no subscriptions). */
  readonly processor: ChangeNotificationProcessor | null;
  /** Whether Microsoft 365 lets the background work in, per tenant (see application-access-health.ts). */
  readonly applicationAccess: ApplicationAccessHealth;
  /** Looks for pending changes now (after the notification route recorded one). */
  wake(): void;
  start(): void;
  /** Stops the scheduler and the processor and waits for the syncs they run. */
  stop(): Promise<void>;
}

/** The instance's background work, or null when it runs none (SCHEDULER=off). */
export function createBackgroundWork(config: Config, services: ServerServices, log: BackgroundLog, options: BackgroundWorkOptions = {}): BackgroundWork | null {
  if (!config.sync.scheduler) return null;
  const applicationAccess = new ApplicationAccessHealth();
  const logAccessChange = (change: ApplicationAccessChange | null): void => {
    if (change === null) return;
    if (change.kind === 'refused') {
      log.warn({ tenantId: change.tenantId, code: change.code, detail: change.detail }, 'Microsoft 365 refused Turnaround\'s application access: background sync stopped in this tenant until an admin grants it again');
    } else {
      log.info({ tenantId: change.tenantId, refusedSince: change.refusedSince.toISOString() }, 'Microsoft 365 lets Turnaround\'s application access in again: background sync resumed');
    }
    options.onAccessChange?.(applicationAccess.overall());
  };

  const subscriptions = services.changeSubscriptions;
  const processor = subscriptions === null
    ? null
    : new ChangeNotificationProcessor({
      pendingChanges: services.stores.pendingChanges,
      clock: services.clock,
      // Fresh: a sync already running here may have read Graph before the change that was notified.
      // Only what changed is read: a Sent Items notification costs a mail delta, not a chat read too.
      syncPerson: (user, kinds) => services.sync.syncPerson(user, { fresh: true, parts: { mail: kinds.includes('mail'), chats: kinds.includes('chats') } }),
      pollSeconds: config.changeNotifications.pollSeconds,
      onSynced: (change) => options.changeNotificationObserver?.onSynced?.(change),
      onError: (error, change) => {
        log.warn({ code: (error as { code?: unknown }).code }, change === undefined ? 'reading pending changes failed' : 'sync after a change notification failed');
        options.changeNotificationObserver?.onError?.(error, change);
      },
    });

  const purgeable = services.stores as Partial<DatabaseStores>;
  // Warnings and digests in the Teams activity feed: with application access only (else logged once, and none).
  const warnings = createWarningWork(config, services, log);
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
      renewSubscriptions: (now: Date) => subscriptions.renewDue(now).catch((error: unknown) => log.warn({ code: (error as { code?: unknown }).code }, 'subscription renewal tick failed')),
    }),
    recordBreaches: (now) => recordDueBreaches(services.stores, now, {
      onError: (error) => log.warn({ code: (error as { code?: unknown }).code }, 'breach check failed'),
    }),
    ...(warnings === null ? {} : { dispatchWarnings: (now: Date) => warnings.dispatch(now) }),
    onError: (error, lease) => {
      // A refused application access fails every person at every tick: logged once, on the change (above).
      if (lease !== undefined && applicationAccessRefusal(error) !== null) logAccessChange(applicationAccess.recordFailure(lease.tenantId, lease.personId, error, services.clock.now()));
      else log.warn({ code: (error as { code?: unknown }).code }, 'background sync failed');
      options.syncObserver?.onFailed?.(error, lease);
    },
    onSynced: (lease, startedAt, finishedAt) => {
      logAccessChange(applicationAccess.recordSuccess(lease.tenantId, lease.personId));
      options.syncObserver?.onSynced?.(lease, startedAt, finishedAt);
    },
  });

  return {
    processor,
    applicationAccess,
    wake: () => processor?.wake(),
    start: () => {
      processor?.start();
      scheduler.start();
    },
    stop: async () => {
      await Promise.all([processor?.stop(), scheduler.stop(), warnings?.stop()]);
    },
  };
}
