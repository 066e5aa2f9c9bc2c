import { startDevTenant, type DevTenant } from '../../../src/devtenant/dev-tenant';
import { GraphSchemaChecker, loadGraphSchema } from './graph-schema-checker';
import { graphToken, rawGraphRequest } from './raw-graph-request';

// Walks every entity the simulator returns for the demo organisation and checks each property's name and JSON type
// against Graph v1.0's shapes (../shared/graph/v1.0-entities.json, with the corrections listed in the checker).
let tenant: DevTenant;
beforeAll(async () => {
  tenant = await startDevTenant({ seed: 21, now: new Date('2025-03-20T12:00:00Z') });
});
afterAll(() => tenant.stop());

async function getAll(token: string, path: string): Promise<unknown[]> {
  const out: unknown[] = [];
  let next: string | undefined = path;
  while (next) {
    const r = await rawGraphRequest(tenant, 'GET', next, { token });
    expect(r.status).toBe(200);
    out.push(...(r.body.value as unknown[]));
    next = r.body['@odata.nextLink'];
  }
  return out;
}

describe('schema conformance with Graph v1.0', () => {
  it('a checker built on the file catches a wrong name and a wrong type', () => {
    const checker = new GraphSchemaChecker(loadGraphSchema());
    checker.check({ id: 'x', subject: 5, senderName: 'nope' }, 'message', 'probe');
    expect(checker.errors).toEqual(['probe.subject: expected a string', "probe.senderName: Graph's message has no such property"]);
  });

  it('every entity of every demo user has only Graph properties with Graph types', async () => {
    const checker = new GraphSchemaChecker(loadGraphSchema());
    const allUserProps = 'id,accountEnabled,businessPhones,companyName,department,displayName,givenName,jobTitle,mail,mobilePhone,officeLocation,preferredLanguage,proxyAddresses,surname,usageLocation,userPrincipalName,userType';
    const messageProps = 'id,createdDateTime,lastModifiedDateTime,changeKey,categories,receivedDateTime,sentDateTime,hasAttachments,internetMessageId,subject,bodyPreview,importance,parentFolderId,conversationId,conversationIndex,isDeliveryReceiptRequested,isReadReceiptRequested,isRead,isDraft,webLink,inferenceClassification,body,sender,from,toRecipients,ccRecipients,bccRecipients,replyTo,flag,internetMessageHeaders';
    const seenTeams = new Set<string>();
    const seenChats = new Set<string>();
    let messages = 0;
    let chatMessages = 0;
    for (const user of tenant.org.users) {
      const token = await graphToken(tenant, user.userPrincipalName);
      const get = async (path: string): Promise<unknown> => {
        const r = await rawGraphRequest(tenant, 'GET', path, { token });
        expect(r.status).toBe(200);
        return r.body;
      };
      // The delegated /me form once; everything else in the /users/{id} form the Graph sources call.
      checker.check(await get('/me'), 'user', `${user.id}/me`);
      const mine = `/users/${user.id}`;
      checker.check(await get(`${mine}?$select=${allUserProps}`), 'user', `${user.id}/users/{id}`);
      checker.check(await get(`${mine}/mailboxSettings`), 'mailboxSettings', `${user.id}/mailboxSettings`);
      checker.check(await get(`${mine}/mailboxSettings/workingHours`), 'workingHours', `${user.id}/workingHours`);
      checker.check(await get(`${mine}/mailboxSettings/automaticRepliesSetting`), 'automaticRepliesSetting', `${user.id}/automaticRepliesSetting`);
      if (user.managerId) checker.check(await get(`${mine}/manager`), 'user', `${user.id}/manager`);
      for (const r of (await get(`${mine}/directReports`) as { value: unknown[] }).value) checker.check(r, 'user', `${user.id}/directReports`);
      for (const c of (await get(`${mine}/outlook/masterCategories`) as { value: unknown[] }).value) checker.check(c, 'outlookCategory', `${user.id}/masterCategories`);
      for (const folder of ['inbox', 'sentitems', 'archive', 'deleteditems', 'drafts']) {
        for (const m of await getAll(token, `${mine}/mailFolders/${folder}/messages?$top=1000&$select=${messageProps}`)) { checker.check(m, 'message', `${user.id}/${folder}`); messages++; }
      }
      for (const m of (await get(`${mine}/mailFolders/inbox/messages/delta`) as { value: unknown[] }).value) checker.check(m, 'message', `${user.id}/delta`);
      for (const t of (await get(`${mine}/joinedTeams`) as { value: { id: string }[] }).value) {
        checker.check(t, 'team', `${user.id}/joinedTeams`);
        if (seenTeams.has(t.id)) continue;
        seenTeams.add(t.id);
        for (const m of (await get(`/teams/${t.id}/members`) as { value: unknown[] }).value) checker.check(m, 'conversationMember', `teams/${t.id}/members`);
      }
      for (const chat of await getAll(token, `${mine}/chats?$top=50&$expand=members`) as { id: string; members: unknown[] }[]) {
        const { members, ...rest } = chat;
        checker.check(rest, 'chat', `${user.id}/chats`);
        for (const m of members) checker.check(m, 'conversationMember', `chats/${chat.id}/members`);
        if (seenChats.has(chat.id)) continue;
        seenChats.add(chat.id);
        for (const m of await getAll(token, `${mine}/chats/${encodeURIComponent(chat.id)}/messages?$top=50`)) { checker.check(m, 'chatMessage', `chats/${chat.id}/messages`); chatMessages++; }
      }
    }
    const token = await graphToken(tenant, tenant.org.users[0]?.userPrincipalName ?? '');
    for (const o of (await rawGraphRequest(tenant, 'GET', '/organization', { token })).body.value) checker.check(o, 'organization', 'organization');
    expect([...new Set(checker.errors.map((e) => e.replace(/^[^.]*\//, '')))].slice(0, 20)).toEqual([]);
    expect(checker.checkedProperties).toBeGreaterThan(100_000);
    expect(messages).toBe(tenant.org.messages.filter((m) => !m.deleted).length);
    expect(chatMessages).toBe(tenant.org.chats.reduce((n, c) => n + c.messages.length, 0));
    expect([...checker.seenTypes].sort()).toEqual(expect.arrayContaining(['aadUserConversationMember', 'automaticRepliesSetting', 'chat', 'chatMessage', 'dateTimeTimeZone', 'chatMessageFromIdentitySet', 'emailAddress', 'internetMessageHeader', 'itemBody', 'mailboxSettings', 'message', 'organization', 'outlookCategory', 'recipient', 'team', 'teamworkUserIdentity', 'user', 'verifiedDomain', 'workingHours']));
  });
});
