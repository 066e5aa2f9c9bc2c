/**
 * Issue 20's settings over HTTP, through buildServer with real tokens from the dev identity provider and a real SQLite
 * file: a person's choice of what reaches their Teams activity feed (`GET`/`PUT /api/me/preferences`), and the owners'
 * digest on a team's settings (`ownersDigest` on `GET`/`PUT /api/teams/:groupId/standards`, owners only). Bad input is
 * problem+json with a stable code and changes nothing; each person's choice is their own.
 */
import type { MyPreferences, Problem, TeamSettings } from '../../../src/contracts/api';
import type { DatabaseStores } from '../../../src/store/open-stores';
import { startServerFixture, type ServerFixture } from './server-fixture';

const PROBLEM = 'application/problem+json; charset=utf-8';

describe('preferences API', () => {
  let f: ServerFixture;
  let stores: DatabaseStores;
  let tenantId: string;
  let teamId: string;
  const ids = { owner: '', member: '', foreign: '' };
  const tokens = { owner: '', member: '', foreign: '' };

  const call = async <T>(token: string, method: 'GET' | 'PUT' | 'POST', url: string, payload?: unknown, contentType?: string) => {
    const response = await f.app.inject({
      method, url,
      headers: { ...(token === '' ? {} : { authorization: `Bearer ${token}` }), ...(contentType === undefined ? {} : { 'content-type': contentType }) },
      ...(payload === undefined ? {} : { payload: typeof payload === 'string' ? payload : (payload as object) }),
    });
    return { status: response.statusCode, type: String(response.headers['content-type']), body: response.json<T>() };
  };
  const stored = async (personId: string) => stores.database.db.selectFrom('warning_preferences').select(['choice', 'updated_at']).where('tenant_id', '=', tenantId).where('person_id', '=', personId).execute();

  beforeAll(async () => {
    f = await startServerFixture({ DEMO_SEED_REQUESTS: 'off' });
    stores = f.app.services.stores as DatabaseStores;
    const org = f.devTenant.org;
    tenantId = org.tenantId;
    const team = org.teams.find((t) => t.members.some((m) => m.roles.includes('owner')) && t.members.some((m) => !m.roles.includes('owner')));
    const owner = org.users[team?.members.find((m) => m.roles.includes('owner'))?.userIndex ?? -1];
    const member = org.users[team?.members.find((m) => !m.roles.includes('owner'))?.userIndex ?? -1];
    const foreign = org.otherTenant?.users[0];
    if (!team || !owner || !member || !foreign) throw new Error('demo org lacks a team with an owner and a member, or another tenant');
    teamId = team.id;
    Object.assign(ids, { owner: owner.id, member: member.id, foreign: foreign.id });
    tokens.owner = await f.token(owner.userPrincipalName);
    tokens.member = await f.token(member.userPrincipalName);
    tokens.foreign = await f.token(foreign.userPrincipalName);
  }, 60_000);
  afterAll(async () => {
    await f?.close();
  });

  describe('GET, PUT /api/me/preferences', () => {
    it('answers warnings and digest to a person who never chose, storing nothing', async () => {
      const read = await call<MyPreferences>(tokens.member, 'GET', '/api/me/preferences');
      expect(read).toEqual({ status: 200, type: 'application/json; charset=utf-8', body: { warnings: 'warningsAndDigest' } });
      expect(await stored(ids.member)).toEqual([]);
    });

    it('stores each choice as of the server’s clock and answers it; the next GET reads it back', async () => {
      for (const warnings of ['digestOnly', 'off', 'warningsAndDigest'] as const) {
        const put = await call<MyPreferences>(tokens.member, 'PUT', '/api/me/preferences', { warnings });
        expect({ status: put.status, body: put.body }).toEqual({ status: 200, body: { warnings } });
        expect((await call<MyPreferences>(tokens.member, 'GET', '/api/me/preferences')).body).toEqual({ warnings });
      }
      // The simulated clock (which keeps running) moves 10 minutes ahead of real time: the stored instant is the
      // server's clock, between its readings just before and just after the last change.
      f.devTenant.clock.advance(10 * 60_000);
      const before = f.devTenant.clock.nowMs();
      const last = await call<MyPreferences>(tokens.member, 'PUT', '/api/me/preferences', { warnings: 'off' });
      const after = f.devTenant.clock.nowMs();
      expect(last.body).toEqual({ warnings: 'off' });
      const rows = await stored(ids.member);
      expect(rows.map((r) => r.choice)).toEqual(['off']);
      const updatedAt = Number(rows[0]?.updated_at);
      expect(updatedAt).toBeGreaterThanOrEqual(before);
      expect(updatedAt).toBeLessThanOrEqual(after);
    });

    it('keeps each person’s choice their own, across people and tenants', async () => {
      expect((await call<MyPreferences>(tokens.owner, 'GET', '/api/me/preferences')).body).toEqual({ warnings: 'warningsAndDigest' });
      expect((await call<MyPreferences>(tokens.foreign, 'PUT', '/api/me/preferences', { warnings: 'digestOnly' })).status).toBe(200);
      expect((await call<MyPreferences>(tokens.member, 'GET', '/api/me/preferences')).body).toEqual({ warnings: 'off' });
      expect((await call<MyPreferences>(tokens.foreign, 'GET', '/api/me/preferences')).body).toEqual({ warnings: 'digestOnly' });
      expect(await stores.warningPreferences.get(tenantId, ids.foreign)).toBe('warningsAndDigest');
    });

    it('refuses bad input with problem+json validation_failed and changes nothing', async () => {
      const before = await stored(ids.member);
      expect(before.map((r) => r.choice)).toEqual(['off']);
      const bad: [what: string, payload: unknown, status: number, code: string, contentType?: string][] = [
        ['an unknown choice', { warnings: 'sometimes' }, 400, 'validation_failed'],
        ['the label instead of the value', { warnings: 'Digest only' }, 400, 'validation_failed'],
        ['a boolean', { warnings: false }, 400, 'validation_failed'],
        ['null', { warnings: null }, 400, 'validation_failed'],
        ['no choice', {}, 400, 'validation_failed'],
        ['an extra key', { warnings: 'digestOnly', personId: ids.owner }, 400, 'validation_failed'],
        ['broken JSON', '{"warnings":', 400, 'validation_failed', 'application/json'],
        ['a form instead of JSON', 'warnings=digestOnly', 415, 'unsupported_media_type', 'application/x-www-form-urlencoded'],
      ];
      for (const [what, payload, status, code, contentType] of bad) {
        const put = await call<Problem>(tokens.member, 'PUT', '/api/me/preferences', payload, contentType);
        expect({ what, status: put.status, type: put.type, code: put.body.code }).toEqual({ what, status, type: PROBLEM, code });
      }
      const unknown = await call<Problem>(tokens.member, 'PUT', '/api/me/preferences', { warnings: 'sometimes' });
      expect(unknown.body).toMatchObject({ status: 400, code: 'validation_failed', errors: [{ path: 'warnings', message: expect.any(String) }] });
      const query = await call<Problem>(tokens.member, 'GET', '/api/me/preferences?warnings=off');
      expect({ status: query.status, code: query.body.code }).toEqual({ status: 400, code: 'validation_failed' });
      // Nothing changed: the same row, the same instant.
      expect(await stored(ids.member)).toEqual(before);
      expect((await call<MyPreferences>(tokens.member, 'GET', '/api/me/preferences')).body).toEqual({ warnings: 'off' });
    });

    it('needs a valid sign-in, like every /api/me route', async () => {
      for (const token of ['', 'not-a-token']) {
        const get = await call<Problem>(token, 'GET', '/api/me/preferences');
        const put = await call<Problem>(token, 'PUT', '/api/me/preferences', { warnings: 'off' });
        expect([get.status, get.type, get.body.code]).toEqual([401, PROBLEM, 'unauthorized']);
        expect([put.status, put.type, put.body.code]).toEqual([401, PROBLEM, 'unauthorized']);
      }
      expect(await stored(ids.member)).toHaveLength(1);
    });
  });

  describe('ownersDigest on a team’s settings', () => {
    const standards = (token: string) => call<TeamSettings>(token, 'GET', `/api/teams/${teamId}/standards`);
    const save = (token: string, body: unknown) => call<TeamSettings & Problem>(token, 'PUT', `/api/teams/${teamId}/standards`, body);
    const bodyOf = (s: TeamSettings) => {
      const { teamId: _teamId, ...rest } = s;
      return rest;
    };

    it('is off until owners turn it on; an owner’s save turns it on and members read it', async () => {
      const first = await standards(tokens.member);
      expect(first.status).toBe(200);
      expect(first.body.ownersDigest).toBe(false);
      const saved = await save(tokens.owner, { ...bodyOf(first.body), ownersDigest: true });
      expect(saved.status).toBe(200);
      expect(saved.body.ownersDigest).toBe(true);
      expect((await standards(tokens.member)).body.ownersDigest).toBe(true);
      expect((await stores.teamSettings.get(tenantId, teamId))?.ownersDigest).toBe(true);
    });

    it('stays as it was when a save leaves it out (a client that predates it)', async () => {
      const { ownersDigest: _left, ...withoutIt } = bodyOf((await standards(tokens.owner)).body);
      const saved = await save(tokens.owner, { ...withoutIt, holidays: ['2031-12-25'] });
      expect(saved.status).toBe(200);
      expect(saved.body).toMatchObject({ ownersDigest: true, holidays: ['2031-12-25'] });
      expect((await stores.teamSettings.get(tenantId, teamId))?.ownersDigest).toBe(true);
    });

    it('is the owners’ to change: a member is 403 forbidden, a wrong type 400 validation_failed, and nothing changes', async () => {
      const body = bodyOf((await standards(tokens.owner)).body);
      const member = await save(tokens.member, { ...body, ownersDigest: false });
      expect([member.status, member.type, member.body.code]).toEqual([403, PROBLEM, 'forbidden']);
      const wrongType = await save(tokens.owner, { ...body, ownersDigest: 'yes' });
      expect([wrongType.status, wrongType.type, wrongType.body.code]).toEqual([400, PROBLEM, 'validation_failed']);
      expect(wrongType.body.errors).toEqual([{ path: 'ownersDigest', message: expect.any(String) }]);
      expect((await standards(tokens.owner)).body.ownersDigest).toBe(true);

      const off = await save(tokens.owner, { ...body, ownersDigest: false });
      expect([off.status, off.body.ownersDigest]).toEqual([200, false]);
      expect((await stores.teamSettings.get(tenantId, teamId))?.ownersDigest).toBe(false);
    });
  });
});
