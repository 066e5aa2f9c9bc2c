import { startDevTenant, type DevTenant } from '../../../src/devtenant/dev-tenant';
import type { DemoUser, GroundTruthRequest } from '../../../src/devtenant/demo-organization';
import { createGraphClient } from './graph-client-factory';
import { graphToken, rawGraphRequest } from './raw-graph-request';

// The untidy parts of the dev tenant through Graph's own shapes: move (new ids, tombstones), the whole mailbox by
// conversation, chat softDelete, identities, and what changes on the simulated clock (team membership, mailboxSettings).
const NOW = new Date('2025-03-20T12:00:00Z');
const HOUR = 3_600_000;
let tenant: DevTenant;

const clientFor = (user: DemoUser) => createGraphClient({
  baseUrl: tenant.graphBaseUrl,
  caPem: tenant.certificatePem,
  getAccessToken: () => tenant.idp.issueToken({ username: user.userPrincipalName, audience: 'https://graph.microsoft.com' }),
});
const truthOf = (t: GroundTruthRequest): GroundTruthRequest | undefined => tenant.org.groundTruth().find((g) => g.messageId === t.messageId && g.assigneeId === t.assigneeId);

beforeAll(async () => {
  tenant = await startDevTenant({ seed: 5, now: NOW });
});
afterAll(() => tenant.stop());
afterEach(() => tenant.clock.set(NOW));

describe('move', () => {
  it("moves a sent answer to Archive (201, a new id), the old id answers 404 and Sent Items' delta reports it removed; the answer stays the scripted one", async () => {
    const t = tenant.org.groundTruth().find((g) => g.source === 'email' && g.firstResponseAt !== null && tenant.org.messageById(g.firstResponseMessageId ?? '')?.folder === 'sentitems') as GroundTruthRequest;
    const assignee = tenant.org.userById(t.assigneeId) as DemoUser;
    const client = clientFor(assignee);
    let round = await client.api('/me/mailFolders/sentitems/messages/delta').select('subject').header('Prefer', 'odata.maxpagesize=1000').get();
    while (!round['@odata.deltaLink']) round = await client.api(round['@odata.nextLink']).get();
    const oldId = t.firstResponseMessageId as string;

    const moved = await client.api(`/me/messages/${oldId}/move`).post({ destinationId: 'archive' });
    expect(moved.id).not.toBe(oldId);
    expect(moved.parentFolderId).toBe(tenant.org.ids.folderId(assignee.index, 'archive'));
    expect(moved.sentDateTime).toBe(t.firstResponseAt?.toISOString().replace(/\.\d{3}Z$/, 'Z'));
    const gone = await rawGraphRequest(tenant, 'GET', `/me/messages/${oldId}`, { token: await graphToken(tenant, assignee.userPrincipalName) });
    expect([gone.status, gone.body.error.code]).toEqual([404, 'ErrorItemNotFound']);
    const changes = await client.api(round['@odata.deltaLink']).get();
    expect(changes.value).toEqual([{ '@odata.type': '#microsoft.graph.message', id: oldId, '@removed': { reason: 'deleted' } }]);
    const archive = await client.api('/me/mailFolders/archive/messages').select('id').top(1000).get();
    expect(archive.value.map((m: { id: string }) => m.id)).toContain(moved.id);

    // By folder id too; the message keeps its conversation and the script keeps its answer (with the new id).
    const binned = await client.api(`/me/mailFolders/archive/messages/${moved.id}/move`).post({ destinationId: tenant.org.ids.folderId(assignee.index, 'deleteditems') });
    expect(binned.parentFolderId).toBe(tenant.org.ids.folderId(assignee.index, 'deleteditems'));
    expect(binned.conversationId).toBe(moved.conversationId);
    expect(truthOf(t)).toMatchObject({ firstResponseAt: t.firstResponseAt, firstResponseMessageId: binned.id });
    expect(truthOf(t)?.cases).toEqual(expect.arrayContaining(['responseArchived', 'responseDeleted']));
  });

  it('refuses a destination that is neither a well-known name nor a folder id (400), and another mailbox\'s folder (404)', async () => {
    const [a, b] = tenant.org.users.filter((u) => u.userType === 'Member' && tenant.org.folder(u.index, 'inbox').some((m) => !m.deleted)) as [DemoUser, DemoUser];
    const token = await graphToken(tenant, a.userPrincipalName);
    const message = tenant.org.folder(a.index, 'inbox').find((m) => !m.deleted);
    const id = tenant.org.ids.messageId(message?.number ?? -1);
    const malformed = await rawGraphRequest(tenant, 'POST', `/me/messages/${id}/move`, { token, body: { destinationId: 'Processed' } });
    expect([malformed.status, malformed.body.error.code]).toEqual([400, 'ErrorInvalidIdMalformed']);
    const foreign = await rawGraphRequest(tenant, 'POST', `/me/messages/${id}/move`, { token, body: { destinationId: tenant.org.ids.folderId(b.index, 'archive') } });
    expect(foreign.status).toBe(404);
    const missing = await rawGraphRequest(tenant, 'POST', `/me/messages/${id}/move`, { token, body: {} });
    expect(missing.status).toBe(400);
    expect(tenant.org.messageById(id)).toBe(message);
  });
});

describe('the whole mailbox by conversation', () => {
  it('/me/messages?$filter=conversationId finds the copies in every folder (Archive, Deleted Items, Drafts), with $select, $top and nextLink paging', async () => {
    // An answer the script moved to Archive days after sending it.
    const t = tenant.org.groundTruth().find((g) => g.source === 'email' && g.cases.includes('responseArchived') && tenant.org.messageById(g.firstResponseMessageId ?? '')?.folder === 'archive') as GroundTruthRequest;
    expect(t).toBeDefined();
    const assignee = tenant.org.userById(t.assigneeId) as DemoUser;
    const expected = tenant.org.messages.filter((m) => m.ownerIndex === assignee.index && !m.deleted && m.mail.conversationId === t.conversationId).map((m) => tenant.org.ids.messageId(m.number));
    expect(expected.length).toBeGreaterThanOrEqual(2);
    const client = clientFor(assignee);
    const seen: { id: string; parentFolderId: string }[] = [];
    let page = await client.api('/me/messages').filter(`conversationId eq '${t.conversationId}'`).select('id,parentFolderId,from').top(1).get();
    let pages = 1;
    for (;;) {
      for (const m of page.value) {
        expect(Object.keys(m).filter((k) => !k.startsWith('@')).sort()).toEqual(['from', 'id', 'parentFolderId']);
        seen.push(m);
      }
      if (!page['@odata.nextLink']) break;
      expect(page['@odata.nextLink']).toMatch(/^https:\/\/localhost:\d+\/v1\.0\/me\/messages\?/);
      page = await client.api(page['@odata.nextLink']).get();
      pages++;
    }
    expect(seen.map((m) => m.id).sort()).toEqual([...expected].sort());
    expect(pages).toBe(expected.length);
    expect(seen.map((m) => m.parentFolderId)).toContain(tenant.org.ids.folderId(assignee.index, 'archive'));
    expect(seen.map((m) => m.id)).toContain(t.firstResponseMessageId);

    const draftOwner = tenant.org.users.find((u) => tenant.org.folder(u.index, 'drafts').length > 0) as DemoUser;
    const draft = tenant.org.folder(draftOwner.index, 'drafts')[0];
    const drafts = await clientFor(draftOwner).api('/me/messages').filter(`conversationId eq '${draft?.mail.conversationId}'`).select('id,isDraft').top(50).get();
    expect(drafts.value).toContainEqual(expect.objectContaining({ id: tenant.org.ids.messageId(draft?.number ?? -1), isDraft: true }));
  });
});

describe('chat softDelete', () => {
  it('the sender deletes a chat answer (204): it stays with deletedDateTime and no body; someone else may not', async () => {
    const t = tenant.org.groundTruth().find((g) => g.source === 'chat' && g.firstResponseAt !== null && !g.cases.includes('chatResponseDeleted')) as GroundTruthRequest;
    const assignee = tenant.org.userById(t.assigneeId) as DemoUser;
    const requester = tenant.org.userById(t.requesterId) as DemoUser;
    const chatPath = `/chats/${encodeURIComponent(t.chatId ?? '')}/messages/${t.firstResponseMessageId}`;
    const refused = await rawGraphRequest(tenant, 'POST', `/me${chatPath}/softDelete`, { token: await graphToken(tenant, requester.userPrincipalName) });
    expect(refused.status).toBe(403);
    tenant.clock.set(new Date(NOW.getTime() + HOUR));
    await clientFor(assignee).api(`/users/${assignee.id}${chatPath}/softDelete`).post({});
    const after = await clientFor(requester).api(chatPath).get();
    expect(after).toMatchObject({ id: t.firstResponseMessageId, deletedDateTime: new Date(NOW.getTime() + HOUR).toISOString().replace(/\.\d{3}Z$/, 'Z'), body: { contentType: 'html', content: '' } });
    expect(truthOf(t)).toMatchObject({ firstResponseAt: t.firstResponseAt, firstResponseMessageId: t.firstResponseMessageId });
    expect(truthOf(t)?.cases).toContain('chatResponseDeleted');
  });
});

describe('identities', () => {
  it('/users/{upn} finds a member whose mail is not the UPN, and a guest by their #EXT# UPN; /users/{mail} is not a UPN', async () => {
    const asker = clientFor(tenant.org.users[0] as DemoUser);
    const renamed = tenant.org.users.find((u) => u.userType === 'Member' && u.mail !== u.userPrincipalName) as DemoUser;
    const byUpn = await asker.api(`/users/${encodeURIComponent(renamed.userPrincipalName)}`).select('id,mail,userPrincipalName').get();
    expect(byUpn).toMatchObject({ id: renamed.id, mail: renamed.mail, userPrincipalName: renamed.userPrincipalName });
    const token = await graphToken(tenant, (tenant.org.users[0] as DemoUser).userPrincipalName);
    expect((await rawGraphRequest(tenant, 'GET', `/users/${encodeURIComponent(renamed.mail)}`, { token })).status).toBe(404);
    const guest = tenant.org.users.find((u) => u.userType === 'Guest') as DemoUser;
    const byGuestUpn = await asker.api(`/users/${encodeURIComponent(guest.userPrincipalName)}`).select('id,mail,userType').get();
    expect(byGuestUpn).toMatchObject({ id: guest.id, mail: guest.mail });
  });
});

describe('on the simulated clock', () => {
  it('team members and joined teams change when the clock passes the scripted leave and demotion', async () => {
    const changes = tenant.org.teams.flatMap((t) => (t.scheduledChanges ?? []).map((c) => ({ team: t, ...c })));
    const leave = changes.find((c) => c.roles === null);
    const demote = changes.find((c) => c.roles !== null);
    if (!leave || !demote) throw new Error('no scheduled team changes');
    const leaver = tenant.org.users[leave.userIndex] as DemoUser;
    const owner = tenant.org.users[demote.userIndex] as DemoUser;
    const leaverClient = clientFor(leaver);
    const ownerClient = clientFor(owner);
    const joined = async () => (await leaverClient.api('/me/joinedTeams').get()).value.map((t: { id: string }) => t.id);
    const rolesOf = async () => (await ownerClient.api(`/teams/${demote.team.id}/members`).get()).value.find((m: { userId: string }) => m.userId === owner.id)?.roles;
    expect(await joined()).toContain(leave.team.id);
    expect((await joined()).length).toBeGreaterThanOrEqual(2);
    expect(await rolesOf()).toEqual(['owner']);
    tenant.clock.set(new Date(leave.atMs + 60_000));
    expect(await joined()).not.toContain(leave.team.id);
    const members = (await ownerClient.api(`/teams/${leave.team.id}/members`).get()).value.map((m: { userId: string }) => m.userId);
    expect(members).not.toContain(leaver.id);
    expect(await rolesOf()).toEqual(['owner']);
    tenant.clock.set(new Date(demote.atMs + 60_000));
    expect(await rolesOf()).toEqual([]);
    const owners = (await ownerClient.api(`/teams/${demote.team.id}/members`).filter("roles/any(r:r eq 'owner')").get()).value.map((m: { userId: string }) => m.userId);
    expect(owners).not.toContain(owner.id);
  });

  it('mailboxSettings: an out-of-office that is on now is over after its end; working hours change from their scripted day', async () => {
    const away = tenant.org.users.find((u) => u.outOfOffice.some((o) => o.startMs <= NOW.getTime() && o.endMs > NOW.getTime())) as DemoUser;
    const period = away.outOfOffice.find((o) => o.startMs <= NOW.getTime() && o.endMs > NOW.getTime());
    const awayClient = clientFor(away);
    expect((await awayClient.api('/me/mailboxSettings/automaticRepliesSetting').get()).status).toBe('scheduled');
    tenant.clock.set(new Date((period?.endMs ?? 0) + HOUR));
    expect((await awayClient.api('/me/mailboxSettings/automaticRepliesSetting').get()).status).toBe('disabled');

    const later = tenant.org.users.find((u) => (u.workingHoursChanges ?? []).some((c) => c.fromMs > NOW.getTime())) as DemoUser;
    const change = (later.workingHoursChanges ?? []).find((c) => c.fromMs > NOW.getTime());
    const laterClient = clientFor(later);
    tenant.clock.set(NOW);
    const before = await laterClient.api('/me/mailboxSettings').get();
    expect(before.workingHours.startTime).toBe(`${String(later.workStartMinute / 60 | 0).padStart(2, '0')}:${String(later.workStartMinute % 60).padStart(2, '0')}:00.0000000`);
    expect(before.archiveFolder).toBe(tenant.org.ids.folderId(later.index, 'archive'));
    tenant.clock.set(new Date((change?.fromMs ?? 0) + HOUR));
    const after = await laterClient.api('/me/mailboxSettings/workingHours').get();
    expect([after.startTime, after.endTime]).toEqual(['10:00:00.0000000', '18:30:00.0000000']);
  });
});
