/**
 * Runs the instance's background work in a worker thread (`BACKGROUND_WORK=thread`, tenant mode's default), from the
 * server's thread: starts src/server/background-worker.ts with the server's configuration, passes on wake-ups from
 * the notification route, keeps the application-access state the worker reports (for /readyz), starts the worker
 * again after a back-off when it dies, and stops it with the server.
 *
 * Why a thread: the syncs a burst of change notifications causes (Graph pages parsed, SQLite written synchronously)
 * would otherwise share one event loop with the notification route, whose 202 must not wait behind them. Nothing is
 * lost when the worker dies: the route records each change in the database before answering, and the worker started
 * again (or any other instance) picks it up from there.
 */
import { Worker } from 'node:worker_threads';
import type { ApplicationAccessState } from '../app/application-access-health';
import type { BackgroundLog } from './background-work';
import type { Clock } from '../app/clock';
import { fromWire, type BackgroundWorkerData, type FromBackgroundWorker, type ToBackgroundWorker } from './background-messages';
import { FollowedClock } from './followed-clock';
import type { Config } from './config';

/** Waits before starting a dead worker again: doubling from the first to the last, back to the first after a minute up. */
const RESTART_MIN_MS = 1_000;
const RESTART_MAX_MS = 60_000;
/** How long `stop` waits for the worker to finish its syncs and close before terminating it. */
const STOP_TIMEOUT_MS = 10_000;

/**
 * The code the worker runs: registers tsx (the server runs its TypeScript through tsx, which does not reach worker
 * threads by itself) when this file is TypeScript, then loads the entry.
 */
function workerSource(entry: string): string {
  const register = entry.endsWith('.ts') ? `require(${JSON.stringify(require.resolve('tsx/cjs/api'))}).register();` : '';
  return `${register} require(${JSON.stringify(entry)});`;
}

export class BackgroundThread {
  private worker: Worker | null = null;
  private access: ApplicationAccessState = { status: 'ok' };
  private stopping = false;
  private failures = 0;
  private startedAtMs = 0;
  private restartTimer: NodeJS.Timeout | null = null;
  private wakePosted = false;

  /**
   * @param clock the server thread's clock: with SIMULATED_CLOCK_URL (a FollowedClock) the worker is told each new
   *   offset, so it runs on the same time.
   * @param entry the worker's module (tests start a stand-in that fails on purpose)
   */
  constructor(
    private readonly config: Config,
    private readonly clock: Clock,
    private readonly log: BackgroundLog & { error(details: Record<string, unknown>, message: string): void },
    private readonly entry: string = require.resolve('./background-worker'),
  ) {
    if (clock instanceof FollowedClock) clock.onOffset((offsetMs) => this.post({ type: 'clock', offsetMs }));
  }

  start(): void {
    if (this.stopping || this.worker !== null) return;
    this.startedAtMs = performance.now();
    const workerData: BackgroundWorkerData = { config: this.config, clockOffsetMs: this.clock instanceof FollowedClock ? this.clock.offset : null };
    const worker = new Worker(workerSource(this.entry), { eval: true, workerData });
    this.worker = worker;
    worker.on('message', (message: FromBackgroundWorker) => {
      if (message.type === 'access') this.access = fromWire(message.state);
      else if (message.type === 'ready') this.log.info({ threadId: worker.threadId }, 'background work running in its worker thread');
    });
    worker.on('error', (error) => this.log.error({ err: { message: error.message, name: error.name } }, 'background worker failed'));
    worker.on('exit', (code) => {
      this.worker = null;
      if (this.stopping) return;
      // Up for a minute: a new failure, not the same one again.
      if (performance.now() - this.startedAtMs > RESTART_MAX_MS) this.failures = 0;
      const waitMs = Math.min(RESTART_MAX_MS, RESTART_MIN_MS * 2 ** this.failures);
      this.failures += 1;
      this.log.error({ exitCode: code, restartInMs: waitMs }, 'background worker exited; starting it again');
      this.restartTimer = setTimeout(() => {
        this.restartTimer = null;
        this.start();
      }, waitMs);
    });
  }

  /** A change was recorded: the worker looks for it now (one message per event-loop turn, however many arrived). */
  wake(): void {
    if (this.worker === null || this.wakePosted) return;
    this.wakePosted = true;
    setImmediate(() => {
      this.wakePosted = false;
      this.post({ type: 'wake' });
    });
  }

  /** The application-access state the worker last reported (ok until it reports otherwise). */
  applicationAccess(): ApplicationAccessState {
    return this.access;
  }

  /** Asks the worker to stop its syncs and close, and waits (terminating it after {@link STOP_TIMEOUT_MS}). */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.restartTimer !== null) clearTimeout(this.restartTimer);
    const worker = this.worker;
    if (worker === null) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.log.warn({ timeoutMs: STOP_TIMEOUT_MS }, 'background worker did not stop in time; terminating it');
        void worker.terminate();
      }, STOP_TIMEOUT_MS);
      worker.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      this.post({ type: 'stop' });
    });
  }

  private post(message: ToBackgroundWorker): void {
    this.worker?.postMessage(message);
  }
}
