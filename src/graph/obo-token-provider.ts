/**
 * Delegated Graph access: Microsoft Graph tokens on behalf of the signed-in user, from the caller's CURRENT API access
 * token (`user.accessToken` of the call being made) through msal-node's on-behalf-of flow, with the one confidential
 * client of entra-client.ts. Used for what a person does (tracking a message, setting its category, reading their
 * recent chats): writes act as the person.
 * Graph tokens are cached by the assertion they came from (its SHA-256), never per user: a new API token is exchanged
 * afresh, and a Graph token is only ever reused with its own assertion. msal-node's own cache is not used for lookups:
 * it keys OBO results by the assertion hash too, but matches the cached entry's scopes (the ones the token endpoint
 * answered) against the requested ones, and a `.default` request never matches the granted scopes Entra returns.
 * Concurrent calls with the same assertion share one exchange (single-flight). Both caches are bounded. This provider itself has nothing to exchange for a call without an assertion (background
 * work) and fails it with `consent_required`; GraphAccessTokens (graph-access-tokens.ts) sends such calls to
 * application access instead. Consent errors (AADSTS65001, interaction_required/consent_required) become
 * `consent_required`, which the API turns into 403 so the UI can ask for consent; an expired or unacceptable assertion
 * (AADSTS500133, AADSTS50013) becomes `token_expired`, which the API turns into 401 so the tab fetches a new API token
 * and retries. Tokens are never logged.
 */
import { createHash } from 'node:crypto';
import type { ConfidentialClientApplication } from '@azure/msal-node';
import { LRUCache } from 'lru-cache';
import type { GraphTokenProvider, UserContext } from '../app/m365-ports';
import { aadstsCodeOf, createEntraClient, GRAPH_DEFAULT_SCOPE, type EntraCredentials } from './entra-client';
import { GraphSourceError } from './graph-source-error';

export interface OboTokenProviderOptions extends EntraCredentials {
  /** The clock cached Graph tokens' lifetimes run on (default the real clock; tests pass the simulated one). */
  now?: () => number;
  /** Graph tokens kept (default {@link MAX_CACHED_GRAPH_TOKENS}). */
  maxCachedTokens?: number;
}

/**
 * Graph tokens kept at most (one per assertion, least recently used dropped first). msal-node's in-memory cache, which
 * stores every token it is given and which this provider never reads (`skipCache`), is emptied each time this many
 * tokens have been issued.
 */
export const MAX_CACHED_GRAPH_TOKENS = 10_000;

/** Graph tokens are reused until this many milliseconds before they expire. */
export const REFRESH_MARGIN_MS = 5 * 60_000;

/** AADSTS500133 (the assertion is outside its valid time range) and AADSTS50013 (the assertion was not accepted). */
const EXPIRED_ASSERTION_CODES = new Set([500133, 50013]);

export class OboTokenProvider implements GraphTokenProvider {
  private readonly app: ConfidentialClientApplication;
  private readonly maxCachedTokens: number;
  /** Graph tokens by `tenant|user|SHA-256 of the assertion`, each kept until {@link REFRESH_MARGIN_MS} before it expires (TTL on `now`). */
  private readonly cache: LRUCache<string, string>;
  /** Tokens msal has stored since its cache was last emptied. */
  private issuedSinceClear = 0;
  /** The exchange under way per cache key, shared by the calls that carry the same assertion meanwhile. */
  private readonly inFlight = new Map<string, Promise<string>>();

  constructor(private readonly options: OboTokenProviderOptions) {
    this.app = createEntraClient(options);
    this.maxCachedTokens = options.maxCachedTokens ?? MAX_CACHED_GRAPH_TOKENS;
    const now = options.now ?? (() => Date.now());
    this.cache = new LRUCache<string, string>({ max: this.maxCachedTokens, perf: { now }, ttlResolution: 0 });
  }

  /**
   * @throws GraphSourceError `consent_required` when consent or the assertion is missing; `token_expired` when the
   * identity provider refuses the assertion (expired); `graph_unavailable` when it fails or does not answer.
   */
  async getGraphToken(user: UserContext): Promise<string> {
    if (user.accessToken === undefined) {
      // Background work without a live session: nothing to exchange.
      throw new GraphSourceError('consent_required', 'no active session to act on behalf of');
    }
    const key = cacheKey(user, user.accessToken);
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    const pending = this.inFlight.get(key);
    if (pending !== undefined) return pending;
    const exchange = this.exchange(user, user.accessToken, key).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, exchange);
    return exchange;
  }

  private async exchange(user: UserContext, assertion: string, key: string): Promise<string> {
    try {
      const requestedAt = Date.now();
      const result = await this.app.acquireTokenOnBehalfOf({
        oboAssertion: assertion,
        scopes: [GRAPH_DEFAULT_SCOPE],
        authority: `${this.options.authorityHost}/${user.tenantId}`,
        skipCache: true,
      });
      if (result === null) throw new GraphSourceError('graph_unavailable', 'on-behalf-of returned no token');
      this.countIssued();
      // msal states the expiry on the real clock; the remaining lifetime is what runs on `now`.
      const reusableForMs = (result.expiresOn?.getTime() ?? requestedAt + 3_600_000) - requestedAt - REFRESH_MARGIN_MS;
      if (reusableForMs > 0) this.cache.set(key, result.accessToken, { ttl: reusableForMs });
      return result.accessToken;
    } catch (error) {
      if (error instanceof GraphSourceError) throw error;
      if (isConsentError(error)) throw new GraphSourceError('consent_required', 'consent to Microsoft Graph is required');
      const aadsts = aadstsCodeOf(error);
      if (aadsts !== null && EXPIRED_ASSERTION_CODES.has(aadsts)) throw new GraphSourceError('token_expired', `the sign-in expired (AADSTS${aadsts})`);
      throw new GraphSourceError('graph_unavailable', 'Entra ID did not issue a Graph token');
    }
  }

  /** Forgets `token` (Graph refused it) if it is the one cached for this call's assertion; the next call exchanges afresh. */
  invalidate(user: UserContext, token: string): void {
    if (user.accessToken === undefined) return;
    const key = cacheKey(user, user.accessToken);
    if (this.cache.peek(key) === token) this.cache.delete(key);
  }

  /** Empties msal's cache once {@link OboTokenProviderOptions.maxCachedTokens} tokens have been stored in it. */
  private countIssued(): void {
    this.issuedSinceClear += 1;
    if (this.issuedSinceClear < this.maxCachedTokens) return;
    this.app.clearCache();
    this.issuedSinceClear = 0;
  }
}

function cacheKey(user: UserContext, assertion: string): string {
  return `${user.tenantId}|${user.userId}|${createHash('sha256').update(assertion).digest('base64url')}`;
}

/** AADSTS65001 (no consent), interaction_required / consent_required sub-errors. */
export function isConsentError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { errorCode?: unknown; subError?: unknown; errorMessage?: unknown; message?: unknown };
  const text = `${String(e.errorMessage ?? '')} ${String(e.message ?? '')}`;
  return e.subError === 'consent_required' || e.errorCode === 'consent_required' || e.errorCode === 'interaction_required' || /AADSTS65001|AADSTS65004/.test(text);
}
