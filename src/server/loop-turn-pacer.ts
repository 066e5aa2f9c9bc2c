/**
 * Starts at most `perTurn` API requests per turn of the event loop; the rest start in later turns, first come first
 * served.
 *
 * Why: Node (libuv 1.46 on Linux, measured here) accepts one new connection per event-loop turn, and a turn runs every
 * request that arrived on the connections it already has. Under overload a turn holding, say, 200 requests of 1 ms
 * each lasts 200 ms, so new connections — a load balancer's health checks among them — wait seconds to be accepted,
 * and some time out although every request the server received was answered. Pacing keeps turns short (about
 * `perTurn` requests), so connections are accepted at once and everyone waits in one fair line instead.
 * Under normal load a request starts in the turn it arrived in (a `setImmediate` later); nothing is ever refused.
 *
 * Kept after measuring without it (issue 16; `BENCH_API_VARIANTS=unpaced npm run bench -- api`, 1,000,000 requests,
 * the unpaced server started with API_REQUESTS_PER_LOOP_TURN=10000 on the same database in the same run,
 * 2026-11-29): at saturation (200 connections) the queue answered 1,012/s paced vs 352/s unpaced on SQLite (132
 * requests timed out after 10 s unpaced, none paced; event-loop delay max 82 vs 995 ms) and 645/s vs 359/s on
 * PostgreSQL — the share of the floor fell from 19 % to 6 % and from 10 % to 5 %. At 300/s open loop the runs were
 * too noisy on the shared 2-core machine to tell the two apart (SQLite p99 263 vs 106 ms, PostgreSQL 1,032 vs 2,513 ms).
 */
export class LoopTurnPacer {
  private readonly waiting: (() => void)[] = [];
  private scheduled = false;

  constructor(private readonly perTurn: number) {
    if (!Number.isInteger(perTurn) || perTurn < 1) throw new RangeError(`perTurn must be a positive integer, got ${perTurn}`);
  }

  /** Resolves when the caller may start: in this turn if fewer than `perTurn` are ahead of it, else a later one. */
  admit(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.waiting.push(resolve);
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(this.release);
      }
    });
  }

  /** Requests admitted but not started yet. */
  get queued(): number {
    return this.waiting.length;
  }

  private readonly release = (): void => {
    // At most one waiter per open connection (HTTP/1.1 without pipelining), so the copy is small.
    const starting = this.waiting.splice(0, this.perTurn);
    // Scheduled from inside a check-phase callback, it runs in the next turn, after that turn's poll phase (accepts).
    if (this.waiting.length > 0) setImmediate(this.release);
    else this.scheduled = false;
    for (const start of starting) start();
  };
}
