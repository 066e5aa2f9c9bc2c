import { AuthenticationHandler, Client, HTTPMessageHandler, type AuthenticationProvider } from '@microsoft/microsoft-graph-client';
import { LRUCache } from 'lru-cache';
import { Agent } from 'undici';
import type { GraphTokenProvider, UserContext } from '../app/m365-ports';
import { MailboxConcurrency } from './mailbox-concurrency';
import type { BackoffPolicy } from './retry-after';
import { ThrottlingHandler } from './throttling-handler';

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
 * One Microsoft Graph client per user, each with the middleware chain
 * AuthenticationHandler (the user's token) → ThrottlingHandler (≤ 4 per mailbox, Retry-After) → HTTPMessageHandler.
 * Only HTTPS endpoints are used: the client drops Authorization on http:// (see TOOLCHAIN.md).
 * The pool is bounded; a client holds no state of its own — its mailbox limiter is looked up in the shared registry
 * on every request, so a client dropped and made again still shares the one limiter of its mailbox.
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

  /** The (cached) client that acts as `user`. */
  clientFor(user: UserContext): Client {
    const key = `${user.tenantId}|${user.userId}`;
    let client = this.clients.get(key);
    if (!client) {
      const tokens = this.options.tokens;
      const authProvider: AuthenticationProvider = { getAccessToken: () => tokens.getGraphToken(user) };
      const middleware = [
        new AuthenticationHandler(authProvider),
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
    return client;
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
