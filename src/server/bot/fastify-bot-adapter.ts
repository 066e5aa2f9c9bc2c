/**
 * The Teams SDK's transport seam (`IHttpServerAdapter`, @microsoft/teams.apps `dist/http/adapter.d.ts`) for Fastify, so
 * the bot endpoint lives in the one server beside the API and the pages instead of in the SDK's own Express server.
 * The SDK owns the Teams protocol (Bot Framework JWT validation, activity routing, invoke responses) and calls
 * `registerRoute` from `app.initialize()`; this adapter turns each registration into a Fastify route: `{ body, headers }`
 * in, `{ status, body }` out. The route options (public to the API's bearer-token hook, their own limits and checks)
 * come from the caller, and so does what becomes of an answer that is not a success (`onFailure`: a problem+json).
 * No `start`/`stop`/`serveStatic`: Fastify listens, closes and serves files itself.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteShorthandOptions } from 'fastify';
import type { HttpMethod, HttpRouteHandler, IHttpServerAdapter, IHttpServerResponse } from '@microsoft/teams.apps';

export interface FastifyBotAdapterOptions {
  /** Options of every route the SDK registers (config, hooks, body limit). */
  route: RouteShorthandOptions;
  /** What to do with an SDK answer outside 2xx (401 for a token it refused, 500 when a handler threw): throw a problem. */
  onFailure: (response: IHttpServerResponse, request: FastifyRequest) => never;
}

export class FastifyBotAdapter implements IHttpServerAdapter {
  constructor(
    private readonly scope: FastifyInstance,
    private readonly options: FastifyBotAdapterOptions,
  ) {}

  registerRoute(method: HttpMethod, path: string, handler: HttpRouteHandler): void {
    this.scope.route({
      ...this.options.route,
      method,
      url: path,
      handler: async (request: FastifyRequest, reply: FastifyReply) => {
        const response = await handler({ body: request.body, headers: request.headers as Record<string, string | string[]> });
        if (response.status < 200 || response.status >= 300) this.options.onFailure(response, request);
        if (response.body === undefined) return reply.code(response.status).send();
        return reply.code(response.status).type('application/json; charset=utf-8').send(response.body);
      },
    });
  }
}
