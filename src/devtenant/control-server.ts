import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { DEMO_APPLICATION_PERMISSIONS, type LocalDevTenant } from './dev-tenant';
import { devRoutes, problem } from './dev-routes';

/** A running control plane of a standalone dev tenant. */
export interface ControlServer {
  /** e.g. 'http://127.0.0.1:PORT/dev'; the operations are paths under it. */
  controlUrl: string;
  close(): Promise<void>;
}

/**
 * The application permissions `POST /dev/consent/application` `{ "granted": false }` withdraws: reading mailboxes,
 * mailbox settings and chats — what an admin who revokes Turnaround's access to people's mail takes away. The directory
 * permissions stay, so the app's tokens still carry roles and Graph answers 403 for the mail and chat calls (a token
 * with no roles at all is Graph's 401, a different failure).
 */
const REVOCABLE_APPLICATION_PERMISSION = /^(Mail\.|MailboxSettings\.|Chat\.)/;

/**
 * The control routes only a standalone dev tenant serves, beside the demo's `/dev` routes:
 * - `GET /dev/clock` (`{ now }`, the simulated clock; a server in tenant mode follows it with SIMULATED_CLOCK_URL);
 * - `POST /dev/clock/advance` (`{ "minutes": n }`, n a positive number; answers `{ now }`);
 * - `GET /dev/graph/requests` (the Graph simulator's request counts per endpoint and in total) and
 *   `DELETE /dev/graph/requests` (resets them);
 * - `POST /dev/idp/faults` (`{ "status": 500 | "hang", "minutes": n }`: the token endpoint answers 500 or does not
 *   answer for n simulated minutes) and `DELETE /dev/idp/faults` (ends the outage);
 * - `GET /dev/idp/requests` (token requests per grant type and in total) and `DELETE /dev/idp/requests` (resets them);
 * - `POST /dev/consent/application` (`{ "granted": false }` withdraws the demo client's mail, mailbox-settings and chat
 *   application permissions; `{ "granted": true }` grants the default set again; answers `{ applicationPermissions }`).
 *   Tokens issued before keep their roles until they expire, as Entra's do.
 */
export async function controlRoutes(app: FastifyInstance, options: { devTenant: LocalDevTenant }): Promise<void> {
  const tenant = options.devTenant;
  const tokenEndpoint = tenant.authority.tokenEndpoint;

  app.get('/dev/clock', async () => ({ now: tenant.clock.now().toISOString() }));

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

  app.post('/dev/idp/faults', async (req, reply) => {
    const body = req.body as { status?: unknown; minutes?: unknown } | undefined;
    const status = body?.status;
    const minutes = body?.minutes;
    if ((status !== 500 && status !== 'hang') || typeof minutes !== 'number' || !Number.isFinite(minutes) || minutes <= 0) {
      return problem(reply, 400, 'invalid_request', 'Bad request', 'Send { "status": 500 | "hang", "minutes": <a positive number> }.');
    }
    tokenEndpoint.setFault({ status, minutes });
    return reply.code(204).send();
  });

  app.delete('/dev/idp/faults', async (_req, reply) => {
    tokenEndpoint.setFault(null);
    return reply.code(204).send();
  });

  app.get('/dev/idp/requests', async () => tokenEndpoint.tokenRequests());

  app.delete('/dev/idp/requests', async (_req, reply) => {
    tokenEndpoint.resetTokenRequests();
    return reply.code(204).send();
  });

  app.post('/dev/consent/application', async (req, reply) => {
    const granted = (req.body as { granted?: unknown } | undefined)?.granted;
    if (typeof granted !== 'boolean') return problem(reply, 400, 'invalid_request', 'Bad request', 'Send { "granted": true | false }.');
    const client = tokenEndpoint.client;
    client.applicationPermissions = granted
      ? [...new Set([...client.applicationPermissions, ...DEMO_APPLICATION_PERMISSIONS])]
      : client.applicationPermissions.filter((p) => !REVOCABLE_APPLICATION_PERMISSION.test(p));
    return { applicationPermissions: [...client.applicationPermissions] };
  });
}

/**
 * Serves the dev tenant's control plane — the demo's `/dev` routes (info, clock, faults, simulated replies as a person,
 * identity provider keys and tokens, change-notification subscriptions: their list, delivery log, lifecycle events on
 * demand and delivery faults; the Teams activity feed a person received, `/dev/activity`) and {@link controlRoutes} — over plain HTTP on 127.0.0.1 only: it is a local
 * control plane for a test or a developer, never exposed beyond the machine.
 */
export async function startControlServer(devTenant: LocalDevTenant, port = 0): Promise<ControlServer> {
  const app = Fastify();
  // API tokens from `POST /dev/idp/token` name the token endpoint as issuer, as a server in tenant mode expects.
  await app.register(devRoutes, { devTenant, tokenIssuerBase: devTenant.authority.authorityHost });
  await app.register(controlRoutes, { devTenant });
  await app.listen({ port, host: '127.0.0.1' });
  const { port: bound } = app.server.address() as AddressInfo;
  return { controlUrl: `http://127.0.0.1:${String(bound)}/dev`, close: () => app.close() };
}
