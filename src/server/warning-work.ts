/**
 * The warnings and digests of an instance's background work (issue 20): what the scheduler calls each tick after the
 * breaches, plus a timer for the earliest warning check. The scheduler looks every SYNC_INTERVAL_SECONDS / 5 with
 * ±20 % jitter after the previous tick ended — 48 to 72 s and more at the default 300 s — which alone would miss the
 * issue's p99 ≤ 60 s between a transition and its notification; the timer wakes the dispatcher at the earliest stored
 * check instead (never later than the next tick, never more often than once a second). Runs only with application
 * access: warnings are Turnaround's own notifications (TeamsActivity.Send), never a person's.
 *
 * Warnings and digests run apart: the warnings (tick and timer) one run at a time, the digests in a run of their own
 * that the tick starts and does not wait for. A working day's first minute brings a digest for everyone whose day
 * begins then — hundreds at Graph's 5 sends a second per tenant take minutes — and a warning neither waits for that
 * run to finish nor behind its sends at the pacer, where warnings go first.
 */
import { dispatchDueDigests, DigestSchedule } from '../app/warnings/digest-dispatcher';
import { TenantSendPacer } from '../app/warnings/tenant-send-pacer';
import { dispatchDueWarnings } from '../app/warnings/warning-dispatcher';
import type { BackgroundLog } from './background-work';
import type { Config } from './config';
import type { ServerServices } from './server-services';

/** The timer never waits less than this (a check left due by a conflict is looked at again a second later). */
export const MIN_WAIT_MS = 1_000;

export interface WarningWork {
  /**
   * One tick's work at `now`: the warnings due (serialised with the timer's runs), then a digest run started unless
   * one is still under way (whoever it has not reached yet is due at the next tick too). Resolves after the warnings.
   */
  dispatch(now: Date): Promise<unknown>;
  /** Stops the timer and waits for the runs under way. */
  stop(): Promise<void>;
}

/** The instance's warning work, or null without application access (then no warnings at all; logged once here). */
export function createWarningWork(config: Config, services: ServerServices, log: BackgroundLog): WarningWork | null {
  if (!config.warnings) {
    log.info({}, 'warnings and digests are off (WARNINGS=off)');
    return null;
  }
  if (config.graphBackgroundAccess !== 'application') {
    log.info({ graphBackgroundAccess: config.graphBackgroundAccess }, 'warnings and digests are off: the activity feed needs GRAPH_BACKGROUND_ACCESS=application');
    return null;
  }
  const { stores, clock } = services;
  const pacer = new TenantSendPacer();
  const schedule = new DigestSchedule();
  // TEAMS_APP_ID (the packaged default unless set): the link in a notification opens that app's personal tab.
  const deps = {
    stores, feed: services.activityFeed, teamsAppId: config.teamsAppId, pacer,
    onError: (error: unknown) => log.warn({ code: (error as { code?: unknown }).code }, 'warning or digest not sent'),
  };
  const tickMs = (config.sync.intervalSeconds * 1000) / 5;
  let chain: Promise<unknown> = Promise.resolve();
  let digestRun: Promise<void> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;

  // One warnings run at a time per instance: the tick's and the timer's would otherwise claim the same checks in parallel.
  const serialised = <T>(work: () => Promise<T>): Promise<T> => {
    const run = chain.then(work);
    chain = run.catch(() => undefined);
    return run;
  };
  const arm = async (): Promise<void> => {
    if (stopped) return;
    const earliest = await stores.clockWarnings.earliestWarningCheck();
    if (timer !== null) clearTimeout(timer);
    timer = null;
    if (earliest === null || stopped) return;
    const waitMs = Math.min(tickMs, Math.max(MIN_WAIT_MS, earliest.getTime() - clock.now().getTime()));
    timer = setTimeout(() => {
      timer = null;
      void serialised(() => dispatchDueWarnings(deps, clock.now()))
        .catch((error: unknown) => log.warn({ code: (error as { code?: unknown }).code }, 'warning dispatch failed'))
        .then(arm)
        .catch(() => undefined);
    }, waitMs);
    timer.unref();
  };
  const startDigests = (now: Date): void => {
    if (digestRun !== null || stopped) return;
    digestRun = dispatchDueDigests({ ...deps, schedule }, now)
      .then(() => undefined, (error: unknown) => log.warn({ code: (error as { code?: unknown }).code }, 'digest dispatch failed'))
      .finally(() => {
        digestRun = null;
      });
  };

  return {
    dispatch: async (now) => {
      // A failure is logged, not thrown: the tick's later work (renewals, purges) still runs.
      const warnings = await serialised(() => dispatchDueWarnings(deps, now))
        .catch((error: unknown) => log.warn({ code: (error as { code?: unknown }).code }, 'warning dispatch failed'));
      await arm().catch(() => undefined);
      startDigests(now);
      return warnings;
    },
    stop: async () => {
      stopped = true;
      if (timer !== null) clearTimeout(timer);
      timer = null;
      await Promise.all([chain, digestRun]);
    },
  };
}
