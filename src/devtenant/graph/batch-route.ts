import { GraphSimulatorError, badRequest, graphErrorBody } from '../graph-errors';
import { errorResponse } from './error-responses';
import { ok, type Json, type SimRequest, type SimResponse } from './graph-route-context';

const BATCH_MAX = 20;

/** What `$batch` needs from the simulator: token check, serving one item, and the clock for error bodies. */
export interface BatchDeps {
  /** True when the Authorization header carries a valid Graph token. */
  authenticated(authorization: string | undefined): Promise<boolean>;
  handle(req: SimRequest, requestId: string, clientRequestId: string): Promise<SimResponse>;
  now(): Date;
}

/** `POST /$batch`: up to 20 items, served in order, `dependsOn` honoured (424 after a failed dependency). */
export async function handleBatch(req: SimRequest, requestId: string, clientRequestId: string, deps: BatchDeps): Promise<SimResponse> {
  const fail = (message: string): SimResponse => errorResponse(badRequest('BadRequest', message), requestId, clientRequestId, deps.now());
  if (!(await deps.authenticated(req.headers.authorization))) return errorResponse(new GraphSimulatorError(401, 'InvalidAuthenticationToken', 'Access token validation failure.'), requestId, clientRequestId, deps.now());
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
      responses.push({ id: item.id, status: 424, headers: { 'Content-Type': 'application/json' }, body: graphErrorBody('FailedDependency', `Request failed because it depends on request '${failedDependency}' which failed.`, requestId, clientRequestId, deps.now()) });
      continue;
    }
    const url = new URL(item.url.startsWith('/') ? item.url : `/${item.url}`, 'https://localhost');
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(item.headers ?? {})) headers[k.toLowerCase()] = String(v);
    if (req.headers.authorization) headers.authorization = req.headers.authorization;
    const r = await deps.handle({ method: item.method.toUpperCase(), path: decodeURIComponent(url.pathname).replace(/\/+$/, '') || '/', query: url.searchParams, headers, body: item.body }, requestId, clientRequestId);
    statuses.set(item.id, r.status);
    const itemHeaders: Record<string, string> = {};
    for (const [k, v] of Object.entries(r.headers)) itemHeaders[k === 'retry-after' ? 'Retry-After' : k] = v;
    if (r.body !== undefined) itemHeaders['Content-Type'] = 'application/json';
    responses.push({ id: item.id, status: r.status, headers: itemHeaders, ...(r.body !== undefined ? { body: r.body } : {}) });
  }
  return ok({ responses });
}
