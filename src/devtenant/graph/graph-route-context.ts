import type { DemoOrganization, DemoUser } from '../demo-organization';
import { GraphSimulatorError } from '../graph-errors';
import { decodeToken, encodeToken, type ODataQuery } from '../odata-query';
import type { SimulatedClock } from '../simulated-clock';

export type Json = Record<string, unknown>;

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

/** What a route handler knows about the request it serves. */
export interface RouteContext {
  req: SimRequest;
  q: ODataQuery;
  /** The signed-in person; for an application token on a `/users/{id}/…` route, the user the path names. */
  caller: DemoUser;
  callerIsOtherTenant: boolean;
  /** An application token on a route that names no user: `caller` is not available. */
  appOnly: boolean;
  /** The absolute URL of this resource without query, for building nextLink / deltaLink. */
  selfUrl: string;
  /** Who the token is: the client application, its service principal or user, and its roles (application tokens). */
  token: CallerToken;
}

/** What the simulator read from the access token of a request. */
export interface CallerToken {
  /** The client application's id (`azp`). */
  applicationId: string;
  /** The token's `oid`: the application's service principal, or the signed-in user. */
  objectId: string;
  /** The application permissions of an application token; null for a delegated token. */
  applicationRoles: readonly string[] | null;
}

/** A route under `/me` or `/users/{id|upn}`: `target` is the user the path names. */
export interface UserRouteContext extends RouteContext {
  target: DemoUser;
}

export type Handler<C> = (ctx: C, params: string[]) => SimResponse | Promise<SimResponse>;

/** Where resource modules register their routes; the simulator's one router matches them. */
export interface RouteTable {
  /** A route relative to `/me` or `/users/{id}` (pattern matched against the rest of the path). */
  user(method: string, pattern: RegExp, key: string, handler: Handler<UserRouteContext>): void;
  /** A route matched against the whole path. */
  global(method: string, pattern: RegExp, key: string, handler: Handler<RouteContext>): void;
}

/** What resource routes read: the demo organisation, the simulated clock and the origin (known once listening). */
export interface GraphRouteDeps {
  org: DemoOrganization;
  clock: SimulatedClock;
  origin(): string;
}

export const ok = (body: unknown, status = 200): SimResponse => ({ status, headers: {}, body });

export function requireOwnMailbox(ctx: UserRouteContext): void {
  if (ctx.target.id !== ctx.caller.id) throw new GraphSimulatorError(403, 'ErrorAccessDenied', 'Access is denied. Check credentials and try again.');
}

/** Offset paging with an absolute https:// @odata.nextLink that keeps the original query options. */
export function page<T>(origin: string, ctx: RouteContext, items: T[], pageSize: number, toJson: (item: T) => Json, extra: Json = {}): SimResponse {
  const offset = ctx.q.skipToken ? decodeToken<{ o: number }>(ctx.q.skipToken).o : 0;
  const slice = items.slice(offset, offset + pageSize);
  const body: Json = { '@odata.context': `${origin}/v1.0/$metadata#${ctx.req.path.slice(1)}`, ...extra, value: slice.map(toJson) };
  if (offset + pageSize < items.length) {
    const params = new URLSearchParams();
    for (const [k, v] of ctx.req.query) if (k.toLowerCase() !== '$skiptoken') params.set(k, v);
    params.set('$skiptoken', encodeToken({ o: offset + pageSize }));
    body['@odata.nextLink'] = `${ctx.selfUrl}?${params.toString()}`;
  }
  return ok(body);
}
