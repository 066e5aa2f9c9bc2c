/**
 * Liveness and readiness. `/healthz` answers 200 as long as the process serves HTTP; `/readyz` answers 200 only when
 * the database is reachable (its migrations ran when the stores opened) and the server is not shutting down.
 */
import type { FastifyInstance } from 'fastify';
import type { Stores } from '../../app/store-ports';
import { HttpProblem } from '../http-problem';

export interface HealthRoutesOptions {
  /** Null until the stores are open (readiness then fails). */
  stores: () => Stores | null;
  shuttingDown: () => boolean;
}

export async function healthRoutes(app: FastifyInstance, options: HealthRoutesOptions): Promise<void> {
  app.get('/healthz', { config: { public: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { config: { public: true } }, async () => {
    if (options.shuttingDown()) throw new HttpProblem(503, 'unavailable', 'Shutting down', 'The server is shutting down.');
    const stores = options.stores();
    if (stores === null) throw new HttpProblem(503, 'unavailable', 'Not ready', 'The database is not open yet.');
    try {
      await stores.ping();
    } catch {
      throw new HttpProblem(503, 'unavailable', 'Not ready', 'The database is not reachable.');
    }
    return { status: 'ready' };
  });
}
