/**
 * Saving a team's standards recomputes the stored due time of the team's open requests — the editor says "Due times
 * of the team's open requests were recomputed", and the queue's order in the database reads the stored value. A real
 * server (dev tenant, SQLite, the real routes); the request is scripted into the store unanswered, received an hour ago.
 */
import type { NewRequest } from '../../../src/app/records';
import type { QueueResponse, TeamSettings } from '../../../src/contracts/api';
import { startServerFixture, type ServerFixture } from './server-fixture';

describe('PUT /api/teams/:groupId/standards recomputes the stored due times of open requests', () => {
  let f: ServerFixture;
  afterAll(async () => {
    await f?.close();
  });

  it('moves the stored due time to what the queue shows under the stricter standard; a resolved request keeps none', async () => {
    f = await startServerFixture();
    const org = f.devTenant.org;
    const team = org.teams.find((t) => t.members.some((m) => m.roles.includes('owner')));
    if (team === undefined) throw new Error('demo org has no team with an owner');
    const owner = org.users[team.members.find((m) => m.roles.includes('owner'))!.userIndex]!;
    const now = f.devTenant.clock.now();
    const base: Omit<NewRequest, 'sourceMessageId' | 'status' | 'resolvedAt'> = {
      tenantId: org.tenantId, source: 'email', conversationId: null, chatId: null, threadId: null, webLink: null,
      requesterId: org.users.find((u) => u.id !== owner.id)!.id, assigneeId: owner.id, teamId: team.id, subject: 'Scripted', preview: 'p',
      category: null, priority: 'normal', note: null, colleagueOverride: false, receivedAt: new Date(now.getTime() - 3_600_000),
      firstResponseAt: null, firstResponseSource: null, waitingPeriods: [], dueAt: null,
    };
    const requests = f.app.services.stores.requests;
    const event = { type: 'tracked' as const, actorId: owner.id, at: now, data: null };
    const open = (await requests.track(org.tenantId, { ...base, sourceMessageId: 'due-open', status: 'open', resolvedAt: null }, event)).request;
    const resolved = (await requests.track(org.tenantId, { ...base, sourceMessageId: 'due-resolved', status: 'resolved', resolvedAt: now }, event)).request;
    const token = await f.token(owner.userPrincipalName);
    const auth = { authorization: `Bearer ${token}` };
    const shownDue = async (): Promise<string | null> => {
      const queue = (await f.app.inject({ method: 'GET', url: '/api/me/queue', headers: auth })).json() as QueueResponse;
      return queue.requests.find((r) => r.id === open.id)!.clocks.firstResponse.dueAt;
    };

    const before = await shownDue();
    const settings = (await f.app.inject({ method: 'GET', url: `/api/teams/${team.id}/standards`, headers: auth })).json() as TeamSettings;
    const { teamId: _omit, ...body } = settings;
    body.standards = body.standards.map((s) => ({ ...s, firstResponseTargetMinutes: s.firstResponseTargetMinutes + 600 }));
    const put = await f.app.inject({ method: 'PUT', url: `/api/teams/${team.id}/standards`, headers: auth, payload: body });
    expect(put.statusCode).toBe(200);

    const after = await shownDue();
    expect(after).not.toBeNull();
    expect(Date.parse(after!)).toBeGreaterThan(Date.parse(before!)); // ten working hours more to answer
    expect((await requests.get(org.tenantId, open.id))!.dueAt?.toISOString()).toBe(after);
    expect((await requests.get(org.tenantId, resolved.id))!.dueAt).toBeNull();
  });
});
