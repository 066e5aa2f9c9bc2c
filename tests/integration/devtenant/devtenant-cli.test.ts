import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import https from 'node:https';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ConfidentialClientApplication } from '@azure/msal-node';
import { msalNetworkClient } from '../../../src/graph/entra-client';
import type { DevTenantLine } from './tenant-mode-processes';

const ROOT = join(__dirname, '..', '..', '..');
const GRAPH_DEFAULT = ['https://graph.microsoft.com/.default'];

let child: ChildProcessWithoutNullStreams;
let exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
const stderr: string[] = [];

/** Starts the real CLI under tsx and resolves with its one JSON line. */
function startCli(): Promise<DevTenantLine> {
  child = spawn(join(ROOT, 'node_modules', '.bin', 'tsx'), ['src/devtenant/devtenant-cli.ts', '--seed', '7', '--people', '12', '--days', '10'], {
    cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' }, stdio: ['pipe', 'pipe', 'pipe'],
  });
  exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  createInterface({ input: child.stderr }).on('line', (line) => stderr.push(line));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no JSON line within 30 s:\n${stderr.join('\n')}`)), 30_000);
    void exited.then(({ code }) => reject(new Error(`devtenant exited with ${String(code)}:\n${stderr.join('\n')}`)));
    createInterface({ input: child.stdout }).once('line', (line) => {
      clearTimeout(timer);
      resolve(JSON.parse(line) as DevTenantLine);
    });
  });
}

/** One HTTPS GET to Graph trusting only `ca`. */
function graphGet(url: string, token: string, ca: string): Promise<{ status: number; body: { error?: { code?: string }; value?: unknown[] } }> {
  return new Promise((resolve, reject) => {
    https.get(url, { ca, headers: { authorization: `Bearer ${token}` } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') }));
    }).on('error', reject);
  });
}

async function control(line: DevTenantLine, method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${line.controlUrl}${path}`, { method, ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }) });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) as Record<string, unknown> : {} };
}

afterAll(() => {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

describe('npm run devtenant (the dev tenant on its own)', () => {
  it('serves msal-node and Graph from its printed JSON line, ages tokens through the control URL, and exits 0 on SIGTERM', async () => {
    const line = await startCli();
    expect(Object.keys(line).sort()).toEqual(['authorityHost', 'caFile', 'clientId', 'clientSecret', 'controlUrl', 'graphBaseUrl', 'tenantId']);
    expect(line.controlUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/dev$/);
    const ca = readFileSync(line.caFile, 'utf8');
    expect(ca).toMatch(/^-----BEGIN CERTIFICATE-----/);

    // msal-node, client credentials, trusting only the printed CA file.
    const msal = (): ConfidentialClientApplication => new ConfidentialClientApplication({
      auth: { clientId: line.clientId, clientSecret: line.clientSecret, authority: `${line.authorityHost}/${line.tenantId}`, knownAuthorities: [new URL(line.authorityHost).host] },
      system: { networkClient: msalNetworkClient(ca) },
    });
    const oldToken = (await msal().acquireTokenByClientCredential({ scopes: GRAPH_DEFAULT }))?.accessToken ?? '';
    expect(oldToken).not.toBe('');

    const info = await control(line, 'GET', '/info');
    const users = info.json.users as { id: string }[];
    expect(info.json.tenantId).toBe(line.tenantId);
    const messagesUrl = `${line.graphBaseUrl}users/${users[0]?.id ?? ''}/messages?$top=5`;
    const before = await graphGet(messagesUrl, oldToken, ca);
    expect(before.status).toBe(200);
    expect(Array.isArray(before.body.value)).toBe(true);

    // The control URL validates its input and moves the simulated clock past the token's 60–90 minutes.
    for (const bad of [{ minutes: -5 }, { minutes: 0 }, { minutes: 'soon' }, {}]) {
      const res = await control(line, 'POST', '/clock/advance', bad);
      expect(res.status).toBe(400);
      expect(res.json.code).toBe('invalid_request');
    }
    const advanced = await control(line, 'POST', '/clock/advance', { minutes: 120 });
    expect(advanced.status).toBe(200);
    expect(Date.parse(String(advanced.json.now)) - Date.parse(String(info.json.now))).toBeGreaterThanOrEqual(120 * 60_000);

    const expired = await graphGet(messagesUrl, oldToken, ca);
    expect(expired.status).toBe(401);
    expect(expired.body.error?.code).toBe('InvalidAuthenticationToken');
    const freshToken = (await msal().acquireTokenByClientCredential({ scopes: GRAPH_DEFAULT }))?.accessToken ?? '';
    expect(freshToken).not.toBe(oldToken);
    expect((await graphGet(messagesUrl, freshToken, ca)).status).toBe(200);

    // The Graph request log counts the three calls (two served, one refused).
    const log = await control(line, 'GET', '/graph/requests');
    expect(log.status).toBe(200);
    expect(log.json.byEndpoint).toEqual({ 'GET /users/{id}/messages': 3 });
    expect(log.json.total).toBe(3);

    // A reply as a person, through the control URL, to a message in their Inbox.
    const inbox = await graphGet(`${line.graphBaseUrl}users/${users[0]?.id ?? ''}/mailFolders/inbox/messages?$top=1&$select=id`, freshToken, ca);
    const messageId = (inbox.body.value?.[0] as { id?: string } | undefined)?.id ?? '';
    expect(messageId).not.toBe('');
    expect((await control(line, 'POST', '/simulate/reply', { messageId })).status).toBe(400);
    const replied = await control(line, 'POST', '/simulate/reply', { asUser: users[0]?.id, messageId });
    expect(replied.status).toBe(200);
    expect(replied.json).toEqual(expect.objectContaining({ source: 'email', messageId, from: expect.objectContaining({ id: users[0]?.id }) }));

    child.kill('SIGTERM');
    expect(await exited).toEqual({ code: 0, signal: null });
    expect(existsSync(line.caFile)).toBe(false);
  });
});
