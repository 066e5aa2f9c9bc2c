/**
 * Tenant mode's GraphTokenProvider: Microsoft Graph tokens on behalf of the signed-in user, from the user's own API
 * access token, through msal-node's on-behalf-of flow. One ConfidentialClientApplication (and its token cache) for the
 * process. Graph tokens are also kept per user until shortly before expiry so background sync can run while a user's
 * session is active. Consent errors (AADSTS65001, interaction_required/consent_required) become an error with code
 * `consent_required`, which the API turns into 403 so the UI can ask for consent. Tokens are never logged.
 */
import { ConfidentialClientApplication, type Configuration } from '@azure/msal-node';
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
  now?: () => number;
  /** Users whose Graph tokens are kept (default {@link MAX_CACHED_GRAPH_TOKENS}; least recently used dropped first). */
  maxCachedTokens?: number;
}

/** Users whose Graph tokens are kept at most. */
export const MAX_CACHED_GRAPH_TOKENS = 10_000;

/** Graph tokens are reused until this many milliseconds before they expire. */
const REFRESH_MARGIN_MS = 5 * 60_000;
const GRAPH_DEFAULT_SCOPE = 'https://graph.microsoft.com/.default';

/** A user context that may carry the user's API access token (the OBO assertion). */
export type UserWithAssertion = UserContext & { accessToken?: string };

export class OboTokenProvider implements GraphTokenProvider {
  private readonly app: ConfidentialClientApplication;
  /** Graph tokens per user, each kept until {@link REFRESH_MARGIN_MS} before it expires (TTL on `now`). */
  private readonly cache: LRUCache<string, string>;
  private readonly now: () => number;

  constructor(private readonly options: OboTokenProviderOptions) {
    const auth: Configuration['auth'] = {
      clientId: options.clientId,
      authority: `${options.authorityHost}/${options.tenantId}`,
      ...(options.clientSecret !== null
        ? { clientSecret: options.clientSecret }
        : options.clientCertificate !== null
          ? { clientCertificate: { thumbprintSha256: options.clientCertificate.thumbprintSha256, privateKey: options.clientCertificate.privateKeyPem } }
          : {}),
    };
    this.app = new ConfidentialClientApplication({ auth });
    this.now = options.now ?? (() => Date.now());
    this.cache = new LRUCache<string, string>({ max: options.maxCachedTokens ?? MAX_CACHED_GRAPH_TOKENS, perf: { now: this.now }, ttlResolution: 0 });
  }

  /** @throws GraphSourceError `consent_required` when consent is missing; `graph_unavailable` when Entra ID fails. */
  async getGraphToken(user: UserWithAssertion): Promise<string> {
    const key = `${user.tenantId}|${user.userId}`;
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    if (user.accessToken === undefined) {
      // Background work without a live session: nothing to exchange.
      throw new GraphSourceError('consent_required', 'no active session to act on behalf of');
    }
    try {
      const result = await this.app.acquireTokenOnBehalfOf({
        oboAssertion: user.accessToken,
        scopes: [GRAPH_DEFAULT_SCOPE],
        authority: `${this.options.authorityHost}/${user.tenantId}`,
      });
      if (result === null) throw new GraphSourceError('graph_unavailable', 'on-behalf-of returned no token');
      const reusableForMs = (result.expiresOn?.getTime() ?? this.now() + 3_600_000) - REFRESH_MARGIN_MS - this.now();
      if (reusableForMs > 0) this.cache.set(key, result.accessToken, { ttl: reusableForMs });
      return result.accessToken;
    } catch (error) {
      if (error instanceof GraphSourceError) throw error;
      if (isConsentError(error)) throw new GraphSourceError('consent_required', 'consent to Microsoft Graph is required');
      throw new GraphSourceError('graph_unavailable', 'Entra ID did not issue a Graph token');
    }
  }
}

/** AADSTS65001 (no consent), interaction_required / consent_required sub-errors. */
export function isConsentError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { errorCode?: unknown; subError?: unknown; errorMessage?: unknown; message?: unknown };
  const text = `${String(e.errorMessage ?? '')} ${String(e.message ?? '')}`;
  return e.subError === 'consent_required' || e.errorCode === 'consent_required' || e.errorCode === 'interaction_required' || /AADSTS65001|AADSTS65004/.test(text);
}
