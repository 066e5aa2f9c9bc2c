import { ConfidentialClientApplication, type Configuration } from '@azure/msal-node';
import { msalNetworkClient } from '../../../src/graph/entra-client';
import type { DevTenantAuthority } from '../../../src/devtenant/dev-tenant';

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
    system: { networkClient: msalNetworkClient(caPem) },
  });
}
