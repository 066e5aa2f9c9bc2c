/**
 * The dev tenant playing the Bot Framework token service (issue 21): what the Bot Connector signs the activities it
 * posts to a bot's messaging endpoint with. In Microsoft's cloud that is `https://api.botframework.com` as issuer, the
 * keys published at `https://login.botframework.com/v1/.well-known/keys` (named by the OpenID metadata document
 * `…/v1/.well-known/openidconfiguration`), the bot's app id as audience and a `serviceurl` claim naming the connector
 * the activity came through. Here: the same issuer and claims, RS256 with a key of its own (not the identity provider's,
 * so an Entra token can never pass for a connector token by its signature), and the metadata and keys served over the
 * dev tenant's HTTPS at `/botframework/v1/.well-known/{openidconfiguration,keys}` (src/devtenant/oauth-token-endpoint.ts).
 *
 * The Teams SDK validates these tokens with jsonwebtoken against the system clock (not an injectable one), as it does
 * for the real connector's; so tokens are stamped with the real clock by default, not the dev tenant's simulated one,
 * which a test may have moved by days.
 */
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey, type JWK, type JWTPayload } from 'jose';
import { randomUUID } from 'node:crypto';

/** The issuer of Bot Connector tokens in Microsoft's public cloud (the Teams SDK's `PUBLIC.tokenIssuer`). */
export const BOT_FRAMEWORK_ISSUER = 'https://api.botframework.com';
/** Where the metadata and keys live under the dev tenant's HTTPS origin (the SDK derives `…/keys` from `…/openidconfiguration`). */
export const BOT_FRAMEWORK_METADATA_PATH = '/botframework/v1/.well-known/openidconfiguration';
export const BOT_FRAMEWORK_KEYS_PATH = '/botframework/v1/.well-known/keys';
/** The service URL of Teams' Bot Connector in the public cloud; activities from the workbench name it too. */
export const TEAMS_SERVICE_URL = 'https://smba.trafficmanager.net/emea/';

/** The claims of a Bot Connector token. */
export interface BotFrameworkTokenClaims extends JWTPayload {
  serviceurl: string;
}

/** Options of {@link BotFrameworkTokenService.issueToken}. */
export interface IssueBotTokenOptions {
  /** The bot's app id (= the app's Entra client id): the token's `aud`. */
  audience: string;
  /** The connector the activity comes through (the `serviceurl` claim; the activity's `serviceUrl` must match it). */
  serviceUrl?: string;
  /** Lifetime in seconds (default 3600, like the connector's; negative gives an expired token). */
  lifetimeSeconds?: number;
}

export class BotFrameworkTokenService {
  private constructor(
    private readonly privateKey: CryptoKey,
    private readonly publicJwk: JWK,
    private readonly now: () => Date,
  ) {}

  /**
   * Generates the service's own RS256 signing key.
   * @param now the clock tokens are stamped with; default the real clock (see the file comment for why).
   */
  static async create(options: { now?: () => Date } = {}): Promise<BotFrameworkTokenService> {
    const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
    const jwk = await exportJWK(publicKey);
    return new BotFrameworkTokenService(privateKey, { ...jwk, kid: randomUUID(), alg: 'RS256', use: 'sig' }, options.now ?? (() => new Date()));
  }

  /** The key set the metadata names: the public signing key, endorsed for the Teams channel as the connector's are. */
  jwks(): { keys: (JWK & { endorsements: string[] })[] } {
    return { keys: [{ ...this.publicJwk, endorsements: ['msteams'] }] };
  }

  /** The OpenID metadata document, as login.botframework.com serves it, for a service at `origin`. */
  openIdConfiguration(origin: string): Record<string, unknown> {
    return {
      issuer: BOT_FRAMEWORK_ISSUER,
      authorization_endpoint: `${origin}/botframework/v1/authorize`,
      jwks_uri: `${origin}${BOT_FRAMEWORK_KEYS_PATH}`,
      id_token_signing_alg_values_supported: ['RS256'],
      token_endpoint_auth_methods_supported: ['private_key_jwt'],
    };
  }

  /** A token as the Bot Connector puts in `Authorization: Bearer …` of an activity it posts to the bot. */
  async issueToken(options: IssueBotTokenOptions): Promise<string> {
    const nowSeconds = Math.floor(this.now().getTime() / 1000);
    return new SignJWT({ serviceurl: options.serviceUrl ?? TEAMS_SERVICE_URL })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: this.publicJwk.kid ?? '' })
      .setIssuer(BOT_FRAMEWORK_ISSUER)
      .setAudience(options.audience)
      .setIssuedAt(nowSeconds)
      .setNotBefore(nowSeconds)
      .setExpirationTime(nowSeconds + (options.lifetimeSeconds ?? 3600))
      .sign(this.privateKey);
  }
}
