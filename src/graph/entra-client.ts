/**
 * The one definition of Turnaround's msal-node confidential client, shared by delegated access (on-behalf-of, see
 * obo-token-provider.ts) and application access (client credentials, see application-token-provider.ts), in tenant and
 * demo mode alike: only the credentials, the authority host and the CA it trusts differ.
 *
 * msal always talks through {@link msalNetworkClient}, never its own default client, so that every identity-provider
 * call has a timeout ({@link IDENTITY_PROVIDER_TIMEOUT_MS}): a hanging token endpoint then fails the Graph call as
 * `graph_unavailable` instead of stalling sync forever — in production too.
 */
import https from 'node:https';
import { ConfidentialClientApplication, type Configuration, type INetworkModule, type NetworkRequestOptions, type NetworkResponse } from '@azure/msal-node';

/** The app registration's credentials and where its identity provider is. */
export interface EntraCredentials {
  clientId: string;
  /** The app registration's home tenant (the default authority; each call names the tenant it acts in). */
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
}

/** How long one request to the identity provider may take before it fails (connect, send and answer), in milliseconds. */
export const IDENTITY_PROVIDER_TIMEOUT_MS = 10_000;

/** Microsoft Graph's resource with the permissions granted to the app (delegated or application). */
export const GRAPH_DEFAULT_SCOPE = 'https://graph.microsoft.com/.default';

/** msal-node's ConfidentialClientApplication for `credentials`, talking through {@link msalNetworkClient}. */
export function createEntraClient(credentials: EntraCredentials): ConfidentialClientApplication {
  const auth: Configuration['auth'] = {
    clientId: credentials.clientId,
    authority: `${credentials.authorityHost}/${credentials.tenantId}`,
    ...(credentials.authorityCaPem !== undefined ? { knownAuthorities: [new URL(credentials.authorityHost).host] } : {}),
    ...(credentials.clientSecret !== null
      ? { clientSecret: credentials.clientSecret }
      : credentials.clientCertificate !== null
        ? { clientCertificate: { thumbprintSha256: credentials.clientCertificate.thumbprintSha256, privateKey: credentials.clientCertificate.privateKeyPem } }
        : {}),
  };
  return new ConfidentialClientApplication({ auth, system: { networkClient: msalNetworkClient(credentials.authorityCaPem) } });
}

/**
 * msal-node's network module over node:https with a timeout of `timeoutMs` per request. Trusts only `caPem` when given
 * (e.g. the dev tenant's certificate), the system's CAs otherwise.
 */
export function msalNetworkClient(caPem?: string, timeoutMs: number = IDENTITY_PROVIDER_TIMEOUT_MS): INetworkModule {
  const send = <T>(method: 'GET' | 'POST', url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> =>
    new Promise((resolve, reject) => {
      const req = https.request(url, { method, ...(caPem !== undefined ? { ca: caPem } : {}), headers: { ...options?.headers } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
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
      // A request idle this long (no connection, no answer, a stalled body) fails instead of waiting forever.
      req.setTimeout(timeoutMs, () => req.destroy(new Error(`identity provider did not answer within ${timeoutMs} ms`)));
      req.on('error', reject);
      if (options?.body) req.write(options.body);
      req.end();
    });
  return {
    sendGetRequestAsync: (url, options) => send('GET', url, options),
    sendPostRequestAsync: (url, options) => send('POST', url, options),
  };
}

/**
 * The AADSTS number of an msal error (ServerError's `errorNo`, or the `AADSTSnnn:` its message quotes); null when it
 * has none (a network failure, a timeout).
 */
export function aadstsCodeOf(error: unknown): number | null {
  if (typeof error !== 'object' || error === null) return null;
  const e = error as { errorNo?: unknown; errorMessage?: unknown; message?: unknown };
  if (typeof e.errorNo === 'string' && /^\d+$/.test(e.errorNo)) return Number(e.errorNo);
  if (typeof e.errorNo === 'number') return e.errorNo;
  const match = /AADSTS(\d+)/.exec(`${String(e.errorMessage ?? '')} ${String(e.message ?? '')}`);
  return match ? Number(match[1]) : null;
}

/** The OAuth error code of an msal error (`invalid_client`, `invalid_grant`, …), or null. */
export function oauthErrorOf(error: unknown): string | null {
  if (typeof error !== 'object' || error === null) return null;
  const code = (error as { errorCode?: unknown }).errorCode;
  return typeof code === 'string' ? code : null;
}
