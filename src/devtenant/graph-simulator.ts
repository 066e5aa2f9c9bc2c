import { randomUUID } from 'node:crypto';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { DemoChat, DemoOrganization, DemoUser, MailAddress, MailboxMessage } from './demo-organization';
import { GraphSimulatorError, badRequest, graphErrorBody, notFound } from './graph-errors';
import {
  MASTER_CATEGORIES, MESSAGE_DEFAULT_PROPERTIES, USER_DEFAULT_PROPERTIES, chatJson, chatMessageJson, mailboxSettingsJson, memberJson,
  messageJson, organizationJson, project, teamJson, userJson,
} from './graph-serializers';
import type { FaultInjector, RequestCounters, ThrottleLimiter } from './graph-traffic-controls';
import { GRAPH_APP_ID, GRAPH_AUDIENCE, type DevAccessTokenClaims, type DevIdentityProvider } from './identity-provider';
import { decodeToken, encodeToken, matchesTime, parseODataQuery, type FilterClause, type ODataQuery } from './odata-query';
import { seededGuid } from './seeded-random';
import type { SimulatedClock } from './simulated-clock';

type Json = Record<string, unknown>;

/** A request as the simulator sees it (from HTTPS or from a `$batch` item). `path` has no version prefix. */
export interface SimRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  body: unknown;
}

export interface SimResponse {
  status: number;
  headers: Record<string, string>;
  body?: unknown;
}

interface Ctx {
  req: SimRequest;
  q: ODataQuery;
  caller: DemoUser;
  callerIsOtherTenant: boolean;
  /** The absolute URL of this resource without query, for building nextLink / deltaLink. */
  selfUrl: string;
}

interface UserCtx extends Ctx {
  target: DemoUser;
}

type Handler<C> = (ctx: C, params: string[]) => SimResponse | Promise<SimResponse>;
interface Route<C> { method: string; pattern: RegExp; key: string; handler: Handler<C> }

const MESSAGES_TOP_MAX = 1000;
const CHATS_TOP_MAX = 50;
const DEFAULT_MESSAGE_PAGE = 10;
const DEFAULT_CHAT_PAGE = 20;
const BATCH_MAX = 20;

const ok = (body: unknown, status = 200): SimResponse => ({ status, headers: {}, body });
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * The Microsoft Graph simulator: HTTPS on localhost, the subset of Graph v1.0 Turnaround uses, with Graph's OData
 * behaviour, error bodies, throttling, fault injection and request counters.
 */
export class GraphSimulator {
  private server: https.Server | null = null;
  private origin = '';
  private readonly userRoutes: Route<UserCtx>[] = [];
  private readonly globalRoutes: Route<Ctx>[] = [];

  constructor(
    private readonly org: DemoOrganization,
    private readonly idp: DevIdentityProvider,
    private readonly clock: SimulatedClock,
    private readonly counters: RequestCounters,
    private readonly faults: FaultInjector,
    private readonly limiter: ThrottleLimiter,
  ) {
    this.registerRoutes();
  }

  /** Starts HTTPS on 127.0.0.1 (`port` 0 = ephemeral) and returns the origin, e.g. https://localhost:51234. */
  async listen(port: number, tls: { key: string; cert: string }): Promise<string> {
    const server = https.createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        void this.serveHttp(req.method ?? 'GET', req.url ?? '/', req.headers, Buffer.concat(chunks)).then((r) => {
          const text = r.body === undefined ? '' : JSON.stringify(r.body);
          const headers: Record<string, string> = { ...r.headers };
          if (text) headers['content-type'] = 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';
          res.writeHead(r.status, headers);
          res.end(text);
        });
      });
    });
    server.keepAliveTimeout = 5_000;
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    this.server = server;
    this.origin = `https://localhost:${(server.address() as AddressInfo).port}`;
    return this.origin;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
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
      return withIds(await this.handleBatch({ method, path, query: url.searchParams, headers, body }, requestId, clientRequestId));
    }
    return withIds(await this.handle({ method, path, query: url.searchParams, headers, body }, requestId, clientRequestId));
  }

  /** Serves one request (HTTPS or batch item): auth, latency, faults, throttling, routing, error mapping. */
  async handle(req: SimRequest, requestId: string = randomUUID(), clientRequestId: string = requestId): Promise<SimResponse> {
    const match = this.match(req);
    this.counters.increment(`${req.method} ${match?.key ?? '(unknown)'}`);
    const claims = await this.authenticate(req.headers.authorization);
    if (!claims) {
      return this.errorResponse(new GraphSimulatorError(401, 'InvalidAuthenticationToken', req.headers.authorization ? 'Access token validation failure. Invalid audience, issuer, signature or lifetime.' : 'Access token is empty.', {
        'www-authenticate': `Bearer realm="", authorization_uri="${this.idp.issuerForTenant(this.org.tenantId)}", client_id="${GRAPH_APP_ID}"`,
      }), requestId, clientRequestId);
    }
    const fault = this.faults.nextFault();
    if (fault) return this.errorResponse(faultError(fault.status, fault.retryAfterSeconds), requestId, clientRequestId);
    const caller = this.resolveCaller(claims);
    if (!caller) return this.errorResponse(new GraphSimulatorError(401, 'InvalidAuthenticationToken', 'The token does not belong to a user of this tenant.'), requestId, clientRequestId);
    const targetKey = match?.userTarget ?? caller.user.id;
    const admission = this.limiter.admit(`${claims.azp}|${targetKey}`);
    if ('retryAfterSeconds' in admission) {
      return this.errorResponse(new GraphSimulatorError(429, 'ApplicationThrottled', admission.reason === 'concurrency' ? 'Application is over its MailboxConcurrency limit.' : 'Application is over its IncomingRequests limit.', { 'retry-after': String(admission.retryAfterSeconds) }), requestId, clientRequestId);
    }
    try {
      // Latency is spent while holding a concurrency slot, as a slow backend would.
      const latency = this.faults.nextLatencyMs();
      if (latency > 0) await sleep(latency);
      if (!match) throw new GraphSimulatorError(400, 'BadRequest', `Resource not found for the segment '${req.path.split('/')[1] ?? ''}'.`);
      const q = parseODataQuery(req.query);
      const ctx: Ctx = { req, q, caller: caller.user, callerIsOtherTenant: caller.other, selfUrl: `${this.origin}/v1.0${req.path}` };
      return await match.run(ctx);
    } catch (err) {
      if (err instanceof GraphSimulatorError) return this.errorResponse(err, requestId, clientRequestId);
      return this.errorResponse(new GraphSimulatorError(500, 'InternalServerError', err instanceof Error ? err.message : 'Unexpected error'), requestId, clientRequestId);
    } finally {
      admission.release();
    }
  }

  private errorResponse(err: GraphSimulatorError, requestId: string, clientRequestId: string): SimResponse {
    return { status: err.status, headers: { ...err.headers }, body: graphErrorBody(err.code, err.message, requestId, clientRequestId, this.clock.now()) };
  }

  private async authenticate(authorization: string | undefined): Promise<DevAccessTokenClaims | null> {
    const m = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!m?.[1]) return null;
    return this.idp.verifyToken(m[1], [GRAPH_AUDIENCE, GRAPH_APP_ID]);
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

  private match(req: SimRequest): { key: string; userTarget?: string; run: (ctx: Ctx) => Promise<SimResponse> } | null {
    const userPrefix = /^\/(?:me|users\/([^/]+))(\/.*)?$/.exec(req.path);
    if (userPrefix) {
      const rest = userPrefix[2] ?? '';
      const idOrUpn = userPrefix[1];
      for (const route of this.userRoutes) {
        if (route.method !== req.method) continue;
        const m = route.pattern.exec(rest);
        if (!m) continue;
        const key = `${idOrUpn === undefined ? '/me' : '/users/{id}'}${route.key}`;
        return {
          key,
          ...(idOrUpn !== undefined ? { userTarget: this.org.userByIdOrUpn(idOrUpn)?.id ?? idOrUpn } : {}),
          run: async (ctx) => {
            const target = idOrUpn === undefined ? ctx.caller : this.lookupUser(ctx, idOrUpn);
            return route.handler({ ...ctx, target }, m.slice(1).map((s) => s ?? ''));
          },
        };
      }
      return null;
    }
    for (const route of this.globalRoutes) {
      if (route.method !== req.method) continue;
      const m = route.pattern.exec(req.path);
      if (m) return { key: route.key, run: async (ctx) => route.handler(ctx, m.slice(1).map((s) => s ?? '')) };
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

  private requireOwnMailbox(ctx: UserCtx): void {
    if (ctx.target.id !== ctx.caller.id) throw new GraphSimulatorError(403, 'ErrorAccessDenied', 'Access is denied. Check credentials and try again.');
  }

  private registerRoutes(): void {
    const u = (method: string, pattern: RegExp, key: string, handler: Handler<UserCtx>): void => {
      this.userRoutes.push({ method, pattern, key, handler });
    };
    const g = (method: string, pattern: RegExp, key: string, handler: Handler<Ctx>): void => {
      this.globalRoutes.push({ method, pattern, key, handler });
    };
    const folder = '/mailFolders/([^/]+)';
    u('GET', /^$/, '', (ctx) => ok({ '@odata.context': `${this.origin}/v1.0/$metadata#users/$entity`, ...project(userJson(ctx.target), ctx.q.select, USER_DEFAULT_PROPERTIES) }));
    u('GET', /^\/mailboxSettings$/, '/mailboxSettings', (ctx) => { this.requireOwnMailbox(ctx); return ok(project(mailboxSettingsJson(ctx.target, this.clock.nowMs()), ctx.q.select, null)); });
    u('GET', /^\/mailboxSettings\/workingHours$/, '/mailboxSettings/workingHours', (ctx) => { this.requireOwnMailbox(ctx); return ok(mailboxSettingsJson(ctx.target, this.clock.nowMs()).workingHours); });
    u('GET', /^\/mailboxSettings\/automaticRepliesSetting$/, '/mailboxSettings/automaticRepliesSetting', (ctx) => { this.requireOwnMailbox(ctx); return ok(mailboxSettingsJson(ctx.target, this.clock.nowMs()).automaticRepliesSetting); });
    u('GET', /^\/manager$/, '/manager', (ctx) => {
      const manager = ctx.target.managerId ? this.org.userById(ctx.target.managerId) : undefined;
      if (!manager) throw notFound('manager', 'Request_ResourceNotFound');
      return ok({ '@odata.type': '#microsoft.graph.user', ...project(userJson(manager), ctx.q.select, USER_DEFAULT_PROPERTIES) });
    });
    u('GET', /^\/directReports$/, '/directReports', (ctx) => ok({
      value: ctx.callerIsOtherTenant ? [] : this.org.users.filter((x) => x.managerId === ctx.target.id).map((x) => ({ '@odata.type': '#microsoft.graph.user', ...project(userJson(x), ctx.q.select, USER_DEFAULT_PROPERTIES) })),
    }));
    u('GET', new RegExp(`^${folder}/messages$`), '/mailFolders/{id}/messages', (ctx, [f]) => this.listMessages(ctx, f ?? ''));
    u('GET', /^\/messages$/, '/messages', (ctx) => this.listMessages(ctx, null));
    u('GET', new RegExp(`^${folder}/messages/delta$`), '/mailFolders/{id}/messages/delta', (ctx, [f]) => this.delta(ctx, f ?? ''));
    u('GET', /^\/messages\/([^/]+)$/, '/messages/{id}', (ctx, [id]) => ok(project(messageJson(this.org, this.ownMessage(ctx, id ?? '')), ctx.q.select, MESSAGE_DEFAULT_PROPERTIES)));
    u('PATCH', /^\/messages\/([^/]+)$/, '/messages/{id}', (ctx, [id]) => this.patchMessage(ctx, id ?? ''));
    u('DELETE', /^\/messages\/([^/]+)$/, '/messages/{id}', (ctx, [id]) => { this.org.deleteMessage(this.ownMessage(ctx, id ?? ''), this.clock.nowMs()); return { status: 204, headers: {} }; });
    u('POST', /^\/messages\/([^/]+)\/reply$/, '/messages/{id}/reply', (ctx, [id]) => this.reply(ctx, id ?? '', false));
    u('POST', /^\/messages\/([^/]+)\/replyAll$/, '/messages/{id}/replyAll', (ctx, [id]) => this.reply(ctx, id ?? '', true));
    u('POST', /^\/sendMail$/, '/sendMail', (ctx) => this.sendMail(ctx));
    u('GET', /^\/outlook\/masterCategories$/, '/outlook/masterCategories', (ctx) => {
      this.requireOwnMailbox(ctx);
      return ok({ value: this.masterCategories(ctx.target).map((c) => project(c, ctx.q.select, null)) });
    });
    u('POST', /^\/outlook\/masterCategories$/, '/outlook/masterCategories', (ctx) => {
      this.requireOwnMailbox(ctx);
      const body = (ctx.req.body ?? {}) as { displayName?: unknown; color?: unknown };
      if (typeof body.displayName !== 'string' || body.displayName.trim() === '') throw badRequest('ErrorInvalidParameter', 'displayName is required.');
      const list = this.masterCategories(ctx.target);
      if (list.some((c) => String(c.displayName).toLowerCase() === String(body.displayName).toLowerCase())) {
        throw new GraphSimulatorError(409, 'ErrorAlreadyExists', 'An object with this name already exists.');
      }
      const color = typeof body.color === 'string' && /^(none|preset\d{1,2})$/.test(body.color) ? body.color : 'none';
      const created = { id: randomUUID(), displayName: body.displayName, color };
      list.push(created);
      return ok(created, 201);
    });
    u('GET', /^\/chats$/, '/chats', (ctx) => this.listChats(ctx));
    u('GET', /^\/joinedTeams$/, '/joinedTeams', (ctx) => ok({
      value: ctx.callerIsOtherTenant ? [] : this.org.teams.filter((t) => t.members.some((m) => m.userIndex === ctx.target.index)).map((t) => project(teamJson(this.org, t), ctx.q.select, null)),
    }));
    g('GET', /^\/organization$/, '/organization', (ctx) => {
      const other = ctx.callerIsOtherTenant ? this.org.otherTenant : null;
      const entity = other
        ? { ...organizationJson(this.org), id: other.tenantId, displayName: other.displayName, verifiedDomains: other.verifiedDomains.map((d) => ({ capabilities: 'Email', isDefault: d.isDefault, isInitial: d.isInitial, name: d.name, type: 'Managed' })) }
        : organizationJson(this.org);
      return ok({ value: [project(entity, ctx.q.select, null)] });
    });
    g('GET', /^\/chats\/([^/]+)$/, '/chats/{id}', (ctx, [id]) => ok(this.chatEntity(ctx, this.memberChat(ctx, id ?? ''))));
    g('GET', /^\/chats\/([^/]+)\/members$/, '/chats/{id}/members', (ctx, [id]) => {
      const chat = this.memberChat(ctx, id ?? '');
      return ok({ '@odata.count': chat.memberIndexes.length, value: this.chatMembers(chat) });
    });
    g('GET', /^\/chats\/([^/]+)\/messages$/, '/chats/{id}/messages', (ctx, [id]) => this.listChatMessages(ctx, id ?? ''));
    g('GET', /^\/chats\/([^/]+)\/messages\/([^/]+)$/, '/chats/{id}/messages/{id}', (ctx, [id, messageId]) => {
      const chat = this.memberChat(ctx, id ?? '');
      const message = chat.messages.find((m) => m.id === messageId);
      if (!message) throw new GraphSimulatorError(404, 'NotFound', 'Resource not found.');
      return ok(project(chatMessageJson(this.org, chat, message), ctx.q.select, null));
    });
    g('POST', /^\/chats\/([^/]+)\/messages$/, '/chats/{id}/messages', (ctx, [id]) => this.postChatMessage(ctx, id ?? ''));
    g('GET', /^\/teams\/([^/]+)\/members$/, '/teams/{id}/members', (ctx, [id]) => this.teamMembers(ctx, id ?? ''));
  }

  // ---- mail ----

  private resolveFolder(ctx: UserCtx, folderRef: string): 'inbox' | 'sentitems' {
    const lower = folderRef.toLowerCase();
    if (lower === 'inbox' || lower === 'sentitems') return lower;
    const parsed = this.org.ids.parseFolderId(folderRef);
    if (!parsed || parsed.userIndex !== ctx.target.index) throw notFound(folderRef);
    return parsed.folder;
  }

  private folderMessages(ctx: UserCtx, folder: 'inbox' | 'sentitems' | null): MailboxMessage[] {
    if (ctx.callerIsOtherTenant) return [];
    const lists = folder ? [this.org.folder(ctx.target.index, folder)] : [this.org.folder(ctx.target.index, 'inbox'), this.org.folder(ctx.target.index, 'sentitems')];
    return lists.flatMap((l) => l.filter((m) => !m.deleted));
  }

  private ownMessage(ctx: UserCtx, id: string): MailboxMessage {
    this.requireOwnMailbox(ctx);
    const m = this.org.messageById(id);
    if (!m || m.ownerIndex !== ctx.target.index || ctx.callerIsOtherTenant) throw notFound(id);
    return m;
  }

  private messageFilter(clauses: FilterClause[] | null, allowConversation: boolean): (m: MailboxMessage) => boolean {
    if (!clauses) return () => true;
    for (const c of clauses) {
      const okClause = (allowConversation && c.property === 'conversationId' && c.operator === 'eq')
        || (['receivedDateTime', 'sentDateTime', 'lastModifiedDateTime'].includes(c.property) && c.operator !== 'any-eq');
      if (!okClause) throw badRequest('ErrorInvalidUrlQueryFilter', 'The query filter contains one or more invalid nodes.');
    }
    return (m) => clauses.every((c) => {
      if (c.property === 'conversationId') return m.mail.conversationId === c.value;
      if (c.property === 'lastModifiedDateTime') return matchesTime(m.lastModifiedMs, c);
      return matchesTime(m.mail.sentMs, c);
    });
  }

  private listMessages(ctx: UserCtx, folderRef: string | null): SimResponse {
    this.requireOwnMailbox(ctx);
    const folder = folderRef === null ? null : this.resolveFolder(ctx, folderRef);
    const { q } = ctx;
    if (q.top !== null && (q.top < 1 || q.top > MESSAGES_TOP_MAX)) throw badRequest('ErrorInvalidArgument', `The value of $top must be between 1 and ${MESSAGES_TOP_MAX}.`);
    const orderBy = q.orderBy ?? [{ property: 'receivedDateTime', descending: true }];
    for (const o of orderBy) if (!['receivedDateTime', 'sentDateTime', 'createdDateTime', 'lastModifiedDateTime', 'subject'].includes(o.property)) throw badRequest('ErrorInvalidProperty', `The property '${o.property}' does not support sorting.`);
    if (q.filter && q.orderBy) {
      // Graph: properties in $orderby must also be in $filter, in the same order, before any others.
      const filterProps = q.filter.map((c) => c.property);
      const ordered = q.orderBy.map((o) => o.property);
      if (!ordered.every((p, i) => filterProps[i] === p)) throw badRequest('InefficientFilter', 'The restriction or sort order is too complex for this operation.');
    }
    const keep = this.messageFilter(q.filter, true);
    const key = (m: MailboxMessage, p: string): number | string =>
      p === 'subject' ? m.mail.subject : p === 'lastModifiedDateTime' ? m.lastModifiedMs : p === 'createdDateTime' ? m.createdMs : m.mail.sentMs;
    const items = this.folderMessages(ctx, folder).filter(keep).sort((a, b) => {
      for (const o of orderBy) {
        const x = key(a, o.property);
        const y = key(b, o.property);
        if (x !== y) return (x < y ? -1 : 1) * (o.descending ? -1 : 1);
      }
      return b.number - a.number;
    });
    return this.page(ctx, items, q.top ?? DEFAULT_MESSAGE_PAGE, (m) => project(messageJson(this.org, m), q.select, MESSAGE_DEFAULT_PROPERTIES));
  }

  /** Offset paging with an absolute https:// @odata.nextLink that keeps the original query options. */
  private page<T>(ctx: Ctx, items: T[], pageSize: number, toJson: (item: T) => Json, extra: Json = {}): SimResponse {
    const offset = ctx.q.skipToken ? decodeToken<{ o: number }>(ctx.q.skipToken).o : 0;
    const slice = items.slice(offset, offset + pageSize);
    const body: Json = { '@odata.context': `${this.origin}/v1.0/$metadata#${ctx.req.path.slice(1)}`, ...extra, value: slice.map(toJson) };
    if (offset + pageSize < items.length) {
      const params = new URLSearchParams();
      for (const [k, v] of ctx.req.query) if (k.toLowerCase() !== '$skiptoken') params.set(k, v);
      params.set('$skiptoken', encodeToken({ o: offset + pageSize }));
      body['@odata.nextLink'] = `${ctx.selfUrl}?${params.toString()}`;
    }
    return ok(body);
  }

  private delta(ctx: UserCtx, folderRef: string): SimResponse {
    this.requireOwnMailbox(ctx);
    const folder = this.resolveFolder(ctx, folderRef);
    interface DeltaState { u: number; f: string; since: number; up: number; pos: number; sel: string[] | null; flt: FilterClause[] | null; n: number | null }
    let state: DeltaState;
    const token = ctx.q.deltaToken ?? ctx.q.skipToken;
    if (token) {
      state = decodeToken<DeltaState>(token);
      if (state.u !== ctx.target.index || state.f !== folder) throw badRequest('ErrorInvalidUrlQuery', 'The delta token does not belong to this folder.');
      if (ctx.q.deltaToken) state = { ...state, since: state.up, up: this.org.currentChangeSeq(), pos: state.up };
    } else {
      if (ctx.q.filter) for (const c of ctx.q.filter) if (c.property !== 'receivedDateTime' || !['ge', 'gt'].includes(c.operator)) throw badRequest('ErrorInvalidUrlQueryFilter', 'Delta supports only receivedDateTime ge/gt in $filter.');
      if (ctx.q.orderBy && !(ctx.q.orderBy.length === 1 && ctx.q.orderBy[0]?.property === 'receivedDateTime' && ctx.q.orderBy[0].descending)) throw badRequest('ErrorInvalidUrlQuery', 'Delta supports only $orderby=receivedDateTime desc.');
      if (ctx.q.top !== null && (ctx.q.top < 1 || ctx.q.top > MESSAGES_TOP_MAX)) throw badRequest('ErrorInvalidArgument', `The value of $top must be between 1 and ${MESSAGES_TOP_MAX}.`);
      state = { u: ctx.target.index, f: folder, since: 0, up: this.org.currentChangeSeq(), pos: 0, sel: ctx.q.select, flt: ctx.q.filter, n: ctx.q.top };
    }
    const prefer = /odata\.maxpagesize=(\d+)/i.exec(ctx.req.headers.prefer ?? '');
    const pageSize = prefer?.[1] ? Math.max(1, Math.min(MESSAGES_TOP_MAX, Number(prefer[1]))) : state.n ?? DEFAULT_MESSAGE_PAGE;
    const keep = this.messageFilter(state.flt, false);
    const list = ctx.callerIsOtherTenant ? [] : this.org.folder(ctx.target.index, folder);
    // Folders are kept ordered by changeSeq: binary-search the first change after `pos`.
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((list[mid]?.changeSeq ?? 0) <= state.pos) lo = mid + 1;
      else hi = mid;
    }
    const value: Json[] = [];
    let pos = state.pos;
    let i = lo;
    for (; i < list.length && value.length < pageSize; i++) {
      const m = list[i];
      if (!m || m.changeSeq > state.up) break;
      pos = m.changeSeq;
      if (m.deleted) {
        if (state.since > 0 && m.createdMs >= 0) value.push({ '@odata.type': '#microsoft.graph.message', id: this.org.ids.messageId(m.number), '@removed': { reason: 'deleted' } });
        continue;
      }
      if (!keep(m)) continue;
      value.push({ '@odata.type': '#microsoft.graph.message', ...project(messageJson(this.org, m), state.sel, MESSAGE_DEFAULT_PROPERTIES) });
    }
    const more = i < list.length && (list[i]?.changeSeq ?? Infinity) <= state.up;
    const body: Json = { '@odata.context': `${this.origin}/v1.0/$metadata#Collection(message)`, value };
    const base = `${this.origin}/v1.0${ctx.req.path}`;
    if (more) body['@odata.nextLink'] = `${base}?$skiptoken=${encodeToken({ ...state, pos })}`;
    else body['@odata.deltaLink'] = `${base}?$deltatoken=${encodeToken({ ...state, pos: state.up })}`;
    return { status: 200, headers: prefer ? { 'preference-applied': `odata.maxpagesize=${pageSize}` } : {}, body };
  }

  private patchMessage(ctx: UserCtx, id: string): SimResponse {
    const m = this.ownMessage(ctx, id);
    const body = (ctx.req.body ?? {}) as Json;
    const allowed = ['categories', 'isRead', 'flag', 'importance', 'inferenceClassification'];
    for (const k of Object.keys(body)) if (!allowed.includes(k) && !k.startsWith('@')) throw badRequest('ErrorInvalidPropertyUpdateSentMessage', `Property '${k}' cannot be updated.`);
    if (body.categories !== undefined) {
      if (!Array.isArray(body.categories) || body.categories.some((c) => typeof c !== 'string')) throw badRequest('ErrorInvalidProperty', 'categories must be a collection of strings.');
      this.org.setCategories(m, body.categories as string[], this.clock.nowMs());
    }
    if (typeof body.isRead === 'boolean') this.org.setRead(m, body.isRead, this.clock.nowMs());
    return ok(project(messageJson(this.org, m), null, MESSAGE_DEFAULT_PROPERTIES));
  }

  private reply(ctx: UserCtx, id: string, replyAll: boolean): SimResponse {
    const m = this.ownMessage(ctx, id);
    const body = (ctx.req.body ?? {}) as { comment?: unknown };
    this.org.replyTo(m, typeof body.comment === 'string' ? body.comment : '', this.clock.nowMs(), replyAll);
    return { status: 202, headers: {} };
  }

  private sendMail(ctx: UserCtx): SimResponse {
    this.requireOwnMailbox(ctx);
    if (ctx.callerIsOtherTenant) throw new GraphSimulatorError(403, 'ErrorAccessDenied', 'Access is denied.');
    const message = ((ctx.req.body ?? {}) as { message?: Json }).message;
    if (!message || typeof message !== 'object') throw badRequest('ErrorInvalidParameter', "The 'message' parameter is required.");
    const recipients = (v: unknown): MailAddress[] => (Array.isArray(v) ? v : []).map((r: { emailAddress?: { address?: string; name?: string } }) => {
      const address = r?.emailAddress?.address;
      if (typeof address !== 'string' || !address.includes('@')) throw badRequest('ErrorInvalidRecipients', 'At least one recipient is not valid.');
      return { address, name: r.emailAddress?.name ?? this.org.userByAddress(address)?.displayName ?? address };
    });
    const to = recipients(message.toRecipients);
    if (to.length === 0) throw badRequest('ErrorInvalidRecipients', 'At least one recipient is not valid., Recipient is missing.');
    const bodyContent = (message.body as { content?: unknown } | undefined)?.content;
    this.org.sendMailWithAutoReplies(ctx.target.index, {
      subject: typeof message.subject === 'string' ? message.subject : '', bodyText: typeof bodyContent === 'string' ? bodyContent : '',
      to, cc: recipients(message.ccRecipients), importance: message.importance === 'high' ? 'high' : 'normal',
    }, this.clock.nowMs());
    return { status: 202, headers: {} };
  }

  private readonly categoriesByUser = new Map<string, Json[]>();

  private masterCategories(user: DemoUser): Json[] {
    let list = this.categoriesByUser.get(user.id);
    if (!list) {
      list = MASTER_CATEGORIES.map(([displayName, color], i) => ({ id: seededGuid(user.index, 9000 + i), displayName, color }));
      this.categoriesByUser.set(user.id, list);
    }
    return list;
  }

  // ---- chats and teams ----

  private memberChat(ctx: Ctx, id: string): DemoChat {
    const chat = ctx.callerIsOtherTenant ? undefined : this.org.chatById(id);
    if (!chat) throw new GraphSimulatorError(404, 'NotFound', 'Resource not found.');
    if (!chat.memberIndexes.includes(ctx.caller.index)) throw new GraphSimulatorError(403, 'Forbidden', 'Forbidden. The caller is not a member of the chat.');
    return chat;
  }

  private chatMembers(chat: DemoChat): Json[] {
    const internal = chat.memberIndexes.flatMap((i) => {
      const user = this.org.users[i];
      return user ? [memberJson(user, ['owner'], chat.createdMs, chat.id)] : [];
    });
    return [...internal, ...(chat.guestMembers ?? []).map((g) => memberJson(g, ['guest'], chat.createdMs, chat.id))];
  }

  private chatEntity(ctx: Ctx, chat: DemoChat): Json {
    const entity = project(chatJson(this.org, chat), ctx.q.select, null);
    if (ctx.q.expand?.includes('members')) entity.members = this.chatMembers(chat);
    return entity;
  }

  private listChats(ctx: UserCtx): SimResponse {
    if (ctx.target.id !== ctx.caller.id) throw new GraphSimulatorError(403, 'Forbidden', 'Forbidden.');
    const { q } = ctx;
    if (q.top !== null && (q.top < 1 || q.top > CHATS_TOP_MAX)) throw badRequest('BadRequest', `Invalid page size requested. Page size should be between 1 and ${CHATS_TOP_MAX}.`);
    if (q.filter) for (const c of q.filter) if (!(c.property === 'chatType' && c.operator === 'eq')) throw badRequest('BadRequest', 'The $filter query is not supported for this request.');
    if (q.expand) for (const e of q.expand) if (e !== 'members' && e !== 'lastMessagePreview') throw badRequest('BadRequest', `Expand on '${e}' is not supported.`);
    // Graph sorts chats only by lastMessagePreview/createdDateTime desc (which needs $expand=lastMessagePreview).
    if (q.orderBy && !(q.orderBy.length === 1 && q.orderBy[0]?.property === 'lastMessagePreview/createdDateTime' && q.orderBy[0].descending && q.expand?.includes('lastMessagePreview'))) {
      throw badRequest('BadRequest', 'Only $orderby=lastMessagePreview/createdDateTime desc with $expand=lastMessagePreview is supported.');
    }
    const chats = (ctx.callerIsOtherTenant ? [] : [...this.org.chatsOf(ctx.caller.index)])
      .filter((c) => !q.filter || q.filter.every((f) => c.chatType === f.value))
      .sort((a, b) => (b.messages[b.messages.length - 1]?.createdMs ?? b.createdMs) - (a.messages[a.messages.length - 1]?.createdMs ?? a.createdMs));
    return this.page(ctx, chats, q.top ?? DEFAULT_CHAT_PAGE, (c) => {
      const entity = this.chatEntity(ctx, c);
      const last = c.messages[c.messages.length - 1];
      if (q.expand?.includes('lastMessagePreview') && last) {
        const full = chatMessageJson(this.org, c, last);
        entity.lastMessagePreview = { id: last.id, createdDateTime: full.createdDateTime, isDeleted: last.deletedMs !== null, messageType: last.messageType, eventDetail: null, body: full.body, from: full.from };
      }
      return entity;
    });
  }

  private listChatMessages(ctx: Ctx, chatId: string): SimResponse {
    const chat = this.memberChat(ctx, chatId);
    const { q } = ctx;
    if (q.top !== null && (q.top < 1 || q.top > CHATS_TOP_MAX)) throw badRequest('BadRequest', `Invalid page size requested. Page size should be between 1 and ${CHATS_TOP_MAX}.`);
    const order = q.orderBy?.[0];
    if (q.orderBy && (q.orderBy.length !== 1 || !order?.descending || !['lastModifiedDateTime', 'createdDateTime'].includes(order.property))) {
      throw badRequest('BadRequest', 'Only $orderby=lastModifiedDateTime desc or $orderby=createdDateTime desc is supported.');
    }
    if (q.filter) {
      for (const c of q.filter) {
        const okClause = ['lastModifiedDateTime', 'createdDateTime'].includes(c.property) && ['gt', 'lt'].includes(c.operator) && order?.property === c.property;
        if (!okClause) throw badRequest('BadRequest', '$filter on lastModifiedDateTime (gt, lt) needs $orderby=lastModifiedDateTime desc; createdDateTime likewise. Other filters are not supported.');
      }
    }
    const byModified = order?.property === 'lastModifiedDateTime';
    const items = chat.messages
      .filter((m) => !q.filter || q.filter.every((c) => matchesTime(c.property === 'lastModifiedDateTime' ? m.lastModifiedMs : m.createdMs, c)))
      .sort((a, b) => (byModified ? b.lastModifiedMs - a.lastModifiedMs : b.createdMs - a.createdMs));
    return this.page(ctx, items, q.top ?? DEFAULT_CHAT_PAGE, (m) => project(chatMessageJson(this.org, chat, m), q.select, null), { '@odata.count': Math.min(items.length, q.top ?? DEFAULT_CHAT_PAGE) });
  }

  private postChatMessage(ctx: Ctx, chatId: string): SimResponse {
    const chat = this.memberChat(ctx, chatId);
    const body = (ctx.req.body ?? {}) as { body?: { content?: unknown; contentType?: unknown } };
    const content = body.body?.content;
    if (typeof content !== 'string' || content.length === 0) throw badRequest('BadRequest', 'Message body cannot be empty.');
    const html = body.body?.contentType === 'html' ? content : `<p>${content.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</p>`;
    const message = this.org.postChatMessage(chat, ctx.caller.index, html, this.clock.nowMs());
    return ok(chatMessageJson(this.org, chat, message), 201);
  }

  private teamMembers(ctx: Ctx, teamId: string): SimResponse {
    const team = ctx.callerIsOtherTenant ? undefined : this.org.teams.find((t) => t.id === teamId);
    if (!team) throw new GraphSimulatorError(404, 'NotFound', `No team found with Group Id ${teamId}`);
    if (ctx.q.filter) for (const c of ctx.q.filter) if (!(c.property === 'roles' && c.operator === 'any-eq')) throw badRequest('BadRequest', 'Only roles/any(r:r eq \'owner\') is supported in $filter.');
    const members = team.members.filter((m) => !ctx.q.filter || ctx.q.filter.every((c) => m.roles.includes(c.value)));
    return ok({
      '@odata.context': `${this.origin}/v1.0/$metadata#teams('${team.id}')/members`, '@odata.count': members.length,
      value: members.flatMap((m) => {
        const user = this.org.users[m.userIndex];
        return user ? [project(memberJson(user, m.roles, team.createdMs, team.id), ctx.q.select, null)] : [];
      }),
    });
  }

  // ---- $batch ----

  private async handleBatch(req: SimRequest, requestId: string, clientRequestId: string): Promise<SimResponse> {
    const fail = (message: string): SimResponse => this.errorResponse(badRequest('BadRequest', message), requestId, clientRequestId);
    const claims = await this.authenticate(req.headers.authorization);
    if (!claims) return this.errorResponse(new GraphSimulatorError(401, 'InvalidAuthenticationToken', 'Access token validation failure.'), requestId, clientRequestId);
    const items = (req.body as { requests?: unknown } | undefined)?.requests;
    if (!Array.isArray(items)) return fail('Invalid batch payload format.');
    if (items.length > BATCH_MAX) return fail(`The number of requests in the batch exceeds the maximum of ${BATCH_MAX}.`);
    if (items.length === 0) return fail('The batch must contain at least one request.');
    interface Item { id: string; method: string; url: string; headers?: Record<string, string>; body?: unknown; dependsOn?: string[] }
    const ids = new Set<string>();
    for (const raw of items as Item[]) {
      if (typeof raw?.id !== 'string' || typeof raw.method !== 'string' || typeof raw.url !== 'string') return fail('Each batch request needs id, method and url.');
      if (ids.has(raw.id)) return fail(`Batch request contains duplicate id '${raw.id}'.`);
      if (/^https?:/i.test(raw.url)) return fail('Batch request urls must be relative.');
      for (const d of raw.dependsOn ?? []) if (!ids.has(d)) return fail(`dependsOn '${d}' must refer to an earlier request in the batch.`);
      ids.add(raw.id);
    }
    const statuses = new Map<string, number>();
    const responses: Json[] = [];
    for (const item of items as Item[]) {
      const failedDependency = (item.dependsOn ?? []).find((d) => (statuses.get(d) ?? 0) >= 400);
      if (failedDependency !== undefined) {
        statuses.set(item.id, 424);
        responses.push({ id: item.id, status: 424, headers: { 'Content-Type': 'application/json' }, body: graphErrorBody('FailedDependency', `Request failed because it depends on request '${failedDependency}' which failed.`, requestId, clientRequestId, this.clock.now()) });
        continue;
      }
      const url = new URL(item.url.startsWith('/') ? item.url : `/${item.url}`, 'https://localhost');
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(item.headers ?? {})) headers[k.toLowerCase()] = String(v);
      if (req.headers.authorization) headers.authorization = req.headers.authorization;
      const r = await this.handle({ method: item.method.toUpperCase(), path: decodeURIComponent(url.pathname).replace(/\/+$/, '') || '/', query: url.searchParams, headers, body: item.body }, requestId, clientRequestId);
      statuses.set(item.id, r.status);
      const itemHeaders: Record<string, string> = {};
      for (const [k, v] of Object.entries(r.headers)) itemHeaders[k === 'retry-after' ? 'Retry-After' : k] = v;
      if (r.body !== undefined) itemHeaders['Content-Type'] = 'application/json';
      responses.push({ id: item.id, status: r.status, headers: itemHeaders, ...(r.body !== undefined ? { body: r.body } : {}) });
    }
    return ok({ responses });
  }
}

function faultError(status: number, retryAfterSeconds: number): GraphSimulatorError {
  switch (status) {
    case 429: return new GraphSimulatorError(429, 'TooManyRequests', 'Too many requests.', { 'retry-after': String(retryAfterSeconds) });
    case 503: return new GraphSimulatorError(503, 'ServiceNotAvailable', 'Service unavailable.', { 'retry-after': String(retryAfterSeconds) });
    case 504: return new GraphSimulatorError(504, 'GatewayTimeout', 'The gateway did not receive a response in time.');
    default: return new GraphSimulatorError(500, 'InternalServerError', 'An internal server error occurred.');
  }
}
