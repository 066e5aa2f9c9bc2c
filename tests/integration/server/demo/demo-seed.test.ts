/**
 * Demo seeding against the real parts: a dev tenant (HTTPS Graph simulator, identity provider), a SQLite file, the
 * API's tracking use case and the sync service. After seeding, a seeded person's queue and statistics have data and
 * team dashboards show numbers; a second run changes nothing; a database from another generation is purged first.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { DashboardResponse, MyCategoriesResponse, QueueResponse, StatsResponse, TeamSettings } from '../../../../src/contracts/api';
import type { RequestRecord } from '../../../../src/app/records';
import { demoSeedFingerprint, demoSeedMarkerFile, DemoSeeder } from '../../../../src/server/demo/demo-seed';
import { buildServer } from '../../../../src/server/build-server';
import { loadConfig, type Config } from '../../../../src/server/config';
import { startDevTenant, type DevTenant } from '../../../../src/devtenant/dev-tenant';

interface Fixture { app: FastifyInstance; devTenant: DevTenant; config: Config; dir: string; databaseFile: string; token(upn: string): Promise<string> }
let fx: Fixture;

beforeAll(async () => {
  // The organisation `npm start` serves (seed 42, 40 people, 90 days), on a SQLite file, scheduler off.
  const dir = mkdtempSync(join(tmpdir(), 'turnaround-demo-seed-'));
  const databaseFile = join(dir, 'turnaround.db');
  const devTenant = await startDevTenant({ seed: 42, people: 60, days: 120, idpIssuerBase: 'http://localhost:3978/dev/idp' });
  const config = loadConfig({ LOG_LEVEL: 'silent', SCHEDULER: 'off', DATABASE_URL: `sqlite:${databaseFile}`, DIST_DIR: join(dir, 'dist'), ASSETS_DIR: join(dir, 'assets') });
  const app = await buildServer(config, { devTenant });
  fx = { app, devTenant, config, dir, databaseFile, token: (username) => devTenant.idp.issueToken({ username }) };
}, 120_000);

afterAll(async () => {
  await fx?.app.close();
  await fx?.devTenant.stop();
  if (fx) rmSync(fx.dir, { recursive: true, force: true });
});

async function get<T>(upn: string, url: string): Promise<{ status: number; body: T }> {
  const response = await fx.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${await fx.token(upn)}` } });
  return { status: response.statusCode, body: response.json() as T };
}

/** Every request of every demo user, with its events, in a stable order (what "changes nothing" compares). */
async function snapshot(): Promise<unknown[]> {
  const org = fx.devTenant.org;
  const rows: unknown[] = [];
  for (const user of org.users) {
    const requests: RequestRecord[] = await fx.app.services.stores.requests.listForAssignee(org.tenantId, user.id, { includeResolved: true });
    for (const r of [...requests].sort((a, b) => a.id.localeCompare(b.id))) {
      rows.push({ ...r, events: (await fx.app.services.stores.requests.listEvents(org.tenantId, r.id)).map((e) => [e.type, e.at.toISOString()]) });
    }
  }
  return rows;
}

describe('demo seeding', () => {
  it('seeds the already-tracked requests through the use cases: queue, stats and dashboards have data; a second run changes nothing', async () => {
    const seeder = fx.app.demoSeeder;
    expect(seeder).not.toBeNull();
    expect(seeder!.progress()).toMatchObject({ state: 'pending', done: 0 });
    const org = fx.devTenant.org;
    const items = org.initiallyTracked();
    expect(items.length).toBeGreaterThan(50);

    const report = await seeder!.run();
    expect(report).toMatchObject({ created: items.length, resolved: items.filter((i) => i.resolved).length, failed: 0, total: items.length, purgedTenantIds: [] });
    expect(seeder!.progress()).toMatchObject({ state: 'done', done: items.length, total: items.length, failed: 0 });

    // /dev/info reports the progress tests wait for.
    const info = (await fx.app.inject({ method: 'GET', url: '/dev/info' })).json() as { seeding: { state: string; done: number; total: number } };
    expect(info.seeding).toMatchObject({ state: 'done', done: items.length, total: items.length });

    // A seeded person with open requests sees them in the queue, each a request the organisation marked as tracked.
    const open = items.find((i) => i.resolved === undefined)!;
    const assignee = org.userById(open.assigneeId)!;
    const queue = await get<QueueResponse>(assignee.userPrincipalName, '/api/me/queue');
    expect(queue.status).toBe(200);
    expect(queue.body.requests.length).toBeGreaterThan(0);
    const mine = new Set(items.filter((i) => i.assigneeId === assignee.id).map((i) => i.messageId));
    expect(queue.body.requests.every((r) => mine.has(r.messageId))).toBe(true);

    // Resolved at the instant the organisation says, through the lifecycle (event at that instant).
    const resolvedItem = items.find((i) => i.resolved !== undefined)!;
    const resolvedRecord = await fx.app.services.stores.requests.findBySourceMessage(org.tenantId, resolvedItem.source, resolvedItem.messageId, resolvedItem.assigneeId);
    expect(resolvedRecord?.status).toBe('resolved');
    expect(resolvedRecord?.resolvedAt?.toISOString()).toBe(resolvedItem.resolved!.toISOString());
    const events = await fx.app.services.stores.requests.listEvents(org.tenantId, resolvedRecord!.id);
    // (events are ordered by instant: the resolution happened in the demo's history, the tracking at seeding time)
    expect(events.map((e) => e.type).sort()).toEqual(['resolved', 'tracked']);
    expect(events.find((e) => e.type === 'resolved')?.at.toISOString()).toBe(resolvedItem.resolved!.toISOString());

    // First responses the ground truth knows were found (at tracking or by the sync).
    const truth = org.groundTruth().filter((g) => g.firstResponseAt !== null && items.some((i) => i.messageId === g.messageId && i.assigneeId === g.assigneeId));
    expect(truth.length).toBeGreaterThan(0);
    for (const g of truth.slice(0, 40)) {
      const record = await fx.app.services.stores.requests.findBySourceMessage(org.tenantId, g.source === 'channel' ? 'chat' : g.source, g.messageId, g.assigneeId);
      // Graph's dateTimes have whole seconds
      expect(record?.firstResponseAt?.getTime()).toBe(Math.floor(g.firstResponseAt!.getTime() / 1000) * 1000);
    }

    // One category list per team: each team's settings name the demo's categories, and every seeded request's category
    // is in the list of its team; no request says "IT support" any more.
    for (const team of org.teams) {
      const member = org.users[team.members[0]!.userIndex]!;
      const settings = await get<TeamSettings>(member.userPrincipalName, `/api/teams/${team.id}/standards`);
      expect(settings.body.categories).toEqual(team.categories);
      const mineToo = await get<MyCategoriesResponse>(member.userPrincipalName, '/api/me/categories');
      expect(mineToo.body).toEqual({ team: { id: team.id, displayName: team.displayName }, categories: team.categories });
    }
    const listOf = new Map(org.teams.map((t) => [t.id, t.categories]));
    let categorised = 0;
    for (const item of items) {
      const record = await fx.app.services.stores.requests.findBySourceMessage(org.tenantId, item.source, item.messageId, item.assigneeId);
      expect(record?.category).toBe(item.category);
      expect(listOf.get(record?.teamId ?? '')).toContain(record?.category);
      categorised++;
    }
    expect(categorised).toBe(items.length);

    const stats = await get<StatsResponse>(assignee.userPrincipalName, '/api/me/stats?period=30d');
    expect(stats.status).toBe(200);
    expect(stats.body.firstResponse.count).toBeGreaterThan(0);

    // Team dashboards: most teams show numbers (≥ minGroupSize people with data); none fails.
    let withNumbers = 0;
    for (const team of org.teams) {
      const owner = org.users[team.members.find((m) => m.roles.includes('owner'))!.userIndex]!;
      const dashboard = await get<DashboardResponse>(owner.userPrincipalName, `/api/teams/${team.id}/dashboard?period=30d`);
      expect(dashboard.status).toBe(200);
      if (dashboard.body.enoughData) {
        withNumbers++;
        expect(dashboard.body.peopleWithData).toBeGreaterThanOrEqual(dashboard.body.minGroupSize);
        expect(dashboard.body.firstResponse?.count).toBeGreaterThan(0);
      } else {
        expect(dashboard.body.firstResponse).toBeNull();
      }
    }
    expect(withNumbers).toBeGreaterThanOrEqual(Math.ceil(org.teams.length / 2));

    // Every demo user is registered for background sync: the scheduler leases all of them.
    const leases = await fx.app.services.stores.syncState.leaseDue('probe', fx.app.services.clock.now(), new Date(8.64e15), 60, 1000);
    expect(leases.filter((l) => l.tenantId === org.tenantId).length).toBe(org.users.length);
    for (const lease of leases) await fx.app.services.stores.syncState.release(lease, new Date(0));

    // The marker beside the SQLite file names this generation.
    const markerFile = demoSeedMarkerFile(fx.config.databaseUrl)!;
    expect(markerFile).toBe(`${fx.databaseFile}.demo-seed.json`);
    expect(JSON.parse(readFileSync(markerFile, 'utf8'))).toMatchObject({ fingerprint: demoSeedFingerprint(org), tenantIds: expect.arrayContaining([org.tenantId]) });

    // A second run (a restart on the same database and generation) changes nothing.
    const before = await snapshot();
    const again = await seeder!.run();
    expect(again).toMatchObject({ created: 0, resolved: 0, failed: 0, purgedTenantIds: [] });
    expect(await snapshot()).toEqual(before);
  }, 180_000);

  it('purges the demo tenants and seeds afresh when the database holds another generation', async () => {
    const org = fx.devTenant.org;
    const stores = fx.app.services.stores;
    const first = org.initiallyTracked()[0]!;
    const seededBefore = await stores.requests.findBySourceMessage(org.tenantId, first.source, first.messageId, first.assigneeId);
    expect(seededBefore).not.toBeNull();
    // A request only the old generation has (as if a visitor had tracked it then), and a marker of another start time.
    const markerFile = demoSeedMarkerFile(fx.config.databaseUrl)!;
    const stray = { ...seededBefore!, sourceMessageId: 'stray-message-of-an-old-generation' };
    await stores.requests.track(org.tenantId, stray, { type: 'tracked', actorId: stray.assigneeId, at: new Date(), data: null });
    writeFileSync(markerFile, JSON.stringify({ version: 1, fingerprint: 'another-generation', tenantIds: [org.tenantId], seededAt: '2020-01-01T00:00:00.000Z' }));

    const seeder = new DemoSeeder({
      stores, clock: fx.app.services.clock, directory: fx.app.services.directory, devTenant: fx.devTenant, markerFile,
      trackRequest: async (user, body) => {
        const response = await fx.app.inject({
          method: 'POST', url: '/api/requests', payload: body,
          headers: { authorization: `Bearer ${await fx.devTenant.idp.issueToken({ username: org.userById(user.userId)!.userPrincipalName })}` },
        });
        if (response.statusCode >= 300) throw Object.assign(new Error(response.body), { code: (response.json() as { code: string }).code });
        return { request: (await stores.requests.findBySourceMessage(user.tenantId, body.source, body.messageId, user.userId))!, created: response.statusCode === 201 };
      },
      syncPerson: (user) => fx.app.services.sync.syncPerson(user),
    });
    const report = await seeder.run();
    expect(report.purgedTenantIds).toContain(org.tenantId);
    expect(report).toMatchObject({ created: org.initiallyTracked().length, failed: 0 });
    expect(await stores.requests.findBySourceMessage(org.tenantId, stray.source, stray.sourceMessageId, stray.assigneeId)).toBeNull();
    expect(existsSync(markerFile)).toBe(true);
    expect(JSON.parse(readFileSync(markerFile, 'utf8')).fingerprint).toBe(demoSeedFingerprint(org));
  }, 180_000);

  it('keeps no marker for in-memory SQLite and PostgreSQL', () => {
    expect(demoSeedMarkerFile('sqlite::memory:')).toBeNull();
    expect(demoSeedMarkerFile('postgres://postgres@127.0.0.1:5432/test')).toBeNull();
    expect(demoSeedMarkerFile('sqlite:/tmp/x/turnaround.db')).toBe('/tmp/x/turnaround.db.demo-seed.json');
  });
});
