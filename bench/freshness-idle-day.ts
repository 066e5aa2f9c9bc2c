/**
 * Graph requests per idle person per day with change notifications (issue 19: "renewals + the safety net: ≤ 20; polling
 * at 300 s costs about 576 for mail alone, plus chats").
 *
 * A real server (bench/notification-bench-server.ts: buildServer in demo mode, listening, so the dev tenant's
 * handshakes and lifecycle events reach it; its change-notification processor running) whose own scheduler sleeps (a
 * one-day interval: its next real-time tick is hours away). The scheduler the bench drives instead is a SyncScheduler
 * over the server's own services with the deps build-server.ts gives it (the safety net's sync age and chat rhythm, the
 * renewal tick, breaches, retention — keep them in step with build-server.ts)
 * and the configuration's default interval; its `tick()` runs
 * TICKS_PER_INTERVAL times a simulated interval while the dev tenant's simulated clock — which the server follows — is
 * moved on between ticks (no real waiting). The people are registered as users and get their first sync and
 * subscriptions before counting starts; then nobody sends them anything for the simulated days. Every Graph request
 * the simulator serves in those days is theirs (sync, renewals, lifecycle repairs, safety net): counted from its
 * request counters ($batch items one by one, not the envelopes), divided by people and days.
 */
import { performance } from 'node:perf_hooks';
import { recordDueBreaches } from '../src/app/breach-recorder';
import { SyncScheduler, TICKS_PER_INTERVAL } from '../src/app/scheduler';
import { SAFETY_NET_INTERVAL_MS } from '../src/domain/change-subscription-policy';
import type { LocalDevTenant } from '../src/devtenant/dev-tenant';
import type { RequestCounters } from '../src/devtenant/graph-traffic-controls';
import { loadConfig } from '../src/server/config';
import { purgeExpiredRequests, purgeExpiredUntracked } from '../src/store/retention-purge-job';
import { waitFor } from '../tests/integration/devtenant/tenant-mode-processes';
import { demoMembers, startNotificationBenchServer } from './notification-bench-server';

const DAY_MS = 86_400_000;
/** Midnight UTC starting a Monday. */
const FIRST_DAY = new Date('2025-03-17T00:00:00Z');

export interface IdleDayOptions {
  people: number;
  /** Simulated days counted (renewals come about every 47–48 h, so a fair figure spans more than two). */
  days: number;
  /** The scheduler's tick rhythm (TICKS_PER_INTERVAL ticks an interval). */
  intervalSeconds: number;
  /**
   * `notifications`: the scheduler as build-server.ts wires it with change notifications — a person's scheduled sync
   * is the safety net (due after SAFETY_NET_INTERVAL_MS.mail, chats read at most every SAFETY_NET_INTERVAL_MS.chats).
   * `polling`: for comparison, every person synced in full once an interval, as before issue 19.
   */
  mode: 'notifications' | 'polling';
}

export interface IdleDayResult {
  requestsPerPersonPerDay: number;
  syncsPerPersonPerDay: number;
  failedSyncs: number;
  /** The endpoints that took the most requests, with their counts. */
  top: string;
  realSeconds: number;
}

/** Graph requests the simulator served: every call, `$batch` items one by one (as Graph's limits count them), not the envelopes. */
function graphRequests(counters: RequestCounters): number {
  return counters.total() - counters.get('POST /$batch');
}

export async function measureIdleDays(options: IdleDayOptions): Promise<IdleDayResult> {
  const server = await startNotificationBenchServer({
    tenant: { seed: 29, people: options.people + 4, days: 7, now: FIRST_DAY },
    env: { SCHEDULER: 'on', SYNC_INTERVAL_SECONDS: '86400' },
  });
  const started = performance.now();
  try {
    const { app, tenant, stores } = server;
    const services = app.services;
    const subscriptions = services.changeSubscriptions;
    if (subscriptions === null) throw new Error('no subscription manager (application access expected)');
    // The server's own scheduler ticks 100 ms after start, finds nobody, and then sleeps for hours of real time.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const config = loadConfig({});
    let syncs = 0;
    let failedSyncs = 0;
    // As build-server.ts wires its scheduler (application access, notifications on).
    const scheduler = new SyncScheduler({
      stores: services.stores,
      clock: services.clock,
      owner: services.instanceId,
      intervalSeconds: options.intervalSeconds,
      ...(options.mode === 'notifications' ? { syncEverySeconds: SAFETY_NET_INTERVAL_MS.mail / 1000 } : {}),
      // The subscriptions are ensured by the sync itself (SyncService afterSync, wired in server-services.ts).
      syncPerson: async (user) => {
        syncs += 1;
        return services.sync.syncPerson(user, options.mode === 'notifications' ? { chatsAtMostEveryMs: SAFETY_NET_INTERVAL_MS.chats } : {});
      },
      purgeExpired: (now) => purgeExpiredRequests(stores, config.sync.retentionDays, now),
      purgeUntracked: (now) => purgeExpiredUntracked(stores, now),
      renewSubscriptions: (now) => subscriptions.renewDue(now).catch(() => undefined),
      recordBreaches: (now) => recordDueBreaches(services.stores, now),
      onError: () => { failedSyncs += 1; },
    });

    const people = demoMembers(tenant).slice(0, options.people);
    for (const u of people) await stores.syncState.registerPerson(tenant.org.tenantId, u.id, tenant.clock.now());
    await scheduler.tick();
    const subscribed = (id: string): number => tenant.subscriptions.list().filter((s) => s.resource.startsWith(`/users/${id}/`)).length;
    await waitFor('every idle person\'s three subscriptions', async () => (people.every((u) => subscribed(u.id) === 3) ? true : undefined), 60_000, 100);
    await settle(tenant, stores.pendingChanges);

    tenant.counters.reset();
    syncs = 0;
    failedSyncs = 0;
    const stepMs = (options.intervalSeconds * 1000) / TICKS_PER_INTERVAL;
    const steps = Math.round((options.days * DAY_MS) / stepMs);
    for (let step = 0; step < steps; step++) {
      tenant.clock.advance(stepMs);
      await scheduler.tick();
      // Let the dev tenant's deliveries and the server's answers to them run between ticks.
      await new Promise((resolve) => setImmediate(resolve));
    }
    // The dev tenant checks lifecycle schedules once a real second: give the last simulated minutes their turn.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    await settle(tenant, stores.pendingChanges);
    const requests = graphRequests(tenant.counters);
    const top = Object.entries(tenant.counters.snapshot())
      .filter(([k]) => k !== 'POST /$batch')
      .sort((a, b) => b[1] - a[1])
      .slice(0, 6)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
    const perPersonDay = options.people * options.days;
    return {
      requestsPerPersonPerDay: Math.round((requests / perPersonDay) * 100) / 100,
      syncsPerPersonPerDay: Math.round((syncs / perPersonDay) * 100) / 100,
      failedSyncs,
      top,
      realSeconds: Math.round((performance.now() - started) / 100) / 10,
    };
  } finally {
    await server.close();
  }
}

/** Waits until no change is pending (the processor caught up with lifecycle `missed` events or stray notifications). */
async function settle(tenant: LocalDevTenant, pending: { listPending(limit: number): Promise<unknown[]> }): Promise<void> {
  await waitFor(`the pending changes at ${tenant.clock.now().toISOString()} to be processed`, async () => ((await pending.listPending(1)).length === 0 ? true : undefined), 60_000, 100);
}
