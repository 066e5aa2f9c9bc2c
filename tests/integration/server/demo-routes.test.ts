/**
 * The demo-only wiring of the server: "Simulate a reply" through the dev tenant's Graph write path (found by one
 * sync), the Outlook workbench routes, and the task pane's token audience (exact, no pattern). Real dev tenant,
 * real SQLite file, real token validation, the real sync over HTTPS.
 */
import { mkdtempSync, rmSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { LookupResponse, RequestView } from '../../../src/contracts/api';
import { buildServer } from '../../../src/server/build-server';
import { loadConfig } from '../../../src/server/config';
import { startDevTenant, type LocalDevTenant } from '../../../src/devtenant/dev-tenant';
import { DEMO_API_CLIENT_ID } from '../../../src/devtenant/identity-provider';
import type { SimulatedReply } from '../../../src/devtenant/dev-routes';

let app: FastifyInstance;
let devTenant: LocalDevTenant;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'turnaround-demo-routes-'));
  mkdirSync(join(dir, 'dist'));
  writeFileSync(join(dir, 'dist', 'taskpane.html'), '<!doctype html><script src="https://appsforoffice.microsoft.com/lib/1/hosted/office.js"></script><div id="root"></div>');
  devTenant = await startDevTenant({ seed: 7, people: 30, days: 30, idpIssuerBase: 'http://localhost:3978/dev/idp' });
  const config = loadConfig({ LOG_LEVEL: 'silent', SCHEDULER: 'off', DATABASE_URL: `sqlite:${join(dir, 'test.db')}`, DIST_DIR: join(dir, 'dist'), ASSETS_DIR: join(dir, 'assets') });
  app = await buildServer(config, { devTenant });
}, 120_000);

afterAll(async () => {
  await app?.close();
  await devTenant?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const upnOf = (id: string): string => devTenant.org.userById(id)!.userPrincipalName;

async function api<T>(upn: string, method: 'GET' | 'POST', url: string, payload?: unknown): Promise<{ status: number; body: T }> {
  const token = await devTenant.idp.issueToken({ username: upn });
  const response = await app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload === undefined ? {} : { payload: payload as object }) });
  return { status: response.statusCode, body: response.json() as T };
}

async function simulate(payload: unknown): Promise<{ status: number; body: SimulatedReply & { code?: string } }> {
  const response = await app.inject({ method: 'POST', url: '/dev/simulate/reply', payload: payload as object });
  return { status: response.statusCode, body: response.json() as SimulatedReply & { code?: string } };
}

describe('POST /dev/simulate/reply', () => {
  it('replies as the assignee to their oldest unanswered email request; one sync later the first response is recorded', async () => {
    const unanswered = devTenant.org.groundTruth().filter((g) => g.source === 'email' && g.firstResponseAt === null);
    const target = unanswered[0]!;
    expect(target).toBeDefined();
    const upn = upnOf(target.assigneeId);
    const tracked = await api<RequestView>(upn, 'POST', '/api/requests', { source: 'email', messageId: target.messageId });
    expect(tracked.status).toBe(201);
    expect(tracked.body.firstResponseAt).toBeNull();

    const replied = await simulate({ asUser: upn });
    expect(replied.status).toBe(200);
    expect(replied.body).toMatchObject({ source: 'email', messageId: target.messageId, subject: tracked.body.subject, from: { id: target.assigneeId }, to: { id: target.requesterId } });

    // Not there before a sync; there after one (the reply sits in Sent Items with the conversation's id).
    const before = await api<LookupResponse>(upn, 'GET', `/api/requests/lookup?source=email&messageId=${encodeURIComponent(target.messageId)}`);
    expect(before.body.request?.firstResponseAt).toBeNull();
    await app.services.sync.syncPerson({ tenantId: devTenant.org.tenantId, userId: target.assigneeId });
    const after = await api<LookupResponse>(upn, 'GET', `/api/requests/lookup?source=email&messageId=${encodeURIComponent(target.messageId)}`);
    expect(Date.parse(after.body.request!.firstResponseAt!)).toBe(Math.floor(Date.parse(replied.body.repliedAt) / 1000) * 1000);
    expect(after.body.request?.firstResponseSource).toBe('email');
  }, 60_000);

  it('replies in the chat when given a chat message; the sync finds the first response', async () => {
    const target = devTenant.org.groundTruth().find((g) => g.source === 'chat' && g.firstResponseAt === null)!;
    expect(target).toBeDefined();
    const upn = upnOf(target.assigneeId);
    const tracked = await api<RequestView>(upn, 'POST', '/api/requests', { source: 'chat', messageId: target.messageId, chatId: target.chatId });
    expect(tracked.status).toBe(201);
    const replied = await simulate({ asUser: upn, messageId: target.messageId, chatId: target.chatId });
    expect(replied.status).toBe(200);
    expect(replied.body).toMatchObject({ source: 'chat', chatId: target.chatId, to: { id: target.requesterId } });
    await app.services.sync.syncPerson({ tenantId: devTenant.org.tenantId, userId: target.assigneeId });
    const after = await api<LookupResponse>(upn, 'GET', `/api/requests/lookup?source=chat&messageId=${encodeURIComponent(target.messageId)}`);
    expect(after.body.request?.firstResponseAt).not.toBeNull();
  }, 60_000);

  it('answers problems: bad body 400, unknown user 404, nothing open 409, a message of another mailbox 404', async () => {
    expect((await simulate({})).body.code).toBe('invalid_request');
    expect((await simulate({ asUser: 'nobody@example.com' })).status).toBe(404);
    // someone who tracks nothing (in this database)
    const open = await Promise.all(devTenant.org.users.map((u) => app.services.stores.requests.listOpenForAssignee(devTenant.org.tenantId, u.id)));
    const idle = devTenant.org.users.find((_u, i) => open[i]!.length === 0)!;
    const nothing = await simulate({ asUser: idle.userPrincipalName });
    expect(nothing.status).toBe(409);
    expect(nothing.body.code).toBe('nothing_open');
    const someoneElses = devTenant.org.groundTruth().find((g) => g.source === 'email' && g.assigneeId !== idle.id)!;
    const foreign = await simulate({ asUser: idle.userPrincipalName, messageId: someoneElses.messageId });
    expect(foreign.status).toBe(404);
    expect(foreign.body.code).toBe('not_found');
  });
});

describe('Outlook workbench routes and the task pane audience (demo mode)', () => {
  it('serves the stand-in, the task pane with the stand-in instead of the CDN office.js, and the mailbox', async () => {
    const standin = await app.inject({ method: 'GET', url: '/dev/workbench/office-standin.js' });
    expect(standin.statusCode).toBe(200);
    expect(standin.headers['content-type']).toContain('javascript');
    const pane = await app.inject({ method: 'GET', url: '/dev/workbench/outlook/taskpane' });
    expect(pane.statusCode).toBe(200);
    expect(pane.body).toContain('/dev/workbench/office-standin.js');
    expect(pane.body).not.toContain('appsforoffice.microsoft.com');
    const user = devTenant.org.users[0]!;
    // categorise an old message (a change moves it to the end of the folder's change order)
    const oldest = devTenant.org.folder(user.index, 'inbox').find((m) => !m.deleted)!;
    devTenant.org.setCategories(oldest, ['Internal request'], devTenant.clock.nowMs());
    const mailbox = await app.inject({ method: 'GET', url: `/dev/workbench/outlook/mailbox?user=${encodeURIComponent(user.userPrincipalName)}&top=5` });
    expect(mailbox.statusCode).toBe(200);
    const listed = (mailbox.json() as { messages: { receivedAt: string }[] }).messages;
    expect(listed.length).toBe(5);
    // newest received first, as Outlook lists them — also after a message was categorised (changed)
    const received = listed.map((m) => Date.parse(m.receivedAt));
    expect(received).toEqual([...received].sort((a, b) => b - a));
    const newest = devTenant.org.folder(user.index, 'inbox').filter((m) => !m.deleted).reduce((a, b) => (b.mail.sentMs > a.mail.sentMs ? b : a));
    expect(received[0]).toBe(newest.mail.sentMs);
  });

  it('accepts the App ID URI the task pane asks for at this host, and nothing like it', async () => {
    const upn = devTenant.org.users[0]!.userPrincipalName;
    const me = async (audience: string) => {
      const token = await devTenant.idp.issueToken({ username: upn, audience, scopes: 'access_as_user' });
      return (await app.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${token}` } })).statusCode;
    };
    expect(await me(`api://localhost:3978/${DEMO_API_CLIENT_ID}`)).toBe(200);
    expect(await me(DEMO_API_CLIENT_ID)).toBe(200);
    expect(await me(`api://evil.example/${DEMO_API_CLIENT_ID}`)).toBe(401);
    expect(await me(`api://localhost:3978/${DEMO_API_CLIENT_ID}/extra`)).toBe(401);
    expect(await me(`api://localhost:3979/${DEMO_API_CLIENT_ID}`)).toBe(401);
  });
});
