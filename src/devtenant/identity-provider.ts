import { SignJWT, exportJWK, generateKeyPair, jwtVerify, type JWK, type JWTPayload, type CryptoKey } from 'jose';
import { randomUUID } from 'node:crypto';

/** The demo API's client id (the `aud` of tokens for Turnaround's own API in demo mode). A fixed GUID. */
export const DEMO_API_CLIENT_ID = '6f1c2d3e-8a4b-4c5d-9e6f-7a8b9c0d1e2f';
/** The client id of the demo app itself (the `azp` of every token it issues). */
export const DEMO_APP_CLIENT_ID = 'a3d1e5f0-2b4c-4d6e-8f10-1a2b3c4d5e6f';
/** Microsoft Graph's audience, as found in Graph access tokens' `aud`. */
export const GRAPH_AUDIENCE = 'https://graph.microsoft.com';
/** Graph's application id; Graph also accepts tokens with this as `aud`. */
export const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
/** Default delegated scopes of a Graph token from the dev identity provider. */
export const DEMO_GRAPH_SCOPES = 'Mail.ReadWrite Mail.Send Chat.ReadWrite User.Read.All Team.ReadBasic.All TeamMember.Read.All MailboxSettings.Read';
/** Default issuer base: the Turnaround server's own /dev/idp in demo mode. */
export const DEFAULT_IDP_ISSUER_BASE = 'http://localhost:3978/dev/idp';

/** A person the identity provider can issue tokens for. */
export interface IdentityAccount {
  id: string;
  userPrincipalName: string;
  displayName: string;
}

/** A tenant the identity provider knows: its id and its accounts. */
export interface IdentityTenant {
  tenantId: string;
  users: readonly IdentityAccount[];
}

/** Options of {@link DevIdentityProvider.issueToken}. */
export interface IssueTokenOptions {
  /** The UPN of a demo user (case-insensitive). */
  username: string;
  /** Defaults to {@link DEMO_API_CLIENT_ID}; `https://graph.microsoft.com` gives a Graph token. */
  audience?: string;
  /** Space-separated delegated scopes (`scp`). Defaults by audience. */
  scopes?: string;
  /** Token lifetime in seconds (default 3600; negative gives an expired token). */
  lifetimeSeconds?: number;
  /** `nbf` relative to now in seconds (default 0; positive gives a not-yet-valid token). */
  notBeforeOffsetSeconds?: number;
  /** Issuer base of this token (default the provider's); must be one {@link DevIdentityProvider.acceptIssuerBase} knows. */
  issuerBase?: string;
  /** The client the token is issued to (`azp`; default {@link DEMO_APP_CLIENT_ID}). */
  authorizedParty?: string;
}

/** Options of {@link DevIdentityProvider.issueAppToken}. */
export interface IssueAppTokenOptions {
  /** The confidential client's id (`azp`, `appid`). */
  clientId: string;
  /** The object id of the client's service principal in the tenant (`oid`, `sub`). */
  servicePrincipalId: string;
  /** The application permissions granted to the client (`roles`); empty gives a token without `roles`. */
  roles: readonly string[];
  lifetimeSeconds: number;
  /** Default the demo tenant. */
  tenantId?: string;
  /** Default the provider's issuer base. */
  issuerBase?: string;
  /** `azpacr`: '1' client secret, '2' certificate. */
  clientAuthentication: '1' | '2';
}

/** Thrown for an unknown username; `code` is stable. */
export class UnknownUserError extends Error {
  readonly code = 'unknown_user';
  constructor(username: string) {
    super(`No demo user has the user principal name '${username}'.`);
    this.name = 'UnknownUserError';
  }
}

/** The claims the dev identity provider puts in its v2 access tokens. */
export interface DevAccessTokenClaims extends JWTPayload {
  tid: string;
  oid: string;
  preferred_username: string;
  name: string;
  scp: string;
  ver: '2.0';
  azp: string;
}

/** The claims of an application (client-credentials) token: `roles` instead of `scp`, `idtyp: app`. */
export interface DevAppTokenClaims extends JWTPayload {
  tid: string;
  oid: string;
  roles?: string[];
  idtyp: 'app';
  ver: '2.0';
  azp: string;
}

/** The result of {@link DevIdentityProvider.verifyAnyToken}. */
export type VerifiedToken =
  | { status: 'valid'; claims: DevAccessTokenClaims | DevAppTokenClaims }
  | { status: 'expired' }
  | { status: 'invalid' };

/**
 * Demo-mode identity provider: RS256 keys generated at start, Entra-ID-v2-shaped access tokens.
 * The same tokens are accepted by the Graph simulator (audience Graph) and by the API (audience the demo API).
 */
export class DevIdentityProvider {
  /** The demo organisation's tenant id. */
  readonly tenantId: string;
  /** The v2 issuer for the demo tenant: `${issuerBase}/${tenantId}/v2.0`. */
  readonly issuer: string;
  private readonly accountsByUpn = new Map<string, { account: IdentityAccount; tenantId: string }>();
  private readonly issuerBases = new Set<string>();

  private constructor(
    private readonly issuerBase: string,
    tenants: readonly IdentityTenant[],
    private readonly privateKey: CryptoKey,
    private readonly publicJwk: JWK,
    private readonly publicKey: CryptoKey,
    /** The clock tokens are stamped and checked with (the dev tenant's simulated clock). */
    readonly now: () => Date,
  ) {
    const first = tenants[0];
    if (!first) throw new Error('DevIdentityProvider needs at least one tenant');
    this.tenantId = first.tenantId;
    this.issuer = this.issuerForTenant(first.tenantId);
    this.issuerBases.add(issuerBase);
    for (const t of tenants) {
      for (const u of t.users) this.accountsByUpn.set(u.userPrincipalName.toLowerCase(), { account: u, tenantId: t.tenantId });
    }
  }

  /**
   * Generates a fresh RS256 key pair and returns a provider for the given tenants (the first is the demo tenant).
   * @param now the clock tokens are stamped with (the dev tenant's simulated clock).
   */
  static async create(options: { tenants: readonly IdentityTenant[]; issuerBase?: string; now?: () => Date }): Promise<DevIdentityProvider> {
    const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
    const jwk = await exportJWK(publicKey);
    const publicJwk: JWK = { ...jwk, kid: randomUUID(), alg: 'RS256', use: 'sig' };
    const base = (options.issuerBase ?? DEFAULT_IDP_ISSUER_BASE).replace(/\/+$/, '');
    return new DevIdentityProvider(base, options.tenants, privateKey, publicJwk, publicKey, options.now ?? (() => new Date()));
  }

  /** The v2 issuer for any tenant this provider serves (under its own issuer base, or under `issuerBase`). */
  issuerForTenant(tenantId: string, issuerBase: string = this.issuerBase): string {
    return `${issuerBase.replace(/\/+$/, '')}/${tenantId}/v2.0`;
  }

  /** Adds an issuer base whose tokens this provider issues and accepts (the HTTPS token endpoint's origin). */
  acceptIssuerBase(issuerBase: string): void {
    this.issuerBases.add(issuerBase.replace(/\/+$/, ''));
  }

  /** The hosts of the issuer bases this provider issues under, e.g. 'localhost:3978' (the servers it is part of). */
  issuerHosts(): string[] {
    return [...new Set([...this.issuerBases].map((b) => new URL(b).host))];
  }

  /** The tenant ids this provider serves. */
  tenantIds(): string[] {
    return [...new Set([this.tenantId, ...[...this.accountsByUpn.values()].map((a) => a.tenantId)])];
  }

  /** The account with this object id, or undefined. */
  findAccountById(oid: string): { account: IdentityAccount; tenantId: string } | undefined {
    for (const a of this.accountsByUpn.values()) if (a.account.id === oid) return a;
    return undefined;
  }

  /** The JSON Web Key Set with the public signing key (`kid`, `alg: RS256`, `use: sig`). */
  jwks(): { keys: JWK[] } {
    return { keys: [{ ...this.publicJwk }] };
  }

  /** The account and tenant for a UPN, or undefined. */
  findAccount(username: string): { account: IdentityAccount; tenantId: string } | undefined {
    return this.accountsByUpn.get(username.trim().toLowerCase());
  }

  /**
   * Issues a signed v2 access token for a demo user.
   * @throws UnknownUserError when no demo user has that UPN.
   */
  async issueToken(options: IssueTokenOptions): Promise<string> {
    const found = this.findAccount(options.username);
    if (!found) throw new UnknownUserError(options.username);
    const audience = options.audience ?? DEMO_API_CLIENT_ID;
    const isGraph = audience === GRAPH_AUDIENCE || audience === GRAPH_APP_ID;
    const scp = options.scopes ?? (isGraph ? DEMO_GRAPH_SCOPES : 'access_as_user');
    const nowSeconds = Math.floor(this.now().getTime() / 1000);
    const lifetime = options.lifetimeSeconds ?? 3600;
    const nbf = nowSeconds + (options.notBeforeOffsetSeconds ?? 0);
    return new SignJWT({
      tid: found.tenantId,
      oid: found.account.id,
      preferred_username: found.account.userPrincipalName,
      name: found.account.displayName,
      scp,
      ver: '2.0',
      azp: options.authorizedParty ?? DEMO_APP_CLIENT_ID,
      azpacr: '0',
      uti: randomUUID().replace(/-/g, '').slice(0, 22),
    })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: this.publicJwk.kid ?? '' })
      .setIssuer(this.issuerForTenant(found.tenantId, this.knownIssuerBase(options.issuerBase)))
      .setAudience(audience)
      .setSubject(found.account.id)
      .setIssuedAt(Math.min(nowSeconds, nbf))
      .setNotBefore(nbf)
      .setExpirationTime(nowSeconds + lifetime)
      .sign(this.privateKey);
  }

  /** Issues a signed v2 application token for Graph (client credentials): `roles`, `idtyp: app`, no `scp`. */
  async issueAppToken(options: IssueAppTokenOptions): Promise<string> {
    const tenantId = options.tenantId ?? this.tenantId;
    const nowSeconds = Math.floor(this.now().getTime() / 1000);
    return new SignJWT({
      tid: tenantId,
      oid: options.servicePrincipalId,
      ...(options.roles.length > 0 ? { roles: [...options.roles] } : {}),
      idtyp: 'app',
      ver: '2.0',
      azp: options.clientId,
      azpacr: options.clientAuthentication,
      uti: randomUUID().replace(/-/g, '').slice(0, 22),
    })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: this.publicJwk.kid ?? '' })
      .setIssuer(this.issuerForTenant(tenantId, this.knownIssuerBase(options.issuerBase)))
      .setAudience(GRAPH_AUDIENCE)
      .setSubject(options.servicePrincipalId)
      .setIssuedAt(nowSeconds)
      .setNotBefore(nowSeconds)
      .setExpirationTime(nowSeconds + options.lifetimeSeconds)
      .sign(this.privateKey);
  }

  /**
   * Verifies a delegated token this provider issued (signature, issuer of a known tenant, audience, exp, nbf) against
   * the simulated clock. Application tokens are not accepted here. The API validates tokens itself through the JWKS.
   * @returns the claims, or null when the token is not valid.
   */
  async verifyToken(token: string, audiences: readonly string[]): Promise<DevAccessTokenClaims | null> {
    const result = await this.verifyAnyToken(token, audiences);
    return result.status === 'valid' && result.claims.idtyp !== 'app' ? (result.claims as DevAccessTokenClaims) : null;
  }

  /**
   * Verifies a delegated or application token this provider issued against the simulated clock; tells an expired
   * (or not yet valid) token apart from an invalid one. Used by the Graph simulator and the token endpoint.
   */
  async verifyAnyToken(token: string, audiences: readonly string[]): Promise<VerifiedToken> {
    try {
      const { payload } = await jwtVerify(token, this.publicKey, {
        algorithms: ['RS256'],
        audience: [...audiences],
        currentDate: this.now(),
      });
      const claims = payload as DevAccessTokenClaims | DevAppTokenClaims;
      if (typeof claims.tid !== 'string' || ![...this.issuerBases].some((b) => payload.iss === this.issuerForTenant(claims.tid, b))) return { status: 'invalid' };
      if (claims.ver !== '2.0' || typeof claims.oid !== 'string') return { status: 'invalid' };
      return { status: 'valid', claims };
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      return code === 'ERR_JWT_EXPIRED' || (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED' && (err as { claim?: unknown }).claim === 'nbf') ? { status: 'expired' } : { status: 'invalid' };
    }
  }

  private knownIssuerBase(issuerBase: string | undefined): string {
    if (issuerBase === undefined) return this.issuerBase;
    const base = issuerBase.replace(/\/+$/, '');
    if (!this.issuerBases.has(base)) throw new Error(`Unknown issuer base '${base}'`);
    return base;
  }
}
