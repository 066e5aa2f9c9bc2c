// eslint-disable-next-line no-restricted-imports -- the simulator's conformance test drives the real Graph client with its default middleware chain
import { Client, type AuthenticationProvider } from '@microsoft/microsoft-graph-client';
import { Agent } from 'undici';

/** Options of {@link createGraphClient}. */
export interface GraphClientOptions {
  /** Graph's base URL with or without version: 'https://graph.microsoft.com/v1.0/' or the dev tenant's 'https://localhost:PORT/v1.0/'. */
  baseUrl: string;
  /** A CA certificate (PEM) to trust for this client only — the dev tenant's self-signed certificate. */
  caPem?: string;
  /** Returns a Graph access token; called per request by the client's authentication middleware. */
  getAccessToken: () => Promise<string>;
}

/**
 * Creates a Microsoft Graph client with the library's default middleware chain (auth, retry, redirect, telemetry).
 * For a non-Microsoft host (the dev tenant on localhost) the host goes into `customHosts`, because the client only
 * attaches the Authorization header to https:// URLs on hosts it knows (graph client 3.0.7, checked 2026-11).
 * `caPem` is trusted through an undici dispatcher passed as a fetch option of this client only; TLS checks stay on
 * for everything else in the process.
 */
export function createGraphClient(options: GraphClientOptions): Client {
  const url = new URL(options.baseUrl);
  const versionMatch = /^\/(v1\.0|beta)\/?$/.exec(url.pathname);
  const defaultVersion = versionMatch?.[1] ?? 'v1.0';
  const baseUrl = `${url.protocol}//${url.host}/`;
  const authProvider: AuthenticationProvider = { getAccessToken: options.getAccessToken };
  const isMicrosoftHost = /(^|\.)graph\.microsoft\.(com|us|de)$|(^|\.)microsoftgraph\.chinacloudapi\.cn$/.test(url.hostname);
  const fetchOptions = options.caPem ? { dispatcher: new Agent({ connect: { ca: options.caPem } }) } : undefined;
  return Client.initWithMiddleware({
    authProvider,
    baseUrl,
    defaultVersion,
    ...(isMicrosoftHost ? {} : { customHosts: new Set([url.hostname]) }),
    ...(fetchOptions ? { fetchOptions: fetchOptions as unknown as RequestInit } : {}),
  });
}
