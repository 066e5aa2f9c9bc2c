/**
 * Codes the Graph adapters throw with; the API maps them to problem+json (src/server/problem.ts). `consent_required`,
 * `token_expired` and `application_access_refused` come only from the token providers: Entra ID refuses a token for
 * lack of consent (AADSTS65001…), refuses the caller's expired API token as an on-behalf-of assertion (AADSTS500133),
 * or refuses Turnaround's own application access in a tenant (consent missing, app disabled, bad credentials). Graph's
 * own 401 (it rejected the token it got, even after one renewal) is `graph_unauthorized` and its 403 (it refuses this
 * item) `graph_forbidden`.
 */
export type GraphSourceErrorCode =
  | 'not_found'
  | 'delta_expired'
  | 'consent_required'
  | 'token_expired'
  | 'application_access_refused'
  | 'graph_unauthorized'
  | 'graph_forbidden'
  | 'graph_unavailable'
  | 'graph_error';

/** An error from a Graph adapter with a stable `code` and, when known, Graph's HTTP status and error code. */
export class GraphSourceError extends Error {
  constructor(
    readonly code: GraphSourceErrorCode,
    message: string,
    readonly status: number | null = null,
    readonly graphCode: string | null = null,
  ) {
    super(message);
    this.name = 'GraphSourceError';
  }

  /**
   * Names the code: the Graph client rebuilds an error thrown inside its middleware (a token provider's
   * `consent_required`) as a GraphError that keeps only `name` (as `code`) and `toString()` (as `body`), and
   * {@link toGraphSourceError} reads the code back from there.
   */
  override toString(): string {
    return `${this.name}[${this.code}]: ${this.message}`;
  }
}

const CODES: readonly GraphSourceErrorCode[] = ['not_found', 'delta_expired', 'consent_required', 'token_expired', 'application_access_refused', 'graph_unauthorized', 'graph_forbidden', 'graph_unavailable', 'graph_error'];

/** The GraphSourceError a token provider threw inside the Graph client's middleware, rebuilt (null when it is not one). */
function fromMiddleware(e: { code?: unknown; body?: unknown; message?: unknown } | null): GraphSourceError | null {
  if (e?.code !== 'GraphSourceError' || typeof e.body !== 'string') return null;
  const code = /^GraphSourceError\[([a-z_]+)\]:/.exec(e.body)?.[1] as GraphSourceErrorCode | undefined;
  return code !== undefined && CODES.includes(code) ? new GraphSourceError(code, typeof e.message === 'string' ? e.message : code) : null;
}

/** Maps what the Graph client threw (GraphError: statusCode, code) to a GraphSourceError. */
export function toGraphSourceError(err: unknown, what: string): GraphSourceError {
  if (err instanceof GraphSourceError) return err;
  const e = err as { statusCode?: unknown; code?: unknown; message?: unknown; body?: unknown } | null;
  const rebuilt = fromMiddleware(e);
  if (rebuilt !== null) return rebuilt;
  const status = typeof e?.statusCode === 'number' ? e.statusCode : null;
  const graphCode = typeof e?.code === 'string' ? e.code : null;
  const detail = typeof e?.message === 'string' ? e.message : String(err);
  if (status === 404) return new GraphSourceError('not_found', `${what}: not found`, status, graphCode);
  if (status === 410) return new GraphSourceError('delta_expired', `${what}: the delta link expired`, status, graphCode);
  if (status === 401) return new GraphSourceError('graph_unauthorized', `${what}: Graph rejected the access token (${detail})`, status, graphCode);
  if (status === 403) return new GraphSourceError('graph_forbidden', `${what}: access denied (${detail})`, status, graphCode);
  if (status === 429 || status === 503 || status === 504) return new GraphSourceError('graph_unavailable', `${what}: Graph stayed throttled or unavailable`, status, graphCode);
  return new GraphSourceError('graph_error', `${what}: ${detail}`, status, graphCode);
}

/** Whether an error means "not found" (404 or an adapter's not_found). */
export function isNotFound(err: unknown): boolean {
  const e = err as { statusCode?: unknown; code?: unknown } | null;
  return e?.statusCode === 404 || (err instanceof GraphSourceError && err.code === 'not_found');
}
