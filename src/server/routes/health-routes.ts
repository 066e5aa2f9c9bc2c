/**
 * Liveness and readiness. `/healthz` answers 200 as long as the process serves HTTP; `/readyz` answers 200 only when
 * the database is reachable (its migrations ran when the stores opened) and the server is not shutting down.
 * `/readyz` also shows admins whether Microsoft 365 lets background work in (`checks.applicationAccess`: `ok`, or
 * `refused` with a code, since when and a detail) — as detail only: a refused application access stays 200, because
 * the API still serves the people who use it.
 */
import type { FastifyInstance } from 'fastify';
import type { ApplicationAccessState } from '../../app/application-access-health';
import type { Stores } from '../../app/store-ports';
import { HttpProblem } from '../http-problem';

export interface HealthRoutesOptions {
  /** Null until the stores are open (readiness then fails). */
  stores: () => Stores | null;
  shuttingDown: () => boolean;
  /** The background work's application access (see application-access-health.ts); absent = ok. */
  applicationAccess?: () => ApplicationAccessState;
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
    const access = options.applicationAccess?.() ?? { status: 'ok' };
    const applicationAccess = access.status === 'ok' ? { status: 'ok' } : { status: 'refused', code: access.code, since: access.since.toISOString(), detail: access.detail };
    return { status: 'ready', checks: { applicationAccess } };
  });
}
