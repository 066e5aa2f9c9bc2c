/**
 * `npm start`: loads the configuration (failing with every bad key), builds the server and listens; stops cleanly on
 * SIGINT/SIGTERM (stop accepting, drain in-flight requests, stop the scheduler, close the database).
 */
import { buildServer } from './build-server';
import { ConfigError, loadConfigFromProcess } from './config';

/** How long a graceful shutdown may take before the process exits anyway, in milliseconds. */
const SHUTDOWN_TIMEOUT_MS = 15_000;

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfigFromProcess();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const app = await buildServer(config);
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      app.log.error('shutdown timed out; exiting');
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS);
    timer.unref();
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        app.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  await app.listen({ port: config.port, host: config.host });
  app.log.info(`Turnaround (${config.mode} mode) on ${config.publicBaseUrl}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
