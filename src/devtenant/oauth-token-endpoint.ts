import { X509Certificate, createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import https from 'node:https';
import { decodeProtectedHeader, jwtVerify } from 'jose';
import { DEMO_API_CLIENT_ID, GRAPH_APP_ID, GRAPH_AUDIENCE, type DevIdentityProvider } from './identity-provider';
import { SeededRandom } from './seeded-random';
import { closeNow, listenOnLocalhost } from './local-https-server';
import { BOT_FRAMEWORK_KEYS_PATH, BOT_FRAMEWORK_METADATA_PATH, type BotFrameworkTokenService } from './bot-framework-token-service';

/** The grant type of the on-behalf-of flow. */
export const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
/** The client assertion type of certificate authentication. */
export const JWT_BEARER_CLIENT_ASSERTION = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** The confidential client registered in the dev tenant (Turnaround's server). */
export interface DevConfidentialClient {
  clientId: string;
  displayName: string;
  /** The object id of its service principal (the `oid` of its application tokens). */
  servicePrincipalId: string;
  clientSecret: string;
  /** PEM of the certificate whose private key signs client assertions. */
  certificatePem: string;
  /** Application permissions an admin granted (the `roles` of its application tokens). */
  applicationPermissions: string[];
  /** Whether an admin consented to its delegated Graph permissions (the OBO grant needs it). */
  delegatedConsent: boolean;
  /** Delegated scopes of the Graph tokens the OBO grant issues. */
  delegatedScopes: string;
}

/** Options of {@link DevTokenEndpoint}. */
export interface DevTokenEndpointOptions {
  client: DevConfidentialClient;
  /** Seeds the token lifetimes (60–90 minutes each). */
  seed: number;
  /**
   * The clock client assertions are checked against. Clients sign them with their own (real) clock, which the
   * simulated clock may have left behind by days; default the real clock.
   */
  assertionClock?: () => Date;
  /** The Bot Framework token service whose OpenID metadata and keys this endpoint also serves (issue 21). */
  botFramework?: BotFrameworkTokenService;
}

/**
 * An identity provider outage a test injects: the token endpoint answers 500 (Entra's error body) or does not answer
 * at all (`hang`: the request waits until the outage ends, then is answered), for `minutes` on the simulated clock.
 */
export interface TokenEndpointFault {
  status: 500 | 'hang';
  minutes: number;
}

/** How often a hanging token request looks whether its outage is over, in real milliseconds. */
const HANG_POLL_MS = 100;

interface TokenResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/** An Entra-style token endpoint error: `error` is the OAuth code, `aadsts` Entra's number. */
class TokenEndpointError extends Error {
  constructor(readonly status: number, readonly error: string, readonly aadsts: number, message: string, readonly suberror?: string) {
    super(message);
    this.name = 'TokenEndpointError';
  }
}

const sha256 = (der: Buffer): Buffer => createHash('sha256').update(der).digest();
const sha1 = (der: Buffer): Buffer => createHash('sha1').update(der).digest();
const base64Url = (b: Buffer): string => b.toString('base64url');
const isGraphDefaultScope = (scope: string): boolean => scope.split(/\s+/).some((s) => s === `${GRAPH_AUDIENCE}/.default` || s === `${GRAPH_APP_ID}/.default`);

/**
 * The dev tenant's identity provider as an OAuth 2.0 token endpoint shaped like Entra ID's v2 endpoint:
 * `/{tenant}/v2.0/.well-known/openid-configuration`, `/{tenant}/discovery/v2.0/keys`, `/{tenant}/oauth2/v2.0/token`
 * (grants `client_credentials` and the on-behalf-of `jwt-bearer`, client secret or certificate assertion) and
 * `/common/discovery/instance`; with a Bot Framework token service, also its `/botframework/v1/.well-known/openidconfiguration`
 * and `…/keys` (the Bot Connector's, see bot-framework-token-service.ts). Served over HTTPS with the dev tenant's certificate, because msal-node accepts only
 * `https` authorities. Tokens come from {@link DevIdentityProvider} on the simulated clock, with this server's origin as
 * issuer base; each lives 60–90 minutes, drawn from a seeded generator.
 */
export class DevTokenEndpoint {
  private server: https.Server | null = null;
  private origin = '';
  private readonly lifetimes: SeededRandom;
  private readonly certificate: X509Certificate;
  /** The injected outage and when it ends (epoch ms on the simulated clock), or null. */
  private outage: { status: 500 | 'hang'; untilMs: number } | null = null;
  private readonly requestCounts = new Map<string, number>();

  constructor(
    private readonly idp: DevIdentityProvider,
    private readonly options: DevTokenEndpointOptions,
  ) {
    this.lifetimes = new SeededRandom(options.seed);
    this.certificate = new X509Certificate(options.client.certificatePem);
  }

  /** The registered confidential client; tests change its permissions and consent in place. */
  get client(): DevConfidentialClient {
    return this.options.client;
  }

  /**
   * Starts an outage of the token endpoint (see {@link TokenEndpointFault}) from now on the simulated clock, or ends
   * it (`null`); requests hanging in it are then answered.
   */
  setFault(fault: TokenEndpointFault | null): void {
    this.outage = fault === null ? null : { status: fault.status, untilMs: this.idp.now().getTime() + fault.minutes * 60_000 };
  }

  /** Token requests received (answered or refused, outages included) per grant type, and in total. */
  tokenRequests(): { total: number; byGrantType: Record<string, number> } {
    const byGrantType = Object.fromEntries(this.requestCounts);
    return { total: [...this.requestCounts.values()].reduce((a, b) => a + b, 0), byGrantType };
  }

  /** Forgets the token request counts. */
  resetTokenRequests(): void {
    this.requestCounts.clear();
  }

  /** The authority host, e.g. https://localhost:51235 (known once listening). */
  get authorityHost(): string {
    return this.origin;
  }

  /** Starts HTTPS on 127.0.0.1 (`port` 0 = ephemeral) and returns the origin, e.g. https://localhost:51235. */
  async listen(port: number, tls: { key: string; cert: string }): Promise<string> {
    const { server, origin } = await listenOnLocalhost(port, tls, async (req, body) => {
      const r = await this.handle(req.method ?? 'GET', req.url ?? '/', body.toString('utf8')).catch((err: unknown) => this.errorResponse(
        new TokenEndpointError(500, 'server_error', 90033, err instanceof Error ? err.message : 'Unexpected error.'),
      ));
      return { status: r.status, headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store, no-cache', ...r.headers }, text: JSON.stringify(r.body) };
    });
    this.server = server;
    this.origin = origin;
    this.idp.acceptIssuerBase(this.origin);
    return this.origin;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    await closeNow(server);
  }

  /** Answers one request: metadata, keys, instance discovery or a token request (form-encoded `body`). */
  async handle(method: string, rawUrl: string, body: string): Promise<TokenResponse> {
    const url = new URL(rawUrl, 'https://localhost');
    const botFramework = this.options.botFramework;
    if (method === 'GET' && botFramework !== undefined && url.pathname === BOT_FRAMEWORK_METADATA_PATH) return { status: 200, headers: {}, body: botFramework.openIdConfiguration(this.origin) };
    if (method === 'GET' && botFramework !== undefined && url.pathname === BOT_FRAMEWORK_KEYS_PATH) return { status: 200, headers: {}, body: botFramework.jwks() };
    const segments = url.pathname.split('/').filter(Boolean);
    const [tenantSegment, ...rest] = segments;
    const path = rest.join('/');
    if (method === 'GET' && tenantSegment === 'common' && path === 'discovery/instance') return this.instanceDiscovery();
    const tenantId = tenantSegment && this.resolveTenant(tenantSegment);
    if (!tenantId) return this.errorResponse(new TokenEndpointError(400, 'invalid_tenant', 90002, `Tenant '${tenantSegment ?? ''}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`));
    if (method === 'GET' && path === 'v2.0/.well-known/openid-configuration') return { status: 200, headers: {}, body: this.openIdConfiguration(tenantId) };
    if (method === 'GET' && path === 'discovery/v2.0/keys') return { status: 200, headers: {}, body: this.idp.jwks() };
    if (method === 'POST' && path === 'oauth2/v2.0/token') {
      const grantType = new URLSearchParams(body).get('grant_type') ?? '';
      this.requestCounts.set(grantType, (this.requestCounts.get(grantType) ?? 0) + 1);
      if (this.activeOutage()?.status === 'hang') await this.waitOutHang();
      if (this.activeOutage()?.status === 500) {
        return this.errorResponse(new TokenEndpointError(500, 'temporarily_unavailable', 90033, 'A transient error has occurred. Please try again.'));
      }
      try {
        return { status: 200, headers: {}, body: await this.token(tenantId, new URLSearchParams(body)) };
      } catch (err) {
        if (err instanceof TokenEndpointError) return this.errorResponse(err);
        throw err;
      }
    }
    return { status: 404, headers: {}, body: { error: 'not_found', error_description: `No endpoint at ${url.pathname}.` } };
  }

  /** The outage in force now on the simulated clock (an ended one is forgotten). */
  private activeOutage(): { status: 500 | 'hang'; untilMs: number } | null {
    if (this.outage !== null && this.idp.now().getTime() >= this.outage.untilMs) this.outage = null;
    return this.outage;
  }

  /** Waits while a `hang` outage lasts (or until the endpoint closes): the client sees no answer meanwhile. */
  private async waitOutHang(): Promise<void> {
    while (this.server !== null && this.activeOutage()?.status === 'hang') {
      await new Promise((resolve) => setTimeout(resolve, HANG_POLL_MS));
    }
  }

  private resolveTenant(segment: string): string | undefined {
    const ids = this.idp.tenantIds();
    if (segment === 'organizations' || segment === 'common') return this.idp.tenantId;
    return ids.find((id) => id === segment);
  }

  private openIdConfiguration(tenantId: string): Record<string, unknown> {
    const base = `${this.origin}/${tenantId}`;
    return {
      token_endpoint: `${base}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      jwks_uri: `${base}/discovery/v2.0/keys`,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      issuer: this.idp.issuerForTenant(tenantId, this.origin),
      request_uri_parameter_supported: false,
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      end_session_endpoint: `${base}/oauth2/v2.0/logout`,
      tenant_region_scope: 'EU',
      cloud_instance_name: 'localhost',
    };
  }

  /** Entra's instance discovery answer, naming only this host (usable as msal's `cloudDiscoveryMetadata`). */
  private instanceDiscovery(): TokenResponse {
    const host = new URL(this.origin).host;
    return {
      status: 200,
      headers: {},
      body: {
        tenant_discovery_endpoint: `${this.origin}/${this.idp.tenantId}/v2.0/.well-known/openid-configuration`,
        'api-version': '1.1',
        metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
      },
    };
  }

  private async token(tenantId: string, form: URLSearchParams): Promise<Record<string, unknown>> {
    const client = this.options.client;
    const grantType = form.get('grant_type') ?? '';
    if (grantType !== 'client_credentials' && grantType !== JWT_BEARER_GRANT) {
      throw new TokenEndpointError(400, 'unsupported_grant_type', 70003, `The app requested an unsupported grant type '${grantType}'.`);
    }
    const clientId = form.get('client_id') ?? '';
    if (clientId !== client.clientId) {
      throw new TokenEndpointError(400, 'unauthorized_client', 700016, `Application with identifier '${clientId}' was not found in the directory '${tenantId}'.`);
    }
    const clientAuthentication = await this.authenticateClient(tenantId, form);
    const scope = form.get('scope') ?? '';
    if (!isGraphDefaultScope(scope)) {
      throw new TokenEndpointError(400, 'invalid_scope', 1002012, `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`);
    }
    const lifetime = this.lifetimes.int(3600, 5400);
    if (grantType === 'client_credentials') {
      const accessToken = await this.idp.issueAppToken({
        clientId: client.clientId,
        servicePrincipalId: client.servicePrincipalId,
        roles: client.applicationPermissions,
        lifetimeSeconds: lifetime,
        tenantId,
        issuerBase: this.origin,
        clientAuthentication,
      });
      return { token_type: 'Bearer', expires_in: lifetime, ext_expires_in: lifetime, access_token: accessToken };
    }
    if (form.get('requested_token_use') !== 'on_behalf_of') {
      throw new TokenEndpointError(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'requested_token_use'.");
    }
    const username = await this.checkAssertion(form.get('assertion') ?? '');
    if (!client.delegatedConsent) {
      throw new TokenEndpointError(400, 'invalid_grant', 65001, `The user or administrator has not consented to use the application with ID '${client.clientId}' named '${client.displayName}'. Send an interactive authorization request for this user and resource.`, 'consent_required');
    }
    const accessToken = await this.idp.issueToken({
      username,
      audience: GRAPH_AUDIENCE,
      scopes: client.delegatedScopes,
      lifetimeSeconds: lifetime,
      issuerBase: this.origin,
      authorizedParty: client.clientId,
    });
    return { token_type: 'Bearer', scope: client.delegatedScopes.split(' ').map((s) => `${GRAPH_AUDIENCE}/${s}`).join(' '), expires_in: lifetime, ext_expires_in: lifetime, access_token: accessToken };
  }

  /** Checks the client secret or the certificate-signed client assertion; returns `azpacr` ('1' secret, '2' certificate). */
  private async authenticateClient(tenantId: string, form: URLSearchParams): Promise<'1' | '2'> {
    const client = this.options.client;
    const secret = form.get('client_secret');
    if (secret !== null) {
      const given = Buffer.from(secret);
      const expected = Buffer.from(client.clientSecret);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        throw new TokenEndpointError(401, 'invalid_client', 7000215, `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${client.clientId}'.`);
      }
      return '1';
    }
    const assertion = form.get('client_assertion');
    if (assertion === null || form.get('client_assertion_type') !== JWT_BEARER_CLIENT_ASSERTION) {
      throw new TokenEndpointError(401, 'invalid_client', 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
    }
    const der = this.certificate.raw;
    let header: ReturnType<typeof decodeProtectedHeader>;
    try {
      header = decodeProtectedHeader(assertion);
    } catch {
      throw new TokenEndpointError(401, 'invalid_client', 700027, 'Client assertion failed signature validation. [Reason - The client assertion is not a JWT.]');
    }
    const names = header['x5t#S256'] === base64Url(sha256(der)) || header.x5t === base64Url(sha1(der));
    if (!names) {
      throw new TokenEndpointError(401, 'invalid_client', 700027, `Client assertion failed signature validation. [Reason - The key was not found., Thumbprint of key used by client: '${String(header['x5t#S256'] ?? header.x5t ?? '')}']`);
    }
    const tokenEndpoint = `${this.origin}/${tenantId}/oauth2/v2.0/token`;
    try {
      await jwtVerify(assertion, this.certificate.publicKey, {
        algorithms: ['RS256', 'PS256'],
        issuer: client.clientId,
        subject: client.clientId,
        audience: [tokenEndpoint, this.idp.issuerForTenant(tenantId, this.origin)],
        currentDate: (this.options.assertionClock ?? (() => new Date()))(),
        // Entra allows five minutes of clock skew; msal-node rounds `nbf` up to the next second.
        clockTolerance: 300,
      });
    } catch {
      throw new TokenEndpointError(401, 'invalid_client', 700027, 'Client assertion failed signature validation. [Reason - The provided signature value did not match the expected signature value, or the assertion\'s audience, issuer or lifetime is not valid.]');
    }
    return '2';
  }

  /**
   * Validates an OBO assertion (an API token for this client, on the simulated clock); returns the user's UPN. Its
   * audience must be the app: its client id or one of its App ID URIs — `api://{clientId}`, and `api://{host}/{clientId}`
   * for each host the identity provider issues under (the demo server's, whose task pane asks for that form).
   */
  private async checkAssertion(assertion: string): Promise<string> {
    const client = this.options.client;
    const appIdUris = [`api://${client.clientId}`, ...this.idp.issuerHosts().map((host) => `api://${host}/${client.clientId}`)];
    const audiences = [client.clientId, ...appIdUris, ...(client.clientId === DEMO_API_CLIENT_ID ? [] : [DEMO_API_CLIENT_ID])];
    const verified = await this.idp.verifyAnyToken(assertion, audiences);
    if (verified.status === 'expired') {
      throw new TokenEndpointError(400, 'invalid_grant', 500133, 'Assertion is not within its valid time range. Ensure that the access token is not expired before using it for user assertion, or request a new token.');
    }
    if (verified.status === 'invalid' || verified.claims.idtyp === 'app') {
      throw new TokenEndpointError(400, 'invalid_grant', 50013, 'Assertion failed signature validation. [Reason - The provided signature value did not match the expected signature value.]');
    }
    const account = this.idp.findAccountById(verified.claims.oid);
    if (!account) throw new TokenEndpointError(400, 'invalid_grant', 50034, 'The user account does not exist in the directory.');
    return account.account.userPrincipalName;
  }

  /** Entra's error body: error, error_description (AADSTS code, trace, correlation, timestamp), error_codes, ids. */
  private errorResponse(err: TokenEndpointError): TokenResponse {
    const traceId = randomUUID();
    const correlationId = randomUUID();
    const timestamp = this.idpTimestamp();
    return {
      status: err.status,
      headers: {},
      body: {
        error: err.error,
        error_description: `AADSTS${err.aadsts}: ${err.message} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
        error_codes: [err.aadsts],
        timestamp,
        trace_id: traceId,
        correlation_id: correlationId,
        error_uri: `${this.origin}/error?code=${err.aadsts}`,
        ...(err.suberror ? { suberror: err.suberror } : {}),
      },
    };
  }

  private idpTimestamp(): string {
    return this.idp.now().toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, 'Z');
  }
}
