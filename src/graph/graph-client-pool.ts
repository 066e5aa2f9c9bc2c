import { AuthenticationHandler, AuthenticationHandlerOptions, Client, HTTPMessageHandler, type AuthenticationProvider } from '@microsoft/microsoft-graph-client';
import { LRUCache } from 'lru-cache';
import { Agent } from 'undici';
import type { GraphTokenProvider, UserContext } from '../app/m365-ports';
import { MailboxConcurrency } from './mailbox-concurrency';
import type { BackoffPolicy } from './retry-after';
import { ThrottlingHandler } from './throttling-handler';
import { GraphCallOptions, TokenRenewalHandler } from './token-renewal-handler';

export interface GraphClientPoolOptions {
  /** Graph's root including the version, e.g. 'https://graph.microsoft.com/v1.0/' or the simulator's. */
  baseUrl: string;
  /** Extra CA certificate (PEM) to trust for this client only (the dev tenant's self-signed certificate). */
  caPem?: string;
  tokens: GraphTokenProvider;
  /** Shared per-mailbox limits (default: a new registry with 4 per mailbox). */
  concurrency?: MailboxConcurrency;
  backoff?: Partial<BackoffPolicy>;
  /** Bound of the pool (default {@link MAX_POOLED_GRAPH_CLIENTS}). */
  maxClients?: number;
}

/** Users whose Graph clients are kept (least recently used dropped first; a dropped one is made again on demand). */
export const MAX_POOLED_GRAPH_CLIENTS = 10_000;

/**
 * One Microsoft Graph client per user, each with the middleware chain TokenRenewalHandler (one retry with a fresh
 * token on Graph's 401) → AuthenticationHandler → ThrottlingHandler (≤ 4 per mailbox, Retry-After) → HTTPMessageHandler.
 * Only HTTPS endpoints are used: the client drops Authorization on http:// (see TOOLCHAIN.md).
 * The pool is bounded and closes over no user and no token: {@link GraphClientPool.clientFor} returns a view of the
 * pooled client whose every request carries the user context of that call, and the AuthenticationHandler asks the
 * token provider for that context's token (the caller's current API token, never one captured by an earlier call).
 * A client holds no state of its own — its mailbox limiter is looked up in the shared registry on every request, so a
 * client dropped and made again still shares the one limiter of its mailbox.
 */
export class GraphClientPool {
  private readonly clients: LRUCache<string, Client>;
  private readonly concurrency: MailboxConcurrency;
  private readonly dispatcher: Agent | undefined;
  private readonly version: string;
  private readonly rootUrl: string;
  private readonly host: string;

  constructor(private readonly options: GraphClientPoolOptions) {
    const url = new URL(options.baseUrl);
    if (url.protocol !== 'https:') throw new Error('Graph base URL must be https://');
    const parts = url.pathname.split('/').filter(Boolean);
    this.version = parts.pop() ?? 'v1.0';
    this.rootUrl = `${url.origin}/${parts.map((p) => `${p}/`).join('')}`;
    this.host = url.hostname;
    this.concurrency = options.concurrency ?? new MailboxConcurrency();
    this.dispatcher = options.caPem ? new Agent({ connect: { ca: options.caPem } }) : undefined;
    this.clients = new LRUCache<string, Client>({ max: options.maxClients ?? MAX_POOLED_GRAPH_CLIENTS });
  }

  /** Graph's root including the version, ending with '/'. */
  get versionRootUrl(): string {
    return `${this.rootUrl}${this.version}/`;
  }

  /**
   * A client that acts as `user` — this `user` context, token included — for every request made through it.
   * The pooled client (middleware chain) is shared by all calls for the same person; the context is not: it travels
   * with each request as AuthenticationHandlerOptions, so concurrent calls with different tokens of one person (or a
   * signed-in call beside background work) each use their own. It also travels as GraphCallOptions, so a 401 makes
   * the token provider forget the token of exactly this context.
   */
  clientFor(user: UserContext): Client {
    const key = `${user.tenantId}|${user.userId}`;
    let client = this.clients.get(key);
    if (!client) {
      const middleware = [
        new TokenRenewalHandler(this.options.tokens),
        new AuthenticationHandler(NO_USER_CONTEXT),
        new ThrottlingHandler({ limiter: { acquire: () => this.concurrency.for(key).acquire() }, backoff: this.options.backoff }),
        new HTTPMessageHandler(),
      ];
      client = Client.initWithMiddleware({
        middleware,
        baseUrl: this.rootUrl,
        defaultVersion: this.version,
        customHosts: new Set([this.host]),
        // undici's dispatcher carries the extra CA; Node's fetch accepts it as an option.
        fetchOptions: this.dispatcher ? ({ dispatcher: this.dispatcher } as Record<string, unknown>) : undefined,
      });
      this.clients.set(key, client);
    }
    return actingAs(client, user, this.options.tokens);
  }

  /** The path of an absolute Graph URL relative to the version root ('/me/…'), for `$batch` items. */
  relativeUrl(absolute: string): string {
    const root = this.versionRootUrl;
    return absolute.startsWith(root) ? `/${absolute.slice(root.length)}` : absolute;
  }

  /** Closes pooled connections. */
  async close(): Promise<void> {
    this.clients.clear();
    await this.dispatcher?.close();
  }
}

/** The pooled clients' own provider: a request that does not carry a user context gets no token. */
const NO_USER_CONTEXT: AuthenticationProvider = {
  getAccessToken: () => Promise.reject(new Error('Graph request without a user context')),
};

/**
 * A view of `client` whose requests (`api(…)`) carry `user`'s token provider as their AuthenticationHandlerOptions and
 * `user` as their GraphCallOptions.
 */
function actingAs(client: Client, user: UserContext, tokens: GraphTokenProvider): Client {
  const options = new AuthenticationHandlerOptions({ getAccessToken: () => tokens.getGraphToken(user) });
  const call = new GraphCallOptions(user);
  const view = Object.create(client) as Client;
  view.api = (path: string) => client.api(path).middlewareOptions([options, call]);
  return view;
}
