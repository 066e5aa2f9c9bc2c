/**
 * The one error mapper at the edge: every error any route, hook or use case throws becomes an application/problem+json
 * body ({@link Problem}) with a stable `code` the UI branches on. Unknown errors become a bare 500 with the request id
 * and no internals (the full error goes to the log only).
 */
import { ZodError } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Problem } from '../contracts/api';
import { DomainError, type DomainErrorCode } from '../domain/domain-error';
import { GraphSourceError, type GraphSourceErrorCode } from '../graph/graph-source-error';
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
  502: 'Bad gateway',
  503: 'Service unavailable',
};

/** How one DomainError code answers: its HTTP status, the request field it concerns (if any), and extra headers. */
export interface DomainErrorStatus {
  status: number;
  field?: string;
  headers?: Record<string, string>;
}

/**
 * Every DomainError code's HTTP status; the problem's `code` is the DomainError's own code. 400: the request is not
 * valid as sent; 404/403: not there / not yours; 409: the item's state refuses it now; 422: understood and valid, but
 * refused by a rule the caller may override or fix elsewhere; 500: the server's own data or arithmetic is at fault (the
 * caller's input is never blamed for it).
 */
export const DOMAIN_ERROR_STATUS: Readonly<Record<DomainErrorCode, DomainErrorStatus>> = {
  validation_failed: { status: 400 },
  note_too_long: { status: 400, field: 'note' },
  // Its own code, so a surface can say "pick one of your team's categories" next to the field.
  unknown_category: { status: 400, field: 'category' },
  // A home team or a request's team must be one of the caller's teams (membership read fresh from Graph).
  not_a_member: { status: 400, field: 'teamId' },
  invalid_standard: { status: 400, field: 'standards' },
  invalid_period: { status: 400, field: 'period' },
  // A calendar the caller is saving right now (a stored one that fails is `stored_calendar_invalid`).
  unknown_time_zone: { status: 400, field: 'calendar.timeZone' },
  invalid_time: { status: 400, field: 'calendar' },
  invalid_date: { status: 400, field: 'holidays' },
  invalid_instant: { status: 400, field: 'calendar' },
  invalid_day_of_week: { status: 400, field: 'calendar' },
  invalid_calendar: { status: 400, field: 'calendar' },
  no_working_time: { status: 400, field: 'calendar' },
  // Tracking a sender from outside the organisation: allowed with `override`, so 422 rather than 400.
  not_colleague: { status: 422, field: 'override' },
  not_found: { status: 404 },
  message_not_found: { status: 404, field: 'messageId' },
  forbidden: { status: 403 },
  invalid_transition: { status: 409 },
  // Undo refused: the surface says why (too late, or the request changed again) and keeps the change.
  undo_expired: { status: 409 },
  undo_superseded: { status: 409 },
  undo_unavailable: { status: 409 },
  sync_in_progress: { status: 409, headers: { 'retry-after': '30' } },
  // Arithmetic our own code asked for with numbers it should never produce: a bug, not the caller's input.
  invalid_duration: { status: 500 },
  invalid_percentile: { status: 500 },
  stored_calendar_invalid: { status: 500 },
};

const INTERNAL_DETAIL = 'Something went wrong on our side.';

/** What a 5xx DomainError tells the caller (its own message, with internals, goes to the log only). */
const SERVER_FAULT_DETAIL: Partial<Record<DomainErrorCode, string>> = {
  stored_calendar_invalid: 'A working calendar stored on our side cannot be read, so due times cannot be worked out. This is our fault, not your input.',
};

/** The request id sentence every 5xx detail ends with. */
function quoteRequestId(detail: string, requestId: string): string {
  return `${detail} Quote request id ${requestId} when reporting it.`;
}

/** How each Graph adapter error answers (Graph's own status decided the adapter's code, see toGraphSourceError). */
export const GRAPH_ERROR_STATUS: Readonly<Record<GraphSourceErrorCode, { status: number; code: string; detail: string; title?: string; headers?: Record<string, string>; serverFault: boolean }>> = {
  // Entra ID refused a token for lack of consent (AADSTS65001…): the user or an admin can grant it.
  consent_required: { status: 403, code: 'consent_required', title: 'Consent required', detail: 'Microsoft Graph needs your consent (or an admin’s) before Turnaround can read this.', serverFault: false },
  // Entra ID refused the caller's API token as the on-behalf-of assertion (AADSTS500133/50013): the tab gets a new
  // token silently and retries, as for the API's own `token_expired`.
  token_expired: { status: 401, code: 'token_expired', title: 'Sign-in expired', detail: 'Your sign-in expired; sign in again (or get a new access token) and retry.', headers: { 'www-authenticate': 'Bearer error="invalid_token", error_description="The access token expired"' }, serverFault: false },
  // Entra ID refused Turnaround's own application access in the tenant (no admin consent, app disabled, bad
  // credentials): background work stops until an admin acts; not a fault of the caller nor a crash of ours.
  application_access_refused: { status: 503, code: 'application_access_refused', title: 'Turnaround’s access to Microsoft 365 is not set up', detail: 'An administrator needs to grant (or repair) Turnaround’s access to Microsoft 365 in your organisation.', serverFault: false },
  // Graph itself rejected the token it was given (401): not a consent question, and not the caller's input.
  graph_unauthorized: { status: 502, code: 'graph_unauthorized', detail: 'Microsoft Graph did not accept Turnaround’s access for you just now.', serverFault: true },
  // Graph refused this item to a valid token (403), e.g. a mailbox outside the app's access scope.
  graph_forbidden: { status: 403, code: 'graph_forbidden', detail: 'Microsoft Graph does not let Turnaround read this item.', serverFault: false },
  // The only Graph reads the API lets through on a 404 are of messages (people and managers read as "none").
  not_found: { status: 404, code: 'message_not_found', detail: 'The message is no longer in your mailbox or chat.', serverFault: false },
  graph_unavailable: { status: 503, code: 'unavailable', detail: 'Microsoft Graph is not answering; try again shortly.', headers: { 'retry-after': '10' }, serverFault: false },
  // A sync's delta link expired: the sync restarts itself, so one reaching a caller is a bug.
  delta_expired: { status: 500, code: 'internal', detail: INTERNAL_DETAIL, serverFault: true },
  graph_error: { status: 502, code: 'graph_error', detail: 'Microsoft Graph answered with an error.', serverFault: true },
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
    // RFC 6750: an expired token is `invalid_token` too; its own code lets a client fetch a new token and retry.
    if (error.code === 'token_expired') {
      return ok(make(401, 'token_expired', 'Your sign-in has expired; get a new access token and try again.', requestId), {
        'www-authenticate': 'Bearer error="invalid_token", error_description="The access token expired"',
      });
    }
    return ok(make(401, 'unauthorized', 'A valid bearer token for this API is required.', requestId), {
      'www-authenticate': 'Bearer error="invalid_token"',
    });
  }
  if (error instanceof ZodError) {
    return ok(make(400, 'validation_failed', 'The request is not valid.', requestId, { errors: zodErrors(error) }));
  }
  if (error instanceof DomainError) {
    const rule = DOMAIN_ERROR_STATUS[error.code];
    const serverFault = rule.status >= 500;
    const detail = serverFault ? quoteRequestId(SERVER_FAULT_DETAIL[error.code] ?? INTERNAL_DETAIL, requestId) : error.message;
    const errors = rule.field === undefined || serverFault ? {} : { errors: [{ path: rule.field, message: error.message }] };
    return { problem: make(rule.status, error.code, detail, requestId, errors), headers: rule.headers ?? {}, serverFault };
  }
  if (error instanceof GraphSourceError) {
    const rule = GRAPH_ERROR_STATUS[error.code];
    const detail = rule.status >= 500 ? quoteRequestId(rule.detail, requestId) : rule.detail;
    return { problem: make(rule.status, rule.code, detail, requestId, rule.title === undefined ? {} : { title: rule.title }), headers: rule.headers ?? {}, serverFault: rule.serverFault };
  }
  if (error instanceof StoreError) {
    if (error.code === 'conflict') return ok(make(409, 'conflict', 'The item changed meanwhile; reload and try again.', requestId));
    if (error.code === 'not_found') return ok(make(404, 'not_found', 'The item was not found.', requestId));
    if (error.code === 'unavailable') {
      return { problem: make(503, 'unavailable', 'The database is not available; try again shortly.', requestId), headers: { 'retry-after': '5' }, serverFault: true };
    }
  }
  // Errors Fastify raises itself (body parsing, content type, size, unknown method…) carry a 4xx statusCode.
  const fastifyCode = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  const statusCode = typeof error === 'object' && error !== null ? (error as { statusCode?: unknown }).statusCode : undefined;
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
    problem: make(500, 'internal', quoteRequestId(INTERNAL_DETAIL, requestId), requestId),
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
