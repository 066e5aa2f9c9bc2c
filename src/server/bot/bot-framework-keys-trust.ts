/**
 * Lets the Teams SDK's own Bot Framework JWT validation fetch the signing keys of a dev tenant, whose HTTPS certificate
 * is generated at start and trusted by our clients only — never process-wide (no NODE_EXTRA_CA_CERTS, no change to
 * `https.globalAgent`, never NODE_TLS_REJECT_UNAUTHORIZED).
 *
 * Why it reaches into the SDK: @microsoft/teams.apps 2.1.0 validates inbound tokens with jsonwebtoken and a jwks-rsa
 * client it creates itself from the cloud's `openIdMetadataUrl` (`…/openidconfiguration` → `…/keys`) with no way to
 * pass a TLS agent (`dist/middleware/auth/jwt-validator.js`, `getJwksClient`; the client is made on first use and kept
 * in the validator's `jwksCache` under the keys URL). So, after `app.initialize()` made the validator, this puts in that
 * cache, under the same URL, the same kind of jwks-rsa client with an agent trusting the dev tenant's CA. Everything
 * else — signature, algorithm, issuer, audience, expiry, `serviceurl` — stays the SDK's. The package is pinned to an
 * exact version for this; if its internals change, this throws at start instead of silently validating differently,
 * and the bot endpoint's integration tests fail.
 *
 * Microsoft's public cloud (tenant mode without BOT_OPENID_METADATA_URL) never comes here: the SDK fetches
 * login.botframework.com's keys with the system's CAs.
 */
import https from 'node:https';
import { JwksClient } from 'jwks-rsa';
import type { App } from '@microsoft/teams.apps';
import type { CloudEnvironment } from '@microsoft/teams.api';

/** The SDK's derivation of the keys URL from the metadata URL (`openIdMetadataToKeysUri`). */
export function botFrameworkKeysUrl(cloud: CloudEnvironment): string {
  return cloud.openIdMetadataUrl.replace(/\/openidconfiguration$/, '/keys');
}

interface SdkJwtValidator {
  options?: { jwksUriOptions?: { type?: string; uri?: string } };
  jwksCache?: Map<string, unknown>;
}

/**
 * Makes the SDK fetch the keys at `botFrameworkKeysUrl(cloud)` trusting `caPem` (only for that URL).
 * @returns a function that closes the agent (on server close).
 * @throws Error when the SDK's validator is not what this was written against (a different SDK version).
 */
export function trustBotFrameworkKeys(app: App, cloud: CloudEnvironment, caPem: string): () => void {
  const keysUrl = botFrameworkKeysUrl(cloud);
  const validator = (app.server as unknown as { serviceTokenValidator?: { jwtValidator?: SdkJwtValidator } }).serviceTokenValidator?.jwtValidator;
  const cache = validator?.jwksCache;
  if (!(cache instanceof Map) || validator?.options?.jwksUriOptions?.uri !== keysUrl) {
    throw new Error('The Teams SDK\'s Bot Framework token validator is not the one of @microsoft/teams.apps 2.1.0; cannot trust the dev tenant\'s keys for it');
  }
  const agent = new https.Agent({ ca: caPem, keepAlive: false });
  cache.set(keysUrl, new JwksClient({ jwksUri: keysUrl, requestAgent: agent }));
  return () => agent.destroy();
}
