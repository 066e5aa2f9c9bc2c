import { randomUUID } from 'node:crypto';
import type { ChangeType, DemoOrganization, OrganizationChange } from '../demo-organization';
import { GraphSimulatorError } from '../graph-errors';
import { messageJson } from '../graph-serializers';
import { SeededRandom } from '../seeded-random';
import type { SimulatedClock } from '../simulated-clock';
import { reauthorizationDue, retryDelayMs, type ValidSubscriptionRequest } from './subscription-rules';
import { postToEndpoint, withValidationToken } from './webhook-post';

/** Graph's lifecycle events. */
export type LifecycleEvent = 'reauthorizationRequired' | 'subscriptionRemoved' | 'missed';
export const LIFECYCLE_EVENTS: readonly LifecycleEvent[] = ['reauthorizationRequired', 'subscriptionRemoved', 'missed'];

/** A subscription as the simulator keeps it. `userIndex`: the demo user whose mailbox or chats it watches. */
export interface SimulatedSubscription extends ValidSubscriptionRequest {
  id: string;
  /** The application (client id, `azp`) that created it: subscriptions belong to an application. */
  applicationId: string;
  /** The service principal (application token) or user (delegated token) that created it. */
  creatorId: string;
  userIndex: number;
  /** The last reauthorizationRequired challenge or reauthorization (simulated ms), null when none. */
  lastChallengeMs: number | null;
}

/** Seeded delivery faults (off by default), like Graph's at-least-once, best-effort delivery. */
export interface DeliveryFaultOptions {
  /** Share (0..1) of successful POSTs of change notifications that are sent a second time. */
  duplicateRate?: number;
  /** Share (0..1) of change notifications never sent; a mail subscription with a lifecycle URL then gets `missed`. */
  dropRate?: number;
  /** Seed of the decisions (same seed, same sequence). Default 1. */
  seed?: number;
}

/** Timing of the notification service (real milliseconds); tests shorten them. */
export interface DeliveryTimings {
  /** How long a change waits for others to the same URL before they are posted together. Default 200. */
  batchDelayMs: number;
  /** How long an endpoint has to answer a notification POST. Default 3,000 (Graph expects an answer within 3 s). */
  answerTimeoutMs: number;
  /** POSTs per batch before it is dropped. Default 4. */
  maxAttempts: number;
  /** Back-off before the 2nd attempt; doubled for each further one. Default 1,000. */
  retryBaseMs: number;
  /** How long an endpoint has to answer the validation handshake. Default 10,000 (Graph's 10 s). */
  handshakeTimeoutMs: number;
  /** How often lifecycle schedules and expiry are checked against the simulated clock. Default 1,000. */
  tickMs: number;
}

export const DEFAULT_DELIVERY_TIMINGS: DeliveryTimings = { batchDelayMs: 200, answerTimeoutMs: 3_000, maxAttempts: 4, retryBaseMs: 1_000, handshakeTimeoutMs: 10_000, tickMs: 1_000 };

/** One line of the delivery log: one notification in one POST attempt (or dropped). */
export interface DeliveryLogEntry {
  /** Simulated time of the attempt. */
  at: string;
  url: string;
  subscriptionId: string;
  changeType?: ChangeType;
  lifecycleEvent?: LifecycleEvent;
  attempt: number;
  /** The endpoint's HTTP status; null when it did not answer (timeout, unreachable) or the notification was dropped. */
  status: number | null;
  outcome: 'delivered' | 'failed' | 'timeout' | 'unreachable' | 'dropped' | 'duplicate';
}

/** The delivery log keeps the most recent entries only. */
export const DELIVERY_LOG_LIMIT = 1_000;

type Json = Record<string, unknown>;

interface PendingNotification {
  subscriptionId: string;
  label: { changeType: ChangeType } | { lifecycleEvent: LifecycleEvent };
  body: Json;
}

interface PendingBatch {
  url: string;
  items: PendingNotification[];
}

/**
 * The dev tenant's change-notification service: the subscriptions (per application, expiring on the simulated clock),
 * Graph's validation handshake, delivery of change notifications batched per URL with retries and back-off, lifecycle
 * notifications (on a schedule and on demand), seeded faults and a bounded log of what was sent.
 */
export class ChangeNotificationService {
  private readonly subscriptions = new Map<string, SimulatedSubscription>();
  private readonly pending = new Map<string, PendingBatch>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly stopper = new AbortController();
  private readonly log: DeliveryLogEntry[] = [];
  private readonly unsubscribe: () => void;
  private readonly ticker: NodeJS.Timeout;
  private faults: Required<DeliveryFaultOptions> = { duplicateRate: 0, dropRate: 0, seed: 1 };
  private rng = new SeededRandom(1);
  readonly timings: DeliveryTimings;

  constructor(private readonly org: DemoOrganization, private readonly clock: SimulatedClock, timings: Partial<DeliveryTimings> = {}) {
    this.timings = { ...DEFAULT_DELIVERY_TIMINGS, ...timings };
    this.unsubscribe = org.onChange((change) => this.onChange(change));
    this.ticker = setInterval(() => this.tick(), this.timings.tickMs);
    this.ticker.unref();
  }

  /** Sets the seeded delivery faults (rates clamped to 0..1). */
  setFaults(options: DeliveryFaultOptions): void {
    const clamp = (x: number | undefined): number => Math.min(1, Math.max(0, x ?? 0));
    this.faults = { duplicateRate: clamp(options.duplicateRate), dropRate: clamp(options.dropRate), seed: options.seed ?? 1 };
    this.rng = new SeededRandom(this.faults.seed);
  }

  currentFaults(): Required<DeliveryFaultOptions> {
    return { ...this.faults };
  }

  /** A live (unexpired) subscription by id, or undefined. */
  get(id: string): SimulatedSubscription | undefined {
    const s = this.subscriptions.get(id);
    if (s && s.expirationMs <= this.clock.nowMs()) {
      this.subscriptions.delete(id);
      return undefined;
    }
    return s;
  }

  /** Every live subscription (all applications), oldest first. */
  list(): SimulatedSubscription[] {
    return [...this.subscriptions.keys()].map((id) => this.get(id)).filter((s): s is SimulatedSubscription => s !== undefined);
  }

  /**
   * Makes Graph's validation handshake to each URL (`POST <url>?validationToken=…`, text/plain, empty body): the
   * endpoint must answer 200, `text/plain`, with the decoded token as its body within the handshake timeout.
   * @throws GraphSimulatorError (400) with Graph's message when an endpoint fails.
   */
  async validateEndpoints(urls: readonly string[]): Promise<void> {
    for (const url of urls) {
      const token = `Validation: Testing client application reachability for subscription Request-Id: ${randomUUID()}`;
      const answer = await this.track(postToEndpoint(withValidationToken(url, token), '', 'text/plain; charset=utf-8', this.timings.handshakeTimeoutMs, this.stopper.signal));
      if (answer.kind === 'timeout') throw new GraphSimulatorError(400, 'ValidationError', 'Subscription validation request timed out.');
      if (answer.kind !== 'answered' || answer.status !== 200) {
        throw new GraphSimulatorError(400, 'ValidationError', 'Subscription validation request failed. Notification endpoint must respond with 200 OK to validation request.');
      }
      // Graph's documented contract: 200, text/plain, the URL-decoded token as the whole body.
      if (answer.body !== token || !/^text\/plain\b/i.test(answer.contentType)) {
        throw new GraphSimulatorError(400, 'ValidationError', 'Subscription validation request failed. Response must exactly match validationToken query parameter.');
      }
    }
  }

  /** Adds a subscription (after its endpoints passed the handshake). */
  add(subscription: SimulatedSubscription): void {
    if (this.stopper.signal.aborted) return;
    this.subscriptions.set(subscription.id, subscription);
  }

  /** Deletes a subscription; false when there was none. Nothing more is sent for it. */
  remove(id: string): boolean {
    return this.subscriptions.delete(id);
  }

  /** Sets a new expiration (a renewal also reauthorizes). */
  renew(id: string, expirationMs: number): SimulatedSubscription | undefined {
    const s = this.get(id);
    if (!s) return undefined;
    s.expirationMs = expirationMs;
    s.lastChallengeMs = this.clock.nowMs();
    return s;
  }

  /** Records a reauthorization (the `reauthorize` action): challenges resume after Graph's interval. */
  reauthorize(id: string): boolean {
    const s = this.get(id);
    if (!s) return false;
    s.lastChallengeMs = this.clock.nowMs();
    return true;
  }

  /**
   * Sends a lifecycle event for a subscription now (the control plane's "on demand"). `subscriptionRemoved` deletes the
   * subscription first, as Graph does. Returns false when the subscription does not exist or has no lifecycle URL.
   */
  sendLifecycleEvent(id: string, event: LifecycleEvent): boolean {
    const s = this.get(id);
    if (!s?.lifecycleNotificationUrl) return false;
    if (event === 'subscriptionRemoved') this.subscriptions.delete(id);
    if (event === 'reauthorizationRequired') s.lastChallengeMs = this.clock.nowMs();
    this.enqueueLifecycle(s, event);
    return true;
  }

  /** The delivery log, oldest first (at most {@link DELIVERY_LOG_LIMIT} entries). */
  deliveries(): DeliveryLogEntry[] {
    return this.log.map((e) => ({ ...e }));
  }

  /** Stops every timer and aborts every POST in flight; waits for them to settle. Nothing is sent afterwards. */
  async stop(): Promise<void> {
    this.unsubscribe();
    clearInterval(this.ticker);
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.pending.clear();
    this.stopper.abort();
    await Promise.allSettled([...this.inFlight]);
  }

  private onChange(change: OrganizationChange): void {
    for (const s of this.list()) {
      if (!s.changeTypes.includes(change.changeType)) continue;
      const notification = this.changeNotification(s, change);
      if (!notification) continue;
      if (this.faults.dropRate > 0 && this.rng.chance(this.faults.dropRate)) {
        this.record({ url: s.notificationUrl, subscriptionId: s.id, changeType: change.changeType, attempt: 0, status: null, outcome: 'dropped' });
        this.reportMissed(s);
        continue;
      }
      this.enqueue(s.notificationUrl, { subscriptionId: s.id, label: { changeType: change.changeType }, body: notification });
    }
  }

  /** Graph's changeNotification for a change this subscription watches, or null when it does not watch it. */
  private changeNotification(s: SimulatedSubscription, change: OrganizationChange): Json | null {
    const base = { subscriptionId: s.id, subscriptionExpirationDateTime: iso(s.expirationMs), changeType: change.changeType, clientState: s.clientState, tenantId: this.org.tenantId };
    if (change.kind === 'mail') {
      const m = change.message;
      if (s.target.kind !== 'mail' || m.ownerIndex !== s.userIndex || m.folder !== s.target.folder) return null;
      const owner = this.org.users[m.ownerIndex];
      const id = this.org.ids.messageId(m.number);
      const odataId = `Users/${owner?.id ?? ''}/Messages/${id}`;
      return { ...base, resource: odataId, resourceData: { '@odata.type': '#Microsoft.Graph.Message', '@odata.id': odataId, '@odata.etag': messageJson(this.org, m)['@odata.etag'], id } };
    }
    if (s.target.kind !== 'chatMessages' || !change.chat.memberIndexes.includes(s.userIndex)) return null;
    const odataId = `chats('${change.chat.id}')/messages('${change.message.id}')`;
    return { ...base, resource: odataId, resourceData: { '@odata.type': '#Microsoft.Graph.chatMessage', '@odata.id': odataId, id: change.message.id } };
  }

  /** `missed` for a dropped notification — Graph sends it for Outlook resources only. */
  private reportMissed(s: SimulatedSubscription): void {
    if (s.target.kind === 'mail' && s.lifecycleNotificationUrl) this.enqueueLifecycle(s, 'missed');
  }

  private enqueueLifecycle(s: SimulatedSubscription, event: LifecycleEvent): void {
    if (!s.lifecycleNotificationUrl) return;
    this.enqueue(s.lifecycleNotificationUrl, {
      subscriptionId: s.id,
      label: { lifecycleEvent: event },
      body: { subscriptionId: s.id, subscriptionExpirationDateTime: iso(s.expirationMs), tenantId: this.org.tenantId, clientState: s.clientState, lifecycleEvent: event },
    });
  }

  /** Adds a notification to the URL's pending batch; the batch is posted after the batch delay. */
  private enqueue(url: string, item: PendingNotification): void {
    if (this.stopper.signal.aborted) return;
    const batch = this.pending.get(url);
    if (batch) {
      batch.items.push(item);
      return;
    }
    this.pending.set(url, { url, items: [item] });
    this.after(this.timings.batchDelayMs, () => {
      const due = this.pending.get(url);
      this.pending.delete(url);
      if (due) this.deliver(due, 1);
    });
  }

  private deliver(batch: PendingBatch, attempt: number): void {
    const body = JSON.stringify({ value: batch.items.map((i) => i.body) });
    void this.track((async () => {
      const answer = await postToEndpoint(batch.url, body, 'application/json; charset=utf-8', this.timings.answerTimeoutMs, this.stopper.signal);
      if (answer.kind === 'aborted') return;
      const status = answer.kind === 'answered' ? answer.status : null;
      const ok = status !== null && status >= 200 && status < 300;
      const outcome = ok ? 'delivered' : answer.kind === 'answered' ? 'failed' : answer.kind;
      for (const item of batch.items) this.record({ url: batch.url, subscriptionId: item.subscriptionId, ...item.label, attempt, status, outcome });
      if (ok) {
        if (this.faults.duplicateRate > 0 && batch.items.some((i) => 'changeType' in i.label) && this.rng.chance(this.faults.duplicateRate)) this.sendDuplicate(batch, body);
        return;
      }
      if (attempt < this.timings.maxAttempts) {
        this.after(retryDelayMs(attempt + 1, this.timings.retryBaseMs), () => this.deliver(batch, attempt + 1));
        return;
      }
      // Given up: the changes are lost, as Graph's are after its retries; mail subscriptions learn it by `missed`.
      const missed = new Set<string>();
      for (const item of batch.items) {
        if (!('changeType' in item.label) || missed.has(item.subscriptionId)) continue;
        missed.add(item.subscriptionId);
        const s = this.get(item.subscriptionId);
        if (s) this.reportMissed(s);
      }
    })());
  }

  /** The duplicate fault: the same POST once more, a moment later (Graph delivers at least once). */
  private sendDuplicate(batch: PendingBatch, body: string): void {
    this.after(this.timings.batchDelayMs, () => {
      void this.track((async () => {
        const answer = await postToEndpoint(batch.url, body, 'application/json; charset=utf-8', this.timings.answerTimeoutMs, this.stopper.signal);
        if (answer.kind === 'aborted') return;
        const status = answer.kind === 'answered' ? answer.status : null;
        for (const item of batch.items) this.record({ url: batch.url, subscriptionId: item.subscriptionId, ...item.label, attempt: 1, status, outcome: 'duplicate' });
      })());
    });
  }

  /** Expiry and scheduled reauthorization challenges, against the simulated clock. */
  private tick(): void {
    const now = this.clock.nowMs();
    for (const s of [...this.subscriptions.values()]) {
      if (s.expirationMs <= now) {
        this.subscriptions.delete(s.id);
        continue;
      }
      if (s.lifecycleNotificationUrl && reauthorizationDue(s.expirationMs, s.lastChallengeMs, now)) {
        s.lastChallengeMs = now;
        this.enqueueLifecycle(s, 'reauthorizationRequired');
      }
    }
  }

  private record(entry: Omit<DeliveryLogEntry, 'at'>): void {
    this.log.push({ at: iso(this.clock.nowMs()), ...entry });
    if (this.log.length > DELIVERY_LOG_LIMIT) this.log.splice(0, this.log.length - DELIVERY_LOG_LIMIT);
  }

  private after(ms: number, run: () => void): void {
    if (this.stopper.signal.aborted) return;
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (!this.stopper.signal.aborted) run();
    }, ms);
    this.timers.add(t);
  }

  private track<T>(p: Promise<T>): Promise<T> {
    const settled = p.then(() => undefined, () => undefined);
    this.inFlight.add(settled);
    void settled.finally(() => this.inFlight.delete(settled));
    return p;
  }
}

const iso = (ms: number): string => new Date(ms).toISOString();
