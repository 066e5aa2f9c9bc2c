import type { Problem } from '../../contracts/api';

/**
 * An API call that did not succeed. `status` is the HTTP status (0 when the network failed), `problem` the server's
 * problem+json body (or one made up on the client), `code` its stable code — the UI branches on it. Codes a surface
 * treats on its own (each has its own status; src/server/problem.ts lists them all):
 * - `consent_required` (403): Entra ID needs the user's or an admin's consent — offer it;
 * - `graph_unauthorized` (502): Microsoft Graph rejected the server's token for the user — retry, consent won't help;
 * - `message_not_found` (404): the message is no longer in the mailbox or chat; `not_found` (404): the request is gone;
 * - `not_colleague` (422): the sender is outside the organisation — track with `override`;
 * - `undo_expired` / `undo_superseded` (409); `stored_calendar_invalid` (500): the server's stored calendar is at fault;
 * - `offline` (status 0), made up on the client.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;
  readonly code: string;

  constructor(problem: Problem) {
    super(problem.detail || problem.title);
    this.name = 'ApiError';
    this.status = problem.status;
    this.problem = problem;
    this.code = problem.code;
  }
}

/** True when `err` is an {@link ApiError} with the given `code`. */
export function isApiErrorCode(err: unknown, code: string): err is ApiError {
  return err instanceof ApiError && err.code === code;
}
