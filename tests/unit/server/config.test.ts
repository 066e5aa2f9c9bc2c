import { DEFAULT_TEAMS_APP_ID } from '../../../src/package/teams-app-id';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../../../src/server/config';

const CLIENT = '11111111-2222-3333-4444-555555555555';
const TENANT = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';

describe('loadConfig', () => {
  it('defaults to demo mode on port 3978 with SQLite under ./data', () => {
    const config = loadConfig({});
    expect(config.mode).toBe('demo');
    expect(config.port).toBe(3978);
    expect(config.databaseUrl).toBe('sqlite:./data/turnaround.db');
    expect(config.publicBaseUrl).toBe('http://localhost:3978');
    expect(config.entra).toBeNull();
    expect(config.sync.scheduler).toBe(true);
    expect(config.limits).toEqual({ bodyLimitBytes: 65536, rateLimitBurst: 100, rateLimitPerSecond: 20, apiRequestsPerLoopTurn: 4 });
  });

  it('switches to tenant mode when AZURE_CLIENT_ID is set and accepts both audience forms', () => {
    const config = loadConfig({
      AZURE_CLIENT_ID: CLIENT,
      AZURE_TENANT_ID: TENANT,
      AZURE_CLIENT_SECRET: 's3cret',
      PUBLIC_BASE_URL: 'https://turnaround.example.com/',
      SCHEDULER: 'off',
    });
    expect(config.mode).toBe('tenant');
    expect(config.auth.audiences).toEqual([CLIENT, `api://${CLIENT}`]);
    expect(config.auth.allowedTenantIds).toEqual([TENANT]);
    expect(config.publicBaseUrl).toBe('https://turnaround.example.com');
    expect(config.sync.scheduler).toBe(false);
    expect(config.entra?.clientSecret).toBe('s3cret');
  });

  it('uses the allow-list of tenants when given', () => {
    const other = '99999999-8888-7777-6666-555555555555';
    const config = loadConfig({
      AZURE_CLIENT_ID: CLIENT, AZURE_TENANT_ID: TENANT, AZURE_CLIENT_SECRET: 'x', PUBLIC_BASE_URL: 'https://a.example',
      ALLOWED_TENANT_IDS: `${TENANT}, ${other}`,
    });
    expect(config.auth.allowedTenantIds).toEqual([TENANT, other]);
  });

  it('reads TRUSTED_PROXIES as addresses, CIDR ranges and proxy names, none by default, and refuses anything else', () => {
    expect(loadConfig({}).trustedProxies).toEqual([]);
    expect(loadConfig({ TRUSTED_PROXIES: ' 10.0.0.0/8, loopback,2001:db8::1 ' }).trustedProxies).toEqual(['10.0.0.0/8', 'loopback', '2001:db8::1']);
    for (const bad of ['10.0.0.0/33', 'proxy.example.com', '10.0.0.1/8/1', 'everything']) {
      expect(() => loadConfig({ TRUSTED_PROXIES: bad })).toThrow(ConfigError);
    }
  });

  it('lists every bad key in one ConfigError', () => {
    let caught: unknown;
    try {
      loadConfig({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://x',
        LOG_LEVEL: 'loud',
        SYNC_INTERVAL_SECONDS: '1',
        SCHEDULER: 'maybe',
        AZURE_CLIENT_ID: 'not-a-guid',
        ALLOWED_TENANT_IDS: 'abc',
        API_REQUESTS_PER_LOOP_TURN: '0',
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const keys = (caught as ConfigError).problems.map((p) => p.key).sort();
    expect(keys).toEqual(
      ['ALLOWED_TENANT_IDS', 'API_REQUESTS_PER_LOOP_TURN', 'AZURE_CLIENT_ID', 'AZURE_CLIENT_SECRET', 'AZURE_TENANT_ID', 'DATABASE_URL', 'LOG_LEVEL', 'PORT', 'PUBLIC_BASE_URL', 'SCHEDULER', 'SYNC_INTERVAL_SECONDS'].sort(),
    );
    for (const key of keys) expect((caught as ConfigError).message).toContain(key);
  });

  describe('Graph access (issue 18)', () => {
    const tenant = { AZURE_CLIENT_ID: CLIENT, AZURE_TENANT_ID: TENANT, AZURE_CLIENT_SECRET: 'x', PUBLIC_BASE_URL: 'https://a.example' };
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'turnaround-config-'));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('GRAPH_BACKGROUND_ACCESS is application by default in both modes, delegated when asked, and nothing else', () => {
      expect(loadConfig({}).graphBackgroundAccess).toBe('application');
      expect(loadConfig(tenant).graphBackgroundAccess).toBe('application');
      expect(loadConfig({ GRAPH_BACKGROUND_ACCESS: 'delegated' }).graphBackgroundAccess).toBe('delegated');
      expect(loadConfig({ ...tenant, GRAPH_BACKGROUND_ACCESS: ' delegated ' }).graphBackgroundAccess).toBe('delegated');
      expect(() => loadConfig({ ...tenant, GRAPH_BACKGROUND_ACCESS: 'app' })).toThrow(/GRAPH_BACKGROUND_ACCESS: must be 'application' or 'delegated'/);
    });

    it('TEAMS_APP_ID names the installed Teams app the activity feed links to (the packaged default otherwise); only a GUID', () => {
      expect(loadConfig({}).teamsAppId).toBe(DEFAULT_TEAMS_APP_ID);
      expect(loadConfig({ ...tenant, TEAMS_APP_ID: 'AAAAAAAA-BBBB-4CCC-8DDD-EEEEEEEEEEEE' }).teamsAppId).toBe('aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee');
      expect(() => loadConfig({ TEAMS_APP_ID: 'turnaround' })).toThrow(/TEAMS_APP_ID: must be a GUID/);
      expect([loadConfig({}).warnings, loadConfig({ WARNINGS: 'off' }).warnings]).toEqual([true, false]);
    });

    it('BACKGROUND_WORK runs in a worker thread in tenant mode and inline in demo mode by default; thread needs tenant mode and a database file', () => {
      expect(loadConfig({}).sync.backgroundWork).toBe('inline');
      expect(loadConfig(tenant).sync.backgroundWork).toBe('thread');
      expect(loadConfig({ ...tenant, BACKGROUND_WORK: 'inline' }).sync.backgroundWork).toBe('inline');
      expect(loadConfig({ ...tenant, DATABASE_URL: 'sqlite::memory:' }).sync.backgroundWork).toBe('inline');
      expect(loadConfig({ ...tenant, DATABASE_URL: 'postgres://db.example/turnaround' }).sync.backgroundWork).toBe('thread');
      expect(() => loadConfig({ BACKGROUND_WORK: 'thread' })).toThrow(/BACKGROUND_WORK: is 'thread', which needs tenant mode/);
      expect(() => loadConfig({ ...tenant, DATABASE_URL: 'sqlite::memory:', BACKGROUND_WORK: 'thread' })).toThrow(/BACKGROUND_WORK: is 'thread', but DATABASE_URL is an in-memory SQLite database/);
      expect(() => loadConfig({ ...tenant, BACKGROUND_WORK: 'worker' })).toThrow(/BACKGROUND_WORK: must be 'thread' or 'inline'/);
    });

    it('AZURE_AUTHORITY_HOST names the authority; AUTHORITY_HOST is still accepted, but not a different one beside it', () => {
      expect(loadConfig(tenant).entra?.authorityHost).toBe('https://login.microsoftonline.com');
      expect(loadConfig({ ...tenant, AZURE_AUTHORITY_HOST: 'https://localhost:8444/' }).entra?.authorityHost).toBe('https://localhost:8444');
      expect(loadConfig({ ...tenant, AUTHORITY_HOST: 'https://localhost:8445' }).entra?.authorityHost).toBe('https://localhost:8445');
      expect(loadConfig({ ...tenant, AZURE_AUTHORITY_HOST: 'https://localhost:8444', AUTHORITY_HOST: 'https://localhost:8444/' }).entra?.authorityHost).toBe('https://localhost:8444');
      expect(() => loadConfig({ ...tenant, AZURE_AUTHORITY_HOST: 'https://localhost:8444', AUTHORITY_HOST: 'https://login.microsoftonline.com' })).toThrow(/AUTHORITY_HOST: differs from AZURE_AUTHORITY_HOST/);
      expect(() => loadConfig({ ...tenant, AZURE_AUTHORITY_HOST: 'not a url' })).toThrow(/AZURE_AUTHORITY_HOST: must be an http\(s\) URL/);
    });

    it('GRAPH_CA_FILE is read at start; unset means the system CAs; unreadable or not a certificate is a config error', () => {
      const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
      const file = join(dir, 'ca.pem');
      writeFileSync(file, pem);
      expect(loadConfig(tenant).entra?.caPem).toBeNull();
      expect(loadConfig({ ...tenant, GRAPH_CA_FILE: file }).entra?.caPem).toBe(pem);
      expect(() => loadConfig({ ...tenant, GRAPH_CA_FILE: join(dir, 'missing.pem') })).toThrow(/GRAPH_CA_FILE: cannot read '.*missing\.pem' \(ENOENT\)/);
      const notPem = join(dir, 'key.txt');
      writeFileSync(notPem, 'hello');
      expect(() => loadConfig({ ...tenant, GRAPH_CA_FILE: notPem })).toThrow(/GRAPH_CA_FILE: '.*key\.txt' holds no PEM certificate/);
      // Demo mode trusts its own dev tenant's certificate; a CA file there would be ignored, so it is refused.
      expect(() => loadConfig({ GRAPH_CA_FILE: file })).toThrow(/GRAPH_CA_FILE: is set but AZURE_CLIENT_ID is not/);
    });

    it('BOT_OPENID_METADATA_URL points the bot endpoint at a dev tenant\'s Bot Framework metadata; unset is Microsoft\'s cloud; demo mode refuses it', () => {
      expect(loadConfig(tenant).bot.openIdMetadataUrl).toBeNull();
      expect(loadConfig({}).bot.openIdMetadataUrl).toBeNull();
      const url = 'https://localhost:8444/botframework/v1/.well-known/openidconfiguration';
      expect(loadConfig({ ...tenant, BOT_OPENID_METADATA_URL: url }).bot.openIdMetadataUrl).toBe(url);
      expect(() => loadConfig({ ...tenant, BOT_OPENID_METADATA_URL: 'http://localhost:8444/botframework/v1/.well-known/openidconfiguration' })).toThrow(/BOT_OPENID_METADATA_URL: must be an https URL ending in '\/openidconfiguration'/);
      expect(() => loadConfig({ ...tenant, BOT_OPENID_METADATA_URL: 'https://localhost:8444/botframework/v1/.well-known/keys' })).toThrow(/BOT_OPENID_METADATA_URL: must be an https URL/);
      expect(() => loadConfig({ BOT_OPENID_METADATA_URL: url })).toThrow(/BOT_OPENID_METADATA_URL: is set but AZURE_CLIENT_ID is not/);
    });
  });

  it('rejects tenant-only keys in demo mode rather than silently ignoring them', () => {
    expect(() => loadConfig({ AZURE_CLIENT_SECRET: 'x' })).toThrow(/AZURE_CLIENT_SECRET/);
  });

  it('follows a dev tenant\'s clock with SIMULATED_CLOCK_URL in tenant mode against a dev tenant only', () => {
    const tenant = { AZURE_CLIENT_ID: CLIENT, AZURE_TENANT_ID: TENANT, AZURE_CLIENT_SECRET: 'x', PUBLIC_BASE_URL: 'https://127.0.0.1:3978' };
    expect(loadConfig(tenant).simulatedClockUrl).toBeNull();
    const followed = loadConfig({ ...tenant, GRAPH_BASE_URL: 'https://localhost:8443/v1.0/', SIMULATED_CLOCK_URL: 'http://127.0.0.1:9000/dev/' });
    expect(followed.simulatedClockUrl).toBe('http://127.0.0.1:9000/dev');
    // Microsoft's Graph (named, or the default when GRAPH_BASE_URL is unset) runs on the real clock.
    for (const graph of [{ GRAPH_BASE_URL: 'https://graph.microsoft.com/v1.0/' }, {}]) {
      expect(() => loadConfig({ ...tenant, ...graph, SIMULATED_CLOCK_URL: 'http://127.0.0.1:9000/dev' })).toThrow(/SIMULATED_CLOCK_URL: is only for a dev tenant/);
    }
    // Demo mode runs its own dev tenant; a URL that is not http(s) is no URL.
    expect(() => loadConfig({ SIMULATED_CLOCK_URL: 'http://127.0.0.1:9000/dev' })).toThrow(/SIMULATED_CLOCK_URL: is only for tenant mode/);
    expect(() => loadConfig({ ...tenant, GRAPH_BASE_URL: 'https://localhost:8443/v1.0/', SIMULATED_CLOCK_URL: 'ftp://x' })).toThrow(/SIMULATED_CLOCK_URL: must be an http\(s\) URL/);
  });
});
