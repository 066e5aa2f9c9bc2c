/**
 * Warnings before a breach (issue 20), sent once per clock and kind whatever the number of instances. Each scheduler
 * tick, {@link dispatchDueWarnings} reads the requests whose warning check is due (an indexed instant per request,
 * earliest first, across tenants — as the breach recorder reads its checks), evaluates their clocks as every view
 * does (request-view.ts: the assignee's calendar, the standard in force when tracked), and for each transition
 * reached (`atRisk`, `breached`; src/domain/clock-transitions.ts) claims the warning (a unique row) and delivers it:
 * - by the assignee's choice: `off` → recorded `skipped`; `digestOnly` → `held` for their next digest;
 * - by quiet hours (src/domain/warning-delivery.ts, in their calendar with out-of-office): sent now through the
 *   activity feed, or `held` for the digest at the start of their next working day — or of this one, for a clock that
 *   turned at the day's first working instant (used up overnight), which that digest counts;
 * - a transition the request was tracked after is recorded `skipped` (no news to its assignee); one more than an
 *   hour old when first seen (the instance was down, or the release that brought warnings has just started) is
 *   `held` for the digest rather than sent as a late alarm, so an upgrade sends no flood of old news.
 * Then it stores the instant of the request's next transition (compare-and-set: a request changed meanwhile is
 * looked at again next tick). A resolved request has no transition left and gets nothing. A claim left `sending` by an
 * instance that stopped mid-send is released after {@link STALE_CLAIM_MS} and delivered again.
 */
import { nextTransition, type ClockTransition, type DeliveredTransitions } from '../../domain/clock-transitions';
import { nextDigestAt, warningDelivery } from '../../domain/warning-delivery';
import type { ActivityFeedSource } from '../m365-ports';
import type { PersonRecord, RequestRecord, WarningChoice } from '../records';
import { contextFor, loadClockContexts, requestClocks, requestStandard, type ClockContext } from '../request-view';
import type { ClockWarningRecord, ClockWarningStatus, Stores, WarningCheckDue } from '../store-ports';
import { recipientCalendar } from './recipient-calendar';
import type { TenantSendPacer } from './tenant-send-pacer';
import { warningNotification } from './warning-notifications';

/** Requests looked at per call: a backlog is worked off over a few ticks, earliest checks first. */
const DEFAULT_LIMIT = 500;
/** A request whose clocks cannot be evaluated (e.g. an unusable stored calendar) is looked at again after this. */
const RETRY_AFTER_MS = 3_600_000;
/** A transition older than this when first seen is held for the digest, not sent (see the module comment). */
export const STALE_WARNING_MS = 3_600_000;
/**
 * A warning or digest claimed `sending` this long ago whose send never finished — the instance stopped between the
 * claim and Graph's answer — is released, and the usual path claims and sends it again: delivered at least once, not
 * at most once. A claim waits its turn at the tenant's pacer (5 sends a second: 15 minutes is 4,500 sends queued
 * before it) and Graph's retries; one released while still queued may reach Teams twice, where the second takes the
 * first's place (the same chain id).
 */
export const STALE_CLAIM_MS = 15 * 60_000;

export interface WarningDispatchDeps {
  stores: Stores;
  feed: ActivityFeedSource;
  /** The Teams app's id (the manifest's `id`): the notification's link opens its personal tab. */
  teamsAppId: string;
  /** Spaces the sends per tenant (Graph: 5 a second); none in tests that send a handful. */
  pacer?: TenantSendPacer;
  /** At most this many requests per call (default 500). */
  limit?: number;
  /** A request that could not be evaluated, or a send Graph refused (the warning is then recorded `failed`). */
  onError?: (error: unknown, request: RequestRecord) => void;
}

/** What one call did. */
export interface WarningDispatch {
  /** Requests whose check was due. */
  checked: number;
  /** Warnings by what became of them (claimed by this call). */
  sent: number;
  held: number;
  skipped: number;
  failed: number;
  /** Requests changed (or handled by another instance) meanwhile: looked at again next time. */
  conflicts: number;
  /** Claims left `sending` past {@link STALE_CLAIM_MS}, released to be delivered again. */
  released: number;
}

/** Sends, holds or skips the warnings due at `now` and stores each request's next check. */
export async function dispatchDueWarnings(deps: WarningDispatchDeps, now: Date): Promise<WarningDispatch> {
  // First the claims a stopped instance left behind: their requests become due and are among those read below.
  const released = await deps.stores.clockWarnings.releaseStaleWarningClaims(new Date(now.getTime() - STALE_CLAIM_MS));
  const due = await deps.stores.clockWarnings.listWarningChecksDue(now, deps.limit ?? DEFAULT_LIMIT);
  const result: WarningDispatch = { checked: due.length, sent: 0, held: 0, skipped: 0, failed: 0, conflicts: 0, released };
  const byTenant = new Map<string, WarningCheckDue[]>();
  for (const d of due) byTenant.set(d.request.tenantId, [...(byTenant.get(d.request.tenantId) ?? []), d]);
  for (const [tenantId, checks] of byTenant) await dispatchTenant(deps, tenantId, checks, now, result);
  return result;
}

async function dispatchTenant(deps: WarningDispatchDeps, tenantId: string, checks: WarningCheckDue[], now: Date, result: WarningDispatch): Promise<void> {
  const { stores } = deps;
  const records = checks.map((c) => c.request);
  const open = records.filter((r) => r.status !== 'resolved');
  // One read of the tenant's settings, people, choices and past warnings for all its due requests; should the shared
  // clock contexts fail to load, each request loads its own, so one bad calendar holds up nobody else's warnings.
  const shared = await loadClockContexts(stores, tenantId, open, now).catch(() => null);
  const assigneeIds = [...new Set(open.map((r) => r.assigneeId))];
  const choices = assigneeIds.length === 0 ? new Map<string, WarningChoice>() : await stores.warningPreferences.getMany(tenantId, assigneeIds);
  const people = new Map<string, PersonRecord>((assigneeIds.length === 0 ? [] : await stores.directory.getPeople(tenantId, assigneeIds)).map((p) => [p.id, p]));
  const requesterIds = [...new Set(open.map((r) => r.requesterId))];
  const names = new Map((requesterIds.length === 0 ? [] : await stores.directory.getPersonRefs(tenantId, requesterIds)).map((p) => [p.id, p.displayName]));
  const delivered = new Map<string, DeliveredTransitions>();
  for (const w of open.length === 0 ? [] : await stores.clockWarnings.listWarnings(tenantId, open.map((r) => r.id))) {
    const d = delivered.get(w.requestId) ?? {};
    if (d[w.clock] !== 'breached') d[w.clock] = w.kind;
    delivered.set(w.requestId, d);
  }

  for (const { request: r, checkAt } of checks) {
    try {
      let next: Date | null = null;
      if (r.status !== 'resolved') {
        const context = shared === null ? contextFor(await loadClockContexts(stores, tenantId, [r], now), r) : contextFor(shared, r);
        const target = { r, context, choice: choices.get(r.assigneeId) ?? 'warningsAndDigest', person: people.get(r.assigneeId) ?? null, requesterName: names.get(r.requesterId) ?? '' };
        const done = delivered.get(r.id) ?? {};
        const standard = requestStandard(r, context);
        let t = nextTransition(r, standard, context.calendar, now, done);
        while (t !== null && t.at.getTime() <= now.getTime()) {
          await deliver(deps, target, t, now, result);
          done[t.clock] = t.kind;
          t = nextTransition(r, standard, context.calendar, now, done);
        }
        next = t?.at ?? null;
      }
      if (!(await stores.clockWarnings.setWarningCheck(tenantId, r.id, next, { updatedAt: r.updatedAt, checkAt }))) result.conflicts += 1;
    } catch (error) {
      deps.onError?.(error, r);
      await stores.clockWarnings.setWarningCheck(tenantId, r.id, new Date(now.getTime() + RETRY_AFTER_MS), { updatedAt: r.updatedAt, checkAt }).catch(() => false);
    }
  }
}

interface WarningTarget {
  r: RequestRecord;
  context: ClockContext;
  choice: WarningChoice;
  person: PersonRecord | null;
  requesterName: string;
}

/** Claims the warning for `t` and sends, holds or skips it; a warning claimed by another instance is theirs. */
async function deliver(deps: WarningDispatchDeps, target: WarningTarget, t: ClockTransition, now: Date, result: WarningDispatch): Promise<void> {
  const { r, context } = target;
  const calendar = recipientCalendar(target.person, context.settings);
  const stale = t.at.getTime() < now.getTime() - STALE_WARNING_MS;
  let status: ClockWarningStatus;
  let digestAt: Date | null = null;
  if (target.choice === 'off' || t.at.getTime() <= r.createdAt.getTime()) status = 'skipped';
  else {
    // Delivered late (after downtime, or between ticks) it goes out now, so quiet hours are judged at now; one that
    // turned at the first instant of the working day is told by that day's digest.
    const delivery = warningDelivery(now, calendar, t.at);
    if (delivery.action === 'hold') {
      status = 'held';
      digestAt = delivery.digestAt;
    } else if (target.choice === 'digestOnly' || stale) {
      status = 'held';
      digestAt = nextDigestAt(now, calendar);
    } else status = 'sending';
  }
  const record: ClockWarningRecord = {
    tenantId: r.tenantId, requestId: r.id, clock: t.clock, kind: t.kind, assigneeId: r.assigneeId, transitionAt: t.at, status,
    recordedAt: now, sentAt: null, digestAt,
  };
  if (!(await deps.stores.clockWarnings.claimWarning(record))) return;
  if (status === 'skipped') result.skipped += 1;
  if (status === 'held') result.held += 1;
  if (status !== 'sending') return;
  try {
    // Composed inside the try: a warning claimed `sending` that cannot be composed is recorded `failed`, not left so.
    const dueAt = requestClocks(r, context, now)[t.clock].dueAt ?? t.at;
    const notification = warningNotification(deps.teamsAppId, {
      requestId: r.id, subject: r.subject, requesterName: target.requesterName, clock: t.clock, kind: t.kind, dueAt, timeZone: calendar.timeZone,
    });
    await deps.pacer?.turn(r.tenantId);
    await deps.feed.notify(r.tenantId, r.assigneeId, notification);
    await deps.stores.clockWarnings.setWarningStatus(r.tenantId, r.id, t.clock, t.kind, 'sent', now);
    result.sent += 1;
  } catch (error) {
    // Not retried: Graph refused it (app not installed, no permission), it stayed throttled past its retries, or it
    // could not be composed. The person's digest still tells the request's state.
    result.failed += 1;
    deps.onError?.(error, r);
    await deps.stores.clockWarnings.setWarningStatus(r.tenantId, r.id, t.clock, t.kind, 'failed');
  }
}
