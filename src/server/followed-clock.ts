/**
 * A Clock that follows a dev tenant's simulated clock — ONLY FOR A DEV TENANT (`npm run devtenant`), never for
 * Microsoft 365. The dev tenant runs a clock that tests advance by hours or days, and stamps its tokens and messages
 * with it; a server in tenant mode on the system clock would judge those tokens expired or not yet valid, and would
 * sync and compute due times at the wrong instant. Configured by SIMULATED_CLOCK_URL (src/server/config.ts).
 *
 * It keeps an offset to the system clock, read from `GET {controlUrl}/clock` (`{ "now": ISO }`) at start and then
 * every {@link FOLLOWED_CLOCK_REFRESH_MS}; `now()` is the system time plus that offset, so it runs on between reads
 * and never waits for the network.
 */
import type { Clock } from '../app/clock';

/** How often the offset is read again, in milliseconds. */
export const FOLLOWED_CLOCK_REFRESH_MS = 1_000;

/** Thrown when the dev tenant's clock cannot be read or answers something other than `{ now: ISO }`. */
export class FollowedClockError extends Error {
  override readonly name = 'FollowedClockError';
  readonly code = 'simulated_clock_unreachable';
}

export interface FollowedClockOptions {
  /** The dev tenant's control URL, e.g. http://127.0.0.1:PORT/dev; the clock is read at `${controlUrl}/clock`. */
  controlUrl: string;
  /** Transport (default global fetch; unit tests pass a fake). */
  fetch?: (url: string) => Promise<{ ok: boolean; status: number; json(): Promise<unknown> }>;
  /** The system clock in epoch milliseconds (default Date.now; unit tests pass a fake). */
  systemNowMs?: () => number;
  /** Refresh period in milliseconds (default {@link FOLLOWED_CLOCK_REFRESH_MS}). */
  refreshMs?: number;
}

export class FollowedClock implements Clock {
  private offsetMs = 0;
  private timer: NodeJS.Timeout | null = null;
  /** A periodic read in flight (a slow answer is not overtaken by the next one). */
  private reading = false;
  private readonly listeners: ((offsetMs: number) => void)[] = [];
  private readonly url: string;
  private readonly fetch: NonNullable<FollowedClockOptions['fetch']>;
  private readonly systemNowMs: () => number;

  constructor(private readonly options: FollowedClockOptions) {
    this.url = `${options.controlUrl.replace(/\/+$/, '')}/clock`;
    this.fetch = options.fetch ?? ((url) => fetch(url, { signal: AbortSignal.timeout(5_000) }));
    this.systemNowMs = options.systemNowMs ?? (() => Date.now());
  }

  /** The dev tenant's current instant, as last read plus the system time since. */
  now(): Date {
    return new Date(this.systemNowMs() + this.offsetMs);
  }

  /** The followed clock minus the system clock, in milliseconds. */
  get offset(): number {
    return this.offsetMs;
  }

  /**
   * Reads the dev tenant's clock once and sets the offset. The answer is taken to be the instant halfway through the
   * request (the transport's round trip split evenly).
   * @throws FollowedClockError when the clock cannot be read.
   */
  async refresh(): Promise<void> {
    const sentMs = this.systemNowMs();
    let body: unknown;
    try {
      const response = await this.fetch(this.url);
      if (!response.ok) throw new FollowedClockError(`${this.url} answered ${String(response.status)}`);
      body = await response.json();
    } catch (error) {
      if (error instanceof FollowedClockError) throw error;
      throw new FollowedClockError(`${this.url} cannot be read: ${error instanceof Error ? error.message : String(error)}`);
    }
    const receivedMs = this.systemNowMs();
    const remoteMs = typeof (body as { now?: unknown } | null)?.now === 'string' ? Date.parse((body as { now: string }).now) : NaN;
    if (Number.isNaN(remoteMs)) throw new FollowedClockError(`${this.url} did not answer { "now": "<ISO 8601 instant>" }`);
    this.offsetMs = remoteMs - (sentMs + receivedMs) / 2;
    for (const listener of this.listeners) listener(this.offsetMs);
  }

  /** Calls `listener` with the offset after each read of the dev tenant's clock (the background worker follows it). */
  onOffset(listener: (offsetMs: number) => void): void {
    this.listeners.push(listener);
  }

  /**
   * Reads the clock (failing when it cannot: the server must not start on the wrong time), then keeps refreshing; a
   * periodic read that fails keeps the last offset (the clock runs on with the system clock) until one succeeds.
   */
  async start(): Promise<void> {
    await this.refresh();
    if (this.timer !== null) return;
    this.timer = setInterval(() => {
      if (this.reading) return;
      this.reading = true;
      this.refresh()
        .catch(() => undefined)
        .finally(() => {
          this.reading = false;
        });
    }, this.options.refreshMs ?? FOLLOWED_CLOCK_REFRESH_MS);
    this.timer.unref();
  }

  /** Stops refreshing. */
  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }
}
