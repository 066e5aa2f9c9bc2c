/**
 * Breach events, written once whether or not anyone reads a request (DESIGN.md "Clock status": a breach is written
 * once as an event). The scheduler calls {@link recordDueBreaches} every tick: it reads the requests whose breach check
 * is due (an index range, across tenants), evaluates their clocks as every view does (request-view.ts), and writes a
 * `breach` event per clock past its target — `at` the instant the clock passed it, data `{clock, dueAt}` — together
 * with that clock's flag and the next check, in one compare-and-set transaction. Two instances running it at once
 * write each breach once: the second write finds the flag set (or the row changed) and writes nothing.
 */
import { breachCheck } from '../domain/clocks';
import type { RequestRecord } from './records';
import type { Stores } from './store-ports';
import { loadClockContexts, requestClocks, contextFor, type ClockContext } from './request-view';

/** Requests checked per call: a backlog (after downtime) is worked off over a few ticks, earliest checks first. */
const DEFAULT_LIMIT = 500;
/** A request whose clocks cannot be evaluated (e.g. an unusable stored calendar) is looked at again after this. */
const RETRY_AFTER_MS = 3_600_000;

export interface BreachRecording {
  /** Requests whose check was due. */
  checked: number;
  /** Breach events written. */
  written: number;
  /** Requests changed (or recorded by another instance) between the read and the write: checked again next time. */
  skipped: number;
  /** Requests whose clocks could not be evaluated: reported to `onError`, checked again in an hour. */
  failed: number;
}

export interface BreachRecorderOptions {
  /** At most this many requests per call (default 500). */
  limit?: number;
  onError?: (error: unknown, request: RequestRecord) => void;
}

/**
 * Writes the breach events due at `now`. Clocks are evaluated at `now`, so a clock that stopped past its target
 * (`missed`) before anyone looked still gets its breach, at the instant it happened.
 */
export async function recordDueBreaches(stores: Stores, now: Date, options: BreachRecorderOptions = {}): Promise<BreachRecording> {
  const due = await stores.requests.listBreachChecksDue(now, options.limit ?? DEFAULT_LIMIT);
  const result: BreachRecording = { checked: due.length, written: 0, skipped: 0, failed: 0 };
  const byTenant = new Map<string, RequestRecord[]>();
  for (const r of due) byTenant.set(r.tenantId, [...(byTenant.get(r.tenantId) ?? []), r]);
  for (const [tenantId, records] of byTenant) {
    // One read of the tenant's settings and people for all its requests; should one context fail to load, each
    // request loads its own, so one bad calendar holds up nobody else's breaches.
    const shared = await loadClockContexts(stores, tenantId, records, now).catch(() => null);
    for (const r of records) {
      try {
        const context: ClockContext = shared === null ? contextFor(await loadClockContexts(stores, tenantId, [r], now), r) : contextFor(shared, r);
        const { breaches, nextCheckAt } = breachCheck(requestClocks(r, context, now), {
          firstResponse: r.firstResponseBreachRecorded,
          resolution: r.resolutionBreachRecorded,
        }, context.calendar);
        const toWrite = breaches.map((b) => ({ clock: b.clock, dueAt: b.at }));
        if (await stores.requests.recordBreaches(tenantId, r.id, toWrite, nextCheckAt, r.updatedAt)) result.written += toWrite.length;
        else result.skipped += 1;
      } catch (error) {
        result.failed += 1;
        options.onError?.(error, r);
        await stores.requests.recordBreaches(tenantId, r.id, [], new Date(now.getTime() + RETRY_AFTER_MS), r.updatedAt).catch(() => false);
      }
    }
  }
  return result;
}
