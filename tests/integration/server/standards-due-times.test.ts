/**
 * PUT /api/teams/:groupId/standards through the real server (dev tenant, SQLite, the real routes): settings are
 * history (issue 17 items 6, 7, 13). A stricter standard applies to requests tracked after the save — a request tracked
 * before keeps its targets and its stored due time — and the answer says so; a calendar change (here, holidays)
 * recomputes the stored due times of the team's open requests and the answer counts them, and makes their warning
 * checks due (issue 20).
 */
import type { NewRequest } from '../../../src/app/records';
import type { QueueResponse, SavedTeamSettings, TeamSettings } from '../../../src/contracts/api';
import { startServerFixture, type ServerFixture } from './server-fixture';

const DAY_MS = 86_400_000;

describe('PUT /api/teams/:groupId/standards: a save applies from its instant on', () => {
  let f: ServerFixture;
  afterAll(async () => {
    await f?.close();
  });

  it('keeps the targets of a request tracked before a stricter standard, gives them to one tracked after, and recomputes due times on a calendar change', async () => {
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
    const tracked = (at: Date) => ({ type: 'tracked' as const, actorId: owner.id, at, data: null });
    const before = (await requests.track(org.tenantId, { ...base, sourceMessageId: 'due-before', status: 'open', resolvedAt: null }, tracked(now))).request;
    const auth = { authorization: `Bearer ${await f.token(owner.userPrincipalName)}` };
    const shown = async (id: string) => {
      const queue = (await f.app.inject({ method: 'GET', url: '/api/me/queue', headers: auth })).json() as QueueResponse;
      return queue.requests.find((r) => r.id === id)!.clocks.firstResponse;
    };
    const put = async (body: Omit<TeamSettings, 'teamId'>) => {
      const answer = await f.app.inject({ method: 'PUT', url: `/api/teams/${team.id}/standards`, headers: auth, payload: body });
      expect(answer.statusCode).toBe(200);
      return answer.json() as SavedTeamSettings;
    };

    const clockBefore = await shown(before.id);
    const { teamId: _omit, ...body } = (await f.app.inject({ method: 'GET', url: `/api/teams/${team.id}/standards`, headers: auth })).json() as TeamSettings;
    const stricter = body.standards.map((s) => ({ ...s, firstResponseTargetMinutes: s.firstResponseTargetMinutes + 600 }));
    const saved = await put({ ...body, standards: stricter });
    expect(saved.outcome).toMatchObject({ standardsChanged: true, dueTimes: null, pastHolidaysKept: [], pastHolidaysNotAdded: [] });

    // tracked before the save: the same target and due time, shown and stored
    expect(await shown(before.id)).toMatchObject({ targetMinutes: clockBefore.targetMinutes, dueAt: clockBefore.dueAt });
    // tracked after it: the new target
    const after = (await requests.track(org.tenantId, { ...base, sourceMessageId: 'due-after', status: 'open', resolvedAt: null }, tracked(f.devTenant.clock.now()))).request;
    expect((await shown(after.id)).targetMinutes).toBe(clockBefore.targetMinutes + 600);

    // a holiday on every day of the next three weeks (from tomorrow): the open requests fall due later (the one with
    // 10 more hours to answer surely does), and the stored due times are what is shown
    const dueStored = async (id: string) => (await requests.get(org.tenantId, id))!.dueAt?.toISOString() ?? null;
    const afterDue = (await shown(after.id)).dueAt!;
    // The warning dispatcher had stored each request's next transition, far ahead; the calendar change makes both due
    // at once, whether or not their due time moves (a transition can move while the earliest due time stays).
    // A third request waits on its requester, answered: no clock runs, so it has no due time for the change to move
    // and no write of its own — only the recheck makes its check due.
    const waiting = (await requests.track(org.tenantId, {
      ...base, sourceMessageId: 'due-waiting', status: 'waiting', resolvedAt: null, firstResponseAt: new Date(now.getTime() - 1_800_000), firstResponseSource: 'email',
      waitingPeriods: [{ from: new Date(now.getTime() - 1_800_000), to: null }],
    }, tracked(f.devTenant.clock.now()))).request;
    const warnings = f.app.services.stores.clockWarnings;
    const farAhead = new Date(f.devTenant.clock.now().getTime() + 30 * DAY_MS);
    for (const r of [before, after, waiting]) {
      const read = (await warnings.listWarningChecksDue(f.devTenant.clock.now(), 1000)).find((d) => d.request.id === r.id);
      if (read === undefined) throw new Error(`request ${r.id} should be due for its first warning check`);
      expect(await warnings.setWarningCheck(org.tenantId, r.id, farAhead, { updatedAt: read.request.updatedAt, checkAt: read.checkAt })).toBe(true);
    }
    const dueChecks = async () => (await warnings.listWarningChecksDue(f.devTenant.clock.now(), 1000)).map((d) => d.request.id);
    expect(await dueChecks()).not.toContain(before.id);
    expect(await dueStored(waiting.id)).toBeNull();
    const holidays = Array.from({ length: 21 }, (_, i) => new Date(f.devTenant.clock.now().getTime() + (i + 1) * DAY_MS).toISOString().slice(0, 10));
    const closed = await put({ ...body, standards: stricter, holidays: [...new Set([...body.holidays, ...holidays])].sort() });
    expect(closed.outcome.standardsChanged).toBe(false);
    expect(closed.outcome.dueTimes).toEqual({ recomputed: 3, changed: expect.any(Number) });
    expect(closed.outcome.dueTimes!.changed).toBeGreaterThanOrEqual(1);
    expect(Date.parse((await shown(after.id)).dueAt!)).toBeGreaterThan(Date.parse(afterDue));
    expect(Date.parse((await shown(before.id)).dueAt!)).toBeGreaterThanOrEqual(Date.parse(clockBefore.dueAt!));
    for (const r of [before, after]) expect(await dueStored(r.id)).toBe((await shown(r.id)).dueAt);
    expect(await dueStored(waiting.id)).toBeNull();
    expect(await dueChecks()).toEqual(expect.arrayContaining([before.id, after.id, waiting.id]));
  });
});
