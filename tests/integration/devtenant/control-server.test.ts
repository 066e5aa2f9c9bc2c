/**
 * The standalone dev tenant's control plane (`npm run devtenant` serves it): the simulated clock a server in tenant
 * mode follows, identity provider outages, token request counts, the application consent an admin withdraws, and API
 * tokens issued by the token endpoint (the issuer tenant mode checks).
 */
import https from 'node:https';
import { decodeJwt } from 'jose';
import { startControlServer, type ControlServer } from '../../../src/devtenant/control-server';
import { DEMO_APPLICATION_PERMISSIONS, startDevTenant, type LocalDevTenant } from '../../../src/devtenant/dev-tenant';
import { waitFor } from './tenant-mode-processes';

const NOW = new Date('2026-03-02T07:00:00Z');
let tenant: LocalDevTenant;
let control: ControlServer;

beforeAll(async () => {
  tenant = await startDevTenant({ seed: 5, now: NOW, people: 8, days: 7 });
  control = await startControlServer(tenant);
});
afterAll(async () => {
  await control.close();
  await tenant.stop();
});

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${control.controlUrl}${path}`, { method, ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }) });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

/** A client-credentials request to the token endpoint with the demo client's secret, trusting only the dev tenant's CA. */
function clientCredentials(): { answer: Promise<{ status: number; body: Record<string, unknown> }>; answered: () => boolean } {
  let done = false;
  const payload = new URLSearchParams({
    grant_type: 'client_credentials', client_id: tenant.authority.demoClient.clientId, client_secret: tenant.authority.demoClient.clientSecret, scope: 'https://graph.microsoft.com/.default',
  }).toString();
  const answer = new Promise<{ status: number; body: Record<string, unknown> }>((resolve, reject) => {
    const req = https.request(`${tenant.authority.authorityHost}/${tenant.org.tenantId}/oauth2/v2.0/token`, { method: 'POST', ca: tenant.certificatePem, headers: { 'content-type': 'application/x-www-form-urlencoded' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        done = true;
        resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown> });
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
  return { answer, answered: () => done };
}

describe('the standalone dev tenant\'s control plane', () => {
  it('tells the simulated clock at GET /clock', async () => {
    tenant.clock.set(new Date('2026-03-02T08:00:00Z'));
    const now = Date.parse(String((await call('GET', '/clock')).json.now));
    expect(now - Date.parse('2026-03-02T08:00:00Z')).toBeGreaterThanOrEqual(0);
    expect(now - Date.parse('2026-03-02T08:00:00Z')).toBeLessThan(60_000);
  });

  it('issues API tokens named by the token endpoint as issuer (what tenant mode checks)', async () => {
    const user = tenant.org.users[1];
    const res = await fetch(`${control.controlUrl}/idp/token`, { method: 'POST', body: new URLSearchParams({ username: user?.userPrincipalName ?? '' }) });
    const claims = decodeJwt(String(((await res.json()) as { access_token: string }).access_token));
    expect(claims.iss).toBe(`${tenant.authority.authorityHost}/${tenant.org.tenantId}/v2.0`);
    expect(claims.oid).toBe(user?.id);
  });

  it('validates identity provider faults', async () => {
    for (const bad of [{ status: 502, minutes: 5 }, { status: 'slow', minutes: 5 }, { status: 500, minutes: -1 }, { status: 'hang' }, null]) {
      const res = await call('POST', '/idp/faults', bad);
      expect({ status: res.status, code: res.json.code }).toEqual({ status: 400, code: 'invalid_request' });
    }
  });

  it('answers 500 with Entra\'s error body for the simulated minutes asked, and counts every token request', async () => {
    expect((await call('DELETE', '/idp/requests')).status).toBe(204);
    expect((await call('POST', '/idp/faults', { status: 500, minutes: 10 })).status).toBe(204);
    const failed = await clientCredentials().answer;
    expect(failed.status).toBe(500);
    expect(failed.body).toEqual(expect.objectContaining({ error: 'temporarily_unavailable', error_codes: [90033], error_description: expect.stringMatching(/^AADSTS90033: /) as unknown }));
    // Nine simulated minutes on, still failing; eleven, answered.
    tenant.clock.advance(9 * 60_000);
    expect((await clientCredentials().answer).status).toBe(500);
    tenant.clock.advance(2 * 60_000);
    expect((await clientCredentials().answer).status).toBe(200);
    // DELETE ends an outage at once.
    await call('POST', '/idp/faults', { status: 500, minutes: 10 });
    expect((await call('DELETE', '/idp/faults')).status).toBe(204);
    expect((await clientCredentials().answer).status).toBe(200);
    expect((await call('GET', '/idp/requests')).json).toEqual({ total: 4, byGrantType: { client_credentials: 4 } });
  });

  it('does not answer during a hang outage, and answers once it is over', async () => {
    expect((await call('POST', '/idp/faults', { status: 'hang', minutes: 10 })).status).toBe(204);
    const before = Number((await call('GET', '/idp/requests')).json.total);
    const pending = clientCredentials();
    // The request is received (counted) but gets no answer while the outage lasts.
    await waitFor('the hanging request to arrive', async () => (Number((await call('GET', '/idp/requests')).json.total) === before + 1 ? true : undefined));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(pending.answered()).toBe(false);
    tenant.clock.advance(10 * 60_000);
    expect((await pending.answer).status).toBe(200);
  });

  it('withdraws and grants again the app\'s mail and chat permissions (the roles of its next tokens)', async () => {
    for (const bad of [{}, { granted: 'no' }, { granted: 1 }]) expect((await call('POST', '/consent/application', bad)).status).toBe(400);
    const revoked = await call('POST', '/consent/application', { granted: false });
    expect(revoked.status).toBe(200);
    const remaining = revoked.json.applicationPermissions as string[];
    expect(remaining).toEqual(DEMO_APPLICATION_PERMISSIONS.filter((p) => !/^(Mail|MailboxSettings|Chat)\./.test(p)));
    expect(remaining.length).toBeGreaterThan(0);
    const roles = async (): Promise<unknown> => decodeJwt(String((await clientCredentials().answer).body.access_token)).roles;
    expect(await roles()).toEqual(remaining);
    const restored = await call('POST', '/consent/application', { granted: true });
    expect([...(restored.json.applicationPermissions as string[])].sort()).toEqual([...DEMO_APPLICATION_PERMISSIONS].sort());
    expect([...((await roles()) as string[])].sort()).toEqual([...DEMO_APPLICATION_PERMISSIONS].sort());
  });
});
