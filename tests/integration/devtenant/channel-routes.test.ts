import { startDevTenant, DEMO_APPLICATION_PERMISSIONS, type DevTenant } from '../../../src/devtenant/dev-tenant';
import type { DemoChannel, DemoTeam, DemoUser } from '../../../src/devtenant/demo-organization';
import { GraphSchemaChecker, loadGraphSchema } from './graph-schema-checker';
import { graphToken, rawGraphRequest } from './raw-graph-request';

const NOW = new Date('2025-03-20T12:00:00Z');
let tenant: DevTenant;
let team: DemoTeam;
let help: DemoChannel;
let clientCounter = 0;

/** An application token of a client used by no other test (its own rate-limit window). */
function appToken(roles: readonly string[] = DEMO_APPLICATION_PERMISSIONS): Promise<string> {
  clientCounter += 1;
  const n = String(clientCounter).padStart(12, '0');
  return tenant.idp.issueAppToken({ clientId: `7c000000-0000-4000-8000-${n}`, servicePrincipalId: `5c000000-0000-4000-8000-${n}`, roles, lifetimeSeconds: 3600, clientAuthentication: '1' });
}

const path = (...parts: string[]): string => `/teams/${team.id}/channels/${encodeURIComponent(help.id)}${parts.join('')}`;

beforeAll(async () => {
  tenant = await startDevTenant({ seed: 11, now: NOW, port: 0 });
  team = tenant.org.teams.find((t) => t.department === 'IT') as DemoTeam;
  help = tenant.org.channelsOf(team.id).find((c) => c.displayName === 'IT help') as DemoChannel;
});
afterAll(() => tenant.stop());

describe('Graph simulator: Teams channels, their threads and delta', () => {
  it('lists a team\'s channels and serves one, for an application with Channel.ReadBasic.All', async () => {
    const token = await appToken();
    const r = await rawGraphRequest(tenant, 'GET', `/teams/${team.id}/channels`, { token });
    expect(r.status).toBe(200);
    expect(r.body.value.map((c: { displayName: string }) => c.displayName)).toEqual(['General', 'IT help']);
    expect(r.body.value[1]).toEqual(expect.objectContaining({ id: help.id, membershipType: 'standard', tenantId: tenant.org.tenantId }));
    expect(help.id).toMatch(/^19:[0-9a-f]{32}@thread\.tacv2$/);
    const one = await rawGraphRequest(tenant, 'GET', path(), { token });
    expect(one.status).toBe(200);
    expect(one.body.displayName).toBe('IT help');
  });

  it('serves a thread: the root message with channelIdentity, and its replies paged with $top and @odata.nextLink', async () => {
    const token = await appToken();
    const root = help.messages.find((m) => m.replyToId === null && help.messages.filter((x) => x.replyToId === m.id).length >= 3);
    expect(root).toBeDefined();
    const r = await rawGraphRequest(tenant, 'GET', path(`/messages/${root?.id}`), { token });
    expect(r.status).toBe(200);
    expect(r.body).toEqual(expect.objectContaining({ id: root?.id, replyToId: null, chatId: null, channelIdentity: { teamId: team.id, channelId: help.id }, subject: root?.subject }));
    expect(r.body.from.user.id).toBe(tenant.org.users[root?.fromUserIndex ?? -1]?.id);
    const ids: string[] = [];
    let next: string | undefined = path(`/messages/${root?.id}/replies?$top=2`);
    let pages = 0;
    while (next) {
      const p = await rawGraphRequest(tenant, 'GET', next, { token });
      expect(p.status).toBe(200);
      expect(p.body.value.length).toBeLessThanOrEqual(2);
      for (const m of p.body.value) expect(m.replyToId).toBe(root?.id);
      ids.push(...p.body.value.map((m: { id: string }) => m.id));
      next = p.body['@odata.nextLink'];
      pages++;
    }
    expect(pages).toBeGreaterThan(1);
    expect([...ids].sort()).toEqual(help.messages.filter((m) => m.replyToId === root?.id).map((m) => m.id).sort());
    const replyId = ids[0] ?? '';
    const reply = await rawGraphRequest(tenant, 'GET', path(`/messages/${root?.id}/replies/${replyId}`), { token });
    expect(reply.status).toBe(200);
    expect(reply.body.replyToId).toBe(root?.id);
    // A reply is not a root message: it is not served as one.
    expect((await rawGraphRequest(tenant, 'GET', path(`/messages/${replyId}`), { token })).status).toBe(404);
  });

  it('delta: root messages only, paged by $top, then a deltaLink that returns only what is new since', async () => {
    const token = await appToken();
    const roots = help.messages.filter((m) => m.replyToId === null);
    const seen: string[] = [];
    let next: string | undefined = path('/messages/delta?$top=3');
    let deltaLink: string | undefined;
    while (next) {
      const p = await rawGraphRequest(tenant, 'GET', next, { token });
      expect(p.status).toBe(200);
      for (const m of p.body.value) expect(m.replyToId).toBeNull();
      seen.push(...p.body.value.map((m: { id: string }) => m.id));
      next = p.body['@odata.nextLink'];
      deltaLink = p.body['@odata.deltaLink'];
    }
    expect(seen).toEqual(roots.map((m) => m.id));
    expect(deltaLink).toMatch(/\$deltatoken=/);
    const quiet = await rawGraphRequest(tenant, 'GET', deltaLink ?? '', { token });
    expect(quiet.body.value).toEqual([]);

    tenant.clock.advance(60_000);
    const asker = tenant.org.users.find((u) => u.userType === 'Member' && u.department === 'Sales') as DemoUser;
    const posted = tenant.org.postChannelMessage(help, asker.index, '<p>Printer on floor 2 is offline</p>', tenant.clock.nowMs(), null, 'Printer');
    tenant.org.postChannelMessage(help, asker.index, '<p>Still offline</p>', tenant.clock.nowMs() + 1, posted.id);
    tenant.clock.advance(60_000);
    const changes = await rawGraphRequest(tenant, 'GET', quiet.body['@odata.deltaLink'], { token });
    expect(changes.status).toBe(200);
    expect(changes.body.value.map((m: { id: string }) => m.id)).toEqual([posted.id]);
    expect(changes.body['@odata.deltaLink']).toMatch(/\$deltatoken=/);
  });

  it('delta on the first request takes $filter=lastModifiedDateTime gt only, and a token only for its own channel', async () => {
    const token = await appToken();
    const since = new Date(NOW.getTime() - 2.5 * 86_400_000).toISOString();
    const recent = await rawGraphRequest(tenant, 'GET', path(`/messages/delta?$filter=${encodeURIComponent(`lastModifiedDateTime gt ${since}`)}`), { token });
    expect(recent.status).toBe(200);
    expect(recent.body.value.map((m: { id: string }) => m.id)).toEqual(help.messages.filter((m) => m.replyToId === null && m.lastModifiedMs > Date.parse(since)).map((m) => m.id));
    expect(recent.body.value.length).toBeGreaterThan(0);
    const bad = await rawGraphRequest(tenant, 'GET', path(`/messages/delta?$filter=${encodeURIComponent("subject eq 'x'")}`), { token });
    expect(bad.status).toBe(400);
    expect((await rawGraphRequest(tenant, 'GET', path('/messages/delta?$top=51'), { token })).status).toBe(400);
    const general = tenant.org.channelsOf(team.id).find((c) => c.displayName === 'General') as DemoChannel;
    const token2 = new URL(recent.body['@odata.deltaLink']).searchParams.get('$deltatoken') ?? '';
    const other = await rawGraphRequest(tenant, 'GET', `/teams/${team.id}/channels/${encodeURIComponent(general.id)}/messages/delta?$deltatoken=${token2}`, { token });
    expect(other.status).toBe(400);
  });

  it('checks permissions as Graph does: ChannelMessage.Read.All for messages, team membership for people, 404 for unknown ids', async () => {
    const withoutMessages = await appToken(DEMO_APPLICATION_PERMISSIONS.filter((p) => p !== 'ChannelMessage.Read.All'));
    const denied = await rawGraphRequest(tenant, 'GET', path('/messages/delta'), { token: withoutMessages });
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('Forbidden');
    expect(denied.body.error.message).toContain('ChannelMessage.Read.All');
    expect((await rawGraphRequest(tenant, 'GET', `/teams/${team.id}/channels`, { token: withoutMessages })).status).toBe(200);
    const withoutChannels = await appToken(DEMO_APPLICATION_PERMISSIONS.filter((p) => p !== 'Channel.ReadBasic.All'));
    expect((await rawGraphRequest(tenant, 'GET', `/teams/${team.id}/channels`, { token: withoutChannels })).status).toBe(403);

    const member = tenant.org.users[team.members[0]?.userIndex ?? -1] as DemoUser;
    const outsider = tenant.org.users.find((u) => u.userType === 'Member' && !team.members.some((m) => m.userIndex === u.index)) as DemoUser;
    const asMember = await rawGraphRequest(tenant, 'GET', path('/messages?$top=2'), { token: await graphToken(tenant, member.userPrincipalName) });
    expect(asMember.status).toBe(200);
    expect(asMember.body.value).toHaveLength(2);
    expect(asMember.body['@odata.nextLink']).toBeDefined();
    const asOutsider = await rawGraphRequest(tenant, 'GET', path('/messages'), { token: await graphToken(tenant, outsider.userPrincipalName) });
    expect(asOutsider.status).toBe(403);

    const app = await appToken();
    expect((await rawGraphRequest(tenant, 'GET', `/teams/${team.id}/channels/${encodeURIComponent('19:nope@thread.tacv2')}/messages/delta`, { token: app })).status).toBe(404);
    expect((await rawGraphRequest(tenant, 'GET', path('/messages/1/replies'), { token: app })).status).toBe(404);
    expect((await rawGraphRequest(tenant, 'GET', '/teams/00000000-0000-0000-0000-000000000000/channels', { token: app })).status).toBe(404);
  });

  it('every channel and channel message has only Graph properties with Graph types', async () => {
    const checker = new GraphSchemaChecker(loadGraphSchema());
    const token = await appToken();
    for (const t of tenant.org.teams) {
      const channels = await rawGraphRequest(tenant, 'GET', `/teams/${t.id}/channels`, { token });
      for (const c of channels.body.value) {
        checker.check(c, 'channel', `channel ${c.displayName}`);
        const list = await rawGraphRequest(tenant, 'GET', `/teams/${t.id}/channels/${encodeURIComponent(c.id)}/messages?$expand=replies`, { token });
        for (const m of list.body.value) {
          const { replies, ...root } = m;
          checker.check(root, 'chatMessage', `message ${m.id}`);
          for (const r of replies) checker.check(r, 'chatMessage', `reply ${r.id}`);
        }
      }
    }
    expect(checker.errors).toEqual([]);
  });
});
