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

  it('rejects tenant-only keys in demo mode rather than silently ignoring them', () => {
    expect(() => loadConfig({ AZURE_CLIENT_SECRET: 'x' })).toThrow(/AZURE_CLIENT_SECRET/);
  });
});
