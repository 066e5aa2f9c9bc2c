import type { FastifyInstance, FastifyReply } from 'fastify';
import type { DevTenant, FaultOptions } from './dev-tenant';
import { UnknownUserError } from './identity-provider';

/** Options of {@link devRoutes}. */
export interface DevRoutesOptions {
  devTenant: DevTenant;
  /** The server's demo seeding progress, reported by `/dev/info` as `seeding` (null when the server does not seed). */
  seeding?: () => unknown;
}

function problem(reply: FastifyReply, status: number, code: string, title: string, detail: string): FastifyReply {
  return reply.code(status).type('application/problem+json').send({ type: `https://turnaround.dev/problems/${code.replace(/_/g, '-')}`, title, status, detail, code });
}

/**
 * Demo-mode routes of the Turnaround server (register only in demo mode; absent in tenant mode):
 * `GET /dev/idp/keys`, `POST /dev/idp/token` (form: username, optional audience), `GET /dev/info`,
 * `POST /dev/graph/faults` and `POST /dev/clock`. The form parser is scoped to this plugin.
 */
export async function devRoutes(app: FastifyInstance, options: DevRoutesOptions): Promise<void> {
  const tenant = options.devTenant;
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 16_384 }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(typeof body === 'string' ? body : body.toString('utf8'))));
  });

  app.get('/dev/idp/keys', async (_req, reply) => reply.header('cache-control', 'public, max-age=300').send(tenant.idp.jwks()));

  app.post('/dev/idp/token', async (req, reply) => {
    const form = (req.body ?? {}) as Record<string, unknown>;
    const username = typeof form.username === 'string' ? form.username : '';
    const audience = typeof form.audience === 'string' && form.audience !== '' ? form.audience : undefined;
    if (!username) return problem(reply, 400, 'invalid_request', 'Bad request', 'The form field username is required.');
    try {
      const accessToken = await tenant.idp.issueToken({ username, ...(audience ? { audience } : {}) });
      return reply.header('cache-control', 'no-store').send({ token_type: 'Bearer', access_token: accessToken, expires_in: 3600 });
    } catch (err) {
      if (err instanceof UnknownUserError) return problem(reply, 400, err.code, 'Unknown user', `No demo user has the user principal name '${username}'.`);
      throw err;
    }
  });

  app.get('/dev/info', async () => {
    const { org } = tenant;
    const teamsOf = (userIndex: number, owner: boolean): { id: string; displayName: string }[] =>
      org.teams.filter((t) => t.members.some((m) => m.userIndex === userIndex && (!owner || m.roles.includes('owner')))).map((t) => ({ id: t.id, displayName: t.displayName }));
    return {
      graphBaseUrl: tenant.graphBaseUrl,
      certificatePem: tenant.certificatePem,
      tenantId: org.tenantId,
      issuer: tenant.idp.issuer,
      now: tenant.clock.now().toISOString(),
      seeding: options.seeding?.() ?? null,
      users: org.users.map((u) => ({
        id: u.id, userPrincipalName: u.userPrincipalName, displayName: u.displayName, department: u.department,
        ownsTeams: teamsOf(u.index, true), memberOfTeams: teamsOf(u.index, false),
      })),
      otherTenant: org.otherTenant
        ? { tenantId: org.otherTenant.tenantId, users: org.otherTenant.users.map((u) => ({ id: u.id, userPrincipalName: u.userPrincipalName, displayName: u.displayName })) }
        : null,
    };
  });

  app.post('/dev/graph/faults', async (req, reply) => {
    const body = req.body as FaultOptions | undefined;
    if (!body || typeof body !== 'object' || Array.isArray(body)) return problem(reply, 400, 'invalid_request', 'Bad request', 'Send FaultOptions as a JSON object.');
    const bad = Object.entries(body).find(([k, v]) => k === 'statuses' ? !Array.isArray(v) || v.some((s) => ![429, 500, 503, 504].includes(s as number)) : typeof v !== 'number');
    if (bad) return problem(reply, 400, 'invalid_request', 'Bad request', `Invalid fault option '${bad[0]}'.`);
    tenant.setFaults(body);
    return reply.code(204).send();
  });

  app.post('/dev/clock', async (req, reply) => {
    const now = (req.body as { now?: unknown } | undefined)?.now;
    const ms = typeof now === 'string' ? Date.parse(now) : NaN;
    if (Number.isNaN(ms)) return problem(reply, 400, 'invalid_request', 'Bad request', 'Send { "now": "<ISO 8601 instant>" }.');
    tenant.clock.set(new Date(ms));
    return { now: tenant.clock.now().toISOString() };
  });
}
