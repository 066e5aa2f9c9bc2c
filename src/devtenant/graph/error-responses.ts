import { GraphSimulatorError, graphErrorBody } from '../graph-errors';
import type { SimResponse } from './graph-route-context';

/** A simulator error as Graph answers it: its status and headers, Graph's error body with the request ids. */
export function errorResponse(err: GraphSimulatorError, requestId: string, clientRequestId: string, now: Date): SimResponse {
  return { status: err.status, headers: { ...err.headers }, body: graphErrorBody(err.code, err.message, requestId, clientRequestId, now) };
}

/** The error an injected fault answers with (429 and 503 carry Retry-After). */
export function faultError(status: number, retryAfterSeconds: number): GraphSimulatorError {
  switch (status) {
    // Graph's answer to an expired or revoked token (e.g. Continuous Access Evaluation).
    case 401: return new GraphSimulatorError(401, 'InvalidAuthenticationToken', 'Access token has expired or is not yet valid.');
    case 429: return new GraphSimulatorError(429, 'TooManyRequests', 'Too many requests.', { 'retry-after': String(retryAfterSeconds) });
    case 503: return new GraphSimulatorError(503, 'ServiceNotAvailable', 'Service unavailable.', { 'retry-after': String(retryAfterSeconds) });
    case 504: return new GraphSimulatorError(504, 'GatewayTimeout', 'The gateway did not receive a response in time.');
    default: return new GraphSimulatorError(500, 'InternalServerError', 'An internal server error occurred.');
  }
}
