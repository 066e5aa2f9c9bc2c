/**
 * Issue 7 / issue 11 / issue 18: two Turnaround server instances (separate processes, the real buildServer in tenant
 * mode with the scheduler on, configured from the environment only, against the dev tenant's identity provider and
 * Graph simulator — application access for the schedulers, on-behalf-of for users' calls) share one PostgreSQL schema
 * and one dev tenant. Tracking through both HTTP APIs neither duplicates nor loses a
 * request; both schedulers run; every registered mailbox gets synced; no mailbox is synced by two instances at the
 * same time (lease intervals reported by the instances never overlap); the Graph simulator never sees more than 4
 * requests in flight for one mailbox.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { sql } from 'kysely';
import { startControlServer, type ControlServer } from '../../../src/devtenant/control-server';
import { startDevTenant, type LocalDevTenant } from '../../../src/devtenant/dev-tenant';
import { ThrottleLimiter } from '../../../src/devtenant/graph-traffic-controls';
import type { DatabaseStores } from '../../../src/store/open-stores';
import { createTestDatabase, postgresTestUrl, type TestDatabase } from '../store/store-test-databases';
import { startScaleInstance, type ScaleInstance, type SyncInterval } from './scale-instances';

jest.setTimeout(120_000);

const SEED = 11;
const PEOPLE = 30;
const DAYS = 45;
const SYNC_INTERVAL_SECONDS = 5;
const USERS = 8;

/**
 * Per-mailbox requests in flight at the simulator, observed around its real limiter (the limiter still decides). The
 * limiter's keys are the app and the call's target: a user's id for their mailbox and chats, the app's own service
 * principal for a directory query (`GET /users?$filter=…`), which is no mailbox — both instances' directory lookups
 * reach 8 there at once, as Graph allows (Outlook's 4-per-mailbox limit does not cover the directory).
 */
class InFlightRecorder {
  readonly max = new Map<string, number>();
  readonly rejected = { rate: 0, concurrency: 0 };
  private readonly now = new Map<string, number>();

  install(): void {
    const realAdmit = ThrottleLimiter.prototype.admit;
    const { max, rejected, now: inFlight } = this;
    jest.spyOn(ThrottleLimiter.prototype, 'admit').mockImplementation(function (this: ThrottleLimiter, key: string) {
      const result = realAdmit.call(this, key);
      if ('retryAfterSeconds' in result) {
        rejected[result.reason] += 1;
        return result;
      }
      const n = (inFlight.get(key) ?? 0) + 1;
      inFlight.set(key, n);
      max.set(key, Math.max(max.get(key) ?? 0, n));
      let released = false;
      return {
        release: () => {
          if (!released) {
            released = true;
            inFlight.set(key, (inFlight.get(key) ?? 1) - 1);
          }
          result.release();
        },
      };
    });
  }

  reset(): void {
    this.max.clear();
    this.rejected.rate = 0;
    this.rejected.concurrency = 0;
  }

  /** The most requests in flight at once for one mailbox (a key whose target is one of `userIds`). */
  highest(userIds: ReadonlySet<string>): number {
    return Math.max(0, ...[...this.max].filter(([key]) => userIds.has(key.slice(key.indexOf('|') + 1))).map(([, n]) => n));
  }
}

/** Pairs of intervals of one person that overlap in time and belong to different instances. */
function crossInstanceOverlaps(intervals: SyncInterval[]): [SyncInterval, SyncInterval][] {
  const byPerson = new Map<string, SyncInterval[]>();
  for (const i of intervals) byPerson.set(i.personId, [...(byPerson.get(i.personId) ?? []), i]);
  const overlaps: [SyncInterval, SyncInterval][] = [];
  for (const list of byPerson.values()) {
    for (const a of list) {
      for (const b of list) {
        if (a !== b && a.owner < b.owner && a.startedAtMs < b.finishedAtMs && b.startedAtMs < a.finishedAtMs) overlaps.push([a, b]);
      }
    }
  }
  return overlaps;
}

describe('two server instances on one PostgreSQL', () => {
  let database: TestDatabase;
  let stores: DatabaseStores;
  let tenant: LocalDevTenant;
  let control: ControlServer;
  let caDir: string;
  const recorder = new InFlightRecorder();
  const instances: ScaleInstance[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('postgres'); // fails loudly when PostgreSQL is unreachable
    stores = await database.open(); // creates the schema and migrates it, as `npm run migrate` would before a rollout
    const schema = stores.database.schema;
    if (schema === null) throw new Error('expected a PostgreSQL schema');
    recorder.install();
    const generatedAt = new Date(Math.floor(Date.now() / 60_000) * 60_000);
    tenant = await startDevTenant({ seed: SEED, people: PEOPLE, days: DAYS, now: generatedAt });
    // What `npm run devtenant` serves and prints: the control plane (the instances follow its simulated clock) and the
    // certificate as a file.
    control = await startControlServer(tenant);
    caDir = await mkdtemp(join(tmpdir(), 'turnaround-scale-ca-'));
    const caFile = join(caDir, 'dev-tenant-ca.pem');
    await writeFile(caFile, tenant.certificatePem);

    const databaseUrl = new URL(postgresTestUrl);
    databaseUrl.searchParams.set('options', `-c search_path=${schema}`);
    const env = {
      DATABASE_URL: databaseUrl.toString(),
      SCHEDULER: 'on',
      // Scheduled syncs every few seconds are what this test shares out: the polling mode (a deployment Graph cannot
      // reach). With change notifications on, a scheduled sync is a 6-hourly safety net and the syncs follow the
      // notifications (two instances on one person: tests/integration/server/graph-notifications.test.ts).
      CHANGE_NOTIFICATIONS: 'off',
      SYNC_INTERVAL_SECONDS: String(SYNC_INTERVAL_SECONDS),
      LOG_LEVEL: 'warn',
      // Tenant mode against the dev tenant, as README's "npm run devtenant" instructions configure it.
      AZURE_CLIENT_ID: tenant.authority.demoClient.clientId,
      AZURE_TENANT_ID: tenant.org.tenantId,
      AZURE_CLIENT_SECRET: tenant.authority.demoClient.clientSecret,
      AZURE_AUTHORITY_HOST: tenant.authority.authorityHost,
      GRAPH_BASE_URL: tenant.graphBaseUrl,
      GRAPH_CA_FILE: caFile,
      PUBLIC_BASE_URL: 'http://127.0.0.1:3978',
      SIMULATED_CLOCK_URL: control.controlUrl,
      DIST_DIR: join(tmpdir(), 'turnaround-scale-no-dist'),
    };
    instances.push(...(await Promise.all([startScaleInstance(env), startScaleInstance(env)])));
  });

  afterAll(async () => {
    await Promise.all(instances.map((i) => i.stop()));
    await control?.close();
    if (caDir !== undefined) await rm(caDir, { recursive: true, force: true });
    await tenant?.stop();
    await database?.dispose();
    jest.restoreAllMocks();
  });

  it('tracks through both APIs without duplicates or losses, and syncs every mailbox once at a time', async () => {
    const [a, b] = instances;
    if (!a || !b) throw new Error('two instances expected');
    const mailboxes = new Set(tenant.org.users.map((u) => u.id));
    expect(a.owner).not.toBe(b.owner);

    // Assignees with enough colleague emails to track: some tracked through both instances at once, the rest split.
    const byAssignee = new Map<string, string[]>();
    const seeded = new Set(tenant.org.initiallyTracked().map((t) => t.messageId));
    for (const r of tenant.org.groundTruth()) if (r.source === 'email' && !seeded.has(r.messageId)) byAssignee.set(r.assigneeId, [...(byAssignee.get(r.assigneeId) ?? []), r.messageId]);
    const chosen = [...byAssignee.entries()].filter(([, ids]) => ids.length >= 6).slice(0, USERS);
    expect(chosen.length).toBe(USERS);
    const tokens = new Map<string, string>();
    for (const [userId] of chosen) {
      const upn = tenant.org.userById(userId)?.userPrincipalName ?? '';
      // An API token as Entra would issue it for this app: issued by the dev tenant's authority.
      tokens.set(userId, await tenant.idp.issueToken({ username: upn, issuerBase: tenant.authority.authorityHost }));
    }
    const call = async (instance: ScaleInstance, userId: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> => {
      const response = await fetch(`${instance.baseUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${tokens.get(userId) ?? ''}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: response.status, json: (await response.json()) as Record<string, unknown> };
    };

    // Each user signs in through one instance or the other (registers them for background sync).
    const me = await Promise.all(chosen.map(([userId], i) => call(i % 2 === 0 ? a : b, userId, 'GET', '/api/me')));
    expect(me.map((r) => r.status)).toEqual(chosen.map(() => 200));

    // The same two messages per user tracked through both instances at the same moment: one creates, one finds it.
    const same = chosen.flatMap(([userId, ids]) => ids.slice(0, 2).map((messageId) => ({ userId, messageId })));
    const sameResults = await Promise.all(same.map(({ userId, messageId }) =>
      Promise.all([a, b].map((instance) => call(instance, userId, 'POST', '/api/requests', { source: 'email', messageId })))));
    for (const pair of sameResults) {
      expect(pair.map((r) => r.status).sort()).toEqual([200, 201]);
      expect(pair[0]?.json.id).toBe(pair[1]?.json.id);
    }
    // Different messages, spread over both instances concurrently: each one created exactly once.
    const different = chosen.flatMap(([userId, ids]) => ids.slice(2, 6).map((messageId, i) => ({ userId, messageId, instance: i % 2 === 0 ? a : b })));
    const differentResults = await Promise.all(different.map(({ userId, messageId, instance }) => call(instance, userId, 'POST', '/api/requests', { source: 'email', messageId })));
    expect(differentResults.map((r) => r.status)).toEqual(different.map(() => 201));

    // From here on only the schedulers talk to Graph: lift the simulator's own cap so that what it records is what
    // the instances send (two instances syncing one mailbox at once could reach 8), not what it let through.
    const trackingPhase = { highest: recorder.highest(mailboxes), rejected: { ...recorder.rejected } };
    recorder.reset();
    tenant.setThrottleLimits({ concurrentRequests: 1000 });
    // Slow Graph down a little (20–40 ms a request) so each sync holds its lease long enough for a second instance to
    // try the same mailbox if the leases let it.
    tenant.setFaults({ latencyMs: 20, latencyJitterMs: 20 });

    // Let both schedulers run until every registered person was synced at least twice (several lease rounds) and each
    // instance has taken some of the work. Which instance wins a round's leases is up to timing (a tick leases every
    // due person, up to 50), so on a loaded machine this can take a few rounds; the deadline only bounds a failure.
    const tenantId = tenant.org.tenantId;
    const deadline = Date.now() + 75_000;
    const syncedCount = (personId: string): number => [...a.synced, ...b.synced].filter((s) => s.personId === personId).length;
    const done = (): boolean => chosen.every(([userId]) => syncedCount(userId) >= 2) && instances.every((i) => i.synced.length > 0);
    while (Date.now() < deadline && !done()) await new Promise((r) => setTimeout(r, 250));
    const schedulerPhase = { highest: recorder.highest(mailboxes), rejected: { ...recorder.rejected } };
    expect(await Promise.all(instances.map((i) => i.stop()))).toEqual([0, 0]);

    const report = {
      trackingPhase, schedulerPhase,
      syncsPerInstance: instances.map((i) => i.synced.length),
      failures: instances.flatMap((i) => i.failures),
      warnings: instances.flatMap((i) => i.otherOutput).slice(0, 5),
    };
    // Nothing failed; every chosen user synced at least twice; both instances shared the work.
    expect(report.failures).toEqual([]);
    expect(chosen.filter(([userId]) => syncedCount(userId) < 2)).toEqual([]);
    expect(report.syncsPerInstance.every((n) => n > 0)).toBe(true);

    // Every registered mailbox has a last run, and no lease is left behind after a clean shutdown.
    const people = await stores.database.db.selectFrom('sync_people').selectAll().where('tenant_id', '=', tenantId).execute();
    expect(people.map((p) => p.person_id).sort()).toEqual(expect.arrayContaining(chosen.map(([userId]) => userId).sort()));
    expect(people.filter((p) => p.last_run_at === null)).toEqual([]);
    expect(people.filter((p) => p.lease_owner !== null)).toEqual([]);

    // No mailbox synced by two instances at the same time.
    expect(crossInstanceOverlaps([...a.synced, ...b.synced])).toEqual([]);
    // The simulator never had more than 4 requests in flight for one mailbox: enforced by it while tracking, and not
    // even attempted by the schedulers with its cap lifted.
    expect(trackingPhase.highest).toBeLessThanOrEqual(4);
    expect(schedulerPhase.highest).toBeGreaterThan(0);
    expect(schedulerPhase.highest).toBeLessThanOrEqual(4);

    // Requests: exactly the tracked set per user — nothing duplicated, nothing lost.
    for (const [userId, ids] of chosen) {
      const stored = await stores.requests.listForAssignee(tenantId, userId, { includeResolved: true });
      expect(stored.map((r) => r.sourceMessageId).sort()).toEqual(ids.slice(0, 6).sort());
    }
    const duplicates = await sql<{ n: number }>`select count(*)::int as n from (select tenant_id, assignee_id, source, source_message_id from requests group by 1, 2, 3, 4 having count(*) > 1) d`.execute(stores.database.db);
    expect(duplicates.rows[0]?.n).toBe(0);
    console.log(`two-instances: ${JSON.stringify(report)}`);
  });
});
