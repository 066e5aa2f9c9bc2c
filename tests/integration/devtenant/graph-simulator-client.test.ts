import { startDevTenant, type DevTenant } from '../../../src/devtenant/dev-tenant';
import type { DemoUser } from '../../../src/devtenant/demo-organization';
import { createGraphClient } from './graph-client-factory';

type Client = ReturnType<typeof createGraphClient>;

// Every endpoint and option through the real @microsoft/microsoft-graph-client (default middleware chain) over HTTPS.
const NOW = new Date('2025-03-20T12:00:00Z');
let tenant: DevTenant;
let alice: DemoUser; // a person with a manager, direct reports unknown
let bob: DemoUser;
let aliceClient: Client;
let bobClient: Client;

function clientFor(user: DemoUser): Client {
  return createGraphClient({
    baseUrl: tenant.graphBaseUrl,
    caPem: tenant.certificatePem,
    getAccessToken: () => tenant.idp.issueToken({ username: user.userPrincipalName, audience: 'https://graph.microsoft.com' }),
  });
}

async function graphError(p: Promise<unknown>): Promise<{ statusCode: number; code: string }> {
  try {
    await p;
  } catch (e) {
    return e as { statusCode: number; code: string };
  }
  throw new Error('expected a Graph error');
}

beforeAll(async () => {
  tenant = await startDevTenant({ seed: 5, now: NOW });
  alice = tenant.org.users.find((u) => u.managerId !== null && u.department === 'IT') as DemoUser;
  bob = tenant.org.users.find((u) => u.department === 'Sales' && u.id !== alice.id) as DemoUser;
  aliceClient = clientFor(alice);
  bobClient = clientFor(bob);
});
afterAll(() => tenant.stop());

describe('directory endpoints', () => {
  it('/me and /users/{id} return Graph\'s default user properties; department only when selected', async () => {
    const me = await aliceClient.api('/me').get();
    expect(me.id).toBe(alice.id);
    expect(me.userPrincipalName).toBe(alice.userPrincipalName);
    expect(me.department).toBeUndefined();
    const bobSel = await aliceClient.api(`/users/${bob.id}`).select('id,department,displayName').get();
    expect(bobSel).toEqual({ '@odata.context': expect.any(String), id: bob.id, department: 'Sales', displayName: bob.displayName });
    const err = await graphError(aliceClient.api('/users/00000000-0000-0000-0000-000000000000').get());
    expect(err.statusCode).toBe(404);
  });

  it('/organization lists the verified domains', async () => {
    const org = await aliceClient.api('/organization').select('id,verifiedDomains').get();
    expect(org.value[0].id).toBe(tenant.org.tenantId);
    expect(org.value[0].verifiedDomains.map((d: { name: string }) => d.name)).toContain(alice.mail.split('@')[1]);
  });

  it('/me/mailboxSettings with workingHours and automaticRepliesSetting', async () => {
    const s = await aliceClient.api('/me/mailboxSettings').get();
    expect(s.timeZone).toBe(alice.timeZoneName);
    expect(s.workingHours.daysOfWeek).toEqual(alice.workingDays);
    expect(s.workingHours.startTime).toMatch(/^\d\d:\d\d:00\.0000000$/);
    const wh = await aliceClient.api('/me/mailboxSettings/workingHours').get();
    expect(wh.timeZone.name).toBe(alice.timeZoneName);
    const ar = await aliceClient.api('/me/mailboxSettings/automaticRepliesSetting').get();
    expect(['disabled', 'scheduled', 'alwaysEnabled']).toContain(ar.status);
    const denied = await graphError(aliceClient.api(`/users/${bob.id}/mailboxSettings`).get());
    expect(denied.statusCode).toBe(403);
  });

  it('/me/manager and /me/directReports', async () => {
    const manager = await aliceClient.api('/me/manager').get();
    expect(manager.id).toBe(alice.managerId);
    const managerUser = tenant.org.userById(alice.managerId ?? '') as DemoUser;
    const reports = await clientFor(managerUser).api('/me/directReports').get();
    expect(reports.value.map((r: { id: string }) => r.id)).toContain(alice.id);
  });

  it('/me/joinedTeams and /teams/{id}/members with the owner filter', async () => {
    const teams = await aliceClient.api('/me/joinedTeams').get();
    expect(teams.value.length).toBeGreaterThan(0);
    const team = tenant.org.teams.find((t) => t.id === teams.value[0].id);
    const owners = await aliceClient.api(`/teams/${teams.value[0].id}/members`).filter("roles/any(r:r eq 'owner')").get();
    expect(owners.value.length).toBe(team?.members.filter((m) => m.roles.includes('owner')).length);
    expect(owners.value.every((m: { roles: string[] }) => m.roles.includes('owner'))).toBe(true);
    const all = await aliceClient.api(`/teams/${teams.value[0].id}/members`).get();
    expect(all.value.length).toBe(team?.members.length);
  });

  it('/me/outlook/masterCategories', async () => {
    const cats = await aliceClient.api('/me/outlook/masterCategories').get();
    expect(cats.value.length).toBeGreaterThan(0);
    expect(cats.value[0]).toEqual({ id: expect.any(String), displayName: expect.any(String), color: expect.stringMatching(/^preset\d+$/) });
  });
});

describe('mail endpoints', () => {
  it('pages a folder with absolute https nextLinks; $select returns only the selected properties plus id', async () => {
    const seen = new Set<string>();
    let page = await aliceClient.api('/me/mailFolders/inbox/messages').select('subject,receivedDateTime').top(25).get();
    let pages = 0;
    for (;;) {
      pages++;
      for (const m of page.value) {
        expect(Object.keys(m).filter((k) => !k.startsWith('@')).sort()).toEqual(['id', 'receivedDateTime', 'subject']);
        seen.add(m.id);
      }
      const next: string | undefined = page['@odata.nextLink'];
      if (!next) break;
      expect(next.startsWith(`${tenant.graphOrigin}/v1.0/`)).toBe(true);
      page = await aliceClient.api(next).get();
    }
    const live = tenant.org.folder(alice.index, 'inbox').filter((m) => !m.deleted).length;
    expect(seen.size).toBe(live);
    expect(pages).toBe(Math.ceil(live / 25));
  });

  it('returns internetMessageHeaders only when selected; Exchange\'s automatic replies and newsletters carry their headers', async () => {
    const plain = await aliceClient.api('/me/mailFolders/inbox/messages').top(5).get();
    expect(plain.value[0].internetMessageHeaders).toBeUndefined();
    expect(plain.value[0]).toEqual(expect.objectContaining({ conversationId: expect.any(String), internetMessageId: expect.any(String), webLink: expect.stringMatching(/^https:\/\//), isDraft: false, categories: expect.any(Array) }));
    const withHeaders = await aliceClient.api('/me/mailFolders/inbox/messages').select('internetMessageHeaders,subject').top(1000).get();
    const headerNames = withHeaders.value.flatMap((m: { internetMessageHeaders: { name: string }[] }) => m.internetMessageHeaders.map((h) => h.name));
    expect(headerNames).toContain('List-Unsubscribe');
    const autoReply = tenant.org.messages.find((m) => m.mail.kind === 'autoReply' && m.folder === 'inbox' && m.mail.subject.startsWith('Automatic reply: '));
    expect(autoReply).toBeDefined();
    const owner = tenant.org.users[autoReply?.ownerIndex ?? 0] as DemoUser;
    const msg = await clientFor(owner).api(`/me/messages/${tenant.org.ids.messageId(autoReply?.number ?? 0)}`).select('internetMessageHeaders').get();
    expect(msg.internetMessageHeaders).toEqual(expect.arrayContaining([
      { name: 'Auto-Submitted', value: 'auto-generated' }, { name: 'X-Auto-Response-Suppress', value: 'All' },
      { name: 'X-MS-Exchange-Generated-Message-Source', value: 'Mailbox Rules Agent' }, { name: 'X-MS-Exchange-Inbox-Rules-Loop', value: expect.any(String) },
    ]));
  });

  it('filters by conversationId and receivedDateTime; a sent message has different ids but the same conversation in both mailboxes', async () => {
    const sent = tenant.org.folder(alice.index, 'sentitems').find((m) => m.mail.to.some((a) => tenant.org.userByAddress(a.address)));
    expect(sent).toBeDefined();
    const conversationId = sent?.mail.conversationId ?? '';
    const recipient = tenant.org.userByAddress(sent?.mail.to[0]?.address ?? '') as DemoUser;
    const inSent = await aliceClient.api('/me/mailFolders/sentitems/messages').filter(`conversationId eq '${conversationId}'`).select('id,internetMessageId,conversationId').get();
    const inInbox = await clientFor(recipient).api('/me/mailFolders/inbox/messages').filter(`conversationId eq '${conversationId}'`).select('id,internetMessageId,conversationId').get();
    const a = inSent.value.find((m: { internetMessageId: string }) => m.internetMessageId === sent?.mail.internetMessageId);
    const b = inInbox.value.find((m: { internetMessageId: string }) => m.internetMessageId === sent?.mail.internetMessageId);
    expect(a && b).toBeTruthy();
    expect(a.id).not.toBe(b.id);
    expect(a.conversationId).toBe(b.conversationId);
    const since = '2025-03-10T00:00:00Z';
    const recent = await aliceClient.api('/me/mailFolders/inbox/messages').filter(`receivedDateTime ge ${since}`).orderby('receivedDateTime desc').top(1000).select('receivedDateTime').get();
    expect(recent.value.length).toBe(tenant.org.folder(alice.index, 'inbox').filter((m) => !m.deleted && m.mail.sentMs >= Date.parse(since)).length);
    const times = recent.value.map((m: { receivedDateTime: string }) => Date.parse(m.receivedDateTime));
    expect([...times].sort((x, y) => y - x)).toEqual(times);
    const inefficient = await graphError(aliceClient.api('/me/mailFolders/inbox/messages').filter(`conversationId eq '${conversationId}'`).orderby('receivedDateTime desc').get());
    expect(inefficient.statusCode).toBe(400);
    expect(inefficient.code).toBe('InefficientFilter');
  });

  it('PATCHes categories, replies and sends mail; the reply lands in Sent Items and the requester\'s Inbox', async () => {
    const request = tenant.org.folder(alice.index, 'inbox').find((m) => m.mail.fromUserIndex !== null && m.mail.kind === 'request') ;
    const id = tenant.org.ids.messageId(request?.number ?? 0);
    const patched = await aliceClient.api(`/me/messages/${id}`).patch({ categories: ['Turnaround'] });
    expect(patched.categories).toEqual(['Turnaround']);
    expect((await aliceClient.api(`/me/messages/${id}`).select('categories').get()).categories).toEqual(['Turnaround']);
    tenant.clock.set(new Date('2025-03-20T13:00:00Z'));
    await aliceClient.api(`/me/messages/${id}/reply`).post({ comment: 'On it.' });
    const requester = tenant.org.users[request?.mail.fromUserIndex ?? 0] as DemoUser;
    const mine = await aliceClient.api('/me/mailFolders/sentitems/messages').filter(`conversationId eq '${request?.mail.conversationId}'`).get();
    const reply = mine.value.find((m: { sentDateTime: string }) => m.sentDateTime === '2025-03-20T13:00:00Z');
    // To the address the request came from (one of the requester's addresses, an alias at times).
    expect(reply.toRecipients[0].emailAddress.address).toBe(request?.mail.from.address);
    expect(tenant.org.userByAddress(reply.toRecipients[0].emailAddress.address)).toBe(requester);
    const theirs = await clientFor(requester).api('/me/mailFolders/inbox/messages').filter(`conversationId eq '${request?.mail.conversationId}'`).get();
    expect(theirs.value.some((m: { internetMessageId: string }) => m.internetMessageId === reply.internetMessageId)).toBe(true);
    await bobClient.api('/me/sendMail').post({ message: { subject: 'Hello from Bob', body: { contentType: 'text', content: 'Hi' }, toRecipients: [{ emailAddress: { address: alice.mail } }] } });
    const inbox = await aliceClient.api('/me/mailFolders/inbox/messages').top(3).select('subject,from').get();
    expect(inbox.value[0].subject).toBe('Hello from Bob');
    expect(inbox.value[0].from.emailAddress.address).toBe(bob.mail);
    const missing = await graphError(aliceClient.api('/me/messages/AAMkAGmissingAAA=').get());
    expect(missing.statusCode).toBe(404);
    expect(missing.code).toBe('ErrorItemNotFound');
  });
});

describe('out of office', () => {
  it('answers mail to someone whose scheduled out-of-office covers now with one automatic reply, in Exchange\'s form and kept in no Sent Items', async () => {
    const away = tenant.org.users.find((u) => u.outOfOffice.some((o) => o.startMs > NOW.getTime())) as DemoUser;
    const period = away.outOfOffice.find((o) => o.startMs > NOW.getTime());
    tenant.clock.set(new Date((period?.startMs ?? 0) + 3_600_000));
    const ar = await clientFor(away).api('/me/mailboxSettings/automaticRepliesSetting').get();
    expect(ar.status).toBe('scheduled');
    for (let i = 0; i < 2; i++) {
      await bobClient.api('/me/sendMail').post({ message: { subject: `While you are away ${i}`, body: { contentType: 'text', content: 'x' }, toRecipients: [{ emailAddress: { address: away.mail } }] } });
    }
    const replies = await bobClient.api('/me/mailFolders/inbox/messages').select('subject,internetMessageHeaders').top(10).get();
    const autos = replies.value.filter((m: { subject: string }) => m.subject.startsWith('Automatic reply: While you are away'));
    expect(autos).toHaveLength(1);
    expect(autos[0].internetMessageHeaders).toEqual(expect.arrayContaining([{ name: 'Auto-Submitted', value: 'auto-generated' }, { name: 'X-MS-Exchange-Generated-Message-Source', value: 'Mailbox Rules Agent' }]));
    const awaySent = await clientFor(away).api('/me/mailFolders/sentitems/messages').select('subject').top(50).get();
    expect(awaySent.value.some((m: { subject: string }) => m.subject.startsWith('Automatic reply: While you are away'))).toBe(false);
    tenant.clock.set(NOW);
  });
});

describe('delta', () => {
  it('pages a first round, then reports creates, updates and deletes with @removed tombstones; options stay fixed', async () => {
    const carol = tenant.org.users.find((u) => u.department === 'Engineering') as DemoUser;
    const carolClient = clientFor(carol);
    const ids = new Set<string>();
    let res = await carolClient.api('/me/mailFolders/inbox/messages/delta').header('Prefer', 'odata.maxpagesize=20').select('subject,conversationId').get();
    let deltaLink: string | undefined;
    for (;;) {
      expect(res.value.length).toBeLessThanOrEqual(20);
      for (const m of res.value) {
        expect(m['@removed']).toBeUndefined();
        expect(Object.keys(m).filter((k) => !k.startsWith('@')).sort()).toEqual(['conversationId', 'id', 'subject']);
        ids.add(m.id);
      }
      if (res['@odata.deltaLink']) { deltaLink = res['@odata.deltaLink']; break; }
      expect(res['@odata.nextLink']).toMatch(/^https:\/\/localhost:\d+\/v1\.0\/.*\$skiptoken=/);
      res = await carolClient.api(res['@odata.nextLink']).header('Prefer', 'odata.maxpagesize=20').get();
    }
    const live = tenant.org.folder(carol.index, 'inbox').filter((m) => !m.deleted);
    expect(ids.size).toBe(live.length);
    // Changes between rounds: one new message, one category change, one delete.
    const [toUpdate, toDelete] = [live[live.length - 1], live[live.length - 2]];
    const updateId = tenant.org.ids.messageId(toUpdate?.number ?? 0);
    const deleteId = tenant.org.ids.messageId(toDelete?.number ?? 0);
    await bobClient.api('/me/sendMail').post({ message: { subject: 'Delta create', body: { contentType: 'text', content: 'x' }, toRecipients: [{ emailAddress: { address: carol.mail } }] } });
    await carolClient.api(`/me/messages/${updateId}`).patch({ categories: ['Blue category'] });
    await carolClient.api(`/me/messages/${deleteId}`).delete();
    const round2 = await carolClient.api(deltaLink as string).get();
    expect(round2.value).toHaveLength(3);
    const created = round2.value.find((m: { subject?: string }) => m.subject === 'Delta create');
    expect(Object.keys(created).filter((k: string) => !k.startsWith('@')).sort()).toEqual(['conversationId', 'id', 'subject']);
    expect(round2.value.find((m: { id: string }) => m.id === updateId)).toBeDefined();
    expect(round2.value.find((m: { id: string }) => m.id === deleteId)).toEqual({ '@odata.type': '#microsoft.graph.message', id: deleteId, '@removed': { reason: 'deleted' } });
    const round3 = await carolClient.api(round2['@odata.deltaLink']).get();
    expect(round3.value).toEqual([]);
    expect(round3['@odata.deltaLink']).toEqual(expect.stringMatching(/\$deltatoken=/));
  });

  it('applies a receivedDateTime filter given in the first call', async () => {
    const since = '2025-03-01T00:00:00Z';
    const res = await aliceClient.api('/me/mailFolders/sentitems/messages/delta').filter(`receivedDateTime ge ${since}`).select('receivedDateTime').header('Prefer', 'odata.maxpagesize=1000').get();
    const expected = tenant.org.folder(alice.index, 'sentitems').filter((m) => !m.deleted && m.mail.sentMs >= Date.parse(since)).length;
    expect(res.value.length).toBe(expected);
    expect(res['@odata.deltaLink']).toBeDefined();
  });
});

describe('chats', () => {
  it('lists chats, reads chat messages with the lastModifiedDateTime filter and posts a message', async () => {
    const chats = await aliceClient.api('/me/chats').top(50).expand('members').get();
    expect(chats.value.length).toBe(Math.min(50, tenant.org.chatsOf(alice.index).length));
    const chat = chats.value[0];
    expect(chat.members.map((m: { userId: string }) => m.userId)).toContain(alice.id);
    const all = await aliceClient.api(`/chats/${encodeURIComponent(chat.id)}/messages`).top(50).get();
    expect(all.value[0]).toEqual(expect.objectContaining({ chatId: chat.id, messageType: expect.any(String), from: expect.objectContaining({ user: expect.objectContaining({ userIdentityType: 'aadUser', tenantId: tenant.org.tenantId }) }) }));
    tenant.clock.set(new Date('2025-03-20T14:00:00Z'));
    const posted = await aliceClient.api(`/chats/${encodeURIComponent(chat.id)}/messages`).post({ body: { content: 'Looking into it' } });
    expect(posted.createdDateTime).toBe('2025-03-20T14:00:00Z');
    const recent = await aliceClient.api(`/chats/${encodeURIComponent(chat.id)}/messages`).filter('lastModifiedDateTime gt 2025-03-20T13:59:00Z').orderby('lastModifiedDateTime desc').get();
    expect(recent.value.map((m: { id: string }) => m.id)).toEqual([posted.id]);
    const single = await aliceClient.api(`/chats/${encodeURIComponent(chat.id)}/messages/${posted.id}`).get();
    expect(single.body.content).toContain('Looking into it');
    const byPreview = await aliceClient.api('/me/chats').expand('lastMessagePreview').orderby('lastMessagePreview/createdDateTime desc').top(5).get();
    expect(byPreview.value[0].id).toBe(chat.id);
    expect(byPreview.value[0].lastMessagePreview.id).toBe(posted.id);
    const badOrder = await graphError(aliceClient.api('/me/chats').orderby('createdDateTime desc').get());
    expect(badOrder.statusCode).toBe(400);
  });

  it('shows a federated chat member with the other tenant\'s id', async () => {
    const chat = tenant.org.chats.find((c) => (c.guestMembers?.length ?? 0) > 0);
    const member = tenant.org.users[chat?.memberIndexes[0] ?? 0] as DemoUser;
    const members = await clientFor(member).api(`/chats/${encodeURIComponent(chat?.id ?? '')}/members`).get();
    expect(members.value.map((m: { tenantId: string }) => m.tenantId).sort()).toEqual([tenant.org.tenantId, tenant.org.otherTenant?.tenantId].sort());
    const messages = await clientFor(member).api(`/chats/${encodeURIComponent(chat?.id ?? '')}/messages`).get();
    expect(messages.value.some((m: { from: { user: { tenantId: string } } }) => m.from.user.tenantId === tenant.org.otherTenant?.tenantId)).toBe(true);
  });

  it('creates a master category once; a duplicate name is a 409', async () => {
    const created = await aliceClient.api('/me/outlook/masterCategories').post({ displayName: 'Turnaround', color: 'preset9' });
    expect(created).toEqual(expect.objectContaining({ displayName: 'Turnaround', color: 'preset9', id: expect.any(String) }));
    const list = await aliceClient.api('/me/outlook/masterCategories').get();
    expect(list.value.map((c: { displayName: string }) => c.displayName)).toContain('Turnaround');
    expect((await graphError(aliceClient.api('/me/outlook/masterCategories').post({ displayName: 'turnaround' }))).statusCode).toBe(409);
  });
});

describe('$batch through the client', () => {
  it('answers per item', async () => {
    const res = await aliceClient.api('/$batch').post({ requests: [{ id: 'me', method: 'GET', url: '/me' }, { id: 'org', method: 'GET', url: '/organization', dependsOn: ['me'] }] });
    expect(res.responses.map((r: { id: string; status: number }) => [r.id, r.status])).toEqual([['me', 200], ['org', 200]]);
  });
});
