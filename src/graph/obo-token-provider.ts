/**
 * Tenant mode's GraphTokenProvider for delegated access: Microsoft Graph tokens on behalf of the signed-in user, from
 * the caller's CURRENT API access token (`user.accessToken` of the call being made) through msal-node's on-behalf-of
 * flow. One ConfidentialClientApplication for the process.
 * Graph tokens are cached by the assertion they came from (its SHA-256), never per user: a new API token is exchanged
 * afresh, and a Graph token is only ever reused with its own assertion. msal-node's own cache is not used for lookups:
 * it keys OBO results by the assertion hash too, but matches the cached entry's scopes (the ones the token endpoint
 * answered) against the requested ones, and a `.default` request never matches the granted scopes Entra returns.
 * Both caches are bounded. A call without an assertion (background work) fails with `consent_required`. Consent errors
 * (AADSTS65001, interaction_required/consent_required) become an error with code `consent_required`, which the API
 * turns into 403 so the UI can ask for consent. Tokens are never logged.
 */
import { createHash } from 'node:crypto';
import https from 'node:https';
import { ConfidentialClientApplication, type Configuration, type INetworkModule, type NetworkRequestOptions, type NetworkResponse } from '@azure/msal-node';
import { LRUCache } from 'lru-cache';
import type { GraphTokenProvider, UserContext } from '../app/m365-ports';
import { GraphSourceError } from './graph-source-error';

export interface OboTokenProviderOptions {
  clientId: string;
  /** The app registration's home tenant. */
  tenantId: string;
  clientSecret: string | null;
  clientCertificate: { privateKeyPem: string; thumbprintSha256: string } | null;
  /** https://login.microsoftonline.com */
  authorityHost: string;
  /**
   * Only for an identity provider that is not Microsoft's (the dev tenant's token endpoint); production passes nothing.
   * When set, `authorityHost` is a known authority (msal asks it for its metadata instead of asking
   * login.microsoftonline.com for instance discovery) and its HTTPS is checked against this CA certificate (PEM).
   */
  authorityCaPem?: string;
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
const REFRESH_MARGIN_MS = 5 * 60_000;

const GRAPH_DEFAULT_SCOPE = 'https://graph.microsoft.com/.default';

export class OboTokenProvider implements GraphTokenProvider {
  private readonly app: ConfidentialClientApplication;
  private readonly maxCachedTokens: number;
  /** Graph tokens by `tenant|user|SHA-256 of the assertion`, each kept until {@link REFRESH_MARGIN_MS} before it expires (TTL on `now`). */
  private readonly cache: LRUCache<string, string>;
  /** Tokens msal has stored since its cache was last emptied. */
  private issuedSinceClear = 0;

  constructor(private readonly options: OboTokenProviderOptions) {
    const auth: Configuration['auth'] = {
      clientId: options.clientId,
      authority: `${options.authorityHost}/${options.tenantId}`,
      ...(options.authorityCaPem !== undefined ? { knownAuthorities: [new URL(options.authorityHost).host] } : {}),
      ...(options.clientSecret !== null
        ? { clientSecret: options.clientSecret }
        : options.clientCertificate !== null
          ? { clientCertificate: { thumbprintSha256: options.clientCertificate.thumbprintSha256, privateKey: options.clientCertificate.privateKeyPem } }
          : {}),
    };
    const system: Configuration['system'] = options.authorityCaPem !== undefined ? { networkClient: networkClientTrusting(options.authorityCaPem) } : undefined;
    this.app = new ConfidentialClientApplication({ auth, ...(system ? { system } : {}) });
    this.maxCachedTokens = options.maxCachedTokens ?? MAX_CACHED_GRAPH_TOKENS;
    const now = options.now ?? (() => Date.now());
    this.cache = new LRUCache<string, string>({ max: this.maxCachedTokens, perf: { now }, ttlResolution: 0 });
  }

  /** @throws GraphSourceError `consent_required` when consent or the assertion is missing; `graph_unavailable` when Entra ID fails. */
  async getGraphToken(user: UserContext): Promise<string> {
    if (user.accessToken === undefined) {
      // Background work without a live session: nothing to exchange.
      throw new GraphSourceError('consent_required', 'no active session to act on behalf of');
    }
    const key = `${user.tenantId}|${user.userId}|${createHash('sha256').update(user.accessToken).digest('base64url')}`;
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    try {
      const requestedAt = Date.now();
      const result = await this.app.acquireTokenOnBehalfOf({
        oboAssertion: user.accessToken,
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
      throw new GraphSourceError('graph_unavailable', 'Entra ID did not issue a Graph token');
    }
  }

  /** Empties msal's cache once {@link OboTokenProviderOptions.maxCachedTokens} tokens have been stored in it. */
  private countIssued(): void {
    this.issuedSinceClear += 1;
    if (this.issuedSinceClear < this.maxCachedTokens) return;
    this.app.clearCache();
    this.issuedSinceClear = 0;
  }
}

/** AADSTS65001 (no consent), interaction_required / consent_required sub-errors. */
export function isConsentError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { errorCode?: unknown; subError?: unknown; errorMessage?: unknown; message?: unknown };
  const text = `${String(e.errorMessage ?? '')} ${String(e.message ?? '')}`;
  return e.subError === 'consent_required' || e.errorCode === 'consent_required' || e.errorCode === 'interaction_required' || /AADSTS65001|AADSTS65004/.test(text);
}

/** msal-node's network module over node:https, trusting only `caPem` (e.g. the dev tenant's certificate). */
export function networkClientTrusting(caPem: string): INetworkModule {
  const send = <T>(method: 'GET' | 'POST', url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> =>
    new Promise((resolve, reject) => {
      const req = https.request(url, { method, ca: caPem, headers: { ...options?.headers } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const headers: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
          const text = Buffer.concat(chunks).toString('utf8');
          try {
            resolve({ status: res.statusCode ?? 0, headers, body: (text ? JSON.parse(text) : {}) as T });
          } catch (error) {
            reject(error instanceof Error ? error : new Error('unreadable token endpoint response'));
          }
        });
      });
      req.on('error', reject);
      if (options?.body) req.write(options.body);
      req.end();
    });
  return {
    sendGetRequestAsync: (url, options) => send('GET', url, options),
    sendPostRequestAsync: (url, options) => send('POST', url, options),
  };
}
