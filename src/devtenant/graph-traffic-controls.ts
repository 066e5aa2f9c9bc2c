import { SeededRandom } from './seeded-random';

/** Seeded fault injection for the Graph simulator. */
export interface FaultOptions {
  /** Share of requests (0..1) answered with one of `statuses` instead of being served. Default 0. */
  rate?: number;
  /** Statuses to inject (429, 500, 503, 504; 401 — Graph rejecting the access token — on request). Default the four server faults. */
  statuses?: number[];
  /** Extra latency added to every request, in milliseconds. Default 0. */
  latencyMs?: number;
  /** Random extra latency up to this many milliseconds on top of latencyMs. Default 0. */
  latencyJitterMs?: number;
  /** Seed of the fault decisions (same seed, same sequence). Default 1. */
  seed?: number;
  /** Retry-After seconds on injected 429/503. Default 1. */
  retryAfterSeconds?: number;
}

/** Graph's throttling limits the simulator enforces per app and mailbox. */
export interface ThrottleLimits {
  /** Requests per window (Outlook: 10,000 per 10 minutes). */
  requestsPerWindow: number;
  windowSeconds: number;
  /** Concurrent requests per app and mailbox (Outlook: 4). */
  concurrentRequests: number;
}

export const GRAPH_THROTTLE_LIMITS: ThrottleLimits = { requestsPerWindow: 10_000, windowSeconds: 600, concurrentRequests: 4 };

/** Counts requests per endpoint ('GET /users/{id}/mailFolders/{id}/messages/delta'); benchmarks read it. */
export class RequestCounters {
  private readonly counts = new Map<string, number>();

  increment(endpoint: string): void {
    this.counts.set(endpoint, (this.counts.get(endpoint) ?? 0) + 1);
  }

  /** The number of requests to one endpoint. */
  get(endpoint: string): number {
    return this.counts.get(endpoint) ?? 0;
  }

  /** The number of requests to all endpoints (batch items counted as their own requests too). */
  total(): number {
    let sum = 0;
    for (const v of this.counts.values()) sum += v;
    return sum;
  }

  snapshot(): Record<string, number> {
    return Object.fromEntries([...this.counts.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }

  reset(): void {
    this.counts.clear();
  }
}

/** Decides, from a seed, which requests get an injected fault and how much latency each gets. */
export class FaultInjector {
  private options: Required<FaultOptions> = normalise({});
  private rng = new SeededRandom(1);

  constructor(options?: FaultOptions) {
    this.set(options ?? {});
  }

  set(options: FaultOptions): void {
    this.options = normalise(options);
    this.rng = new SeededRandom(this.options.seed);
  }

  current(): Required<FaultOptions> {
    return { ...this.options, statuses: [...this.options.statuses] };
  }

  /** The latency to add to the next request (ms). */
  nextLatencyMs(): number {
    const { latencyMs, latencyJitterMs } = this.options;
    return latencyMs + (latencyJitterMs > 0 ? Math.floor(this.rng.next() * latencyJitterMs) : 0);
  }

  /** The status to inject into the next request, or null to serve it. */
  nextFault(): { status: number; retryAfterSeconds: number } | null {
    if (this.options.rate <= 0 || this.options.statuses.length === 0) return null;
    if (!this.rng.chance(this.options.rate)) return null;
    return { status: this.rng.pick(this.options.statuses), retryAfterSeconds: this.options.retryAfterSeconds };
  }
}

/** The statuses a fault may answer with: Graph's server faults and 401 (the token rejected). */
export const INJECTABLE_GRAPH_STATUSES: readonly number[] = [401, 429, 500, 503, 504];

function normalise(o: FaultOptions): Required<FaultOptions> {
  const statuses = (o.statuses ?? [429, 500, 503, 504]).filter((s) => INJECTABLE_GRAPH_STATUSES.includes(s));
  return {
    rate: Math.min(1, Math.max(0, o.rate ?? 0)), statuses, latencyMs: Math.max(0, o.latencyMs ?? 0),
    latencyJitterMs: Math.max(0, o.latencyJitterMs ?? 0), seed: o.seed ?? 1, retryAfterSeconds: Math.max(0, o.retryAfterSeconds ?? 1),
  };
}

/** Sliding-window and concurrency limits per key (app id + mailbox), like Outlook's throttling in Graph. */
export class ThrottleLimiter {
  private readonly windows = new Map<string, number[]>();
  private readonly inFlight = new Map<string, number>();

  constructor(private limits: ThrottleLimits = GRAPH_THROTTLE_LIMITS, private readonly nowMs: () => number = () => Date.now()) {}

  setLimits(limits: Partial<ThrottleLimits>): void {
    this.limits = { ...this.limits, ...limits };
  }

  /**
   * Admits a request or says how long to wait. On admission the caller must call the returned release() when done.
   */
  admit(key: string): { release: () => void } | { retryAfterSeconds: number; reason: 'rate' | 'concurrency' } {
    const now = this.nowMs();
    const windowMs = this.limits.windowSeconds * 1000;
    let times = this.windows.get(key);
    if (!times) {
      times = [];
      this.windows.set(key, times);
    }
    let drop = 0;
    while (drop < times.length && (times[drop] ?? 0) <= now - windowMs) drop++;
    if (drop > 0) times.splice(0, drop);
    if (times.length >= this.limits.requestsPerWindow) {
      const oldest = times[0] ?? now;
      return { retryAfterSeconds: Math.max(1, Math.ceil((oldest + windowMs - now) / 1000)), reason: 'rate' };
    }
    const running = this.inFlight.get(key) ?? 0;
    if (running >= this.limits.concurrentRequests) return { retryAfterSeconds: 1, reason: 'concurrency' };
    times.push(now);
    this.inFlight.set(key, running + 1);
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        this.inFlight.set(key, (this.inFlight.get(key) ?? 1) - 1);
      },
    };
  }
}
