/**
 * Every `/users/{id}/…` form the Graph sources call (src/graph: mail, chats, directory), as Graph answers it for each
 * kind of token (issue 18: one path form for delegated and application access):
 * - a delegated token of the person the path names: served;
 * - a delegated token of a colleague: another person's mailbox, chats or teams are 403 (mail and mailbox settings
 *   Exchange's `ErrorAccessDenied`, chats and teams `Forbidden`); the person as a directory object is served;
 * - an application token with the route's permission: served; without it: 403 with the workload's code
 *   (application-permissions.ts).
 */
import { randomUUID } from 'node:crypto';
import { startDevTenant, type LocalDevTenant } from '../../../src/devtenant/dev-tenant';
import type { DemoChat, DemoUser } from '../../../src/devtenant/demo-organization';
import { userScopedLink } from '../../../src/graph/graph-user-path';
import { graphToken, rawGraphRequest } from './raw-graph-request';

const NOW = new Date('2025-03-20T12:00:00Z');
let tenant: LocalDevTenant;
let person: DemoUser;
let colleague: DemoUser;
let chat: DemoChat;
let messageId: string;
let conversationId: string;

beforeAll(async () => {
  tenant = await startDevTenant({ seed: 23, now: NOW, people: 12, days: 14 });
  const { org } = tenant;
  // A member with a chat that holds messages, mail in the inbox and a team; the colleague is in none of that chat.
  person = org.users.find((u) => u.userType === 'Member'
    && org.chatsOf(u.index).some((c) => c.messages.length > 0)
    && org.teams.some((t) => t.members.some((m) => m.userIndex === u.index))
    && org.folder(u.index, 'inbox').some((m) => !m.deleted)) as DemoUser;
  chat = org.chatsOf(person.index).find((c) => c.messages.length > 0) as DemoChat;
  colleague = org.users.find((u) => u.userType === 'Member' && u.id !== person.id && !chat.memberIndexes.includes(u.index)) as DemoUser;
  const inbox = org.folder(person.index, 'inbox').find((m) => !m.deleted);
  messageId = org.ids.messageId(inbox?.number ?? -1);
  conversationId = inbox?.mail.conversationId ?? '';
});
afterAll(() => tenant.stop());

/** An application (client-credentials) token of this tenant with exactly `roles`. */
function appToken(roles: string[]): Promise<string> {
  return tenant.idp.issueAppToken({ clientId: randomUUID(), servicePrincipalId: randomUUID(), roles, lifetimeSeconds: 3600, clientAuthentication: '1' });
}

interface Form {
  /** The call as a source makes it. */
  name: string;
  method: 'GET' | 'POST' | 'PATCH';
  /** The path after `/users/{id}` (with query). */
  path: () => string;
  body?: () => unknown;
  /** The key the simulator counts it under (method and path pattern). */
  key: string;
  /** Status when served. */
  ok: number;
  /** A colleague's delegated token: 403 with this code, or `served` for a directory read. */
  colleague: 'ErrorAccessDenied' | 'Forbidden' | 'served';
  /** Application roles that are enough, and a set that is not (with the 403 code Graph answers). */
  roles: string[];
  lacking: { roles: string[]; code: 'ErrorAccessDenied' | 'Forbidden' | 'Authorization_RequestDenied' };
}

const FORMS: Form[] = [
  { name: 'the person (directory.me)', method: 'GET', path: () => '?$select=id,displayName,mail', key: 'GET /users/{id}', ok: 200, colleague: 'served', roles: ['User.Read.All'], lacking: { roles: ['Mail.Read'], code: 'Authorization_RequestDenied' } },
  { name: 'a message (mail.getMessage)', method: 'GET', path: () => `/messages/${messageId}?$select=id,subject`, key: 'GET /users/{id}/messages/{id}', ok: 200, colleague: 'ErrorAccessDenied', roles: ['Mail.Read'], lacking: { roles: ['User.Read.All'], code: 'ErrorAccessDenied' } },
  { name: 'a conversation (mail.sentInConversation)', method: 'GET', path: () => `/messages?$filter=${encodeURIComponent(`conversationId eq '${conversationId}'`)}&$top=50`, key: 'GET /users/{id}/messages', ok: 200, colleague: 'ErrorAccessDenied', roles: ['Mail.ReadBasic.All'], lacking: { roles: ['MailboxSettings.Read'], code: 'ErrorAccessDenied' } },
  { name: 'inbox delta (mail.deltaPage)', method: 'GET', path: () => '/mailFolders/inbox/messages/delta?$select=id', key: 'GET /users/{id}/mailFolders/{id}/messages/delta', ok: 200, colleague: 'ErrorAccessDenied', roles: ['Mail.Read'], lacking: { roles: ['Chat.Read.All'], code: 'ErrorAccessDenied' } },
  { name: 'master categories (mail.addCategory)', method: 'GET', path: () => '/outlook/masterCategories?$select=displayName', key: 'GET /users/{id}/outlook/masterCategories', ok: 200, colleague: 'ErrorAccessDenied', roles: ['MailboxSettings.Read'], lacking: { roles: ['Mail.Read'], code: 'ErrorAccessDenied' } },
  { name: 'a new master category (mail.addCategory)', method: 'POST', path: () => '/outlook/masterCategories', body: () => ({ displayName: `Internal request ${randomUUID()}`, color: 'preset7' }), key: 'POST /users/{id}/outlook/masterCategories', ok: 201, colleague: 'ErrorAccessDenied', roles: ['MailboxSettings.ReadWrite'], lacking: { roles: ['MailboxSettings.Read'], code: 'ErrorAccessDenied' } },
  { name: 'a message\'s categories (mail.addCategory)', method: 'PATCH', path: () => `/messages/${messageId}`, body: () => ({ categories: ['Internal request'] }), key: 'PATCH /users/{id}/messages/{id}', ok: 200, colleague: 'ErrorAccessDenied', roles: ['Mail.ReadWrite'], lacking: { roles: ['Mail.Read'], code: 'ErrorAccessDenied' } },
  { name: 'mailbox settings (directory.mailboxSettings)', method: 'GET', path: () => '/mailboxSettings?$select=timeZone,workingHours,automaticRepliesSetting', key: 'GET /users/{id}/mailboxSettings', ok: 200, colleague: 'ErrorAccessDenied', roles: ['MailboxSettings.Read'], lacking: { roles: ['Mail.Read'], code: 'ErrorAccessDenied' } },
  { name: 'joined teams (directory.joinedTeams)', method: 'GET', path: () => '/joinedTeams?$select=id,displayName', key: 'GET /users/{id}/joinedTeams', ok: 200, colleague: 'Forbidden', roles: ['Team.ReadBasic.All'], lacking: { roles: ['User.Read.All'], code: 'Forbidden' } },
  { name: 'chats by last message (chats.recentChats)', method: 'GET', path: () => `/chats?$expand=lastMessagePreview&$orderby=${encodeURIComponent('lastMessagePreview/createdDateTime desc')}&$top=5`, key: 'GET /users/{id}/chats', ok: 200, colleague: 'Forbidden', roles: ['Chat.Read.All'], lacking: { roles: ['Mail.Read'], code: 'Forbidden' } },
  { name: 'a chat\'s messages (chats.messagesModifiedSince)', method: 'GET', path: () => `/chats/${encodeURIComponent(chat.id)}/messages?$top=50&$orderby=${encodeURIComponent('lastModifiedDateTime desc')}`, key: 'GET /users/{id}/chats/{id}/messages', ok: 200, colleague: 'Forbidden', roles: ['Chat.Read.All'], lacking: { roles: ['Chat.ReadBasic.All'], code: 'Forbidden' } },
  { name: 'a chat message (chats.getMessage)', method: 'GET', path: () => `/chats/${encodeURIComponent(chat.id)}/messages/${encodeURIComponent(chat.messages[0]?.id ?? '')}`, key: 'GET /users/{id}/chats/{id}/messages/{id}', ok: 200, colleague: 'Forbidden', roles: ['Chat.Read.All'], lacking: { roles: ['Mail.Read'], code: 'Forbidden' } },
  { name: 'a chat\'s members', method: 'GET', path: () => `/chats/${encodeURIComponent(chat.id)}/members`, key: 'GET /users/{id}/chats/{id}/members', ok: 200, colleague: 'Forbidden', roles: ['ChatMember.Read.All'], lacking: { roles: ['Chat.ReadBasic.All'], code: 'Forbidden' } },
];

const call = (form: Form, token: string, user: DemoUser = person, by: 'id' | 'upn' = 'id') =>
  rawGraphRequest(tenant, form.method, `/users/${encodeURIComponent(by === 'id' ? user.id : user.userPrincipalName)}${form.path()}`, { token, ...(form.body ? { body: form.body() } : {}) });

describe('/users/{id}/… forms of the Graph sources, by kind of token', () => {
  it.each(FORMS)('$name: served to the person\'s own delegated token, by id and by UPN, counted as $key', async (form) => {
    const token = await graphToken(tenant, person.userPrincipalName);
    const before = tenant.counters.get(form.key);
    const byId = await call(form, token);
    expect(byId.status).toBe(form.ok);
    expect((await call(form, token, person, 'upn')).status).toBe(form.ok);
    expect(tenant.counters.get(form.key) - before).toBe(2);
    if (form.key === 'GET /users/{id}') expect(byId.body.id).toBe(person.id);
  });

  it.each(FORMS)('$name: a colleague\'s delegated token is refused (or served for a directory read)', async (form) => {
    const r = await call(form, await graphToken(tenant, colleague.userPrincipalName));
    if (form.colleague === 'served') {
      expect(r.status).toBe(form.ok);
      expect(r.body.id).toBe(person.id);
    } else {
      expect(r.status).toBe(403);
      expect(r.body.error.code).toBe(form.colleague);
    }
  });

  it.each(FORMS)('$name: an application token with $roles is served; one lacking it is 403', async (form) => {
    const allowed = await call(form, await appToken(form.roles));
    expect(allowed.status).toBe(form.ok);
    const denied = await call(form, await appToken(form.lacking.roles));
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe(form.lacking.code);
  });

  it('application and delegated answers name the same data: the delta pages of one inbox list the same messages', async () => {
    const ids = async (token: string): Promise<string[]> => {
      const out: string[] = [];
      let url = `/users/${person.id}/mailFolders/inbox/messages/delta?$select=id`;
      for (;;) {
        const page = await rawGraphRequest(tenant, 'GET', url, { token, headers: { prefer: 'odata.maxpagesize=5' } });
        expect(page.status).toBe(200);
        out.push(...(page.body.value as { id: string }[]).map((m) => m.id));
        const next = page.body['@odata.nextLink'] as string | undefined;
        if (!next) {
          // The links keep the /users/{id} form, so an application token can follow them.
          expect(page.body['@odata.deltaLink']).toMatch(new RegExp(`/v1\\.0/users/${person.id}/mailFolders/inbox/messages/delta\\?\\$deltatoken=`));
          return out.sort();
        }
        expect(next).toContain(`/v1.0/users/${person.id}/`);
        url = next;
      }
    };
    const delegated = await ids(await graphToken(tenant, person.userPrincipalName));
    expect(delegated.length).toBeGreaterThan(5);
    expect(await ids(await appToken(['Mail.Read']))).toEqual(delegated);
  });

  it('a delta link saved from a /me round, rewritten to /users/{id} (userScopedLink), is followed by an application token', async () => {
    const first = await rawGraphRequest(tenant, 'GET', '/me/mailFolders/inbox/messages/delta?$select=id', { token: await graphToken(tenant, person.userPrincipalName), headers: { prefer: 'odata.maxpagesize=1000' } });
    let link = first.body['@odata.deltaLink'] as string;
    expect(link).toContain('/v1.0/me/');
    tenant.org.sendMail(colleague.index, { subject: 'A new ask', bodyText: 'Could you look?', to: [tenant.org.addressOf(person)] }, tenant.clock.nowMs());
    link = userScopedLink(link, { tenantId: tenant.org.tenantId, userId: person.id }, tenant.graphBaseUrl);
    expect(link).toContain(`/v1.0/users/${person.id}/mailFolders/inbox/messages/delta?$deltatoken=`);
    const next = await rawGraphRequest(tenant, 'GET', link, { token: await appToken(['Mail.Read']) });
    expect(next.status).toBe(200);
    // Only the change since the saved round: the new message.
    const newest = tenant.org.folder(person.index, 'inbox').at(-1);
    expect((next.body.value as { id: string }[]).map((m) => m.id)).toEqual([tenant.org.ids.messageId(newest?.number ?? -1)]);
  });

  it('$batch items in the /users/{id} form: served per item for an application token; a colleague\'s items are 403', async () => {
    const requests = [
      { id: '1', method: 'GET', url: `/users/${person.id}/outlook/masterCategories?$select=displayName` },
      { id: '2', method: 'GET', url: `/users/${person.id}/messages/${messageId}?$select=categories` },
      { id: '3', method: 'GET', url: `/users/${person.id}/chats/${encodeURIComponent(chat.id)}/messages?$top=50` },
    ];
    const byId = (r: { body: { responses: { id: string; status: number; body: { error?: { code: string } } }[] } }) => new Map(r.body.responses.map((x) => [x.id, x]));
    const app = await rawGraphRequest(tenant, 'POST', '/$batch', { token: await appToken(['Mail.Read', 'MailboxSettings.Read', 'Chat.Read.All']), body: { requests } });
    expect(app.status).toBe(200);
    expect([...byId(app).values()].map((x) => x.status)).toEqual([200, 200, 200]);
    const other = byId(await rawGraphRequest(tenant, 'POST', '/$batch', { token: await graphToken(tenant, colleague.userPrincipalName), body: { requests } }));
    expect([other.get('1')?.status, other.get('1')?.body.error?.code]).toEqual([403, 'ErrorAccessDenied']);
    expect([other.get('2')?.status, other.get('2')?.body.error?.code]).toEqual([403, 'ErrorAccessDenied']);
    expect([other.get('3')?.status, other.get('3')?.body.error?.code]).toEqual([403, 'Forbidden']);
  });

  it('/me stays the delegated form only: an application token gets 400 on every /me form the sources used to call', async () => {
    const token = await appToken(['Mail.Read', 'MailboxSettings.Read', 'Chat.Read.All', 'User.Read.All', 'Team.ReadBasic.All']);
    for (const path of ['/me', '/me/messages', '/me/mailboxSettings', '/me/joinedTeams', '/me/chats', '/me/outlook/masterCategories']) {
      const r = await rawGraphRequest(tenant, 'GET', path, { token });
      expect([path, r.status, r.body.error.code]).toEqual([path, 400, 'BadRequest']);
    }
  });
});
