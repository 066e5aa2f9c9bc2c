/**
 * An error the server raises on purpose, already knowing its HTTP status and stable `code` (e.g. `forbidden`,
 * `not_found`, `not_built`, `rate_limited`). The error mapper turns it into application/problem+json.
 */
export class HttpProblem extends Error {
  override readonly name = 'HttpProblem';

  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    detail: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
  }
}

/** 404 for a resource that does not exist *for this caller* — never says whether it exists for someone else. */
export function notFound(what: string): HttpProblem {
  return new HttpProblem(404, 'not_found', 'Not found', `${what} was not found.`);
}

/** 403 for a caller who is signed in but may not do this. */
export function forbidden(detail: string): HttpProblem {
  return new HttpProblem(403, 'forbidden', 'Forbidden', detail);
}
