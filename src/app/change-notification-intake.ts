/**
 * Checks Graph change and lifecycle notifications (issue 19) and records the work they ask for, before the route
 * answers 202. A notification is a signal only: its resource and resourceData are never read as data — a good one just
 * records a pending change (mail or chats) for the subscription's person, and the delta run reads Graph itself.
 *
 * Each item must name a subscription this deployment created (read by id; cached), in the same tenant, with the
 * subscription's clientState (compared in constant time on SHA-256 digests, so neither the length nor a prefix of the
 * secret leaks through timing). Items failing a check are returned as ignored (id and reason, never the clientState).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { Clock } from './clock';
import type { ChangeSubscriptionRecord, PendingChangeKind } from './records';
import { pendingKindOf } from './change-subscriptions';
import type { ChangeSubscriptionStore, PendingChangeStore } from './store-ports';

/** One change to record: a person's mail or chats. */
type PendingWrite = { tenantId: string; personId: string; kind: PendingChangeKind };

/** The fields of one notification item the checks read (Graph sends more; nothing else is used). */
export interface NotificationItem {
  subscriptionId: string;
  clientState?: string | null | undefined;
  tenantId?: string | null | undefined;
  /** Lifecycle notifications only: `reauthorizationRequired`, `subscriptionRemoved`, `missed`. */
  lifecycleEvent?: string | undefined;
}

export type IgnoredReason = 'unknown_subscription' | 'tenant_mismatch' | 'client_state_mismatch';

export interface IntakeResult {
  /** Items that passed the checks, with their subscription (lifecycle items are handed to the repair hook). */
  accepted: { subscription: ChangeSubscriptionRecord; item: NotificationItem }[];
  ignored: { subscriptionId: string; reason: IgnoredReason }[];
}

export interface ChangeNotificationIntakeDeps {
  stores: { changeSubscriptions: Pick<ChangeSubscriptionStore, 'getMany'>; pendingChanges: Pick<PendingChangeStore, 'recordMany'> };
  clock: Clock;
  /** How long a subscription read by id is trusted, in ms. Default 60 s. */
  knownTtlMs?: number;
  /**
   * How long an unknown id is remembered as unknown, in ms. Default 5 s: short, because Graph may notify a new
   * subscription in the moments before its creator has stored it.
   */
  unknownTtlMs?: number;
  /** Subscriptions (and unknown ids) remembered at most, each. Default 100,000. */
  maxCached?: number;
  /** Tests only: the milliseconds the caches' lifetimes are counted in (default `performance.now()`). */
  cacheTime?: { now(): number };
}

/** Lifecycle events after which the person's mailbox or chats may have changed unseen: a delta run catches up. */
const CATCH_UP_EVENTS = new Set(['missed', 'subscriptionRemoved']);

/** Graph subscription ids are GUIDs; anything much longer is no id of ours and is not looked up. */
const MAX_ID_LENGTH = 128;

/**
 * A cached subscription whose clientState does not match is read again once this old (ms): a renewal may have
 * rotated the secret. Younger ones are not, so a flood of forged states for a known id costs no reads.
 */
const REREAD_AFTER_MS = 5_000;

export class ChangeNotificationIntake {
  private readonly known: LRUCache<string, ChangeSubscriptionRecord>;
  private readonly unknown: LRUCache<string, true>;
  private readonly reading = new Map<string, Promise<ChangeSubscriptionRecord | null>>();
  /** Ids to read in the next store call, with who waits for each (one read per event-loop turn, like the writes). */
  private toRead: Map<string, { resolve: (found: ChangeSubscriptionRecord | null) => void; reject: (error: unknown) => void }> | null = null;
  private readonly knownTtlMs: number;
  /** Changes waiting for the write in flight to finish; the next write takes them all (group commit). */
  private waiting: { changes: PendingWrite[]; done: (error?: unknown) => void }[] = [];
  private writing = false;
  private writeScheduled = false;

  constructor(private readonly deps: ChangeNotificationIntakeDeps) {
    const max = deps.maxCached ?? 100_000;
    this.knownTtlMs = deps.knownTtlMs ?? 60_000;
    const perf = deps.cacheTime === undefined ? {} : { perf: deps.cacheTime, ttlResolution: 0 };
    this.known = new LRUCache({ max, ttl: this.knownTtlMs, ...perf });
    this.unknown = new LRUCache({ max, ttl: deps.unknownTtlMs ?? 5_000, ...perf });
  }

  /**
   * Checks change notifications and records one pending change per (person, kind) among the good ones.
   * @throws the store's error when recording fails (the route then answers 5xx so that Graph retries).
   */
  async acceptChanges(items: readonly NotificationItem[]): Promise<IntakeResult> {
    const result = await this.check(items);
    await this.record(result.accepted.map((a) => a.subscription));
    return result;
  }

  /** Checks lifecycle notifications; `missed` and `subscriptionRemoved` record a pending change for the person. */
  async acceptLifecycle(items: readonly NotificationItem[]): Promise<IntakeResult> {
    const result = await this.check(items);
    await this.record(result.accepted.filter((a) => CATCH_UP_EVENTS.has(a.item.lifecycleEvent ?? '')).map((a) => a.subscription));
    return result;
  }

  /** Forgets what is cached about a subscription (its creator or renewer changed it on this instance). */
  forget(id: string): void {
    this.known.delete(id);
    this.unknown.delete(id);
  }

  private async check(items: readonly NotificationItem[]): Promise<IntakeResult> {
    const result: IntakeResult = { accepted: [], ignored: [] };
    // All of the request's ids at once: those not cached are read together (with other requests' of this turn).
    const looked = await Promise.all(items.map((item) => this.lookup(item.subscriptionId, false)));
    for (const [index, item] of items.entries()) {
      let subscription = looked[index] ?? null;
      if (subscription !== null && !sameSecret(subscription.clientState, item.clientState)) {
        subscription = await this.lookup(item.subscriptionId, true);
      }
      const reason: IgnoredReason | null =
        subscription === null ? 'unknown_subscription'
        : typeof item.tenantId !== 'string' || item.tenantId.toLowerCase() !== subscription.tenantId.toLowerCase() ? 'tenant_mismatch'
        : !sameSecret(subscription.clientState, item.clientState) ? 'client_state_mismatch'
        : null;
      if (reason === null && subscription !== null) result.accepted.push({ subscription, item });
      else result.ignored.push({ subscriptionId: item.subscriptionId, reason: reason ?? 'unknown_subscription' });
    }
    return result;
  }

  /**
   * Records one pending change per (person, kind) of `subscriptions`, resolving once it is committed. Requests read in
   * the same event-loop turn, or while a write is in flight, are written together (group commit): under a burst the
   * database sees one transaction per flush, not one per notification, and none is answered before its change is stored.
   */
  private record(subscriptions: readonly ChangeSubscriptionRecord[]): Promise<void> {
    if (subscriptions.length === 0) return Promise.resolve();
    // One per (person, kind): ten notifications for one mailbox in a request are one change.
    const unique = new Map<string, PendingWrite>();
    for (const s of subscriptions) {
      const kind = pendingKindOf(s.kind);
      unique.set(`${s.tenantId}\u0000${s.personId}\u0000${kind}`, { tenantId: s.tenantId, personId: s.personId, kind });
    }
    const changes = [...unique.values()];
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ changes, done: (error) => (error === undefined ? resolve() : reject(error)) });
      this.scheduleWrite();
    });
  }

  /**
   * Writes what is waiting once the requests already read in this event-loop turn have added theirs. A driver that
   * commits synchronously (better-sqlite3) leaves no write "in flight" for others to join, so the turn is the group:
   * while one commit's fsync holds the thread, the requests that arrive meanwhile are read together in the next turn
   * and committed together, instead of one fsync per notification.
   */
  private scheduleWrite(): void {
    if (this.writing || this.writeScheduled) return;
    this.writeScheduled = true;
    setImmediate(() => {
      this.writeScheduled = false;
      if (!this.writing) void this.writeWaiting();
    });
  }

  private async writeWaiting(): Promise<void> {
    this.writing = true;
    try {
      while (this.waiting.length > 0) {
        const batch = this.waiting;
        this.waiting = [];
        try {
          await this.deps.stores.pendingChanges.recordMany(batch.flatMap((b) => b.changes), this.deps.clock.now());
          for (const b of batch) b.done();
        } catch (error) {
          for (const b of batch) b.done(error ?? new Error('recording pending changes failed'));
        }
      }
    } finally {
      this.writing = false;
    }
  }

  /**
   * The subscription by id from the cache, else the store (one read at a time per id). `stale`: the cached one's
   * clientState did not match — read again if it was cached long enough ago for a renewal to have rotated it.
   */
  private async lookup(id: string, stale: boolean): Promise<ChangeSubscriptionRecord | null> {
    if (id.length > MAX_ID_LENGTH) return null;
    const cached = this.known.get(id);
    if (cached !== undefined) {
      const ageMs = this.knownTtlMs - this.known.getRemainingTTL(id);
      if (!stale || ageMs < REREAD_AFTER_MS) return cached;
    } else if (this.unknown.has(id)) {
      return null;
    }
    let read = this.reading.get(id);
    if (read === undefined) {
      read = this.read(id).finally(() => this.reading.delete(id));
      this.reading.set(id, read);
    }
    const found = await read;
    if (found === null) {
      this.known.delete(id);
      this.unknown.set(id, true);
    } else {
      this.known.set(id, found);
    }
    return found;
  }

  /**
   * Reads a subscription by id together with every other id asked for in this event-loop turn: one store call for a
   * burst's cache misses instead of one per notification (an instance just started, or a minute quiet, misses on all).
   */
  private read(id: string): Promise<ChangeSubscriptionRecord | null> {
    return new Promise((resolve, reject) => {
      if (this.toRead === null) {
        this.toRead = new Map();
        setImmediate(() => void this.readWaiting());
      }
      this.toRead.set(id, { resolve, reject });
    });
  }

  private async readWaiting(): Promise<void> {
    const waiting = this.toRead;
    this.toRead = null;
    if (waiting === null) return;
    try {
      const found = new Map((await this.deps.stores.changeSubscriptions.getMany([...waiting.keys()])).map((s) => [s.id, s]));
      for (const [id, w] of waiting) w.resolve(found.get(id) ?? null);
    } catch (error) {
      for (const w of waiting.values()) w.reject(error);
    }
  }
}

/** Constant-time equality of the stored secret and what a notification carries (none never matches). */
function sameSecret(expected: string, given: string | null | undefined): boolean {
  if (typeof given !== 'string') return false;
  return timingSafeEqual(digest(expected), digest(given));
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
