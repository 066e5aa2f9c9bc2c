/**
 * The server's configuration, read from the environment exactly once, here. Nothing else in src/ reads process.env
 * (lint enforces it). `loadConfig(env)` validates every key with zod and, when any is wrong, throws one ConfigError that
 * lists every bad key and its problem — so an operator fixes them all in one go.
 *
 * Demo mode = no AZURE_CLIENT_ID: the embedded dev tenant (identity provider, Graph simulator, seeded organisation).
 * Tenant mode = AZURE_CLIENT_ID set: Entra ID v2 tokens for the app's API, Graph on behalf of the user.
 * Both modes reach Graph the same way: delegated (on behalf of the caller) for what a person does, and for background
 * work what GRAPH_BACKGROUND_ACCESS says (application access by default).
 */
import { readFileSync } from 'node:fs';
import { DEFAULT_TEAMS_APP_ID } from '../package/teams-app-id';
import { resolve } from 'node:path';
import { isIP } from 'node:net';
import { z } from 'zod';
import type { BackgroundAccess } from '../graph/graph-access-tokens';

/** Thrown by {@link loadConfig}; `problems` has one entry per bad key, `message` lists them all. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly code = 'invalid_config';

  constructor(readonly problems: { key: string; message: string }[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p.key}: ${p.message}`).join('\n')}`);
  }
}

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** How API tokens are validated. The same shape (and the same code path) in demo and tenant mode. */
export interface AuthConfig {
  /** The API's audiences accepted in `aud`: the client id and/or its `api://…` App ID URI. */
  audiences: string[];
  /** Tenants whose tokens are accepted; in demo mode empty = every tenant the dev identity provider knows. */
  allowedTenantIds: string[];
  /** Delegated scope every API token must carry in `scp`. */
  requiredScope: string;
  /** Allowed clock skew for `exp`/`nbf`, in seconds. */
  clockToleranceSeconds: number;
}

/** Confidential-client credentials for msal-node (on-behalf-of and client credentials), tenant mode. */
export interface EntraConfig {
  clientId: string;
  /** The home tenant of the app registration. */
  tenantId: string;
  clientSecret: string | null;
  clientCertificate: { privateKeyPem: string; thumbprintSha256: string } | null;
  /** https://login.microsoftonline.com */
  authorityHost: string;
  /** https://graph.microsoft.com/v1.0/ */
  graphBaseUrl: string;
  /**
   * A CA certificate (PEM, read from GRAPH_CA_FILE) trusted for Graph and for the authority, which is then a known
   * authority (msal asks it for its metadata) — for the dev tenant run on its own (`npm run devtenant`). Null for
   * Microsoft's endpoints, which the system's CAs vouch for.
   */
  caPem: string | null;
}

export interface DemoConfig {
  seed: number;
  people: number;
  days: number;
  /** Track, resolve and sync the organisation's already-tracked requests after start (DEMO_SEED_REQUESTS). */
  seedRequests: boolean;
}

export interface Config {
  mode: 'demo' | 'tenant';
  port: number;
  host: string;
  /** `sqlite:./path.db`, `sqlite::memory:` or `postgres://…`. */
  databaseUrl: string;
  logLevel: LogLevel;
  /** The origin the server is reached at (no trailing slash), e.g. http://localhost:3978. */
  publicBaseUrl: string;
  auth: AuthConfig;
  /** Null in demo mode. */
  entra: EntraConfig | null;
  /**
   * GRAPH_BACKGROUND_ACCESS, in both modes (default `application`): how background work reaches Graph — Turnaround's
   * application permissions, or (`delegated`) not at all, so background sync runs only while a person uses the app.
   */
  graphBackgroundAccess: BackgroundAccess;
  /**
   * SIMULATED_CLOCK_URL — ONLY FOR A DEV TENANT: the control URL of a standalone dev tenant (`npm run devtenant`) whose
   * simulated clock the server then follows (src/server/followed-clock.ts) instead of the system clock. Tenant mode
   * with a GRAPH_BASE_URL other than Microsoft's only; null otherwise.
   */
  simulatedClockUrl: string | null;
  demo: DemoConfig;
  sync: {
    /** Whether this instance runs the background scheduler. */
    scheduler: boolean;
    /**
     * BACKGROUND_WORK: where the scheduler and the change-notification processor run — `thread` (tenant mode's
     * default: a worker thread of their own, src/server/background-thread.ts, so the syncs a burst of notifications
     * causes never hold up the routes answering them) or `inline` (the server's own thread: demo mode, whose dev tenant
     * lives in that thread, and an in-memory SQLite database, which another thread cannot open).
     */
    backgroundWork: 'thread' | 'inline';
    intervalSeconds: number;
    retentionDays: number;
  };
  limits: {
    bodyLimitBytes: number;
    /** Token bucket per user: burst size and sustained refill, in requests per second. */
    rateLimitBurst: number;
    rateLimitPerSecond: number;
    /** API requests started per event-loop turn (see loop-turn-pacer.ts). */
    apiRequestsPerLoopTurn: number;
  };
  /**
   * The per-IP limit applied to /api requests before authentication (see rate-limiter.ts): at most `max` requests per
   * client address in each window of `windowSeconds`. Generous, because a whole office may sit behind one address.
   */
  ipRateLimit: { max: number; windowSeconds: number };
  /**
   * Graph change notifications (issue 19). The URLs Graph posts to are built from PUBLIC_BASE_URL (demo:
   * http://localhost:<port>, which the dev tenant accepts; tenant mode against Microsoft Graph: must be https, which
   * Graph requires of a notificationUrl). The subscription manager names them in every subscription.
   */
  changeNotifications: {
    /**
     * CHANGE_NOTIFICATIONS (default on): people's mail and chats are read when Graph notifies a change, and scheduled
     * syncs become a slow safety net (mail every 6 h, chats at most daily). Off: no subscriptions; scheduled syncs read
     * mail every SYNC_INTERVAL_SECONDS (for a deployment Graph cannot reach over public HTTPS) and chats at most daily,
     * as Graph allows Teams resources to be polled. Only with GRAPH_BACKGROUND_ACCESS=application.
     */
    enabled: boolean;
    /** `<PUBLIC_BASE_URL>/api/graph/notifications`. */
    notificationUrl: string;
    /** `<PUBLIC_BASE_URL>/api/graph/lifecycle`. */
    lifecycleNotificationUrl: string;
    /** NOTIFICATION_POLL_SECONDS: how often an instance looks for changes recorded by others (or left by a dead one). */
    pollSeconds: number;
    /**
     * The notification routes' own limit (they carry no bearer token, so the /api per-IP limit does not cover them):
     * at most `perAddressMax` requests per client address and `totalMax` from all addresses together in each window of
     * `windowSeconds` (NOTIFICATION_RATE_LIMIT_MAX, NOTIFICATION_RATE_LIMIT_TOTAL_MAX,
     * NOTIFICATION_RATE_LIMIT_WINDOW_SECONDS). Generous: Graph posts from a few addresses in bursts.
     */
    rateLimit: { perAddressMax: number; totalMax: number; windowSeconds: number };
  };
  /**
   * The reverse proxies whose `X-Forwarded-For` is trusted for the client address: addresses, CIDR ranges or
   * `loopback` / `linklocal` / `uniquelocal` (Fastify's `trustProxy` list). Empty trusts none, so behind a proxy every
   * client shares the proxy's address for the per-IP limit.
   */
  trustedProxies: string[];
  /**
   * TEAMS_APP_ID: the Teams app's id (the manifest's `id`, as `npm run package -- --app-id` built it). Activity-feed
   * notifications link to this app's personal tab, so it must be the id the tenant installed.
   */
  teamsAppId: string;
  /** WARNINGS (default on): warnings and digests in the Teams activity feed; off sends none from this instance. */
  warnings: boolean;
  /**
   * The bot endpoint `POST /api/messages` (issue 21): where the Teams SDK's own Bot Framework JWT validation gets its
   * keys. BOT_OPENID_METADATA_URL, tenant mode only: the OpenID metadata of a dev tenant playing the Bot Framework token
   * service (`<authorityHost>/botframework/v1/.well-known/openidconfiguration` of `npm run devtenant`, its keys then
   * trusted through GRAPH_CA_FILE); null = Microsoft's public cloud (login.botframework.com). Demo mode always uses its
   * embedded dev tenant's metadata and ignores this.
   */
  bot: { openIdMetadataUrl: string | null };
  /** Where the built pages (dist/) and ribbon icons (assets/) live. */
  distDir: string;
  assetsDir: string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const optionalText = z
  .string()
  .transform((v) => v.trim())
  .optional()
  .transform((v) => (v === undefined || v === '' ? undefined : v));

const integer = (fallback: number, min: number, max: number) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return fallback;
      if (!/^-?\d+$/.test(v)) {
        ctx.addIssue({ code: 'custom', message: `must be a whole number, got '${v}'` });
        return z.NEVER;
      }
      const n = Number(v);
      if (n < min || n > max) {
        ctx.addIssue({ code: 'custom', message: `must be between ${min} and ${max}, got ${n}` });
        return z.NEVER;
      }
      return n;
    });

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** A comma-separated list of proxy addresses, CIDR ranges (`10.0.0.0/8`) or proxy-addr's names; empty = none. */
const proxyList = z
  .string()
  .optional()
  .transform((v, ctx) => {
    const entries = (v ?? '').split(',').map((e) => e.trim()).filter((e) => e !== '');
    for (const entry of entries) {
      const [address = '', prefix, extra] = entry.split('/');
      const family = isIP(address);
      const prefixOk = prefix === undefined || (/^\d+$/.test(prefix) && Number(prefix) <= (family === 6 ? 128 : 32));
      if (!PROXY_NAMES.has(entry) && (family === 0 || !prefixOk || extra !== undefined)) {
        ctx.addIssue({ code: 'custom', message: `'${entry}' is not an IP address, a CIDR range or one of ${[...PROXY_NAMES].join(', ')}` });
        return z.NEVER;
      }
    }
    return entries;
  });

const onOff = (fallback: boolean) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return fallback;
      const s = v.toLowerCase();
      if (['on', 'true', '1', 'yes'].includes(s)) return true;
      if (['off', 'false', '0', 'no'].includes(s)) return false;
      ctx.addIssue({ code: 'custom', message: `must be on or off, got '${v}'` });
      return z.NEVER;
    });

const guid = optionalText.refine((v) => v === undefined || GUID.test(v), { message: 'must be a GUID' });

const guidList = optionalText.transform((v, ctx) => {
  if (v === undefined) return [];
  const ids = v.split(/[\s,]+/).filter((s) => s !== '');
  const bad = ids.filter((s) => !GUID.test(s));
  if (bad.length > 0) {
    ctx.addIssue({ code: 'custom', message: `must be a comma-separated list of tenant GUIDs; not GUIDs: ${bad.join(', ')}` });
    return z.NEVER;
  }
  return ids.map((s) => s.toLowerCase());
});

const httpUrl = optionalText.refine(
  (v) => {
    if (v === undefined) return true;
    try {
      const u = new URL(v);
      return u.protocol === 'http:' || u.protocol === 'https:';
    } catch {
      return false;
    }
  },
  { message: 'must be an http(s) URL' },
);

const envSchema = z.object({
  PORT: integer(3978, 0, 65535),
  HOST: optionalText,
  DATABASE_URL: optionalText.refine((v) => v === undefined || /^(sqlite:|postgres(ql)?:\/\/)/.test(v), {
    message: "must start with 'sqlite:' or 'postgres://'",
  }),
  LOG_LEVEL: optionalText.pipe(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional()),
  AZURE_CLIENT_ID: guid,
  AZURE_TENANT_ID: guid,
  AZURE_CLIENT_SECRET: optionalText,
  AZURE_CLIENT_CERTIFICATE_PEM: optionalText,
  AZURE_CLIENT_CERTIFICATE_THUMBPRINT: optionalText.refine((v) => v === undefined || /^[0-9a-f]{64}$/i.test(v.replace(/:/g, '')), {
    message: 'must be the certificate SHA-256 thumbprint (64 hex digits)',
  }),
  ALLOWED_TENANT_IDS: guidList,
  API_AUDIENCE: optionalText,
  PUBLIC_BASE_URL: httpUrl,
  AZURE_AUTHORITY_HOST: httpUrl,
  /** The older name of AZURE_AUTHORITY_HOST, still accepted. */
  AUTHORITY_HOST: httpUrl,
  GRAPH_BASE_URL: httpUrl,
  GRAPH_CA_FILE: optionalText,
  SIMULATED_CLOCK_URL: httpUrl,
  GRAPH_BACKGROUND_ACCESS: optionalText.pipe(z.enum(['application', 'delegated'], { message: "must be 'application' or 'delegated'" }).optional()),
  SYNC_INTERVAL_SECONDS: integer(300, 5, 86_400),
  RETENTION_DAYS: integer(400, 1, 36_500),
  SCHEDULER: onOff(true),
  BACKGROUND_WORK: optionalText.pipe(z.enum(['thread', 'inline'], { message: "must be 'thread' or 'inline'" }).optional()),
  DEMO_SEED: integer(42, 0, 2_147_483_647),
  DEMO_PEOPLE: integer(40, 5, 100_000),
  DEMO_DAYS: integer(90, 1, 3_650),
  DEMO_SEED_REQUESTS: onOff(true),
  BODY_LIMIT_BYTES: integer(64 * 1024, 1024, 10 * 1024 * 1024),
  RATE_LIMIT_BURST: integer(100, 1, 1_000_000),
  RATE_LIMIT_PER_SECOND: integer(20, 1, 1_000_000),
  API_REQUESTS_PER_LOOP_TURN: integer(4, 1, 10_000),
  IP_RATE_LIMIT_MAX: integer(1_000, 1, 1_000_000_000),
  IP_RATE_LIMIT_WINDOW_SECONDS: integer(10, 1, 3_600),
  TRUSTED_PROXIES: proxyList,
  CHANGE_NOTIFICATIONS: onOff(true),
  NOTIFICATION_POLL_SECONDS: integer(5, 1, 3_600),
  NOTIFICATION_RATE_LIMIT_MAX: integer(20_000, 1, 1_000_000_000),
  NOTIFICATION_RATE_LIMIT_TOTAL_MAX: integer(100_000, 1, 1_000_000_000),
  NOTIFICATION_RATE_LIMIT_WINDOW_SECONDS: integer(10, 1, 3_600),
  CLOCK_SKEW_SECONDS: integer(60, 0, 600),
  TEAMS_APP_ID: guid,
  WARNINGS: onOff(true),
  BOT_OPENID_METADATA_URL: optionalText.refine((v) => v === undefined || /^https:\/\/[^/]+\/.*\/openidconfiguration$/.test(v), {
    message: "must be an https URL ending in '/openidconfiguration' (the Teams SDK reads the keys beside it, at '…/keys')",
  }),
  DIST_DIR: optionalText,
  ASSETS_DIR: optionalText,
});

/**
 * Validates `env` (normally process.env) and returns the configuration.
 * @throws ConfigError listing every bad key, not just the first.
 */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = envSchema.safeParse(env);
  const problems: { key: string; message: string }[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      problems.push({ key: String(issue.path[0] ?? '(environment)'), message: issue.message });
    }
  }
  // Cross-key rules are checked on the raw text too, so they are reported alongside per-key problems.
  const raw = (key: string): string | undefined => {
    const v = env[key]?.trim();
    return v === undefined || v === '' ? undefined : v;
  };
  const tenantMode = raw('AZURE_CLIENT_ID') !== undefined;
  if (tenantMode) {
    if (raw('AZURE_TENANT_ID') === undefined) {
      problems.push({ key: 'AZURE_TENANT_ID', message: 'is required when AZURE_CLIENT_ID is set (the app registration’s home tenant)' });
    }
    const hasCert = raw('AZURE_CLIENT_CERTIFICATE_PEM') !== undefined;
    if (raw('AZURE_CLIENT_SECRET') === undefined && !hasCert) {
      problems.push({ key: 'AZURE_CLIENT_SECRET', message: 'is required when AZURE_CLIENT_ID is set (or AZURE_CLIENT_CERTIFICATE_PEM with AZURE_CLIENT_CERTIFICATE_THUMBPRINT)' });
    }
    if (hasCert && raw('AZURE_CLIENT_CERTIFICATE_THUMBPRINT') === undefined) {
      problems.push({ key: 'AZURE_CLIENT_CERTIFICATE_THUMBPRINT', message: 'is required with AZURE_CLIENT_CERTIFICATE_PEM' });
    }
    if (raw('PUBLIC_BASE_URL') === undefined) {
      problems.push({ key: 'PUBLIC_BASE_URL', message: 'is required when AZURE_CLIENT_ID is set (the https origin Teams and Outlook load the app from)' });
    }
    // Graph delivers change notifications only to https endpoints (a dev tenant also accepts http on loopback).
    const base = raw('PUBLIC_BASE_URL');
    if (base !== undefined && base.toLowerCase().startsWith('http:') && isMicrosoftGraph(raw('GRAPH_BASE_URL'))) {
      problems.push({ key: 'PUBLIC_BASE_URL', message: 'must be https with Microsoft Graph (Graph delivers change notifications only to https endpoints)' });
    }
    const both = raw('AZURE_AUTHORITY_HOST') !== undefined && raw('AUTHORITY_HOST') !== undefined;
    if (both && raw('AZURE_AUTHORITY_HOST')?.replace(/\/+$/, '') !== raw('AUTHORITY_HOST')?.replace(/\/+$/, '')) {
      problems.push({ key: 'AUTHORITY_HOST', message: 'differs from AZURE_AUTHORITY_HOST (its newer name); set only AZURE_AUTHORITY_HOST' });
    }
  } else {
    for (const key of ['AZURE_TENANT_ID', 'AZURE_CLIENT_SECRET', 'AZURE_CLIENT_CERTIFICATE_PEM', 'API_AUDIENCE', 'GRAPH_CA_FILE', 'BOT_OPENID_METADATA_URL']) {
      if (raw(key) !== undefined) problems.push({ key, message: 'is set but AZURE_CLIENT_ID is not (demo mode would ignore it); set AZURE_CLIENT_ID too or unset it' });
    }
  }
  // A simulated clock is a dev tenant's: never with Microsoft's Graph, and demo mode runs its own dev tenant's anyway.
  if (raw('SIMULATED_CLOCK_URL') !== undefined) {
    if (!tenantMode) {
      problems.push({ key: 'SIMULATED_CLOCK_URL', message: 'is only for tenant mode against a dev tenant (demo mode follows its own dev tenant\'s clock); unset it' });
    } else if (isMicrosoftGraph(raw('GRAPH_BASE_URL'))) {
      problems.push({ key: 'SIMULATED_CLOCK_URL', message: 'is only for a dev tenant, but GRAPH_BASE_URL is Microsoft Graph (or unset); Microsoft 365 runs on the real clock — unset SIMULATED_CLOCK_URL' });
    }
  }
  // A worker thread opens its own database connection and follows a dev tenant only over HTTP.
  if (raw('BACKGROUND_WORK')?.toLowerCase() === 'thread') {
    if (!tenantMode) problems.push({ key: 'BACKGROUND_WORK', message: "is 'thread', which needs tenant mode (demo mode's dev tenant lives in the server's thread); unset it or set 'inline'" });
    else if (/^sqlite::memory:/.test(raw('DATABASE_URL') ?? '')) problems.push({ key: 'BACKGROUND_WORK', message: "is 'thread', but DATABASE_URL is an in-memory SQLite database, which another thread cannot open; set 'inline'" });
  }
  // The CA file is read here, once, so a wrong path stops the start with the other problems rather than the first call.
  let caPem: string | null = null;
  const caFile = raw('GRAPH_CA_FILE');
  if (tenantMode && caFile !== undefined) {
    try {
      caPem = readFileSync(caFile, 'utf8');
      if (!caPem.includes('-----BEGIN CERTIFICATE-----')) {
        problems.push({ key: 'GRAPH_CA_FILE', message: `'${caFile}' holds no PEM certificate` });
      }
    } catch (error) {
      problems.push({ key: 'GRAPH_CA_FILE', message: `cannot read '${caFile}' (${(error as { code?: unknown }).code ?? 'unreadable'})` });
    }
  }
  if (problems.length > 0 || !parsed.success) throw new ConfigError(problems);

  const e = parsed.data;
  const port = e.PORT;
  const publicBaseUrl = (e.PUBLIC_BASE_URL ?? `http://localhost:${port}`).replace(/\/+$/, '');
  const common = {
    port,
    databaseUrl: e.DATABASE_URL ?? 'sqlite:./data/turnaround.db',
    logLevel: e.LOG_LEVEL ?? 'info',
    publicBaseUrl,
    demo: { seed: e.DEMO_SEED, people: e.DEMO_PEOPLE, days: e.DEMO_DAYS, seedRequests: e.DEMO_SEED_REQUESTS },
    sync: {
      scheduler: e.SCHEDULER,
      backgroundWork: e.BACKGROUND_WORK ?? (tenantMode && !(e.DATABASE_URL ?? '').startsWith('sqlite::memory:') ? 'thread' : 'inline'),
      intervalSeconds: e.SYNC_INTERVAL_SECONDS,
      retentionDays: e.RETENTION_DAYS,
    },
    limits: {
      bodyLimitBytes: e.BODY_LIMIT_BYTES,
      rateLimitBurst: e.RATE_LIMIT_BURST,
      rateLimitPerSecond: e.RATE_LIMIT_PER_SECOND,
      apiRequestsPerLoopTurn: e.API_REQUESTS_PER_LOOP_TURN,
    },
    ipRateLimit: { max: e.IP_RATE_LIMIT_MAX, windowSeconds: e.IP_RATE_LIMIT_WINDOW_SECONDS },
    trustedProxies: e.TRUSTED_PROXIES,
    changeNotifications: {
      enabled: e.CHANGE_NOTIFICATIONS,
      notificationUrl: `${publicBaseUrl}/api/graph/notifications`,
      lifecycleNotificationUrl: `${publicBaseUrl}/api/graph/lifecycle`,
      pollSeconds: e.NOTIFICATION_POLL_SECONDS,
      rateLimit: { perAddressMax: e.NOTIFICATION_RATE_LIMIT_MAX, totalMax: e.NOTIFICATION_RATE_LIMIT_TOTAL_MAX, windowSeconds: e.NOTIFICATION_RATE_LIMIT_WINDOW_SECONDS },
    },
    graphBackgroundAccess: e.GRAPH_BACKGROUND_ACCESS ?? 'application',
    simulatedClockUrl: e.SIMULATED_CLOCK_URL?.replace(/\/+$/, '') ?? null,
    teamsAppId: (e.TEAMS_APP_ID ?? DEFAULT_TEAMS_APP_ID).toLowerCase(),
    warnings: e.WARNINGS,
    bot: { openIdMetadataUrl: tenantMode ? (e.BOT_OPENID_METADATA_URL ?? null) : null },
    distDir: resolve(e.DIST_DIR ?? 'dist'),
    assetsDir: resolve(e.ASSETS_DIR ?? 'assets'),
  };
  if (e.AZURE_CLIENT_ID === undefined) {
    return {
      ...common,
      mode: 'demo',
      host: e.HOST ?? '127.0.0.1',
      auth: { audiences: [], allowedTenantIds: e.ALLOWED_TENANT_IDS, requiredScope: 'access_as_user', clockToleranceSeconds: e.CLOCK_SKEW_SECONDS },
      entra: null,
    };
  }
  const clientId = e.AZURE_CLIENT_ID.toLowerCase();
  const homeTenant = (e.AZURE_TENANT_ID ?? '').toLowerCase();
  const audiences = [...new Set([clientId, `api://${clientId}`, ...(e.API_AUDIENCE === undefined ? [] : [e.API_AUDIENCE])])];
  return {
    ...common,
    mode: 'tenant',
    host: e.HOST ?? '0.0.0.0',
    auth: {
      audiences,
      allowedTenantIds: e.ALLOWED_TENANT_IDS.length > 0 ? e.ALLOWED_TENANT_IDS : [homeTenant],
      requiredScope: 'access_as_user',
      clockToleranceSeconds: e.CLOCK_SKEW_SECONDS,
    },
    entra: {
      clientId,
      tenantId: homeTenant,
      clientSecret: e.AZURE_CLIENT_SECRET ?? null,
      clientCertificate:
        e.AZURE_CLIENT_CERTIFICATE_PEM === undefined
          ? null
          : {
              privateKeyPem: e.AZURE_CLIENT_CERTIFICATE_PEM.replace(/\\n/g, '\n'),
              thumbprintSha256: (e.AZURE_CLIENT_CERTIFICATE_THUMBPRINT ?? '').replace(/:/g, ''),
            },
      authorityHost: (e.AZURE_AUTHORITY_HOST ?? e.AUTHORITY_HOST ?? 'https://login.microsoftonline.com').replace(/\/+$/, ''),
      graphBaseUrl: e.GRAPH_BASE_URL ?? 'https://graph.microsoft.com/v1.0/',
      caPem,
    },
  };
}

/** Whether GRAPH_BASE_URL (unset: the default) is Microsoft's Graph rather than a dev tenant's. */
function isMicrosoftGraph(graphBaseUrl: string | undefined): boolean {
  let host = '';
  try {
    host = new URL(graphBaseUrl ?? 'https://graph.microsoft.com/v1.0/').hostname.toLowerCase();
  } catch {
    // Not a URL: reported as such by the schema; no second message about it.
    return false;
  }
  return host === 'graph.microsoft.com' || host.endsWith('.graph.microsoft.com');
}

/** Reads the process environment — the one place in src/ that does. */
export function loadConfigFromProcess(): Config {
  return loadConfig(process.env);
}
