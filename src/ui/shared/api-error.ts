import type { Problem } from '../../contracts/api';

/**
 * An API call that did not succeed. `status` is the HTTP status (0 when the network failed), `problem` the server's
 * problem+json body (or one made up on the client), `code` its stable code — the UI branches on it
 * (`consent_required`, `offline`, `not_found`…).
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
