/**
 * The dev tenant's change notifications (issue 19), against a real dev tenant over HTTPS and a tiny local HTTP
 * receiver: Graph's validation handshake, the subscription rules, delivery with Graph's body shape, retries, expiry on
 * the simulated clock, lifecycle events and the delivery log. Every expectation comes from what the test scripted.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startControlServer, type ControlServer } from '../../../src/devtenant/control-server';
import { DEMO_APPLICATION_PERMISSIONS, startDevTenant, type LocalDevTenant } from '../../../src/devtenant/dev-tenant';
import type { DemoChat, DemoUser, MailboxMessage } from '../../../src/devtenant/demo-organization';
import { ChangeNotificationService } from '../../../src/devtenant/subscriptions/change-notification-delivery';
import { graphToken, rawGraphRequest, type RawResponse } from './raw-graph-request';
import { waitFor } from './tenant-mode-processes';

const NOW = new Date('2026-03-02T09:00:00Z');
const MINUTE = 60_000;

/** One request the receiver got. */
interface Received {
  path: string;
  validationToken: string | null;
  contentType: string;
  body: string;
}

/**
 * A local endpoint with scripted behaviour per path: `/echo…` answers the handshake correctly and notifications 202;
 * `/wrong` answers the handshake with another text; `/json-typed` with the token as application/json; `/hang` never answers; `/flaky` answers 500 to its first two
 * notification POSTs, then 202.
 */
class Receiver {
  readonly received: Received[] = [];
  private readonly server: http.Server;
  private readonly hanging = new Set<http.ServerResponse>();
  /** Hanging requests whose connection the sender closed. */
  abandoned = 0;
  private flakyFailures = 0;
  origin = '';

  constructor() {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        const token = url.searchParams.get('validationToken');
        this.received.push({ path: url.pathname, validationToken: token, contentType: String(req.headers['content-type'] ?? ''), body: Buffer.concat(chunks).toString('utf8') });
        if (url.pathname === '/hang') {
          this.hanging.add(res);
          res.on('close', () => { this.abandoned++; });
          return;
        }
        if (token !== null) {
          res.writeHead(200, { 'content-type': url.pathname === '/json-typed' ? 'application/json' : 'text/plain' }).end(url.pathname === '/wrong' ? 'not the token' : token);
          return;
        }
        if (url.pathname === '/flaky' && this.flakyFailures < 2) {
          this.flakyFailures++;
          res.writeHead(500).end();
          return;
        }
        res.writeHead(202).end();
      });
    });
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.origin = `http://127.0.0.1:${String((this.server.address() as AddressInfo).port)}`;
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Notification POSTs (not handshakes) to a path, their parsed bodies. */
  notifications(path: string): { value: Record<string, unknown>[] }[] {
    return this.received.filter((r) => r.path === path && r.validationToken === null).map((r) => JSON.parse(r.body) as { value: Record<string, unknown>[] });
  }

  /** Every notification item posted to a path. */
  items(path: string): Record<string, unknown>[] {
    return this.notifications(path).flatMap((n) => n.value);
  }

  hangingCount(): number {
    return this.hanging.size;
  }
}

let tenant: LocalDevTenant;
let control: ControlServer;
let receiver: Receiver;
let appToken: string;

beforeAll(async () => {
  receiver = new Receiver();
  await receiver.start();
  tenant = await startDevTenant({
    seed: 7, now: NOW, people: 10, days: 10,
    // Short real-time timings keep the test fast; the rules they drive are the same as with Graph's defaults.
    notificationTimings: { batchDelayMs: 50, answerTimeoutMs: 3_000, retryBaseMs: 100, maxAttempts: 4, handshakeTimeoutMs: 2_000, tickMs: 100 },
  });
  control = await startControlServer(tenant);
  appToken = await issueAppToken(DEMO_APPLICATION_PERMISSIONS);
});
afterAll(async () => {
  await control.close();
  await tenant.stop();
  await receiver.stop();
});

function issueAppToken(roles: readonly string[], clientId = tenant.authority.demoClient.clientId): Promise<string> {
  return tenant.idp.issueAppToken({ clientId, servicePrincipalId: '5f0c2a52-0000-4000-8000-000000000001', roles, lifetimeSeconds: 24 * 3600, clientAuthentication: '1' });
}

const inMinutes = (minutes: number): string => new Date(tenant.clock.nowMs() + minutes * MINUTE).toISOString();

function subscribe(body: Record<string, unknown>, token = appToken): Promise<RawResponse> {
  return rawGraphRequest(tenant, 'POST', '/subscriptions', { token, body });
}

function mailSubscription(user: DemoUser, folder: string, path: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    changeType: 'created,updated,deleted', notificationUrl: `${receiver.origin}${path}`, resource: `/users/${user.id}/mailFolders('${folder}')/messages`,
    expirationDateTime: inMinutes(600), clientState: `secret-${path}`, ...extra,
  };
}

async function controlCall(method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON from the wire, asserted field by field
  const res = await fetch(`${control.controlUrl}${path}`, { method, ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }) });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : {} };
}

async function liveIds(): Promise<string[]> {
  return ((await controlCall('GET', '/subscriptions')).json.value as { id: string }[]).map((s) => s.id);
}

/** A user with an Inbox message from an internal colleague (so a reply goes to someone in the tenant). */
function userWithColleagueMail(): { user: DemoUser; message: MailboxMessage } {
  for (const user of tenant.org.users) {
    const message = tenant.org.folder(user.index, 'inbox').find((m) => !m.deleted && m.mail.fromUserIndex !== null && m.mail.fromUserIndex !== user.index);
    if (message && user.userType !== 'Guest') return { user, message };
  }
  throw new Error('the demo organisation has no internal mail');
}

function user(index: number): DemoUser {
  const u = tenant.org.users[index];
  if (!u) throw new Error(`no user ${String(index)}`);
  return u;
}

describe('the validation handshake', () => {
  it('creates the subscription when the endpoint echoes the token as text/plain, after a POST with an empty text/plain body', async () => {
    const alice = user(0);
    const res = await subscribe(mailSubscription(alice, 'inbox', '/echo-handshake'));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      resource: `/users/${alice.id}/mailFolders('inbox')/messages`, changeType: 'created,updated,deleted', notificationUrl: `${receiver.origin}/echo-handshake`,
      clientState: 'secret-/echo-handshake', applicationId: tenant.authority.demoClient.clientId, includeResourceData: false, lifecycleNotificationUrl: null,
    });
    const handshake = receiver.received.find((r) => r.path === '/echo-handshake');
    expect(handshake?.validationToken).toMatch(/^Validation: Testing client application reachability/);
    expect(handshake?.contentType).toMatch(/^text\/plain/);
    expect(handshake?.body).toBe('');
    const listed = await rawGraphRequest(tenant, 'GET', '/subscriptions', { token: appToken });
    expect((listed.body.value as { id: string }[]).map((s) => s.id)).toContain(res.body.id);
    expect((await rawGraphRequest(tenant, 'GET', `/subscriptions/${String(res.body.id)}`, { token: appToken })).body.expirationDateTime).toBe(res.body.expirationDateTime);
  });

  it('refuses with 400 and creates nothing when the endpoint answers another text', async () => {
    const before = await liveIds();
    const res = await subscribe(mailSubscription(user(0), 'inbox', '/wrong'));
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('ValidationError');
    expect(res.body.error.message).toMatch(/^Subscription validation request failed\./);
    expect(await liveIds()).toEqual(before);
  });

  it('refuses with 400 when the endpoint echoes the token with another content type than text/plain', async () => {
    const before = await liveIds();
    const res = await subscribe(mailSubscription(user(0), 'inbox', '/json-typed'));
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('ValidationError');
    expect(await liveIds()).toEqual(before);
  });

  it('refuses with 400 and creates nothing when the endpoint does not answer within the handshake timeout', async () => {
    const before = await liveIds();
    const res = await subscribe(mailSubscription(user(0), 'inbox', '/hang'));
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'ValidationError', message: 'Subscription validation request timed out.' });
    expect(await liveIds()).toEqual(before);
  });

  it('validates the lifecycle URL too: a failing one creates nothing', async () => {
    const before = await liveIds();
    const res = await subscribe(mailSubscription(user(0), 'inbox', '/echo-a', { lifecycleNotificationUrl: `${receiver.origin}/wrong` }));
    expect(res.status).toBe(400);
    expect(await liveIds()).toEqual(before);
    expect(receiver.received.some((r) => r.path === '/echo-a' && r.validationToken !== null)).toBe(true);
  });
});

describe("Graph's rules for a subscription", () => {
  const chats = (u: DemoUser, minutes: number, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    changeType: 'created', notificationUrl: `${receiver.origin}/echo-rules`, resource: `/users/${u.id}/chats/getAllMessages`, expirationDateTime: inMinutes(minutes), ...extra,
  });

  it.each([
    ['an expiration in the past', { expirationDateTime: new Date(NOW.getTime() - MINUTE).toISOString() }, 'InvalidRequest'],
    ['mail beyond 10,080 minutes', { expirationDateTime: 'PLUS:10090' }, 'ExtensionError'],
    ['an http URL that is not localhost', { notificationUrl: 'http://example.com/notify' }, 'InvalidRequest'],
    ['a non-URL', { notificationUrl: 'not a url' }, 'InvalidRequest'],
    ['an unknown change type', { changeType: 'created,moved' }, 'InvalidRequest'],
    ['resource data', { includeResourceData: true }, 'InvalidRequest'],
    ['an unsupported resource', { resource: '/users/x/events' }, 'InvalidRequest'],
    ['a clientState over 128 characters', { clientState: 'x'.repeat(129) }, 'InvalidRequest'],
  ])('refuses %s with 400', async (_what, override, code) => {
    const body = mailSubscription(user(1), 'inbox', '/echo-rules', override);
    if (body.expirationDateTime === 'PLUS:10090') body.expirationDateTime = inMinutes(10_090);
    const res = await subscribe(body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe(code);
    if (code === 'ExtensionError') expect(res.body.error.message).toBe('Subscription expiration can only be 10080 minutes in the future.');
  });

  it('accepts mail up to 10,080 minutes and the spellings Graph accepts (Inbox, SentItems, no leading slash)', async () => {
    for (const resource of [`users/${user(1).id}/mailFolders('Inbox')/messages`, `/users/${user(1).id}/mailFolders('SentItems')/messages`]) {
      const res = await subscribe({ ...mailSubscription(user(1), 'inbox', '/echo-rules'), resource, expirationDateTime: inMinutes(10_070) });
      expect(res.status).toBe(201);
    }
  });

  it('limits chat messages to 4,320 minutes and needs a lifecycleNotificationUrl beyond one hour', async () => {
    const tooLong = await subscribe(chats(user(1), 4_330, { lifecycleNotificationUrl: `${receiver.origin}/echo-rules` }));
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.message).toBe('Subscription expiration can only be 4320 minutes in the future.');
    const noLifecycle = await subscribe(chats(user(1), 120));
    expect(noLifecycle.status).toBe(400);
    expect(noLifecycle.body.error.message).toMatch(/^lifecycleNotificationUrl is a required property/);
    expect((await subscribe(chats(user(1), 55))).status).toBe(201);
    expect((await subscribe(chats(user(1), 4_300, { lifecycleNotificationUrl: `${receiver.origin}/echo-rules` }))).status).toBe(201);
  });

  it('answers 403 without the application permission of the resource (Mail.Read, Chat.Read.All)', async () => {
    const noMail = await subscribe(mailSubscription(user(1), 'inbox', '/echo-rules'), await issueAppToken(['User.Read.All', 'Chat.Read.All']));
    expect(noMail.status).toBe(403);
    expect(noMail.body.error.code).toBe('ErrorAccessDenied');
    const noChat = await subscribe(chats(user(1), 30), await issueAppToken(['User.Read.All', 'Mail.Read']));
    expect(noChat.status).toBe(403);
    expect(noChat.body.error.code).toBe('Forbidden');
  });

  it("answers 403 to a person subscribing to someone else's mailbox, 201 to their own", async () => {
    const token = await graphToken(tenant, user(2).userPrincipalName);
    expect((await subscribe(mailSubscription(user(1), 'inbox', '/echo-rules'), token)).status).toBe(403);
    expect((await subscribe(mailSubscription(user(2), 'inbox', '/echo-rules'), token)).status).toBe(201);
  });

  it("keeps subscriptions per application: another app neither lists nor reads this app's subscription", async () => {
    const created = await subscribe(mailSubscription(user(1), 'inbox', '/echo-rules'));
    const other = await issueAppToken(DEMO_APPLICATION_PERMISSIONS, '0b7a4c9e-1111-4222-8333-944455556666');
    expect((await rawGraphRequest(tenant, 'GET', `/subscriptions/${String(created.body.id)}`, { token: other })).status).toBe(404);
    expect(((await rawGraphRequest(tenant, 'GET', '/subscriptions', { token: other })).body.value as unknown[])).toEqual([]);
  });

  it('renews by PATCH (expirationDateTime only) and deletes with 204', async () => {
    const created = await subscribe(mailSubscription(user(1), 'inbox', '/echo-rules'));
    const id = String(created.body.id);
    const later = inMinutes(5_000);
    const renewed = await rawGraphRequest(tenant, 'PATCH', `/subscriptions/${id}`, { token: appToken, body: { expirationDateTime: later } });
    expect(renewed.status).toBe(200);
    expect(renewed.body.expirationDateTime).toBe(later);
    expect((await rawGraphRequest(tenant, 'PATCH', `/subscriptions/${id}`, { token: appToken, body: { notificationUrl: 'https://elsewhere.example/n' } })).status).toBe(400);
    expect((await rawGraphRequest(tenant, 'PATCH', `/subscriptions/${id}`, { token: appToken, body: { expirationDateTime: inMinutes(20_000) } })).status).toBe(400);
    expect((await rawGraphRequest(tenant, 'POST', `/subscriptions/${id}/reauthorize`, { token: appToken })).status).toBe(204);
    expect((await rawGraphRequest(tenant, 'DELETE', `/subscriptions/${id}`, { token: appToken })).status).toBe(204);
    expect((await rawGraphRequest(tenant, 'GET', `/subscriptions/${id}`, { token: appToken })).status).toBe(404);
    expect(await liveIds()).not.toContain(id);
  });
});

describe('delivery', () => {
  it("posts Graph's notification for a reply sent through the Graph API to the Sent Items subscription", async () => {
    const { user: holder, message } = userWithColleagueMail();
    const created = await subscribe(mailSubscription(holder, 'sentitems', '/echo-sent', { changeType: 'created' }));
    expect(created.status).toBe(201);
    const reply = await rawGraphRequest(tenant, 'POST', `/me/messages/${tenant.org.ids.messageId(message.number)}/reply`, { token: await graphToken(tenant, holder.userPrincipalName), body: { comment: 'On it.' } });
    expect(reply.status).toBe(202);
    const items = await waitFor('the Sent Items notification', async () => (receiver.items('/echo-sent').length > 0 ? receiver.items('/echo-sent') : undefined), 10_000, 20);
    expect(items).toHaveLength(1);
    const n = items[0] as { resourceData: { id: string } } & Record<string, unknown>;
    const messageId = n.resourceData.id;
    expect(n).toEqual({
      subscriptionId: created.body.id,
      subscriptionExpirationDateTime: created.body.expirationDateTime,
      changeType: 'created',
      clientState: 'secret-/echo-sent',
      tenantId: tenant.org.tenantId,
      resource: `Users/${holder.id}/Messages/${messageId}`,
      resourceData: { '@odata.type': '#Microsoft.Graph.Message', '@odata.id': `Users/${holder.id}/Messages/${messageId}`, '@odata.etag': expect.stringMatching(/^W\/"/), id: messageId },
    });
    expect(receiver.received.find((r) => r.path === '/echo-sent' && r.validationToken === null)?.contentType).toMatch(/^application\/json/);
    // The notification only signals: the app reads the message, which is the reply in the holder's Sent Items.
    const read = await rawGraphRequest(tenant, 'GET', `/users/${holder.id}/messages/${messageId}`, { token: appToken });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ conversationId: message.mail.conversationId, subject: expect.stringMatching(/^RE: /i) });
  });

  it('posts one notification per member subscription when a chat message is posted, batched per URL, none for non-members', async () => {
    const chat = tenant.org.chats.find((c) => c.memberIndexes.length >= 2 && !c.guestMembers) as DemoChat;
    const outsider = tenant.org.users.find((u) => !chat.memberIndexes.includes(u.index) && u.userType !== 'Guest') as DemoUser;
    const memberSubs: string[] = [];
    for (const index of chat.memberIndexes) {
      const res = await subscribe({ changeType: 'created,updated,deleted', notificationUrl: `${receiver.origin}/echo-chats`, resource: `/users/${user(index).id}/chats/getAllMessages`, expirationDateTime: inMinutes(50), clientState: `c${String(index)}` });
      expect(res.status).toBe(201);
      memberSubs.push(String(res.body.id));
    }
    const outsiderSub = await subscribe({ changeType: 'created', notificationUrl: `${receiver.origin}/echo-chats`, resource: `/users/${outsider.id}/chats/getAllMessages`, expirationDateTime: inMinutes(50) });
    expect(outsiderSub.status).toBe(201);
    const sender = user(chat.memberIndexes[0] ?? 0);
    const posted = await rawGraphRequest(tenant, 'POST', `/chats/${encodeURIComponent(chat.id)}/messages`, { token: await graphToken(tenant, sender.userPrincipalName), body: { body: { content: 'Sure, I will check.' } } });
    expect(posted.status).toBe(201);
    const posts = await waitFor('the chat notifications', async () => (receiver.notifications('/echo-chats').length > 0 ? receiver.notifications('/echo-chats') : undefined), 10_000, 20);
    expect(posts).toHaveLength(1);
    const items = posts[0]?.value ?? [];
    expect(items.map((i) => i.subscriptionId).sort()).toEqual([...memberSubs].sort());
    const odataId = `chats('${chat.id}')/messages('${String(posted.body.id)}')`;
    for (const item of items) {
      expect(item).toMatchObject({ changeType: 'created', resource: odataId, tenantId: tenant.org.tenantId, resourceData: { '@odata.type': '#Microsoft.Graph.chatMessage', '@odata.id': odataId, id: posted.body.id } });
    }
  });

  it('retries a failing endpoint with back-off until it answers 2xx, and logs each attempt', async () => {
    const bob = user(3);
    const created = await subscribe(mailSubscription(bob, 'inbox', '/flaky', { changeType: 'updated' }));
    expect(created.status).toBe(201);
    const inboxMessage = tenant.org.folder(bob.index, 'inbox').find((m) => !m.deleted) as MailboxMessage;
    const patched = await rawGraphRequest(tenant, 'PATCH', `/me/messages/${tenant.org.ids.messageId(inboxMessage.number)}`, { token: await graphToken(tenant, bob.userPrincipalName), body: { isRead: !inboxMessage.isRead } });
    expect(patched.status).toBe(200);
    const posts = await waitFor('three POSTs to the flaky endpoint', async () => (receiver.notifications('/flaky').length >= 3 ? receiver.notifications('/flaky') : undefined), 10_000, 20);
    expect(posts).toHaveLength(3);
    expect(new Set(posts.map((p) => JSON.stringify(p))).size).toBe(1);
    expect(posts[0]?.value[0]).toMatchObject({ subscriptionId: created.body.id, changeType: 'updated', resourceData: { id: tenant.org.ids.messageId(inboxMessage.number) } });
    type Entry = { subscriptionId: string; attempt: number; status: number | null; outcome: string; changeType?: string; url: string };
    const mine = await waitFor('three log entries', async () => {
      const entries = ((await controlCall('GET', '/subscriptions/deliveries')).json.value as Entry[]).filter((e) => e.subscriptionId === created.body.id);
      return entries.length >= 3 ? entries : undefined;
    }, 10_000, 20);
    expect(mine.map((e) => [e.attempt, e.status, e.outcome, e.changeType, e.url])).toEqual([
      [1, 500, 'failed', 'updated', `${receiver.origin}/flaky`], [2, 500, 'failed', 'updated', `${receiver.origin}/flaky`], [3, 202, 'delivered', 'updated', `${receiver.origin}/flaky`],
    ]);
  });

  it('stops delivering when the subscription expires on the simulated clock (404 afterwards)', async () => {
    const carol = user(4);
    const expiring = await subscribe(mailSubscription(carol, 'inbox', '/echo-expiry', { expirationDateTime: inMinutes(30) }));
    expect(expiring.status).toBe(201);
    tenant.clock.advance(31 * MINUTE);
    expect((await rawGraphRequest(tenant, 'GET', `/subscriptions/${String(expiring.body.id)}`, { token: appToken })).status).toBe(404);
    expect((await rawGraphRequest(tenant, 'PATCH', `/subscriptions/${String(expiring.body.id)}`, { token: appToken, body: { expirationDateTime: inMinutes(60) } })).status).toBe(404);
    // A live subscription on the same URL and mailbox: the change lands in one batch, which would carry both.
    const live = await subscribe(mailSubscription(carol, 'inbox', '/echo-expiry'));
    const inboxMessage = tenant.org.folder(carol.index, 'inbox').find((m) => !m.deleted) as MailboxMessage;
    tenant.org.setCategories(inboxMessage, ['Turnaround'], tenant.clock.nowMs());
    const items = await waitFor('the live notification', async () => (receiver.items('/echo-expiry').length > 0 ? receiver.items('/echo-expiry') : undefined), 10_000, 20);
    expect(items.map((i) => i.subscriptionId)).toEqual([live.body.id]);
    expect(await liveIds()).not.toContain(expiring.body.id);
  });

  it('reports a move as deleted in one folder and created in the other', async () => {
    const dan = user(5);
    const inbox = await subscribe(mailSubscription(dan, 'inbox', '/echo-move'));
    const sent = await subscribe(mailSubscription(dan, 'sentitems', '/echo-move'));
    const m = tenant.org.folder(dan.index, 'inbox').find((x) => !x.deleted) as MailboxMessage;
    const moved = tenant.org.moveMessage(m, 'sentitems', tenant.clock.nowMs());
    const items = await waitFor('the move notifications', async () => (receiver.items('/echo-move').length >= 2 ? receiver.items('/echo-move') : undefined), 10_000, 20);
    expect(items.map((i) => [i.subscriptionId, i.changeType, (i.resourceData as { id: string }).id]).sort()).toEqual([
      [inbox.body.id, 'deleted', tenant.org.ids.messageId(m.number)], [sent.body.id, 'created', tenant.org.ids.messageId(moved.number)],
    ].sort());
  });
});

describe('lifecycle notifications', () => {
  async function lifecycleSubscription(path: string, minutes = 600): Promise<{ id: string; expirationDateTime: string }> {
    const res = await subscribe(mailSubscription(user(6), 'inbox', '/echo-lc-changes', { lifecycleNotificationUrl: `${receiver.origin}${path}`, expirationDateTime: inMinutes(minutes), clientState: 'lc-secret' }));
    expect(res.status).toBe(201);
    return { id: String(res.body.id), expirationDateTime: String(res.body.expirationDateTime) };
  }

  it.each(['reauthorizationRequired', 'missed'])('sends %s on demand with Graph\'s shape', async (event) => {
    const path = `/echo-lc-${event}`;
    const s = await lifecycleSubscription(path);
    expect((await controlCall('POST', `/subscriptions/${s.id}/lifecycle`, { event })).status).toBe(202);
    const items = await waitFor('the lifecycle notification', async () => (receiver.items(path).length > 0 ? receiver.items(path) : undefined), 10_000, 20);
    expect(items).toEqual([{ subscriptionId: s.id, subscriptionExpirationDateTime: s.expirationDateTime, tenantId: tenant.org.tenantId, clientState: 'lc-secret', lifecycleEvent: event }]);
    expect(await liveIds()).toContain(s.id);
  });

  it('deletes the subscription first when it sends subscriptionRemoved', async () => {
    const s = await lifecycleSubscription('/echo-lc-removed');
    expect((await controlCall('POST', `/subscriptions/${s.id}/lifecycle`, { event: 'subscriptionRemoved' })).status).toBe(202);
    expect((await rawGraphRequest(tenant, 'GET', `/subscriptions/${s.id}`, { token: appToken })).status).toBe(404);
    const items = await waitFor('subscriptionRemoved', async () => (receiver.items('/echo-lc-removed').length > 0 ? receiver.items('/echo-lc-removed') : undefined), 10_000, 20);
    expect(items).toEqual([expect.objectContaining({ subscriptionId: s.id, lifecycleEvent: 'subscriptionRemoved' })]);
    expect(await liveIds()).not.toContain(s.id);
  });

  it('sends reauthorizationRequired on its own in the last hour before expiry on the simulated clock', async () => {
    const s = await lifecycleSubscription('/echo-lc-scheduled', 120);
    tenant.clock.advance(61 * MINUTE);
    const items = await waitFor('the scheduled challenge', async () => (receiver.items('/echo-lc-scheduled').length > 0 ? receiver.items('/echo-lc-scheduled') : undefined), 10_000, 20);
    expect(items[0]).toMatchObject({ subscriptionId: s.id, lifecycleEvent: 'reauthorizationRequired' });
  });

  it('refuses unknown events and unknown subscriptions on the control plane', async () => {
    const s = await lifecycleSubscription('/echo-lc-bad');
    const bad = await controlCall('POST', `/subscriptions/${s.id}/lifecycle`, { event: 'renewed' });
    expect(bad.status).toBe(400);
    expect(bad.json.code).toBe('invalid_request');
    expect((await controlCall('POST', '/subscriptions/00000000-0000-4000-8000-000000000000/lifecycle', { event: 'missed' })).status).toBe(404);
  });

  it('lists live subscriptions on the control plane without their clientState', async () => {
    const s = await lifecycleSubscription('/echo-lc-list');
    const listed = ((await controlCall('GET', '/subscriptions')).json.value as Record<string, unknown>[]).find((x) => x.id === s.id);
    expect(listed).toMatchObject({ id: s.id, lifecycleNotificationUrl: `${receiver.origin}/echo-lc-list` });
    expect(listed).not.toHaveProperty('clientState');
  });
});

describe('seeded delivery faults', () => {
  afterEach(async () => {
    expect((await controlCall('POST', '/subscriptions/faults', { duplicateRate: 0, dropRate: 0 })).status).toBe(204);
  });

  it('drops a notification and tells a mail subscription with a lifecycle URL that it missed one', async () => {
    const erin = user(7);
    const res = await subscribe(mailSubscription(erin, 'inbox', '/echo-drop', { lifecycleNotificationUrl: `${receiver.origin}/echo-drop-lc` }));
    expect((await controlCall('POST', '/subscriptions/faults', { dropRate: 1 })).status).toBe(204);
    const m = tenant.org.folder(erin.index, 'inbox').find((x) => !x.deleted) as MailboxMessage;
    tenant.org.setRead(m, !m.isRead, tenant.clock.nowMs());
    const missed = await waitFor('missed', async () => (receiver.items('/echo-drop-lc').length > 0 ? receiver.items('/echo-drop-lc') : undefined), 10_000, 20);
    expect(missed).toEqual([expect.objectContaining({ subscriptionId: res.body.id, lifecycleEvent: 'missed' })]);
    expect(receiver.items('/echo-drop')).toEqual([]);
    const outcomes = await waitFor('two log entries', async () => {
      const entries = ((await controlCall('GET', '/subscriptions/deliveries')).json.value as { subscriptionId: string; outcome: string }[]).filter((e) => e.subscriptionId === res.body.id);
      return entries.length >= 2 ? entries.map((e) => e.outcome) : undefined;
    }, 10_000, 20);
    expect(outcomes).toEqual(['dropped', 'delivered']);
  });

  it('delivers a notification twice under the duplicate fault', async () => {
    const frank = user(8);
    await subscribe(mailSubscription(frank, 'inbox', '/echo-dup'));
    expect((await controlCall('POST', '/subscriptions/faults', { duplicateRate: 1 })).status).toBe(204);
    const m = tenant.org.folder(frank.index, 'inbox').find((x) => !x.deleted) as MailboxMessage;
    tenant.org.setRead(m, !m.isRead, tenant.clock.nowMs());
    const posts = await waitFor('two POSTs', async () => (receiver.notifications('/echo-dup').length >= 2 ? receiver.notifications('/echo-dup') : undefined), 10_000, 20);
    expect(posts).toHaveLength(2);
    expect(posts[1]).toEqual(posts[0]);
  });

  it('keeps only the most recent 1,000 entries in the delivery log', async () => {
    // A service of its own, dropping everything: each change is logged without a POST.
    const service = new ChangeNotificationService(tenant.org, tenant.clock);
    try {
      service.setFaults({ dropRate: 1 });
      const grace = user(9);
      service.add({
        id: 'log-test', applicationId: 'app', creatorId: 'sp', resource: `/users/${grace.id}/mailFolders('inbox')/messages`, target: { kind: 'mail', userRef: grace.id, folder: 'inbox' },
        userIndex: grace.index, changeTypes: ['updated'], notificationUrl: `${receiver.origin}/echo-never`, lifecycleNotificationUrl: null, clientState: null,
        expirationMs: tenant.clock.nowMs() + 30 * MINUTE, latestSupportedTlsVersion: 'v1_2', lastChallengeMs: null,
      });
      const m = tenant.org.folder(grace.index, 'inbox').find((x) => !x.deleted) as MailboxMessage;
      for (let i = 0; i < 1_005; i++) tenant.org.setCategories(m, [`c${String(i)}`], tenant.clock.nowMs());
      const log = service.deliveries();
      expect(log).toHaveLength(1_000);
      expect(log.every((e) => e.subscriptionId === 'log-test' && e.outcome === 'dropped')).toBe(true);
    } finally {
      await service.stop();
    }
  });

  it('refuses fault options out of range', async () => {
    expect((await controlCall('POST', '/subscriptions/faults', { dropRate: 2 })).status).toBe(400);
    expect((await controlCall('POST', '/subscriptions/faults', { everything: 1 })).status).toBe(400);
  });
});

describe('stopping', () => {
  it('aborts a delivery in flight at once and sends nothing afterwards', async () => {
    // Without the abort, stop() would wait for the 120-second answer timeout and the test would time out.
    const service = new ChangeNotificationService(tenant.org, tenant.clock, { batchDelayMs: 10, answerTimeoutMs: 120_000, tickMs: 50 });
    const chat = tenant.org.chats.find((c) => c.memberIndexes.length >= 2 && !c.guestMembers) as DemoChat;
    const member = chat.memberIndexes[0] ?? 0;
    const witness = await subscribe({ changeType: 'created', notificationUrl: `${receiver.origin}/echo-witness`, resource: `/users/${user(member).id}/chats/getAllMessages`, expirationDateTime: inMinutes(50) });
    expect(witness.status).toBe(201);
    service.add({
      id: 'stop-test', applicationId: 'app', creatorId: 'sp', resource: `/users/${user(member).id}/chats/getAllMessages`, target: { kind: 'chatMessages', userRef: user(member).id }, userIndex: member,
      changeTypes: ['created'], notificationUrl: `${receiver.origin}/hang`, lifecycleNotificationUrl: null, clientState: null, expirationMs: tenant.clock.nowMs() + 30 * MINUTE,
      latestSupportedTlsVersion: 'v1_2', lastChallengeMs: null,
    });
    const hangsBefore = receiver.received.filter((r) => r.path === '/hang').length;
    const abandonedBefore = receiver.abandoned;
    tenant.org.postChatMessage(chat, member, '<p>ping</p>', tenant.clock.nowMs());
    await waitFor('the POST to hang', async () => (receiver.received.filter((r) => r.path === '/hang').length > hangsBefore ? true : undefined), 10_000, 20);
    await service.stop();
    await waitFor('the hanging POST to be abandoned', async () => (receiver.abandoned > abandonedBefore ? true : undefined), 10_000, 20);
    // After stop: the dev tenant's own service still delivers (batched after 50 ms); the stopped one (10 ms) would
    // have posted before it, had it still listened.
    tenant.org.postChatMessage(chat, member, '<p>after stop</p>', tenant.clock.nowMs());
    await waitFor('the witness notifications', async () => (receiver.items('/echo-witness').length >= 2 ? true : undefined), 10_000, 20);
    expect(receiver.received.filter((r) => r.path === '/hang').length).toBe(hangsBefore + 1);
  });
});
