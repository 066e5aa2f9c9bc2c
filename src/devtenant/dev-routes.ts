import type { FastifyInstance, FastifyReply } from 'fastify';
import { activityControlRoutes } from './activity-control-routes';
import type { DevTenant, FaultOptions } from './dev-tenant';
import { UnknownUserError } from './identity-provider';
import { INJECTABLE_GRAPH_STATUSES } from './graph-traffic-controls';
import { subscriptionControlRoutes } from './subscription-control-routes';

/** Options of {@link devRoutes}. */
export interface DevRoutesOptions {
  devTenant: DevTenant;
  /** The server's demo seeding progress, reported by `/dev/info` as `seeding` (null when the server does not seed). */
  seeding?: () => unknown;
  /** A person's open tracked requests (from the server's store), for `POST /dev/simulate/reply` without a messageId. */
  openRequestsOf?: (tenantId: string, userId: string) => Promise<SimulatedReplyCandidate[]>;
  /**
   * Issuer base of the tokens `POST /dev/idp/token` issues (default the identity provider's own): a standalone dev
   * tenant passes its token endpoint's origin, the issuer a server in tenant mode checks.
   */
  tokenIssuerBase?: string;
}

/** An open request `POST /dev/simulate/reply` may answer. */
export interface SimulatedReplyCandidate {
  source: 'email' | 'chat';
  messageId: string;
  chatId: string | null;
  requesterId: string;
  subject: string;
  receivedAt: Date;
  firstResponseAt: Date | null;
}

/** What `POST /dev/simulate/reply` answers. */
export interface SimulatedReply {
  source: 'email' | 'chat';
  messageId: string;
  chatId: string | null;
  subject: string;
  repliedAt: string;
  from: { id: string; displayName: string };
  to: { id: string | null; displayName: string };
}

const REPLY_TEXT = 'Thanks — on it, I will get back to you shortly.';

/** Answers a dev route's bad input as application/problem+json with a stable `code`. */
export function problem(reply: FastifyReply, status: number, code: string, title: string, detail: string): FastifyReply {
  return reply.code(status).type('application/problem+json').send({ type: `https://turnaround.dev/problems/${code.replace(/_/g, '-')}`, title, status, detail, code });
}

/**
 * Demo-mode routes of the Turnaround server (register only in demo mode; absent in tenant mode):
 * `GET /dev/idp/keys`, `POST /dev/idp/token` (form: username, optional audience), `GET /dev/info`,
 * `POST /dev/graph/faults`, `POST /dev/clock`, `POST /dev/simulate/reply`, the change-notification controls of
 * {@link subscriptionControlRoutes} (`/dev/subscriptions…`) and the activity feed's of {@link activityControlRoutes}
 * (`/dev/activity…`). The form parser is scoped to this plugin.
 */
export async function devRoutes(app: FastifyInstance, options: DevRoutesOptions): Promise<void> {
  const tenant = options.devTenant;
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 16_384 }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(typeof body === 'string' ? body : body.toString('utf8'))));
  });

  app.get('/dev/idp/keys', async (_req, reply) => reply.header('cache-control', 'public, max-age=300').send(tenant.idp.jwks()));
  // Change-notification subscriptions: list, delivery log, lifecycle events on demand, delivery faults.
  await subscriptionControlRoutes(app, { devTenant: tenant });
  // The Teams activity feed: what a person received, and the Teams app's installation per person.
  await activityControlRoutes(app, { devTenant: tenant });

  app.post('/dev/idp/token', async (req, reply) => {
    const form = (req.body ?? {}) as Record<string, unknown>;
    const username = typeof form.username === 'string' ? form.username : '';
    const audience = typeof form.audience === 'string' && form.audience !== '' ? form.audience : undefined;
    if (!username) return problem(reply, 400, 'invalid_request', 'Bad request', 'The form field username is required.');
    try {
      const accessToken = await tenant.idp.issueToken({ username, ...(audience ? { audience } : {}), ...(options.tokenIssuerBase === undefined ? {} : { issuerBase: options.tokenIssuerBase }) });
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
    const bad = Object.entries(body).find(([k, v]) => k === 'statuses' ? !Array.isArray(v) || v.some((s) => !INJECTABLE_GRAPH_STATUSES.includes(s as number)) : typeof v !== 'number');
    if (bad) return problem(reply, 400, 'invalid_request', 'Bad request', `Invalid fault option '${bad[0]}'.`);
    tenant.setFaults(body);
    return reply.code(204).send();
  });

  /**
   * Sends a reply as a demo user through the organisation's Graph write path (what `POST /messages/{id}/reply` and
   * `POST /chats/{id}/messages` do): `{ asUser, messageId?, chatId? }`. Without a messageId it answers the person's
   * oldest open tracked request still waiting for a first response (else the oldest open one). One sync later the
   * first response shows in the queue.
   */
  app.post('/dev/simulate/reply', async (req, reply) => {
    const body = (req.body ?? {}) as { asUser?: unknown; messageId?: unknown; chatId?: unknown };
    if (typeof body.asUser !== 'string' || body.asUser === '') return problem(reply, 400, 'invalid_request', 'Bad request', 'Send { "asUser": "<user principal name or id>", "messageId"?, "chatId"? }.');
    if ((body.messageId !== undefined && typeof body.messageId !== 'string') || (body.chatId !== undefined && typeof body.chatId !== 'string')) {
      return problem(reply, 400, 'invalid_request', 'Bad request', 'messageId and chatId must be strings.');
    }
    const { org } = tenant;
    const user = org.userByIdOrUpn(body.asUser);
    if (!user) return problem(reply, 404, 'unknown_user', 'Unknown user', `No demo user '${body.asUser}'.`);
    let target: { source: 'email' | 'chat'; messageId: string; chatId: string | null } | null = null;
    if (typeof body.messageId === 'string' && body.messageId !== '') {
      target = { source: typeof body.chatId === 'string' && body.chatId !== '' ? 'chat' : 'email', messageId: body.messageId, chatId: typeof body.chatId === 'string' && body.chatId !== '' ? body.chatId : null };
    } else if (options.openRequestsOf) {
      const open = await options.openRequestsOf(org.tenantId, user.id);
      const pick = [...open].sort((a, b) => Number(a.firstResponseAt !== null) - Number(b.firstResponseAt !== null) || a.receivedAt.getTime() - b.receivedAt.getTime())[0];
      target = pick ? { source: pick.source, messageId: pick.messageId, chatId: pick.chatId } : null;
    }
    if (target === null) return problem(reply, 409, 'nothing_open', 'Nothing to reply to', `${user.displayName} has no open tracked request.`);
    const nowMs = tenant.clock.nowMs();
    const from = { id: user.id, displayName: user.displayName };
    if (target.source === 'email') {
      const message = org.messageById(target.messageId);
      if (!message || message.ownerIndex !== user.index || message.folder !== 'inbox') {
        return problem(reply, 404, 'not_found', 'Not found', `The message is not in ${user.displayName}'s Inbox.`);
      }
      const sent = org.replyTo(message, REPLY_TEXT, nowMs);
      const requester = message.mail.fromUserIndex === null ? undefined : org.users[message.mail.fromUserIndex];
      const result: SimulatedReply = {
        source: 'email', messageId: target.messageId, chatId: null, subject: message.mail.subject, repliedAt: new Date(sent?.mail.sentMs ?? nowMs).toISOString(),
        from, to: { id: requester?.id ?? null, displayName: requester?.displayName ?? message.mail.from.name },
      };
      return result;
    }
    const chat = target.chatId === null ? undefined : org.chatById(target.chatId);
    const original = chat?.messages.find((m) => m.id === target.messageId);
    if (!chat || !original || !chat.memberIndexes.includes(user.index)) {
      return problem(reply, 404, 'not_found', 'Not found', `The chat message is not in a chat of ${user.displayName}.`);
    }
    const posted = org.postChatMessage(chat, user.index, `<p>${REPLY_TEXT}</p>`, nowMs);
    const requester = original.fromUserIndex === null ? undefined : org.users[original.fromUserIndex];
    const text = original.bodyHtml.replace(/<[^>]*>/g, '').trim();
    const result: SimulatedReply = {
      source: 'chat', messageId: target.messageId, chatId: chat.id, subject: text.length <= 60 ? text : `${text.slice(0, 59)}…`, repliedAt: new Date(posted.createdMs).toISOString(),
      from, to: { id: requester?.id ?? null, displayName: requester?.displayName ?? original.fromGuest?.displayName ?? 'someone' },
    };
    return result;
  });

  app.post('/dev/clock', async (req, reply) => {
    const now = (req.body as { now?: unknown } | undefined)?.now;
    const ms = typeof now === 'string' ? Date.parse(now) : NaN;
    if (Number.isNaN(ms)) return problem(reply, 400, 'invalid_request', 'Bad request', 'Send { "now": "<ISO 8601 instant>" }.');
    tenant.clock.set(new Date(ms));
    return { now: tenant.clock.now().toISOString() };
  });
}
