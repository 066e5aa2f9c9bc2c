/**
 * The worker thread's entry (`BACKGROUND_WORK=thread`, started by src/server/background-thread.ts): opens its own
 * services from the server's configuration — its own database connection, Graph clients, tokens and clock, and its
 * own lease-owner name — and runs the instance's background work (src/server/background-work.ts) there.
 *
 * Messages from the server's thread: `wake` (a notification was recorded: look for pending changes now) and `stop`
 * (stop, wait for running syncs, close; answered with `stopped`). To it: `ready`, and `access` after each change of
 * the application-access state, for /readyz.
 */
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import pino from 'pino';
import { createBackgroundWork } from './background-work';
import { loggerOptions } from './log-serializers';
import { createServerServices } from './server-services';
import { toWire, type BackgroundWorkerData, type FromBackgroundWorker, type ToBackgroundWorker } from './background-messages';

/**
 * The worker thread's CPU niceness: 10, so when the machine is busy the server's thread — answering people and Graph's
 * notifications — gets the CPU first (a weight of 110 against 1,024 under Linux's scheduler) and the syncs take what is
 * left. On Linux `setpriority` with pid 0 applies to the calling thread only, so the server's thread keeps its own.
 */
export const BACKGROUND_NICENESS = 10;

async function run(): Promise<void> {
  const port = parentPort;
  if (port === null) throw new Error('background-worker.ts runs as a worker thread (src/server/background-thread.ts starts it)');
  const { config, clockOffsetMs } = workerData as BackgroundWorkerData;
  // With a dev tenant's simulated clock, the worker runs on the one its server thread follows, offset for offset, so
  // both threads of the instance agree on the time (each following it on its own could differ by a second).
  let offsetMs = clockOffsetMs ?? 0;
  const clock = clockOffsetMs === null ? null : { now: () => new Date(Date.now() + offsetMs) };
  const log = pino(loggerOptions(config.logLevel)).child({ thread: 'background' });
  try {
    setPriority(BACKGROUND_NICENESS);
  } catch (error) {
    log.warn({ code: (error as { code?: unknown }).code }, 'could not lower the background thread\'s CPU priority; it competes with the server\'s thread as an equal');
  }
  const post = (message: FromBackgroundWorker): void => port.postMessage(message);
  const services = await createServerServices(config, {
    ...(clock === null ? {} : { clock }),
    onSubscriptionError: (error, about) => log.warn({ ...about, code: (error as { code?: unknown }).code }, `Graph subscription ${about.action} failed (retried later)`),
  });
  const work = createBackgroundWork(config, services, log, { onAccessChange: (state) => post({ type: 'access', state: toWire(state) }) });
  let stopping: Promise<void> | null = null;
  port.on('message', (message: ToBackgroundWorker) => {
    if (message.type === 'wake') {
      work?.wake();
    } else if (message.type === 'clock') {
      offsetMs = message.offsetMs;
    } else if (message.type === 'stop' && stopping === null) {
      stopping = (async () => {
        await work?.stop();
        await services.close();
        post({ type: 'stopped' });
        port.close();
      })();
    }
  });
  work?.start();
  post({ type: 'ready' });
}

run().catch((error: unknown) => {
  // The server's thread sees the exit and starts the worker again after a back-off.
  console.error(error);
  process.exit(1);
});
