import type { Context, Middleware, MiddlewareOptions } from '@microsoft/microsoft-graph-client';
import type { GraphTokenProvider, UserContext } from '../app/m365-ports';

/** The per-request middleware option that names whom a Graph request is made for (see GraphClientPool.clientFor). */
export class GraphCallOptions implements MiddlewareOptions {
  constructor(readonly user: UserContext) {}
}

/**
 * Graph client middleware placed before the AuthenticationHandler: when Graph answers 401, it tells the token provider
 * to forget the token that request carried (`invalidate` for this call's context) and sends the request once more,
 * which makes the AuthenticationHandler fetch a fresh token. A second 401 is Graph's answer and goes to the caller.
 *
 * Why: a cached token's lifetime is only our estimate — msal states expiry on the machine's clock (the dev tenant's
 * simulated clock may have moved past it), and a token can be revoked before it expires. Graph's 401 is the truth.
 */
export class TokenRenewalHandler implements Middleware {
  private next: Middleware | undefined;

  constructor(private readonly tokens: GraphTokenProvider) {}

  setNext(next: Middleware): void {
    this.next = next;
  }

  async execute(context: Context): Promise<void> {
    if (!this.next) throw new Error('TokenRenewalHandler needs a next middleware');
    await this.next.execute(context);
    const options = context.middlewareControl?.getMiddlewareOptions(GraphCallOptions) as GraphCallOptions | undefined;
    if (context.response?.status !== 401 || options === undefined || this.tokens.invalidate === undefined) return;
    const sent = takeBearerToken(context);
    if (sent === null) return;
    this.tokens.invalidate(options.user, sent);
    // Drain the refused answer so the connection can be reused, then send the same request with a fresh token.
    await context.response.arrayBuffer().catch(() => undefined);
    context.response = undefined;
    await this.next.execute(context);
  }
}

/**
 * The bearer token the AuthenticationHandler put on the request, removed from it (the handler appends the header, so
 * a retried request would otherwise carry both tokens); null when there is none.
 */
function takeBearerToken(context: Context): string | null {
  const headers = (context.request instanceof Request ? context.request.headers : context.options?.headers) as Headers | Record<string, string> | [string, string][] | undefined;
  let value: string | null = null;
  if (headers instanceof Headers) {
    value = headers.get('Authorization');
    headers.delete('Authorization');
  } else if (Array.isArray(headers)) {
    const index = headers.findIndex(([k]) => k.toLowerCase() === 'authorization');
    if (index >= 0) value = headers.splice(index, 1)[0]?.[1] ?? null;
  } else if (headers !== undefined) {
    for (const key of Object.keys(headers)) {
      if (key.toLowerCase() !== 'authorization') continue;
      value = headers[key] ?? null;
      delete headers[key];
    }
  }
  const match = value === null ? null : /^Bearer (\S+)$/.exec(value);
  return match?.[1] ?? null;
}
