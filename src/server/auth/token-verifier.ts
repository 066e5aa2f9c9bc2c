/**
 * Validates the bearer token of every API call: an Entra ID v2 access token for this app's API (tenant mode) or a
 * token from the dev identity provider (demo mode) — one code path, only the issuer template and the JWKS URL differ.
 *
 * Checks, in order: `Bearer` scheme and compact JWS shape; header `alg` RS256 only (so `none` and HS256-with-the-
 * public-key never reach a key); `tid` in the allowed tenants; signature against the issuer's JWKS (jose's remote
 * key set: cached, refetched on an unknown `kid` with a cool-down); `iss` = the v2 issuer of that `tid`; `aud` = the
 * API's client id or App ID URI; `exp`/`nbf` with a small clock skew; `oid`; scope `access_as_user` in `scp`.
 *
 * A token that passed every check is remembered (by its SHA-256) until its `exp`, so the same caller's next calls
 * skip decoding and the RSA signature check; `exp` and `nbf` are still judged on every call against the same clock.
 */
import {
  createRemoteJWKSet,
  customFetch,
  decodeJwt,
  decodeProtectedHeader,
  errors as joseErrors,
  jwtVerify,
  type FetchImplementation,
  type JWTPayload,
} from 'jose';
import { AuthError } from './auth-error';
import { VerifiedTokenCache } from './verified-token-cache';
import { HttpProblem } from '../http-problem';

/** The signed-in caller, taken from the validated token. */
export interface AuthenticatedUser {
  tenantId: string;
  /** Entra object id (`oid`): the user's id everywhere in Turnaround. */
  userId: string;
  /** `preferred_username` (UPN) if present — for display only, never for authorisation. */
  username: string | null;
  name: string | null;
  /** The validated access token itself, kept in memory only for the on-behalf-of exchange. Never logged. */
  accessToken: string;
}

export interface TokenVerifierOptions {
  /** The v2 issuer expected for tenant `tid` (e.g. `https://login.microsoftonline.com/${tid}/v2.0`). */
  issuerForTenant: (tenantId: string) => string;
  /** Where the signing keys are published. */
  jwksUrl: URL;
  /** Accepted `aud` values. */
  audiences: readonly string[];
  /** Accepted tenants; every token of another tenant is rejected before its signature is checked. */
  allowedTenantIds: readonly string[];
  requiredScope: string;
  clockToleranceSeconds: number;
  /** The clock tokens are judged against (demo mode: the dev tenant's simulated clock). */
  now: () => Date;
  /** Transport for the JWKS request (demo mode: the server answering itself); default global fetch. */
  fetchJwks?: FetchImplementation;
  /** Verified tokens remembered until their `exp` (see verified-token-cache.ts); default 10,000, 0 = none. */
  verifiedTokenCacheSize?: number;
}

export type TokenVerifier = (authorizationHeader: string | undefined) => Promise<AuthenticatedUser>;

/** Longest token accepted, in characters (Entra tokens are ~1.5–3 kB; this bounds work on hostile input). */
const MAX_TOKEN_LENGTH = 16_384;
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** Creates the verifier; the JWKS is fetched lazily on first use and cached. */
export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const jwks = createRemoteJWKSet(options.jwksUrl, {
    cacheMaxAge: 6 * 60 * 60 * 1000,
    cooldownDuration: 30_000,
    timeoutDuration: 5_000,
    ...(options.fetchJwks === undefined ? {} : { [customFetch]: options.fetchJwks }),
  });
  const allowed = new Set(options.allowedTenantIds.map((t) => t.toLowerCase()));
  const audiences = [...options.audiences];
  const cacheSize = options.verifiedTokenCacheSize ?? 10_000;
  const verified = cacheSize > 0 ? new VerifiedTokenCache<Omit<AuthenticatedUser, 'accessToken'>>(cacheSize, options.clockToleranceSeconds) : null;

  return async (authorizationHeader) => {
    if (authorizationHeader === undefined || authorizationHeader === '') throw new AuthError('no bearer token');
    const match = /^Bearer ([^\s]+)$/i.exec(authorizationHeader.trim());
    const token = match?.[1];
    if (token === undefined) throw new AuthError('authorization header is not a Bearer token');
    if (token.length > MAX_TOKEN_LENGTH || !COMPACT_JWS.test(token)) throw new AuthError('token is not a compact JWS');
    const cacheKey = verified === null ? '' : VerifiedTokenCache.keyOf(token);
    const known = verified?.get(cacheKey, options.now().getTime());
    if (known !== undefined) return { ...known, accessToken: token };

    let unverified: JWTPayload;
    try {
      const header = decodeProtectedHeader(token);
      if (header.alg !== 'RS256') throw new AuthError(`alg ${String(header.alg)} is not accepted`);
      unverified = decodeJwt(token);
    } catch (error) {
      if (error instanceof AuthError) throw error;
      throw new AuthError('token cannot be decoded');
    }
    const tid = typeof unverified.tid === 'string' ? unverified.tid.toLowerCase() : undefined;
    if (tid === undefined || !allowed.has(tid)) throw new AuthError('tenant not allowed');

    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, jwks, {
        algorithms: ['RS256'],
        issuer: options.issuerForTenant(tid),
        audience: audiences,
        clockTolerance: options.clockToleranceSeconds,
        currentDate: options.now(),
        requiredClaims: ['exp', 'iat', 'tid', 'oid'],
      }));
    } catch (error) {
      if (error instanceof joseErrors.JWKSTimeout || (error instanceof joseErrors.JOSEError && error.code === 'ERR_JOSE_GENERIC' && /fetch|JWKS/i.test(error.message))) {
        throw new HttpProblem(503, 'unavailable', 'Service unavailable', 'The identity provider’s signing keys cannot be fetched right now.', { 'retry-after': '5' });
      }
      if (error instanceof joseErrors.JWTExpired) throw new AuthError('token expired', 'token_expired');
      if (error instanceof joseErrors.JOSEError) throw new AuthError(`token rejected: ${error.code}`);
      // A network failure fetching the JWKS is not the caller's fault.
      throw new HttpProblem(503, 'unavailable', 'Service unavailable', 'The identity provider’s signing keys cannot be fetched right now.', { 'retry-after': '5' });
    }
    if (String(payload.tid).toLowerCase() !== tid) throw new AuthError('tid changed');
    if (typeof payload.oid !== 'string' || payload.oid === '') throw new AuthError('no oid');
    const scopes = typeof payload.scp === 'string' ? payload.scp.split(' ') : [];
    if (!scopes.includes(options.requiredScope)) throw new AuthError(`scope ${options.requiredScope} missing`);
    const user = {
      tenantId: tid,
      userId: payload.oid,
      username: typeof payload.preferred_username === 'string' ? payload.preferred_username : null,
      name: typeof payload.name === 'string' ? payload.name : null,
    };
    // requiredClaims makes exp a number here.
    if (verified !== null && typeof payload.exp === 'number') {
      verified.set(cacheKey, { expSeconds: payload.exp, nbfSeconds: typeof payload.nbf === 'number' ? payload.nbf : null, value: user });
    }
    return { ...user, accessToken: token };
  };
}

/** The Entra ID v2 issuer of a tenant. */
export function entraIssuer(authorityHost: string, tenantId: string): string {
  return `${authorityHost}/${tenantId}/v2.0`;
}

/** Entra ID's v2 signing keys (the same set for every tenant). */
export function entraJwksUrl(authorityHost: string): URL {
  return new URL(`${authorityHost}/common/discovery/v2.0/keys`);
}
