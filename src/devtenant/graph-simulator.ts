import { randomUUID } from 'node:crypto';
import https from 'node:https';
import type { DemoOrganization, DemoUser } from './demo-organization';
import { GraphSimulatorError, badRequest, notFound } from './graph-errors';
import { handleBatch } from './graph/batch-route';
import type { ActivityFeed } from './activity-feed';
import { registerActivityFeedRoutes } from './graph/activity-feed-routes';
import { registerChannelRoutes } from './graph/channel-routes';
import { registerChatRoutes } from './graph/chat-routes';
import { registerDirectoryRoutes } from './graph/directory-routes';
import { errorResponse, faultError } from './graph/error-responses';
import type { CallerToken, Handler, RouteContext, RouteTable, SimRequest, SimResponse, UserRouteContext } from './graph/graph-route-context';
import { registerMailRoutes } from './graph/mail-routes';
import { registerSubscriptionRoutes } from './graph/subscription-routes';
import type { ChangeNotificationService } from './subscriptions/change-notification-delivery';
import type { FaultInjector, RequestCounters, ThrottleLimiter } from './graph-traffic-controls';
import { requireApplicationPermission } from './graph/application-permissions';
import { GRAPH_APP_ID, GRAPH_AUDIENCE, type DevAccessTokenClaims, type DevAppTokenClaims, type DevIdentityProvider, type VerifiedToken } from './identity-provider';
import { parseODataQuery } from './odata-query';
import type { SimulatedClock } from './simulated-clock';
import { closeNow, listenOnLocalhost } from './local-https-server';

type Ctx = RouteContext;
interface Route<C> { method: string; pattern: RegExp; key: string; handler: Handler<C> }

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * The Microsoft Graph simulator: HTTPS on localhost, the subset of Graph v1.0 Turnaround uses, with Graph's OData
 * behaviour, error bodies, throttling, fault injection and request counters. This file is the server, the one router
 * and the shared plumbing (auth, latency, faults, throttling, error mapping); each Graph resource's routes live in
 * ./graph/ (mail, chats, channels, directory, subscriptions, the Teams activity feed, $batch).
 */
export class GraphSimulator {
  private server: https.Server | null = null;
  private origin = '';
  private readonly userRoutes: Route<UserRouteContext>[] = [];
  private readonly globalRoutes: Route<Ctx>[] = [];

  constructor(
    private readonly org: DemoOrganization,
    private readonly idp: DevIdentityProvider,
    private readonly clock: SimulatedClock,
    private readonly counters: RequestCounters,
    private readonly faults: FaultInjector,
    private readonly limiter: ThrottleLimiter,
    subscriptions: ChangeNotificationService,
    activityFeed: ActivityFeed,
  ) {
    const routes: RouteTable = {
      user: (method, pattern, key, handler) => { this.userRoutes.push({ method, pattern, key, handler }); },
      global: (method, pattern, key, handler) => { this.globalRoutes.push({ method, pattern, key, handler }); },
    };
    const deps = { org, clock, origin: () => this.origin };
    registerDirectoryRoutes(routes, deps);
    registerMailRoutes(routes, deps);
    registerChatRoutes(routes, deps);
    registerChannelRoutes(routes, deps);
    registerSubscriptionRoutes(routes, { ...deps, subscriptions });
    registerActivityFeedRoutes(routes, { ...deps, feed: activityFeed });
  }

  /** Starts HTTPS on 127.0.0.1 (`port` 0 = ephemeral) and returns the origin, e.g. https://localhost:51234. */
  async listen(port: number, tls: { key: string; cert: string }): Promise<string> {
    const { server, origin } = await listenOnLocalhost(port, tls, async (req, body) => {
      const r = await this.serveHttp(req.method ?? 'GET', req.url ?? '/', req.headers, body);
      const text = r.body === undefined ? '' : JSON.stringify(r.body);
      const headers: Record<string, string> = { ...r.headers };
      if (text) headers['content-type'] = 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';
      return { status: r.status, headers, text };
    });
    this.server = server;
    this.origin = origin;
    return this.origin;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    await closeNow(server);
  }

  private async serveHttp(method: string, rawUrl: string, rawHeaders: Record<string, string | string[] | undefined>, rawBody: Buffer): Promise<SimResponse> {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(rawHeaders)) if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
    const url = new URL(rawUrl, 'https://localhost');
    const requestId = randomUUID();
    const clientRequestId = headers['client-request-id'] ?? requestId;
    const withIds = (r: SimResponse): SimResponse => ({ ...r, headers: { ...r.headers, 'request-id': requestId, 'client-request-id': clientRequestId } });
    let body: unknown;
    if (rawBody.length > 0) {
      try {
        body = JSON.parse(rawBody.toString('utf8'));
      } catch {
        return withIds(this.errorResponse(badRequest('BadRequest', 'Unable to read JSON request payload.'), requestId, clientRequestId));
      }
    }
    if (!url.pathname.startsWith('/v1.0/')) {
      return withIds(this.errorResponse(new GraphSimulatorError(400, 'BadRequest', `Invalid version: ${url.pathname.split('/')[1] ?? ''}`), requestId, clientRequestId));
    }
    const path = decodeURIComponent(url.pathname.slice('/v1.0'.length)).replace(/\/+$/, '') || '/';
    if (method === 'POST' && path === '/$batch') {
      this.counters.increment('POST /$batch');
      return withIds(await handleBatch({ method, path, query: url.searchParams, headers, body }, requestId, clientRequestId, {
        authenticated: async (authorization) => (await this.authenticate(authorization)).status === 'valid',
        handle: (item, rid, crid) => this.handle(item, rid, crid),
        now: () => this.clock.now(),
      }));
    }
    return withIds(await this.handle({ method, path, query: url.searchParams, headers, body }, requestId, clientRequestId));
  }

  /** Serves one request (HTTPS or batch item): auth, latency, faults, throttling, routing, error mapping. */
  async handle(req: SimRequest, requestId: string = randomUUID(), clientRequestId: string = requestId): Promise<SimResponse> {
    // The script's changes due by now (team membership) take effect before anything is answered.
    this.org.advanceTo(this.clock.nowMs());
    const match = this.match(req);
    this.counters.increment(`${req.method} ${match?.key ?? '(unknown)'}`);
    const verified = await this.authenticate(req.headers.authorization);
    if (verified.status !== 'valid') {
      const message = verified.status === 'expired' ? 'Lifetime validation failed, the token is expired.'
        : req.headers.authorization ? 'Access token validation failure. Invalid audience, issuer, signature or lifetime.' : 'Access token is empty.';
      return this.errorResponse(new GraphSimulatorError(401, 'InvalidAuthenticationToken', message, {
        'www-authenticate': `Bearer realm="", authorization_uri="${this.idp.issuerForTenant(this.org.tenantId)}", client_id="${GRAPH_APP_ID}"`,
      }), requestId, clientRequestId);
    }
    const claims = verified.claims;
    const fault = this.faults.nextFault();
    if (fault) return this.errorResponse(faultError(fault.status, fault.retryAfterSeconds), requestId, clientRequestId);
    const app = claims.idtyp === 'app' ? this.resolveApplication(claims as DevAppTokenClaims) : null;
    const caller = app ? null : this.resolveCaller(claims as DevAccessTokenClaims);
    if (!app && !caller) return this.errorResponse(new GraphSimulatorError(401, 'InvalidAuthenticationToken', claims.idtyp === 'app' ? 'Either scp or roles claim need to be present in the token.' : 'The token does not belong to a user of this tenant.'), requestId, clientRequestId);
    if (app && match?.isMe) return this.errorResponse(badRequest('BadRequest', '/me request is only valid with delegated authentication flow.'), requestId, clientRequestId);
    const targetKey = match?.userTarget ?? caller?.user.id ?? claims.oid;
    const admission = this.limiter.admit(`${claims.azp}|${targetKey}`);
    if ('retryAfterSeconds' in admission) {
      return this.errorResponse(new GraphSimulatorError(429, 'ApplicationThrottled', admission.reason === 'concurrency' ? 'Application is over its MailboxConcurrency limit.' : 'Application is over its IncomingRequests limit.', { 'retry-after': String(admission.retryAfterSeconds) }), requestId, clientRequestId);
    }
    try {
      // Latency is spent while holding a concurrency slot, as a slow backend would.
      const latency = this.faults.nextLatencyMs();
      if (latency > 0) await sleep(latency);
      if (!match) throw new GraphSimulatorError(400, 'BadRequest', `Resource not found for the segment '${req.path.split('/')[1] ?? ''}'.`);
      if (app) requireApplicationPermission(req.method, match.key, app.roles);
      const q = parseODataQuery(req.query);
      const selfUrl = `${this.origin}/v1.0${req.path}`;
      const token: CallerToken = { applicationId: String(claims.azp ?? ''), objectId: String(claims.oid ?? ''), applicationRoles: app ? app.roles : null };
      const ctx: Ctx = caller ? { req, q, caller: caller.user, callerIsOtherTenant: caller.other, appOnly: false, selfUrl, token } : appOnlyContext(req, q, selfUrl, app?.other ?? false, token);
      return await match.run(ctx);
    } catch (err) {
      if (err instanceof GraphSimulatorError) return this.errorResponse(err, requestId, clientRequestId);
      return this.errorResponse(new GraphSimulatorError(500, 'InternalServerError', err instanceof Error ? err.message : 'Unexpected error'), requestId, clientRequestId);
    } finally {
      admission.release();
    }
  }

  private errorResponse(err: GraphSimulatorError, requestId: string, clientRequestId: string): SimResponse {
    return errorResponse(err, requestId, clientRequestId, this.clock.now());
  }

  private async authenticate(authorization: string | undefined): Promise<VerifiedToken> {
    const m = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!m?.[1]) return { status: 'invalid' };
    return this.idp.verifyAnyToken(m[1], [GRAPH_AUDIENCE, GRAPH_APP_ID]);
  }

  /** An application token of this tenant with at least one role (Graph refuses a token with neither scp nor roles). */
  /**
   * The application a token names, in the demo tenant or the other one (the app is multi-tenant and consented in
   * both); `other` scopes what it reads to the other tenant, as a delegated caller from there is.
   */
  private resolveApplication(claims: DevAppTokenClaims): { roles: readonly string[]; other: boolean } | null {
    const other = claims.tid !== this.org.tenantId;
    if ((other && claims.tid !== this.org.otherTenant?.tenantId) || !Array.isArray(claims.roles) || claims.roles.length === 0) return null;
    return { roles: claims.roles, other };
  }

  private resolveCaller(claims: DevAccessTokenClaims): { user: DemoUser; other: boolean } | null {
    if (claims.tid === this.org.tenantId) {
      const user = this.org.userById(claims.oid);
      return user ? { user, other: false } : null;
    }
    const other = this.org.otherTenant;
    const user = other && other.tenantId === claims.tid ? other.users.find((u) => u.id === claims.oid) : undefined;
    return user ? { user, other: true } : null;
  }

  private match(req: SimRequest): { key: string; isMe: boolean; userTarget?: string; run: (ctx: Ctx) => Promise<SimResponse> } | null {
    const userPrefix = /^\/(?:me|users\/([^/]+))(\/.*)?$/.exec(req.path);
    if (userPrefix) {
      const rest = userPrefix[2] ?? '';
      const idOrUpn = userPrefix[1];
      const prefix = idOrUpn === undefined ? '/me' : '/users/{id}';
      const userTarget = idOrUpn !== undefined ? { userTarget: this.org.userByIdOrUpn(idOrUpn)?.id ?? idOrUpn } : {};
      // An application acts on the mailbox or chats the path names; a person acts as themselves.
      const targetOf = (ctx: Ctx): DemoUser => (idOrUpn === undefined ? ctx.caller : this.lookupUser(ctx, idOrUpn));
      const actingAs = (ctx: Ctx, target: DemoUser): Ctx => (ctx.appOnly ? { req: ctx.req, q: ctx.q, caller: target, callerIsOtherTenant: ctx.callerIsOtherTenant, appOnly: false, selfUrl: ctx.selfUrl, token: ctx.token } : ctx);
      for (const route of this.userRoutes) {
        if (route.method !== req.method) continue;
        const m = route.pattern.exec(rest);
        if (!m) continue;
        return {
          key: `${prefix}${route.key}`,
          isMe: idOrUpn === undefined,
          ...userTarget,
          run: async (ctx) => {
            const target = targetOf(ctx);
            return route.handler({ ...actingAs(ctx, target), target }, m.slice(1).map((s) => s ?? ''));
          },
        };
      }
      // `/users/{id}/chats/{id}/…` and `/me/chats/{id}/…` are the chat routes, for that user's chats.
      if (rest.startsWith('/chats/')) {
        for (const route of this.globalRoutes) {
          if (route.method !== req.method) continue;
          const m = route.pattern.exec(rest);
          if (!m) continue;
          return {
            key: `${prefix}${route.key}`,
            isMe: idOrUpn === undefined,
            ...userTarget,
            run: async (ctx) => {
              const target = targetOf(ctx);
              if (!ctx.appOnly && target.id !== ctx.caller.id) throw new GraphSimulatorError(403, 'Forbidden', 'Forbidden.');
              return route.handler(actingAs(ctx, target), m.slice(1).map((s) => s ?? ''));
            },
          };
        }
      }
      return null;
    }
    for (const route of this.globalRoutes) {
      if (route.method !== req.method) continue;
      const m = route.pattern.exec(req.path);
      if (m) return { key: route.key, isMe: false, run: async (ctx) => route.handler(ctx, m.slice(1).map((s) => s ?? '')) };
    }
    return null;
  }

  private lookupUser(ctx: Ctx, idOrUpn: string): DemoUser {
    const user = ctx.callerIsOtherTenant
      ? this.org.otherTenant?.users.find((u) => u.id === idOrUpn || u.userPrincipalName.toLowerCase() === idOrUpn.toLowerCase())
      : this.org.userByIdOrUpn(idOrUpn);
    if (!user) throw notFound(idOrUpn, 'Request_ResourceNotFound');
    return user;
  }
}

/**
 * The context of an application token on a route that names no user: there is no calling person, so reading `caller`
 * is a simulator bug (answered 500), never a silent default. `otherTenant`: the token is the other demo tenant's.
 */
function appOnlyContext(req: SimRequest, q: ReturnType<typeof parseODataQuery>, selfUrl: string, otherTenant: boolean, token: CallerToken): Ctx {
  return {
    req,
    q,
    get caller(): DemoUser {
      throw new Error('This route needs a calling user; an application token has none.');
    },
    callerIsOtherTenant: otherTenant,
    appOnly: true,
    selfUrl,
    token,
  };
}
