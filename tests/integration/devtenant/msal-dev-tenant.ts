import https from 'node:https';
import { ConfidentialClientApplication, type Configuration, type INetworkModule, type NetworkRequestOptions, type NetworkResponse } from '@azure/msal-node';
import type { DevTenantAuthority } from '../../../src/devtenant/dev-tenant';

/** msal-node's network module over node:https, trusting only `caPem` (the dev tenant's certificate) for its requests. */
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
          resolve({ status: res.statusCode ?? 0, headers, body: (text ? JSON.parse(text) : {}) as T });
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

/** How the confidential client authenticates: the secret, the certificate (SHA-256 or SHA-1 thumbprint), or a wrong secret. */
export type ClientAuthentication = 'secret' | 'certificate' | 'certificate-sha1' | { secret: string };

/**
 * A real msal-node ConfidentialClientApplication for the dev tenant's demo client. `knownAuthorities` names the dev
 * identity provider's host, so msal fetches its OpenID metadata from it instead of asking login.microsoftonline.com
 * for instance discovery.
 */
export function devTenantMsalClient(authority: DevTenantAuthority, tenantId: string, caPem: string, auth: ClientAuthentication): ConfidentialClientApplication {
  const c = authority.demoClient;
  const credentials: Configuration['auth'] = auth === 'secret' ? { clientId: c.clientId, clientSecret: c.clientSecret }
    : auth === 'certificate' ? { clientId: c.clientId, clientCertificate: { thumbprintSha256: c.thumbprintSha256, privateKey: c.privateKeyPem } }
      : auth === 'certificate-sha1' ? { clientId: c.clientId, clientCertificate: { thumbprint: c.thumbprintSha1, privateKey: c.privateKeyPem } }
        : { clientId: c.clientId, clientSecret: auth.secret };
  return new ConfidentialClientApplication({
    auth: { ...credentials, authority: `${authority.authorityHost}/${tenantId}`, knownAuthorities: [new URL(authority.authorityHost).host] },
    system: { networkClient: networkClientTrusting(caPem) },
  });
}
