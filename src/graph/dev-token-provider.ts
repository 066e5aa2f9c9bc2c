import { LRUCache } from 'lru-cache';
import type { GraphTokenProvider, UserContext } from '../app/m365-ports';
import { GraphSourceError } from './graph-source-error';

/** What the dev identity provider offers (src/devtenant/identity-provider.ts), narrowed to what this needs. */
export interface DevTokenIssuer {
  issueToken(options: { username: string; audience?: string; lifetimeSeconds?: number }): Promise<string>;
}

/** Graph's audience in access tokens. */
const GRAPH_AUDIENCE = 'https://graph.microsoft.com';
const LIFETIME_SECONDS = 3600;
/** Tokens are reused until this many seconds before they expire. */
const REFRESH_MARGIN_SECONDS = 300;
/** Users whose tokens are kept at most (least recently used dropped first). */
export const MAX_CACHED_DEV_TOKENS = 10_000;

/**
 * Demo mode's GraphTokenProvider: Graph tokens from the dev identity provider for the user's UPN, cached per user
 * until five minutes before expiry. Tokens are never logged.
 */
export class DevTokenProvider implements GraphTokenProvider {
  /** Tokens per user, each kept until five minutes before it expires (TTL on `nowMs`). */
  private readonly cache: LRUCache<string, string>;

  /**
   * @param issuer the dev identity provider
   * @param upnOf the user principal name of a user id (null when unknown)
   * @param nowMs the clock tokens are judged by (the dev tenant's clock)
   */
  constructor(
    private readonly issuer: DevTokenIssuer,
    private readonly upnOf: (user: UserContext) => string | null | Promise<string | null>,
    private readonly nowMs: () => number = () => Date.now(),
    maxCachedTokens: number = MAX_CACHED_DEV_TOKENS,
  ) {
    this.cache = new LRUCache<string, string>({ max: maxCachedTokens, perf: { now: () => this.nowMs() }, ttlResolution: 0 });
  }

  async getGraphToken(user: UserContext): Promise<string> {
    const key = `${user.tenantId}|${user.userId}`;
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    const upn = await this.upnOf(user);
    if (!upn) throw new GraphSourceError('consent_required', 'no demo account for this user');
    const token = await this.issuer.issueToken({ username: upn, audience: GRAPH_AUDIENCE, lifetimeSeconds: LIFETIME_SECONDS });
    this.cache.set(key, token, { ttl: (LIFETIME_SECONDS - REFRESH_MARGIN_SECONDS) * 1000 });
    return token;
  }
}
