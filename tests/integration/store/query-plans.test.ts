/**
 * The queue and dashboard queries are served by indexes, on both dialects: the plans of the exact SQL the store
 * runs (SQLite EXPLAIN QUERY PLAN, PostgreSQL EXPLAIN after ANALYZE on 30,000 rows) name the intended index.
 *
 * Typical plans (for the record):
 *   SQLite  queue: SEARCH requests USING INDEX requests_assignee_queue_idx (tenant_id=? AND assignee_id=? AND status=?)
 *                  + USE TEMP B-TREE FOR ORDER BY (a handful of open rows per person, sorted in memory)
 *   SQLite  team:  SEARCH requests USING INDEX requests_team_received_idx (tenant_id=? AND team_id=? AND received_at>? AND received_at<?)
 *   PostgreSQL queue: Index Scan / Bitmap Index Scan on requests_assignee_queue_idx → Sort
 *   PostgreSQL team:  Index Scan / Bitmap Index Scan on requests_team_received_idx
 *   SQLite  breach checks: SEARCH requests USING INDEX requests_breach_check_idx (breach_check_at>? AND breach_check_at<?)
 *   PostgreSQL breach checks: Bitmap Index Scan on requests_breach_check_idx (partial: only requests with a check) → Sort
 *   Both      stale claims: clock_warnings_sending_idx / digests_sent_sending_idx (partial: only claims still sending)
 */
import { sql, type Compilable } from 'kysely';
import { bulkInsertRequests } from '../../support/bulk-request-loader';
import { KyselyClockWarningStore } from '../../../src/store/kysely-clock-warning-store';
import { KyselyRequestStore } from '../../../src/store/kysely-request-store';
import type { DatabaseStores } from '../../../src/store/open-stores';
import { generateRequestRows, personIdOf, teamIdOf } from '../../support/synthetic-request-rows';
import { createTestDatabase, type TestDatabase, type TestDialect } from './store-test-databases';

const END = Date.UTC(2025, 5, 30);
const DAY = 24 * 3600_000;

describe.each([['sqlite'], ['postgres']] as [TestDialect][])('query plans on %s', (dialect) => {
  let testDb: TestDatabase;
  let stores: DatabaseStores;
  let requests: KyselyRequestStore;

  beforeAll(async () => {
    testDb = await createTestDatabase(dialect);
    stores = await testDb.open();
    requests = new KyselyRequestStore(stores.database.db);
    const shape = { tenantId: 'plan-t', requests: 30_000, people: 300, teams: 6, days: 365, endMillis: END, seed: 7 };
    await generateRequestRows(shape, 10_000, (rows) => bulkInsertRequests(stores.database, rows));
    await generateRequestRows({ ...shape, tenantId: 'plan-u', requests: 3_000, seed: 8 }, 10_000, (rows) => bulkInsertRequests(stores.database, rows));
    await sql`analyze`.execute(stores.database.db);
  });
  afterAll(async () => {
    await testDb?.dispose();
  });

  async function plan(query: Compilable): Promise<string> {
    const compiled = query.compile();
    if (stores.database.sqlite) {
      const rows = stores.database.sqlite.prepare(`explain query plan ${compiled.sql}`).all(...(compiled.parameters as unknown[])) as { detail: string }[];
      return rows.map((r) => r.detail).join('\n');
    }
    const result = await stores.database.pool!.query<{ 'QUERY PLAN': string }>(`explain ${compiled.sql}`, compiled.parameters as unknown[]);
    return result.rows.map((r) => r['QUERY PLAN']).join('\n');
  }

  it("serves a person's open queue from requests_assignee_queue_idx", async () => {
    for (const query of [requests.assigneeQuery('plan-t', personIdOf(42)), requests.openStampQuery('plan-t', personIdOf(42))]) {
      const text = await plan(query);
      expect(text).toMatch(/requests_assignee_queue_idx/);
      expect(text).not.toMatch(/SCAN requests$|Seq Scan/m);
    }
    // Rows not read before are then fetched by id, from the primary key (never a scan of the tenant's rows).
    const idsPlan = await plan(requests.byIdsQuery(['a', 'b', 'c']));
    expect(idsPlan).toMatch(/sqlite_autoindex_requests_1|requests_pkey/);
    expect(idsPlan).not.toMatch(/SCAN requests$|Seq Scan|requests_tenant/m);
    const rows = await requests.listForAssignee('plan-t', personIdOf(42));
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.assigneeId === personIdOf(42) && r.status !== 'resolved')).toBe(true);
  });

  it('serves the breach recorder\'s scan of due checks, across tenants, from requests_breach_check_idx', async () => {
    const text = await plan(requests.breachChecksDueQuery(new Date(END - 30 * DAY), 500));
    expect(text).toMatch(/requests_breach_check_idx/);
    expect(text).not.toMatch(/SCAN requests$|Seq Scan/m);
    const due = await requests.listBreachChecksDue(new Date(END - 30 * DAY), 500);
    expect(due.length).toBeGreaterThan(0);
    expect(due.every((r) => r.status === 'open' && r.dueAt !== null && r.dueAt.getTime() <= END - 30 * DAY)).toBe(true);
  });

  it("serves a team's 90-day period from requests_team_received_idx and its open rows from requests_team_status_idx", async () => {
    const from = new Date(END - 90 * DAY);
    const periodPlan = await plan(requests.teamPeriodQuery('plan-t', teamIdOf(2), from, new Date(END)));
    expect(periodPlan).toMatch(/requests_team_received_idx/);
    expect(periodPlan).not.toMatch(/SCAN requests$|Seq Scan/m);
    const openPlan = await plan(requests.teamOpenQuery('plan-t', teamIdOf(2)));
    expect(openPlan).toMatch(/requests_team_(status|received)_idx/);
    expect(openPlan).not.toMatch(/SCAN requests$|Seq Scan/m);
    const rows = await requests.listForTeam('plan-t', teamIdOf(2), from, new Date(END));
    expect(rows.length).toBeGreaterThan(1000);
    expect(rows.every((r) => r.teamId === teamIdOf(2) && r.tenantId === 'plan-t')).toBe(true);
  });
  it('finds the claims left sending (warnings and digests) from their partial indexes, not by a scan of all claims', async () => {
    // 20,000 warnings and 5,000 digests ever claimed, 20 of each still `sending`: what a release reads every run.
    const warningRows = Array.from({ length: 20_000 }, (_, i) => ({
      tenant_id: 'plan-t', request_id: `r-${String(i)}`, clock: 'firstResponse', kind: 'atRisk', assignee_id: personIdOf(i % 300),
      transition_at: END - i * 60_000, status: i % 1000 === 0 ? 'sending' : 'sent', recorded_at: END - i * 60_000, sent_at: null, digest_at: null,
    }));
    const digestRows = Array.from({ length: 5_000 }, (_, i) => ({
      tenant_id: 'plan-t', person_id: personIdOf(i % 300), kind: 'personal', team_id: '', local_date: `d-${String(i)}`,
      status: i % 250 === 0 ? 'sending' : 'sent', recorded_at: END - i * 60_000,
    }));
    for (let i = 0; i < warningRows.length; i += 1_000) await stores.database.db.insertInto('clock_warnings').values(warningRows.slice(i, i + 1_000)).execute();
    for (let i = 0; i < digestRows.length; i += 1_000) await stores.database.db.insertInto('digests_sent').values(digestRows.slice(i, i + 1_000)).execute();
    await sql`analyze`.execute(stores.database.db);
    const claims = stores.clockWarnings as KyselyClockWarningStore;
    const warningsPlan = await plan(claims.staleWarningClaimsQuery(new Date(END)));
    expect(warningsPlan).toMatch(/clock_warnings_sending_idx/);
    expect(warningsPlan).not.toMatch(/SCAN clock_warnings$|Seq Scan/m);
    const digestsPlan = await plan(claims.staleDigestClaimsQuery(new Date(END)));
    expect(digestsPlan).toMatch(/digests_sent_sending_idx/);
    expect(digestsPlan).not.toMatch(/SCAN digests_sent$|Seq Scan/m);
    // And they find exactly the rows still sending.
    expect((await claims.staleWarningClaimsQuery(new Date(END + 1)).execute()).length).toBe(20);
  });
});
