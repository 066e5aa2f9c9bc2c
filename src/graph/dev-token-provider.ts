import type { GraphTokenProvider, UserContext } from '../app/ports';
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

/**
 * Demo mode's GraphTokenProvider: Graph tokens from the dev identity provider for the user's UPN, cached per user
 * until five minutes before expiry. Tokens are never logged.
 */
export class DevTokenProvider implements GraphTokenProvider {
  private readonly cache = new Map<string, { token: string; expiresAtMs: number }>();

  /**
   * @param issuer the dev identity provider
   * @param upnOf the user principal name of a user id (null when unknown)
   * @param nowMs the clock tokens are judged by (the dev tenant's clock)
   */
  constructor(
    private readonly issuer: DevTokenIssuer,
    private readonly upnOf: (user: UserContext) => string | null | Promise<string | null>,
    private readonly nowMs: () => number = () => Date.now(),
  ) {}

  async getGraphToken(user: UserContext): Promise<string> {
    const key = `${user.tenantId}|${user.userId}`;
    const cached = this.cache.get(key);
    const now = this.nowMs();
    if (cached && cached.expiresAtMs - REFRESH_MARGIN_SECONDS * 1000 > now) return cached.token;
    const upn = await this.upnOf(user);
    if (!upn) throw new GraphSourceError('consent_required', 'no demo account for this user');
    const token = await this.issuer.issueToken({ username: upn, audience: GRAPH_AUDIENCE, lifetimeSeconds: LIFETIME_SECONDS });
    this.cache.set(key, { token, expiresAtMs: now + LIFETIME_SECONDS * 1000 });
    return token;
  }
}
