/**
 * The one error mapper at the edge: every error any route, hook or use case throws becomes an application/problem+json
 * body ({@link Problem}) with a stable `code` the UI branches on. Unknown errors become a bare 500 with the request id
 * and no internals (the full error goes to the log only).
 */
import { ZodError } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Problem } from '../contracts/api';
import { DomainError } from '../domain/domain-error';
import { StoreError } from '../store/store-error';
import { AuthError } from './auth/auth-error';
import { HttpProblem } from './http-problem';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

/** A mapped error: the body, extra response headers, and whether it is the server's fault (logged as an error). */
export interface MappedProblem {
  problem: Problem;
  headers: Record<string, string>;
  serverFault: boolean;
}

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  406: 'Not acceptable',
  409: 'Conflict',
  413: 'Payload too large',
  415: 'Unsupported media type',
  422: 'Unprocessable content',
  429: 'Too many requests',
  500: 'Internal server error',
  503: 'Service unavailable',
};

function make(status: number, code: string, detail: string, requestId: string, extra: Partial<Problem> = {}): Problem {
  return {
    type: `https://turnaround.dev/problems/${code.replace(/_/g, '-')}`,
    title: extra.title ?? TITLES[status] ?? 'Error',
    status,
    detail,
    code,
    requestId,
    ...(extra.errors === undefined ? {} : { errors: extra.errors }),
  };
}

/** True for the error the Graph adapters and the token provider throw when the user or an admin must consent first. */
export function isConsentRequired(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'consent_required';
}

function zodErrors(error: ZodError): { path: string; message: string }[] {
  return error.issues.slice(0, 20).map((i) => ({ path: i.path.map(String).join('.') || '(root)', message: i.message }));
}

/** Maps any thrown value to a problem. Pure (no I/O) so it is unit-tested directly. */
export function toProblem(error: unknown, requestId: string): MappedProblem {
  const ok = (problem: Problem, headers: Record<string, string> = {}): MappedProblem => ({ problem, headers, serverFault: false });
  if (error instanceof HttpProblem) {
    return {
      problem: make(error.status, error.code, error.message, requestId, { title: error.title }),
      headers: error.headers,
      serverFault: error.status >= 500 && error.code !== 'not_built',
    };
  }
  if (error instanceof AuthError) {
    return ok(make(401, 'unauthorized', 'A valid bearer token for this API is required.', requestId), {
      'www-authenticate': 'Bearer error="invalid_token"',
    });
  }
  if (error instanceof ZodError) {
    return ok(make(400, 'validation_failed', 'The request is not valid.', requestId, { errors: zodErrors(error) }));
  }
  if (error instanceof DomainError) {
    if (error.code === 'invalid_transition') return ok(make(409, 'invalid_transition', error.message, requestId, { title: 'Conflict' }));
    if (error.code === 'not_found') return ok(make(404, 'not_found', error.message, requestId));
    if (error.code === 'forbidden') return ok(make(403, 'forbidden', error.message, requestId));
    // Undo refused: the surface says why (too late, or the request changed again) and keeps the change.
    if (error.code === 'undo_expired' || error.code === 'undo_superseded' || error.code === 'undo_unavailable') {
      return ok(make(409, error.code, error.message, requestId, { title: 'Conflict' }));
    }
    if (error.code === 'note_too_long') return ok(make(400, 'validation_failed', error.message, requestId, { errors: [{ path: 'note', message: error.message }] }));
    // Its own code, so a surface can say "pick one of your team's categories" next to the field.
    if (error.code === 'unknown_category') return ok(make(400, 'unknown_category', error.message, requestId, { errors: [{ path: 'category', message: error.message }] }));
    return ok(make(400, 'validation_failed', error.message, requestId, { errors: [{ path: error.code, message: error.message }] }));
  }
  if (error instanceof StoreError) {
    if (error.code === 'conflict') return ok(make(409, 'conflict', 'The item changed meanwhile; reload and try again.', requestId));
    if (error.code === 'not_found') return ok(make(404, 'not_found', 'The item was not found.', requestId));
    if (error.code === 'unavailable') {
      return { problem: make(503, 'unavailable', 'The database is not available; try again shortly.', requestId), headers: { 'retry-after': '5' }, serverFault: true };
    }
  }
  if (isConsentRequired(error)) {
    return ok(make(403, 'consent_required', 'Microsoft Graph needs your consent (or an admin’s) before Turnaround can read this.', requestId, { title: 'Consent required' }));
  }
  // Errors Fastify raises itself (body parsing, content type, size, unknown method…) carry a 4xx statusCode.
  const fastifyCode = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  const statusCode = typeof error === 'object' && error !== null ? (error as { statusCode?: unknown }).statusCode : undefined;
  if (fastifyCode === 'graph_unavailable') {
    return { problem: make(503, 'unavailable', 'Microsoft Graph is not answering; try again shortly.', requestId), headers: { 'retry-after': '10' }, serverFault: false };
  }
  const fromFastify = typeof fastifyCode === 'string' && fastifyCode.startsWith('FST_');
  if (fastifyCode === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return ok(make(413, 'payload_too_large', 'The request body is too large.', requestId));
  }
  if (fastifyCode === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return ok(make(415, 'unsupported_media_type', 'Send JSON (Content-Type: application/json).', requestId));
  }
  if ((fromFastify || error instanceof SyntaxError) && typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    const code = statusCode === 404 ? 'not_found' : statusCode === 405 ? 'method_not_allowed' : 'validation_failed';
    return ok(make(statusCode, code, statusCode === 400 ? 'The request could not be read (malformed JSON, headers or URL).' : TITLES[statusCode] ?? 'Client error', requestId));
  }
  return {
    problem: make(500, 'internal', `Something went wrong on our side. Quote request id ${requestId} when reporting it.`, requestId),
    headers: {},
    serverFault: true,
  };
}

/** Sends `error` as problem+json on `reply`, logging server faults with the full error (never tokens). */
export function sendProblem(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const mapped = toProblem(error, request.id);
  if (mapped.serverFault) request.log.error({ err: error }, 'request failed');
  else request.log.info({ code: mapped.problem.code, status: mapped.problem.status, reason: error instanceof AuthError ? error.reason : undefined }, 'request rejected');
  return reply.code(mapped.problem.status).headers(mapped.headers).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(mapped.problem));
}
