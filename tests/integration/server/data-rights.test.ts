/**
 * Data rights over HTTP: `GET /api/me/export` and `DELETE /api/me/data` through buildServer, real tokens from the dev
 * identity provider, the Graph simulator (for /api/me's profile and team memberships) and a real SQLite file.
 * Another person's and another tenant's data must come out of the deletion exactly as they went in.
 */
import type { NewRequest, RequestRecord } from '../../../src/app/records';
import type { PersonalDataExport, Problem } from '../../../src/contracts/api';
import type { DemoUser } from '../../../src/devtenant/demo-organization';
import { DELETED_PERSON_ID } from '../../../src/store/open-stores';
import { countTenantRows } from '../../../src/store/tenant-row-counts';
import type { DatabaseStores } from '../../../src/store/open-stores';
import { startServerFixture, type ServerFixture } from './server-fixture';

const DELTA_TOKEN = 'opaque-delta-token-5d1c';
const LEAVER_NOTE = 'leaver private note 91ab';
const STAYER_NOTE = 'stayer private note 3c7e';

describe('data rights API', () => {
  let f: ServerFixture;
  let stores: DatabaseStores;
  let tenantId: string;
  let foreignTenantId: string;
  let leaver: DemoUser;
  let stayer: DemoUser;
  let other: DemoUser;
  let foreign: DemoUser;
  const tokens: Record<'leaver' | 'stayer' | 'other' | 'foreign', string> = { leaver: '', stayer: '', other: '', foreign: '' };
  const ids = { leaverServes: '', leaverAsks: '', leaverUntracked: '', unrelated: '', foreignWithLeaverId: '' };

  const get = (url: string, token: string) => f.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
  const exportOf = async (token: string): Promise<PersonalDataExport> => {
    const response = await get('/api/me/export', token);
    expect(response.statusCode).toBe(200);
    return response.json<PersonalDataExport>();
  };
  const withoutTime = (e: PersonalDataExport) => ({ ...e, exportedAt: '(ignored)' });
  const del = (token: string, extra: { url?: string; payload?: string; contentType?: string } = {}) =>
    f.app.inject({
      method: 'DELETE',
      url: extra.url ?? '/api/me/data',
      headers: { authorization: `Bearer ${token}`, ...(extra.contentType ? { 'content-type': extra.contentType } : {}) },
      ...(extra.payload === undefined ? {} : { payload: extra.payload }),
    });

  function request(t: string, key: string, assigneeId: string, requesterId: string, note: string | null): NewRequest {
    const now = f.devTenant.clock.now().getTime();
    return {
      tenantId: t, source: 'email', sourceMessageId: `data-rights-${key}`, conversationId: `conv-${key}`, chatId: null, threadId: null, webLink: null,
      requesterId, assigneeId, teamId: null, subject: `Subject ${key}`, preview: `Preview ${key}`, category: 'Question', priority: 'high', note,
      colleagueOverride: false, receivedAt: new Date(now - 7_200_000), firstResponseAt: null, firstResponseSource: null, resolvedAt: null,
      waitingPeriods: [], status: 'open', dueAt: new Date(now + 3_600_000),
    };
  }
  const tracked = (actorId: string) => ({ type: 'tracked' as const, actorId, at: f.devTenant.clock.now(), data: { via: 'data-rights test' } });

  beforeAll(async () => {
    f = await startServerFixture({ DEMO_SEED_REQUESTS: 'off' });
    stores = f.app.services.stores as DatabaseStores;
    const org = f.devTenant.org;
    tenantId = org.tenantId;
    const team = org.teams.find((t) => t.members.length >= 3);
    const members = team?.members.map((m) => org.users[m.userIndex]).filter((u): u is DemoUser => u !== undefined) ?? [];
    const foreignUser = org.otherTenant?.users[0];
    if (members.length < 3 || !foreignUser) throw new Error('demo org lacks a team of three and another tenant');
    [leaver, stayer, other] = members as [DemoUser, DemoUser, DemoUser];
    foreign = foreignUser;
    foreignTenantId = foreign.tenantId;
    tokens.leaver = await f.token(leaver.userPrincipalName);
    tokens.stayer = await f.token(stayer.userPrincipalName);
    tokens.other = await f.token(other.userPrincipalName);
    tokens.foreign = await f.token(foreign.userPrincipalName);
    // Profiles and team memberships as the app caches them: read from the Graph simulator by GET /api/me.
    for (const token of Object.values(tokens)) expect((await get('/api/me', token)).statusCode).toBe(200);

    const r = stores.requests;
    ids.leaverServes = (await r.track(tenantId, request(tenantId, 'serves', leaver.id, stayer.id, LEAVER_NOTE), tracked(leaver.id))).request.id;
    const served = (await r.get(tenantId, ids.leaverServes)) as RequestRecord;
    await r.update(tenantId, served.id, { status: 'waiting', waitingPeriods: [{ from: f.devTenant.clock.now(), to: null }] }, [{ type: 'waiting', actorId: leaver.id, at: f.devTenant.clock.now(), data: null }]);
    ids.leaverAsks = (await r.track(tenantId, request(tenantId, 'asks', stayer.id, leaver.id, STAYER_NOTE), tracked(stayer.id))).request.id;
    ids.leaverUntracked = (await r.track(tenantId, request(tenantId, 'untracked', leaver.id, other.id, null), tracked(leaver.id))).request.id;
    await r.untrack(tenantId, ids.leaverUntracked, { type: 'untracked', actorId: leaver.id, at: f.devTenant.clock.now(), data: null });
    ids.unrelated = (await r.track(tenantId, request(tenantId, 'unrelated', other.id, stayer.id, 'other note'), tracked(other.id))).request.id;
    // Another tenant: the same object id string means another person there.
    ids.foreignWithLeaverId = (await r.track(foreignTenantId, request(foreignTenantId, 'foreign', foreign.id, leaver.id, null), tracked(foreign.id))).request.id;

    const suggestion = (t: string, personId: string, fromId: string, key: string) => ({
      tenantId: t, personId, source: 'email' as const, sourceMessageId: `sugg-${key}`, chatId: null, fromId, subject: `Suggestion ${key}`, preview: 'Could you…',
      receivedAt: f.devTenant.clock.now(), reason: 'asks a question', answered: false, score: 0.8,
    });
    await stores.suggestions.upsert([
      suggestion(tenantId, leaver.id, stayer.id, 'l1'),
      suggestion(tenantId, leaver.id, other.id, 'l2'),
      suggestion(tenantId, stayer.id, leaver.id, 's1'),
      suggestion(foreignTenantId, foreign.id, leaver.id, 'f1'),
    ]);
    const l2 = (await stores.suggestions.list(tenantId, leaver.id)).find((s) => s.sourceMessageId === 'sugg-l2');
    expect(await stores.suggestions.dismiss(tenantId, leaver.id, l2!.id)).toBe(true);
    // What reaches each one's activity feed (issue 20), chosen through the API as in the tab.
    for (const [token, warnings] of [[tokens.leaver, 'off'], [tokens.stayer, 'digestOnly']] as const) {
      const chose = await f.app.inject({ method: 'PUT', url: '/api/me/preferences', headers: { authorization: `Bearer ${token}` }, payload: { warnings } });
      expect(chose.statusCode).toBe(200);
    }
    for (const personId of [leaver.id, stayer.id]) {
      await stores.syncState.put({ tenantId, personId, resource: 'inbox', deltaLink: `https://graph.microsoft.com/v1.0/users/${personId}/mailFolders/inbox/messages/delta?$deltatoken=${DELTA_TOKEN}`, watermark: null, lastRunAt: f.devTenant.clock.now() });
    }
  }, 60_000);
  afterAll(async () => {
    await f?.close();
  });

  it('exports what is stored about me as a JSON attachment, never a delta token or another person’s private note', async () => {
    const response = await get('/api/me/export', tokens.leaver);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.headers['content-disposition']).toBe('attachment; filename="turnaround-export.json"');
    expect(response.headers['cache-control']).toBe('no-store');
    const body = response.json<PersonalDataExport>();

    expect(body).toMatchObject({ format: 'turnaround-personal-data-export', version: 1, tenantId, personId: leaver.id });
    expect(body.profile).toMatchObject({ id: leaver.id, displayName: leaver.displayName });
    // Every address Turnaround knows the person by is theirs too (mail, UPN and Exchange proxy addresses).
    const stored = (await stores.directory.getPeople(tenantId, [leaver.id]))[0];
    expect(body.profile?.addresses).toEqual(stored?.addresses);
    expect(body.profile?.addresses).toEqual(expect.arrayContaining([leaver.mail.toLowerCase(), leaver.userPrincipalName.toLowerCase()]));
    const teams = await stores.directory.listTeamsOf(tenantId, leaver.id);
    expect(teams.length).toBeGreaterThan(0);
    expect(body.teams).toEqual(teams.map((t) => ({ id: t.id, displayName: t.displayName, role: t.role })));

    expect(body.requestsAsAssignee.map((r) => r.id)).toEqual([ids.leaverServes]);
    const [served] = body.requestsAsAssignee;
    expect(served).toMatchObject({ note: LEAVER_NOTE, status: 'waiting', priority: 'high', requester: { id: stayer.id, displayName: stayer.displayName } });
    expect(served?.events.map((e) => [e.type, e.actorId])).toEqual([['tracked', leaver.id], ['waiting', leaver.id]]);
    expect(body.untrackedRequestHistory.map((e) => [e.requestId, e.type])).toEqual([[ids.leaverUntracked, 'tracked'], [ids.leaverUntracked, 'untracked']]);

    expect(body.requestsAsRequester.map((r) => r.id)).toEqual([ids.leaverAsks]);
    expect(body.requestsAsRequester[0]).toEqual({
      id: ids.leaverAsks, source: 'email', assignee: expect.objectContaining({ id: stayer.id }), subject: 'Subject asks', preview: 'Preview asks',
      status: 'open', receivedAt: expect.any(String), firstResponseAt: null, resolvedAt: null,
    });
    expect(body.suggestions.map((s) => [s.messageId, s.dismissed]).sort()).toEqual([['sugg-l1', false], ['sugg-l2', true]]);
    expect(body.syncState).toEqual([{ resource: 'inbox', hasDeltaLink: true, watermark: null, lastRunAt: expect.any(String) }]);
    expect(body.warnings).toBe('off');
    expect(body.notes.join(' ')).toMatch(/never stores them/);

    expect(response.body).not.toContain(DELTA_TOKEN);
    expect(response.body).not.toContain(STAYER_NOTE);
    expect(response.body).not.toContain('other note');
    expect(response.body).not.toContain(ids.unrelated);
    expect(response.body).not.toContain(ids.foreignWithLeaverId);
  });

  it('rejects bad input and other methods with problem+json', async () => {
    const cases = [
      { response: await get('/api/me/export?format=csv', tokens.leaver), status: 400, code: 'validation_failed' },
      { response: await del(tokens.leaver, { url: '/api/me/data?confirm=yes' }), status: 400, code: 'validation_failed' },
      { response: await del(tokens.leaver, { payload: JSON.stringify({ personId: stayer.id }), contentType: 'application/json' }), status: 400, code: 'validation_failed' },
      { response: await del(tokens.leaver, { payload: 'everything', contentType: 'text/plain' }), status: 400, code: 'validation_failed' },
      { response: await f.app.inject({ method: 'POST', url: '/api/me/export', headers: { authorization: `Bearer ${tokens.leaver}` } }), status: 405, code: 'method_not_allowed', allow: 'GET' },
      { response: await f.app.inject({ method: 'DELETE', url: '/api/me/export', headers: { authorization: `Bearer ${tokens.leaver}` } }), status: 405, code: 'method_not_allowed', allow: 'GET' },
      { response: await get('/api/me/data', tokens.leaver), status: 405, code: 'method_not_allowed', allow: 'DELETE' },
      { response: await f.app.inject({ method: 'PUT', url: '/api/me/data', headers: { authorization: `Bearer ${tokens.leaver}` }, payload: {} }), status: 405, code: 'method_not_allowed', allow: 'DELETE' },
      { response: await f.app.inject({ method: 'GET', url: '/api/me/export' }), status: 401, code: 'unauthorized' },
      { response: await f.app.inject({ method: 'DELETE', url: '/api/me/data', headers: { authorization: 'Bearer not-a-token' } }), status: 401, code: 'unauthorized' },
    ];
    for (const c of cases) {
      expect({ status: c.response.statusCode, type: c.response.headers['content-type'] }).toEqual({ status: c.status, type: 'application/problem+json; charset=utf-8' });
      expect(c.response.json<Problem>().code).toBe(c.code);
      if (c.allow !== undefined) expect(c.response.headers.allow).toBe(c.allow);
    }
    // None of those deleted anything.
    expect((await exportOf(tokens.leaver)).requestsAsAssignee).toHaveLength(1);
  });

  it('refuses to delete while a sync of my mailbox holds the lease, and changes nothing', async () => {
    const lease = await stores.syncState.tryLease(tenantId, leaver.id, 'sync-worker-test', f.devTenant.clock.now(), 600);
    expect(lease).not.toBeNull();
    const before = withoutTime(await exportOf(tokens.leaver));
    const response = await del(tokens.leaver);
    expect(response.statusCode).toBe(409);
    expect(response.headers['retry-after']).toBe('30');
    expect(response.json<Problem>().code).toBe('sync_in_progress');
    expect(withoutTime(await exportOf(tokens.leaver))).toEqual(before);
    await stores.syncState.release(lease!, f.devTenant.clock.now());
  });

  it('deletes my data (204, idempotent); my export is then empty; colleagues keep their work with me anonymised; other people and tenants are untouched', async () => {
    const stayerBefore = withoutTime(await exportOf(tokens.stayer));
    const otherBefore = withoutTime(await exportOf(tokens.other));
    const foreignBefore = withoutTime(await exportOf(tokens.foreign));
    const foreignCounts = await countTenantRows(stores.database, foreignTenantId);
    expect(stayerBefore.requestsAsRequester.map((r) => r.id).sort()).toEqual([ids.leaverServes, ids.unrelated].sort());

    const first = await del(tokens.leaver, { payload: '{}', contentType: 'application/json' });
    expect(first.statusCode).toBe(204);
    expect(first.body).toBe('');
    const second = await del(tokens.leaver);
    expect(second.statusCode).toBe(204);

    const mine = await exportOf(tokens.leaver);
    expect(mine).toMatchObject({
      personId: leaver.id, profile: null, teams: [], requestsAsAssignee: [], untrackedRequestHistory: [], requestsAsRequester: [], suggestions: [], syncState: [],
    });
    // My choice of warnings ('off') went with the rest: nothing is stored, so I read as the default again.
    expect(mine.warnings).toBe('warningsAndDigest');
    expect(await stores.database.db.selectFrom('warning_preferences').selectAll().where('tenant_id', '=', tenantId).where('person_id', '=', leaver.id).execute()).toEqual([]);

    // The colleague: the request they serve for me stays, with me anonymised; my suggestion in their list names nobody;
    // what they asked me for was my work record and is gone. Everything else of theirs is as it was.
    const stayerAfter = withoutTime(await exportOf(tokens.stayer));
    const anonymous = { id: DELETED_PERSON_ID, displayName: 'Unknown person', mail: null, department: null };
    expect(stayerAfter).toEqual({
      ...stayerBefore,
      // Anonymising is a change to the row: its updatedAt moves by 1 ms (so no cached copy keeps the old requester).
      requestsAsAssignee: stayerBefore.requestsAsAssignee.map((r) => (r.id === ids.leaverAsks ? { ...r, requester: anonymous, updatedAt: new Date(Date.parse(r.updatedAt) + 1).toISOString() } : r)),
      requestsAsRequester: stayerBefore.requestsAsRequester.filter((r) => r.id !== ids.leaverServes),
      suggestions: stayerBefore.suggestions.map((s) => (s.fromId === leaver.id ? { ...s, fromId: DELETED_PERSON_ID } : s)),
    });
    expect(stayerAfter.requestsAsAssignee.find((r) => r.id === ids.leaverAsks)).toMatchObject({ note: STAYER_NOTE, requester: anonymous });
    expect(stayerAfter.warnings).toBe('digestOnly');

    expect(withoutTime(await exportOf(tokens.other))).toEqual(otherBefore);
    expect(withoutTime(await exportOf(tokens.foreign))).toEqual(foreignBefore);
    expect(await countTenantRows(stores.database, foreignTenantId)).toEqual(foreignCounts);
    expect((await stores.requests.get(foreignTenantId, ids.foreignWithLeaverId))?.requesterId).toBe(leaver.id);
    expect((await stores.suggestions.list(foreignTenantId, foreign.id)).map((s) => s.fromId)).toEqual([leaver.id]);
  });
});
