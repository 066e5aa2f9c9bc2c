import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../../src/server/build-server';
import { loadConfig } from '../../../src/server/config';
import { HOST_FRAME_ANCESTORS } from '../../../src/server/security-headers';

describe('server skeleton', () => {
  let app: FastifyInstance;
  let builtApp: FastifyInstance;
  const emptyDir = mkdtempSync(join(tmpdir(), 'turnaround-nodist-'));
  const builtDir = mkdtempSync(join(tmpdir(), 'turnaround-dist-'));

  beforeAll(async () => {
    app = await buildServer({ ...loadConfig({ LOG_LEVEL: 'silent', SCHEDULER: 'off', DATABASE_URL: 'sqlite::memory:' }), distDir: join(emptyDir, 'dist'), assetsDir: join(emptyDir, 'assets') });
    mkdirSync(join(builtDir, 'assets'));
    writeFileSync(join(builtDir, 'tab.html'), '<!doctype html><title>tab</title>');
    writeFileSync(join(builtDir, 'landing.html'), '<!doctype html><title>landing</title>');
    writeFileSync(join(builtDir, 'assets', 'tab.abc.js'), 'console.log(1)');
    builtApp = await buildServer({ ...loadConfig({ LOG_LEVEL: 'silent', SCHEDULER: 'off', AZURE_CLIENT_ID: '11111111-2222-3333-4444-555555555555', AZURE_TENANT_ID: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee', AZURE_CLIENT_SECRET: 'x', PUBLIC_BASE_URL: 'https://t.example', DATABASE_URL: 'sqlite::memory:' }), distDir: builtDir, assetsDir: join(emptyDir, 'none') });
  });
  afterAll(async () => {
    await app.close();
    await builtApp.close();
  });

  it('answers /healthz with 200 and a request id', async () => {
    const res = await app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('answers page routes with 503 not_built when dist/ is missing', async () => {
    for (const url of ['/', '/tab', '/manager', '/manager/config', '/taskpane', '/commands', '/dev/workbench/teams', '/assets/x.js']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(503);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json()).toMatchObject({ status: 503, code: 'not_built' });
    }
  });

  it('unknown routes are 404 problems', async () => {
    const res = await app.inject({ method: 'GET', url: '/nope' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'not_found', status: 404, title: 'Not found' });
  });

  it('serves a built page with a CSP whose frame-ancestors are exactly the host origins (tenant mode)', async () => {
    const res = await builtApp.inject({ method: 'GET', url: '/tab' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<title>tab</title>');
    const csp = String(res.headers['content-security-policy']);
    const ancestors = /frame-ancestors ([^;]+)/.exec(csp)?.[1]?.split(' ');
    expect(ancestors).toEqual([...HOST_FRAME_ANCESTORS]);
    expect(res.headers['x-frame-options']).toBeUndefined();
    expect(res.headers['strict-transport-security']).toContain('max-age');
  });

  it('in demo mode adds only self to frame-ancestors; the landing page is not framable in tenant mode', async () => {
    const demo = await buildServer({ ...loadConfig({ LOG_LEVEL: 'silent', SCHEDULER: 'off', DATABASE_URL: 'sqlite::memory:' }), distDir: builtDir, assetsDir: emptyDir });
    const res = await demo.inject({ method: 'GET', url: '/tab' });
    await demo.close();
    expect(/frame-ancestors ([^;]+)/.exec(String(res.headers['content-security-policy']))?.[1]?.split(' ')).toEqual(["'self'", ...HOST_FRAME_ANCESTORS]);
    const landing = await builtApp.inject({ method: 'GET', url: '/' });
    expect(landing.headers['x-frame-options']).toBe('DENY');
    expect(String(landing.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
    const wb = await builtApp.inject({ method: 'GET', url: '/dev/workbench/teams' });
    expect(wb.statusCode).toBe(404);
  });

  it('sends helmet\'s common security headers on API answers and pages, HSTS only over HTTPS, no COOP on framed pages', async () => {
    const api = await app.inject({ method: 'GET', url: '/api/me' });
    const page = await builtApp.inject({ method: 'GET', url: '/tab' });
    for (const res of [api, page]) {
      expect(res.headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        'cross-origin-resource-policy': 'same-origin',
        'origin-agent-cluster': '?1',
        'x-dns-prefetch-control': 'off',
        'x-download-options': 'noopen',
        'x-permitted-cross-domain-policies': 'none',
        'x-xss-protection': '0',
        'permissions-policy': 'camera=(), microphone=(), geolocation=()',
      });
      expect(res.headers['cross-origin-opener-policy']).toBeUndefined();
    }
    expect(api.headers['strict-transport-security']).toBeUndefined();
    expect(api.headers['x-frame-options']).toBe('DENY');
    expect(page.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
  });

  it('serves hashed assets as immutable', async () => {
    const res = await builtApp.inject({ method: 'GET', url: '/assets/tab.abc.js' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toContain('immutable');
  });

  it('readyz is 200 once the database is open', async () => {
    const res = await app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ready', checks: { applicationAccess: { status: 'ok' } } });
  });
});
