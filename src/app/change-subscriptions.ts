/**
 * Graph change-notification subscriptions per person (issue 19): each person who uses Turnaround has three — Inbox,
 * Sent Items, chats — created when they start, renewed well before Graph lets them lapse, repaired on lifecycle events,
 * deleted with their data. The rules (lifetimes, margins, retry waits, when the safety net polls) are pure, in
 * src/domain/change-subscription-policy.ts; this class applies them to the store and Graph.
 *
 * Cost per idle person (mail 72 h and chats 70.5 h lifetimes, renewed with a third left): 3 subscriptions renewed
 * about every 47–48 h ≈ 1.5 Graph requests a day, plus one request per `reauthorizationRequired` Graph sends. A person
 * whose subscriptions fail is retried with waits doubling from 5 minutes to 6 hours (≤ 4 attempts a day per
 * subscription once at the cap) and polled by the safety net meanwhile (mail every 6 h, chats daily).
 *
 * Several instances run this at once on one database: renewals (PATCH) are idempotent; a re-creation first checks the
 * stored row is still the one it read, so a repair another instance (or `remove`) made is not made twice, and
 * {@link ChangeSubscriptionManager.ensure} deletes any extra subscription of one kind two instances created together.
 */
import { randomBytes } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import {
  SUBSCRIPTION_KINDS, hasExpired, longestRenewalMarginMs, renewalDue, renewalRetryDelayMs, safetyNetNeeds, subscriptionExpiry, type SubscriptionKind,
} from '../domain/change-subscription-policy';
import type { Clock } from './clock';
import type { ChangeSubscriptionSource, UserContext } from './m365-ports';
import type { ChangeSubscriptionRecord, PendingChangeKind } from './records';
import type { Stores } from './store-ports';

/** The three subscriptions every person has. */

/** Graph's lifecycle events (`lifecycleEvent` of a lifecycle notification). */
export type LifecycleEvent = 'reauthorizationRequired' | 'subscriptionRemoved' | 'missed';
const LIFECYCLE_EVENTS: readonly string[] = ['reauthorizationRequired', 'subscriptionRemoved', 'missed'] satisfies LifecycleEvent[];

/** Whether a lifecycle notification's `lifecycleEvent` is one Graph documents (others are ignored). */
export function isLifecycleEvent(value: string): value is LifecycleEvent {
  return LIFECYCLE_EVENTS.includes(value);
}

/** What a repair did: renewed or reauthorized in place, recreated, nothing to do, or failed (counted, retried later). */
export type RepairOutcome = 'reauthorized' | 'renewed' | 'recreated' | 'none' | 'failed';

/** What a failure was about, for the log: ids and the action, never the clientState. */
export interface SubscriptionFailure {
  tenantId: string;
  personId: string;
  kind: SubscriptionKind;
  action: 'create' | 'renew' | 'reauthorize' | 'recreate' | 'delete';
  subscriptionId: string | null;
}

export interface ChangeSubscriptionManagerDeps {
  stores: Pick<Stores, 'changeSubscriptions' | 'pendingChanges'>;
  source: ChangeSubscriptionSource;
  clock: Clock;
  /** Where Graph posts notifications: PUBLIC_BASE_URL + `/api/graph/notifications`. */
  notificationUrl: string;
  /** Where Graph posts lifecycle events: PUBLIC_BASE_URL + `/api/graph/lifecycle`. */
  lifecycleNotificationUrl: string;
  /** A fresh clientState (default: 32 random bytes, base64url — 43 characters, within Graph's 128). */
  newClientState?: () => string;
  /** Reports a Graph failure (the subscription is counted and retried; never passed a token or clientState). */
  onError?: (error: unknown, about: SubscriptionFailure) => void;
  /** Subscriptions looked at per renewal tick (default 500). */
  renewBatch?: number;
  /** Graph calls a renewal tick makes at once (default 4). */
  concurrency?: number;
}

/** A per-subscription secret: 32 random bytes, base64url. */
export function newClientState(): string {
  return randomBytes(32).toString('base64url');
}

/** The pending change a subscription's missed changes are caught up by. */
export function pendingKindOf(kind: SubscriptionKind): PendingChangeKind {
  return kind === 'chats' ? 'chats' : 'mail';
}

/** Graph calls for a person's subscriptions use Turnaround's application access, never a caller's token. */
function background(tenantId: string, personId: string): UserContext {
  return { tenantId, userId: personId };
}

function isNotFound(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'not_found';
}

/** Attempts remembered for back-off at most (a forgotten one is simply tried at once). */
const MAX_BACKOFFS_KEPT = 50_000;

export class ChangeSubscriptionManager {
  /** When a failing subscription (by id) or a missing one (by person and kind) may be tried again, ms on the clock. */
  private readonly retryAt = new LRUCache<string, { failures: number; atMs: number }>({ max: MAX_BACKOFFS_KEPT });
  /** `ensure` runs in flight per person, so two calls on this instance never create one subscription twice. */
  private readonly ensuring = new Map<string, Promise<ChangeSubscriptionRecord[]>>();

  constructor(private readonly deps: ChangeSubscriptionManagerDeps) {}

  /**
   * Makes sure the person has their three subscriptions: creates the missing ones (a kind whose creation failed lately
   * waits out its back-off) and deletes extras of one kind (instances that created one together), keeping the one
   * expiring last. Expired or failing ones are left to {@link renewDue}. Graph failures are reported, not thrown.
   * @returns the person's subscriptions that exist after the call.
   */
  ensure(user: Pick<UserContext, 'tenantId' | 'userId'>): Promise<ChangeSubscriptionRecord[]> {
    const key = `${user.tenantId}\u0000${user.userId}`;
    const running = this.ensuring.get(key);
    if (running !== undefined) return running;
    const work = this.ensureNow(user.tenantId, user.userId).finally(() => this.ensuring.delete(key));
    this.ensuring.set(key, work);
    return work;
  }

  /**
   * Renews the subscriptions due at `now` (a third of their lifetime left), recreating those Graph no longer has (a
   * renewal answered 404, or already past expiry) and recording a pending change for each so a delta run catches up
   * what was missed meanwhile. Other failures add to `failures` and are retried on later ticks after a back-off.
   */
  async renewDue(now: Date): Promise<{ renewed: number; recreated: number; failed: number }> {
    const { stores } = this.deps;
    // `listExpiringBefore` is strict and a renewal is due with exactly the margin left: look one millisecond further.
    const horizon = new Date(now.getTime() + longestRenewalMarginMs() + 1);
    const candidates = await stores.changeSubscriptions.listExpiringBefore(horizon, this.deps.renewBatch ?? 500);
    const due = candidates.filter((s) => renewalDue(s, now) && this.mayTry(s.id, now));
    const counts = { renewed: 0, recreated: 0, failed: 0 };
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < due.length) {
        const subscription = due[next++] as ChangeSubscriptionRecord;
        const outcome = hasExpired(subscription, now) ? await this.recreate(subscription, now) : await this.renew(subscription, now);
        if (outcome === 'renewed') counts.renewed += 1;
        else if (outcome === 'recreated') counts.recreated += 1;
        else if (outcome === 'failed') counts.failed += 1;
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, this.deps.concurrency ?? 4) }, worker));
    return counts;
  }

  /**
   * The repair a lifecycle event asks for (the hook `POST /api/graph/lifecycle` calls after its 202, for a subscription
   * it found in the store): `reauthorizationRequired` → reauthorize, else renew (which reauthorizes too), else recreate
   * when Graph no longer has it; `subscriptionRemoved` → recreate and record a pending change (delta catches up);
   * `missed` → nothing here (the route recorded the pending change that makes the delta run).
   */
  async onLifecycle(subscription: ChangeSubscriptionRecord, event: LifecycleEvent): Promise<RepairOutcome> {
    const now = this.deps.clock.now();
    switch (event) {
      case 'missed':
        return 'none';
      case 'subscriptionRemoved':
        return this.recreate(subscription, now);
      case 'reauthorizationRequired': {
        try {
          await this.deps.source.reauthorize(background(subscription.tenantId, subscription.personId), subscription.id);
          if (subscription.failures > 0) await this.putIfStillStored({ ...subscription, failures: 0 });
          this.retryAt.delete(subscription.id);
          return 'reauthorized';
        } catch (error) {
          if (isNotFound(error)) return this.recreate(subscription, now);
          this.report(error, subscription, 'reauthorize');
          return this.renew(subscription, now);
        }
      }
      default: {
        const unknown: never = event;
        throw new Error(`unknown lifecycle event ${String(unknown)}`);
      }
    }
  }

  /**
   * Deletes the person's subscriptions at Graph and in the store (they deleted their data, or left the tenant). A
   * deletion Graph fails is reported and the row deleted anyway: the notification route ignores an unknown
   * subscription id, and Graph drops the subscription when it expires (within 3 days).
   * @returns how many were deleted at Graph and how many Graph failed to delete.
   */
  async remove(user: Pick<UserContext, 'tenantId' | 'userId'>): Promise<{ deleted: number; failedAtGraph: number }> {
    const { stores, source } = this.deps;
    const subscriptions = await stores.changeSubscriptions.listForPerson(user.tenantId, user.userId);
    let failedAtGraph = 0;
    for (const s of subscriptions) {
      try {
        await source.delete(background(s.tenantId, s.personId), s.id);
      } catch (error) {
        failedAtGraph += 1;
        this.report(error, s, 'delete');
      }
      await stores.changeSubscriptions.delete(s.id);
      this.retryAt.delete(s.id);
    }
    for (const kind of SUBSCRIPTION_KINDS) this.retryAt.delete(creationKey(user.tenantId, user.userId, kind));
    return { deleted: subscriptions.length - failedAtGraph, failedAtGraph };
  }

  /**
   * What the safety-net poll must cover for the person at `now`: mail when their Inbox or Sent Items subscription is
   * missing, expired or has failed 3 times in a row; chats likewise (src/domain/change-subscription-policy.ts).
   */
  async needsSafetyNet(tenantId: string, personId: string, now: Date): Promise<{ mail: boolean; chats: boolean }> {
    return safetyNetNeeds(await this.deps.stores.changeSubscriptions.listForPerson(tenantId, personId), now);
  }

  private async ensureNow(tenantId: string, personId: string): Promise<ChangeSubscriptionRecord[]> {
    const { stores } = this.deps;
    const now = this.deps.clock.now();
    const existing = await stores.changeSubscriptions.listForPerson(tenantId, personId);
    const kept: ChangeSubscriptionRecord[] = [];
    for (const kind of SUBSCRIPTION_KINDS) {
      const [keep, ...extra] = existing.filter((s) => s.kind === kind).sort((a, b) => b.expiresAt.getTime() - a.expiresAt.getTime());
      for (const s of extra) await this.deleteQuietly(s);
      if (keep !== undefined) {
        kept.push(keep);
        continue;
      }
      const key = creationKey(tenantId, personId, kind);
      if (!this.mayTry(key, now)) continue;
      try {
        kept.push(await this.createAndStore(tenantId, personId, kind, now));
        this.retryAt.delete(key);
      } catch (error) {
        this.backOff(key, (this.retryAt.get(key)?.failures ?? 0) + 1, now);
        this.deps.onError?.(error, { tenantId, personId, kind, action: 'create', subscriptionId: null });
      }
    }
    return kept;
  }

  /** Renews in place; Graph no longer having it → recreate; another failure → counted. */
  private async renew(subscription: ChangeSubscriptionRecord, now: Date): Promise<RepairOutcome> {
    try {
      const expiresAt = await this.deps.source.renew(background(subscription.tenantId, subscription.personId), subscription.id, subscriptionExpiry(subscription.kind, now));
      await this.putIfStillStored({ ...subscription, expiresAt, failures: 0 });
      this.retryAt.delete(subscription.id);
      return 'renewed';
    } catch (error) {
      if (isNotFound(error)) return this.recreate(subscription, now);
      await this.fail(subscription, now, error, 'renew', false);
      return 'failed';
    }
  }

  /**
   * Replaces a subscription Graph no longer has by a new one (new id, new clientState) and records a pending change,
   * so the person's next delta run picks up what changed while nothing was watching. Does nothing when the stored row
   * is no longer the one read (another instance repaired it, or the person's subscriptions were removed).
   */
  private async recreate(gone: ChangeSubscriptionRecord, now: Date): Promise<RepairOutcome> {
    const { stores } = this.deps;
    const stored = await stores.changeSubscriptions.get(gone.id);
    if (stored === null) return 'none';
    try {
      await this.createAndStore(stored.tenantId, stored.personId, stored.kind, now);
    } catch (error) {
      if (isNotFound(error)) {
        // Graph has no such resource any more: the person left the tenant (or lost their mailbox). Retrying would
        // cost requests forever; the row goes, and `ensure` after a later successful sync of theirs makes it again.
        await stores.changeSubscriptions.delete(stored.id);
        this.retryAt.delete(stored.id);
        this.report(error, stored, 'recreate');
        return 'failed';
      }
      await this.fail(stored, now, error, 'recreate', true);
      return 'failed';
    }
    await stores.changeSubscriptions.delete(stored.id);
    this.retryAt.delete(stored.id);
    await stores.pendingChanges.record(stored.tenantId, stored.personId, pendingKindOf(stored.kind), now);
    return 'recreated';
  }

  private async createAndStore(tenantId: string, personId: string, kind: SubscriptionKind, now: Date): Promise<ChangeSubscriptionRecord> {
    const clientState = (this.deps.newClientState ?? newClientState)();
    const created = await this.deps.source.create(background(tenantId, personId), {
      resource: kind,
      notificationUrl: this.deps.notificationUrl,
      lifecycleNotificationUrl: this.deps.lifecycleNotificationUrl,
      clientState,
      expiresAt: subscriptionExpiry(kind, now),
    });
    const record: ChangeSubscriptionRecord = { id: created.id, tenantId, personId, kind, resource: created.resource, clientState, expiresAt: created.expiresAt, createdAt: now, failures: 0 };
    try {
      await this.deps.stores.changeSubscriptions.put(record);
    } catch (error) {
      // Unrecorded, its notifications would be ignored as unknown until it lapses: delete it now (best effort).
      await this.deps.source.delete(background(tenantId, personId), created.id).catch(() => undefined);
      throw error;
    }
    return record;
  }

  /**
   * Counts a failure on the stored row and waits before trying it again. `gone`: Graph no longer has it, so its
   * expiry becomes `now` — the safety net covers the person at once and the next tick recreates rather than renews.
   */
  private async fail(subscription: ChangeSubscriptionRecord, now: Date, error: unknown, action: SubscriptionFailure['action'], gone: boolean): Promise<void> {
    const failures = subscription.failures + 1;
    const expiresAt = gone && subscription.expiresAt.getTime() > now.getTime() ? now : subscription.expiresAt;
    await this.putIfStillStored({ ...subscription, failures, expiresAt });
    this.backOff(subscription.id, failures, now);
    this.report(error, subscription, action);
  }

  /** Writes the row only while it is still stored (a concurrent `remove` or repair is not undone). */
  private async putIfStillStored(subscription: ChangeSubscriptionRecord): Promise<void> {
    const { changeSubscriptions } = this.deps.stores;
    if ((await changeSubscriptions.get(subscription.id)) !== null) await changeSubscriptions.put(subscription);
  }

  private async deleteQuietly(subscription: ChangeSubscriptionRecord): Promise<void> {
    try {
      await this.deps.source.delete(background(subscription.tenantId, subscription.personId), subscription.id);
    } catch (error) {
      this.report(error, subscription, 'delete');
    }
    await this.deps.stores.changeSubscriptions.delete(subscription.id);
  }

  private mayTry(key: string, now: Date): boolean {
    const wait = this.retryAt.get(key);
    return wait === undefined || wait.atMs <= now.getTime();
  }

  private backOff(key: string, failures: number, now: Date): void {
    this.retryAt.set(key, { failures, atMs: now.getTime() + renewalRetryDelayMs(failures) });
  }

  private report(error: unknown, s: ChangeSubscriptionRecord, action: SubscriptionFailure['action']): void {
    this.deps.onError?.(error, { tenantId: s.tenantId, personId: s.personId, kind: s.kind, action, subscriptionId: s.id });
  }
}

function creationKey(tenantId: string, personId: string, kind: SubscriptionKind): string {
  return `create\u0000${tenantId}\u0000${personId}\u0000${kind}`;
}
