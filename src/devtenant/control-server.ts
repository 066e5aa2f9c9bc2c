import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import type { DevTenant } from './dev-tenant';
import { devRoutes, problem } from './dev-routes';

/** A running control plane of a standalone dev tenant. */
export interface ControlServer {
  /** e.g. 'http://127.0.0.1:PORT/dev'; the operations are paths under it. */
  controlUrl: string;
  close(): Promise<void>;
}

/**
 * The control routes only a standalone dev tenant serves, beside the demo's `/dev` routes:
 * `POST /dev/clock/advance` (`{ "minutes": n }`, n a positive number; answers `{ now }`),
 * `GET /dev/graph/requests` (the Graph simulator's request counts per endpoint and in total) and
 * `DELETE /dev/graph/requests` (resets them).
 */
export async function controlRoutes(app: FastifyInstance, options: { devTenant: DevTenant }): Promise<void> {
  const tenant = options.devTenant;

  app.post('/dev/clock/advance', async (req, reply) => {
    const minutes = (req.body as { minutes?: unknown } | undefined)?.minutes;
    if (typeof minutes !== 'number' || !Number.isFinite(minutes) || minutes <= 0) {
      return problem(reply, 400, 'invalid_request', 'Bad request', 'Send { "minutes": <a positive number> }.');
    }
    tenant.clock.advance(minutes * 60_000);
    return { now: tenant.clock.now().toISOString() };
  });

  app.get('/dev/graph/requests', async () => ({ total: tenant.counters.total(), byEndpoint: tenant.counters.snapshot() }));

  app.delete('/dev/graph/requests', async (_req, reply) => {
    tenant.counters.reset();
    return reply.code(204).send();
  });
}

/**
 * Serves the dev tenant's control plane — the demo's `/dev` routes (info, clock, faults, simulated replies as a person,
 * identity provider keys and tokens) and {@link controlRoutes} — over plain HTTP on 127.0.0.1 only: it is a local
 * control plane for a test or a developer, never exposed beyond the machine.
 */
export async function startControlServer(devTenant: DevTenant, port = 0): Promise<ControlServer> {
  const app = Fastify();
  await app.register(devRoutes, { devTenant });
  await app.register(controlRoutes, { devTenant });
  await app.listen({ port, host: '127.0.0.1' });
  const { port: bound } = app.server.address() as AddressInfo;
  return { controlUrl: `http://127.0.0.1:${String(bound)}/dev`, close: () => app.close() };
}
