import { UNDO_WINDOW_MINUTES } from '../domain/request-undo';
import type { DatabaseStores } from './open-stores';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * One retention pass: deletes every tenant's requests received more than `retentionDays` days before `now`.
 * @returns how many requests were deleted.
 */
export async function purgeExpiredRequests(stores: Pick<DatabaseStores, 'purgeAllReceivedBefore'>, retentionDays: number, now: Date): Promise<number> {
  if (!Number.isFinite(retentionDays) || retentionDays <= 0) throw new RangeError(`retentionDays must be positive (got ${retentionDays})`);
  return stores.purgeAllReceivedBefore(new Date(now.getTime() - retentionDays * DAY_MS));
}

/**
 * Deletes for good every request untracked more than the undo window before `now` (they were kept aside only so that
 * the person could undo the untrack). @returns how many were deleted.
 */
export async function purgeExpiredUntracked(stores: Pick<DatabaseStores, 'purgeUntrackedBefore'>, now: Date): Promise<number> {
  return stores.purgeUntrackedBefore(new Date(now.getTime() - UNDO_WINDOW_MINUTES * 60_000));
}

export interface RetentionJobOptions {
  retentionDays: number;
  /** How often to run; default every 6 hours. */
  intervalMinutes?: number;
  now?: () => Date;
  onPurged?: (count: number) => void;
  onError?: (error: unknown) => void;
}

/**
 * Runs {@link purgeExpiredRequests} now and then every `intervalMinutes` until the returned stop function is called.
 * Safe with several servers (each pass is a set of idempotent deletes).
 */
export function startRetentionPurgeJob(stores: Pick<DatabaseStores, 'purgeAllReceivedBefore'>, options: RetentionJobOptions): () => void {
  const now = options.now ?? (() => new Date());
  let running = false;
  const pass = (): void => {
    if (running) return;
    running = true;
    purgeExpiredRequests(stores, options.retentionDays, now())
      .then((count) => options.onPurged?.(count))
      .catch((error: unknown) => options.onError?.(error))
      .finally(() => {
        running = false;
      });
  };
  pass();
  const timer = setInterval(pass, (options.intervalMinutes ?? 360) * 60_000);
  timer.unref();
  return () => clearInterval(timer);
}
