/**
 * Fuzz: thousands of malformed bodies, queries and ids against every API route. Not one 5xx, every error is a
 * problem+json body, and the SQLite file is byte-for-byte unchanged afterwards (WAL checkpointed before hashing).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import type { DatabaseStores } from '../../../src/store/open-stores';
import { startServerFixture, type ServerFixture } from './server-fixture';

describe('API fuzz', () => {
  let f: ServerFixture;
  let token: string;
  let teamId: string;

  beforeAll(async () => {
    f = await startServerFixture({ RATE_LIMIT_BURST: '1000000', RATE_LIMIT_PER_SECOND: '1000000', IP_RATE_LIMIT_MAX: '1000000000' });
    const org = f.devTenant.org;
    const team = org.teams.find((t) => t.members.some((m) => m.roles.includes('owner')));
    const owner = org.users[team?.members.find((m) => m.roles.includes('owner'))?.userIndex ?? -1];
    if (!team || !owner) throw new Error('no team owner');
    teamId = team.id;
    token = await f.token(owner.userPrincipalName);
    // Warm up with valid calls (these may write: the caller's profile and team memberships are cached in the store).
    for (const url of ['/api/me', `/api/teams/${teamId}/standards`, '/api/me/queue']) {
      const res = await f.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
      expect(res.statusCode).toBe(200);
    }
  });
  afterAll(async () => {
    await f.close();
  });

  function databaseHash(): string {
    const sqlite = (f.app.services.stores as DatabaseStores).database.sqlite;
    if (sqlite === null) throw new Error('expected SQLite');
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
    return createHash('sha256').update(readFileSync(f.databaseFile)).digest('hex');
  }

  const junk = fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.constant('../../etc/passwd'),
    fc.constant("' OR 1=1 --"),
    fc.constant('%00'),
    fc.constant('a'.repeat(5000)),
    fc.constant('__proto__'),
  );
  const jsonValue = fc.oneof(junk, fc.array(junk, { maxLength: 5 }), fc.dictionary(fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('action', 'source', 'messageId', '__proto__', 'constructor', 'privacy', 'standards')), junk, { maxKeys: 6 }));
  const nearMissBody = fc.oneof(
    fc.record({ action: fc.oneof(fc.constantFrom('resolve', 'reopen', 'wait', 'update', 'untrack', 'RESOLVE', 'delete', ''), junk), extra: junk }, { requiredKeys: ['action'] }),
    fc.record({ action: fc.constant('update'), priority: junk, category: junk, note: junk }),
    fc.record({ source: fc.oneof(fc.constantFrom('email', 'chat', 'fax'), junk), messageId: junk, chatId: junk, override: junk }, { requiredKeys: [] }),
    fc.record({ categories: junk, standards: fc.array(fc.record({ id: junk, firstResponseTargetMinutes: junk }), { maxLength: 3 }), calendar: junk, privacy: fc.record({ minGroupSize: junk, individualView: junk }) }),
  );
  const idLike = fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('%2e%2e', '..', '%00', 'a'.repeat(600), '01a20293-0000-7000-8000-000000000000', '"><script>', '%ZZ'), fc.uuid());
  const query = fc.dictionary(fc.oneof(fc.constantFrom('include', 'period', 'source', 'messageId', 'x', '__proto__'), fc.string({ maxLength: 8 })), fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('all', 'open', '30d', '-1d', '9999999999999d', 'email')), { maxKeys: 4 });

  const qs = (q: Record<string, string>) => {
    const s = new URLSearchParams(q).toString();
    return s === '' ? '?bad=1' : `?${s}`;
  };

  const request = fc.oneof(
    fc.record({ method: fc.constant('PATCH' as const), url: idLike.map((id) => `/api/requests/${encodeURIComponent(id)}`), body: fc.oneof(nearMissBody, jsonValue) }),
    fc.record({ method: fc.constant('POST' as const), url: fc.constant('/api/requests'), body: fc.oneof(nearMissBody, jsonValue) }),
    fc.record({ method: fc.constant('PUT' as const), url: fc.constant('/api/teams/TEAM/standards'), body: fc.oneof(nearMissBody, jsonValue) }),
    fc.record({ method: fc.constant('PUT' as const), url: idLike.map((id) => `/api/teams/${encodeURIComponent(id)}/standards`), body: fc.oneof(nearMissBody, jsonValue) }),
    fc.record({
      method: fc.constant('GET' as const),
      url: fc.tuple(fc.constantFrom('/api/me', '/api/me/queue', '/api/me/stats', '/api/me/asks', '/api/me/suggestions', '/api/me/chats/recent', '/api/requests/lookup', '/api/sync/status', '/api/teams/TEAM/dashboard', '/api/teams/TEAM/export.csv', '/api/teams/TEAM/standards'), query).map(([u, q]) => `${u}${qs(q)}`),
      body: fc.constant(undefined),
    }),
    fc.record({ method: fc.constant('GET' as const), url: idLike.map((id) => `/api/teams/${encodeURIComponent(id)}/dashboard`), body: fc.constant(undefined) }),
    fc.record({ method: fc.constant('POST' as const), url: fc.constant('/api/sync?x=1'), body: fc.constant(undefined) }),
  );

  it('thousands of malformed requests: zero 5xx, problem bodies, database unchanged', async () => {
    const before = databaseHash();
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(request, fc.constantFrom('json', 'text', 'raw'), async (r, encoding) => {
        const url = r.url.replace('TEAM', teamId);
        const headers: Record<string, string> = { authorization: `Bearer ${token}` };
        let payload: string | undefined;
        if (r.body !== undefined) {
          if (encoding === 'raw') {
            payload = typeof r.body === 'string' ? r.body : `${JSON.stringify(r.body)}}`;
            headers['content-type'] = 'application/json';
          } else {
            payload = JSON.stringify(r.body) ?? 'null';
            headers['content-type'] = encoding === 'json' ? 'application/json' : 'text/plain';
          }
        }
        const res = await f.app.inject({ method: r.method, url, headers, ...(payload === undefined ? {} : { payload }) });
        statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
        expect(res.statusCode).toBeGreaterThanOrEqual(400);
        expect(res.statusCode).toBeLessThan(500);
        expect(res.headers['content-type']).toContain('application/problem+json');
        const body = res.json();
        expect(body.status).toBe(res.statusCode);
        expect(typeof body.code).toBe('string');
      }),
      { numRuns: 3000, seed: 20261122 },
    );
    expect(databaseHash()).toBe(before);
    // The fuzz reached validation (400), not only routing.
    expect(statuses.get(400) ?? 0).toBeGreaterThan(500);
  });

  it('an oversized body is 413 payload_too_large', async () => {
    const res = await f.app.inject({ method: 'POST', url: '/api/requests', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, payload: JSON.stringify({ note: 'x'.repeat(200_000) }) });
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('payload_too_large');
  });
});
