import https from 'node:https';
import type { DevTenant } from '../../../src/devtenant/dev-tenant';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON from the wire, asserted field by field
}

/** One HTTPS request to the simulator with node:https, trusting only the dev tenant's certificate. */
export function rawGraphRequest(tenant: DevTenant, method: string, pathOrUrl: string, options: { token?: string; body?: unknown; headers?: Record<string, string>; ca?: string | null } = {}): Promise<RawResponse> {
  const url = pathOrUrl.startsWith('https://') ? new URL(pathOrUrl) : new URL(`${tenant.graphOrigin}/v1.0${pathOrUrl}`);
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const req = https.request(url, {
      method,
      ...(options.ca === null ? {} : { ca: options.ca ?? tenant.certificatePem }),
      headers: {
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...(payload ? { 'content-type': 'application/json' } : {}),
        ...options.headers,
      },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text ? JSON.parse(text) : undefined });
      });
    });
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

/** A Graph token for a demo user. */
export function graphToken(tenant: DevTenant, upn: string): Promise<string> {
  return tenant.idp.issueToken({ username: upn, audience: 'https://graph.microsoft.com' });
}
