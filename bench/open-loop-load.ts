/**
 * A constant-rate (open-loop) load: request i is due at start + i / rate and is sent then, whether or not earlier ones
 * have been answered, as a population of independent users would. Its latency is measured from when it was due, not
 * from when it was written, so a server (or a generator) that falls behind shows as latency instead of as requests
 * never sent (no coordinated omission).
 *
 * Why not autocannon's `overallRate`: autocannon 9 gives each connection a quota per second; a connection sends its next
 * request only after the previous answer, until the quota is spent, then idles until the next one-second tick. That
 * is closed-loop per connection and bursty (every connection fires at each tick), and a slow server lowers what is sent
 * instead of raising latency. undici's Pool is the HTTP client (already a dependency); it opens up to `connections`
 * sockets and queues beyond them, and time spent in that queue counts as latency.
 */
import { createHistogram, performance } from 'node:perf_hooks';
import { Pool } from 'undici';

export interface OpenLoopOptions {
  origin: string;
  path: string;
  rate: number;
  seconds: number;
  /** Most sockets open at once (more than rate × worst latency, so the pool itself never makes requests wait). */
  connections: number;
  /** Headers of the i-th request. */
  headers(i: number): Record<string, string>;
  /** GET unless given (e.g. POST with `body`). */
  method?: 'GET' | 'POST';
  /** The i-th request's body, asked for when it is sent. */
  body?(i: number): string;
  /** Told of each answer's status (0 when the request failed), when it arrives. */
  onAnswer?(i: number, statusCode: number): void;
  timeoutSeconds: number;
}

export interface OpenLoopResult {
  /** Requests due in the run (rate × seconds) and requests actually sent. */
  due: number;
  sent: number;
  answered2xx: number;
  /** Non-2xx answers by status and failures (socket errors, timeouts) by code. */
  errors: Map<string, number>;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** The furthest behind its due time a request was handed to the client (the generator's own lag). */
  maxSendLagMs: number;
  /** Most requests outstanding at once. */
  maxInFlight: number;
}

export async function openLoopLoad(options: OpenLoopOptions): Promise<OpenLoopResult> {
  const pool = new Pool(options.origin, { connections: options.connections, pipelining: 1, headersTimeout: options.timeoutSeconds * 1000, bodyTimeout: options.timeoutSeconds * 1000 });
  const latency = createHistogram({ lowest: 1, highest: options.timeoutSeconds * 2_000_000, figures: 3 });
  const errors = new Map<string, number>();
  const due = Math.round(options.rate * options.seconds);
  const interval = 1000 / options.rate;
  let sent = 0;
  let answered2xx = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  let maxSendLagMs = 0;
  const pending: Promise<void>[] = [];

  const send = async (i: number, dueAt: number): Promise<void> => {
    try {
      const { statusCode, body } = await pool.request({ path: options.path, method: options.method ?? 'GET', headers: options.headers(i), ...(options.body === undefined ? {} : { body: options.body(i) }) });
      await body.arrayBuffer();
      options.onAnswer?.(i, statusCode);
      if (statusCode >= 200 && statusCode < 300) answered2xx += 1;
      else errors.set(String(statusCode), (errors.get(String(statusCode)) ?? 0) + 1);
    } catch (error) {
      const code = (error as { code?: string }).code ?? (error instanceof Error ? error.message : String(error));
      errors.set(code, (errors.get(code) ?? 0) + 1);
      options.onAnswer?.(i, 0);
    } finally {
      latency.record(Math.max(1, Math.round((performance.now() - dueAt) * 1000)));
      inFlight -= 1;
    }
  };

  const start = performance.now();
  await new Promise<void>((resolve) => {
    const tick = (): void => {
      const now = performance.now();
      while (sent < due && start + sent * interval <= now) {
        const dueAt = start + sent * interval;
        maxSendLagMs = Math.max(maxSendLagMs, now - dueAt);
        inFlight += 1;
        maxInFlight = Math.max(maxInFlight, inFlight);
        pending.push(send(sent, dueAt));
        sent += 1;
      }
      if (sent >= due) resolve();
      else setTimeout(tick, Math.max(0, start + sent * interval - performance.now()));
    };
    tick();
  });
  await Promise.all(pending);
  await pool.close();
  return {
    due, sent, answered2xx, errors,
    p50Ms: latency.percentile(50) / 1000,
    p99Ms: latency.percentile(99) / 1000,
    maxMs: latency.max / 1000,
    maxSendLagMs,
    maxInFlight,
  };
}
