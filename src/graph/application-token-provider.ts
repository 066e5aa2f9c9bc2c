/**
 * Application access for background work: Microsoft Graph tokens of Turnaround itself (client credentials, with the one
 * confidential client of entra-client.ts), so sync of mail, chats, mailbox settings and the directory keeps running for
 * every person who uses Turnaround whether or not they are signed in. The app is multi-tenant: each token is asked
 * for at the authority of the tenant the work is in (each tenant's admin consented there).
 *
 * One token per tenant, cached on `now` the same way as OboTokenProvider (remaining lifetime = msal's expiry − the
 * instant it was asked for, minus a refresh margin), and asked for once however many calls want it at the same time
 * (single-flight). msal-node's own cache is not read (`skipCache`): its expiry runs on the real clock, and a token Graph
 * refused must not come back from it. Tokens are never logged.
 */
import type { AuthenticationResult, ClientCredentialRequest } from '@azure/msal-node';
import { LRUCache } from 'lru-cache';
import { aadstsCodeOf, createEntraClient, GRAPH_DEFAULT_SCOPE, oauthErrorOf, type EntraCredentials } from './entra-client';
import { GraphSourceError } from './graph-source-error';
import { REFRESH_MARGIN_MS } from './obo-token-provider';

/** The part of msal-node's ConfidentialClientApplication this provider uses (a unit-test seam). */
export interface ClientCredentialClient {
  acquireTokenByClientCredential(request: ClientCredentialRequest): Promise<AuthenticationResult | null>;
}

export interface ApplicationTokenProviderOptions extends EntraCredentials {
  /** The clock cached tokens' lifetimes run on (default the real clock; the demo and tests pass the simulated one). */
  now?: () => number;
  /** Tenants whose tokens are kept (default {@link MAX_CACHED_APPLICATION_TOKENS}). */
  maxCachedTokens?: number;
  /** Replaces the msal client built from the credentials (unit tests only). */
  client?: ClientCredentialClient;
}

/** Tenants whose application tokens are kept at most (least recently used dropped first). */
export const MAX_CACHED_APPLICATION_TOKENS = 1_000;

/**
 * Entra's answers that mean the app may not act in the tenant until an admin does something: no consent (65001), the
 * service principal disabled (7000112), the app unknown in the tenant (700016), a wrong or expired secret (7000215,
 * 7000222). Retrying does not help; telling an admin does.
 */
const REFUSED_CODES = new Set([65001, 7000112, 700016, 7000215, 7000222]);

export class ApplicationTokenProvider {
  private readonly client: ClientCredentialClient;
  /** Tokens by tenant id, each kept until {@link REFRESH_MARGIN_MS} before it expires (TTL on `now`). */
  private readonly cache: LRUCache<string, string>;
  /** The token request under way per tenant, shared by everyone who asks meanwhile. */
  private readonly inFlight = new Map<string, Promise<string>>();

  constructor(private readonly options: ApplicationTokenProviderOptions) {
    this.client = options.client ?? createEntraClient(options);
    const now = options.now ?? (() => Date.now());
    this.cache = new LRUCache<string, string>({ max: options.maxCachedTokens ?? MAX_CACHED_APPLICATION_TOKENS, perf: { now }, ttlResolution: 0 });
  }

  /**
   * Turnaround's Graph token in `tenantId`.
   * @throws GraphSourceError `application_access_refused` when the tenant's consent or the app's credentials are
   * missing or wrong; `graph_unavailable` when the identity provider fails or does not answer.
   */
  getToken(tenantId: string): Promise<string> {
    const cached = this.cache.get(tenantId);
    if (cached !== undefined) return Promise.resolve(cached);
    const pending = this.inFlight.get(tenantId);
    if (pending !== undefined) return pending;
    const request = this.request(tenantId).finally(() => this.inFlight.delete(tenantId));
    this.inFlight.set(tenantId, request);
    return request;
  }

  /** Forgets `token` (Graph refused it) if it is the one cached for `tenantId`; the next call asks for a new one. */
  invalidate(tenantId: string, token: string): void {
    if (this.cache.peek(tenantId) === token) this.cache.delete(tenantId);
  }

  private async request(tenantId: string): Promise<string> {
    try {
      const requestedAt = Date.now();
      const result = await this.client.acquireTokenByClientCredential({
        scopes: [GRAPH_DEFAULT_SCOPE],
        authority: `${this.options.authorityHost}/${tenantId}`,
        skipCache: true,
      });
      if (result === null) throw new GraphSourceError('graph_unavailable', 'client credentials returned no token');
      // msal states the expiry on the real clock; the remaining lifetime is what runs on `now`.
      const reusableForMs = (result.expiresOn?.getTime() ?? requestedAt + 3_600_000) - requestedAt - REFRESH_MARGIN_MS;
      if (reusableForMs > 0) this.cache.set(tenantId, result.accessToken, { ttl: reusableForMs });
      return result.accessToken;
    } catch (error) {
      if (error instanceof GraphSourceError) throw error;
      if (isRefusal(error)) throw new GraphSourceError('application_access_refused', `Entra ID refused Turnaround's application access in tenant ${tenantId} (${describe(error)})`);
      throw new GraphSourceError('graph_unavailable', 'Entra ID did not issue an application token');
    }
  }
}

function isRefusal(error: unknown): boolean {
  const aadsts = aadstsCodeOf(error);
  if (aadsts !== null && REFUSED_CODES.has(aadsts)) return true;
  const oauth = oauthErrorOf(error);
  return oauth === 'invalid_client' || oauth === 'unauthorized_client';
}

/** What an admin needs to look the refusal up (never a secret or token). */
function describe(error: unknown): string {
  const aadsts = aadstsCodeOf(error);
  return aadsts !== null ? `AADSTS${aadsts}` : (oauthErrorOf(error) ?? 'refused');
}
