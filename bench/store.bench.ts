/**
 * `npm run bench -- store [--quick]`: fills 1,000,000 requests (100,000 with --quick) over 5,000 people and 100 teams
 * of 50, on SQLite (temp file) and PostgreSQL (fresh schema on BENCH_DATABASE_URL / TEST_DATABASE_URL, else
 * postgres://postgres@127.0.0.1:5432/test; dropped at the end), then measures p50/p99 of
 * - a person's open queue (RequestStore.listForAssignee; target p99 ≤ 5 ms),
 * - a 50-person team's 90-day dashboard read (RequestStore.listForTeam) plus a simple in-process aggregation
 *   (count, median/p90 first-response minutes, open backlog; target p99 ≤ 100 ms),
 * and reports the database size on disk.
 */
import { mkdtempSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import type { RequestRecord } from '../src/app/records';
import { bulkInsertRequests } from '../tests/support/bulk-request-loader';
import { openStores, type DatabaseStores } from '../src/store/open-stores';
import { generateRequestRows, personIdOf, teamIdOf } from '../tests/support/synthetic-request-rows';
import type { BenchFigure, BenchOptions, BenchResult } from './run';

const TENANT = 'bench-tenant';
const PEOPLE = 5_000;
const TEAMS = 100;
const END = Date.UTC(2025, 5, 30, 12);
const DAY = 24 * 3600_000;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)]!;
}

async function timeIt(iterations: number, warmup: number, fn: (i: number) => Promise<unknown>): Promise<{ p50: number; p99: number }> {
  for (let i = 0; i < warmup; i++) await fn(i + 100_000);
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const started = process.hrtime.bigint();
    await fn(i);
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p99: percentile(samples, 99) };
}

/** The in-process part of the dashboard: what the domain will compute from the rows, roughly. */
function aggregate(rows: RequestRecord[], now: number): { count: number; medianMinutes: number | null; p90Minutes: number | null; open: number; oldestOpenMinutes: number | null } {
  const firstResponse: number[] = [];
  let open = 0;
  let oldest: number | null = null;
  for (const r of rows) {
    if (r.firstResponseAt) firstResponse.push((r.firstResponseAt.getTime() - r.receivedAt.getTime()) / 60_000);
    if (r.status !== 'resolved') {
      open += 1;
      const age = (now - r.receivedAt.getTime()) / 60_000;
      oldest = oldest === null ? age : Math.max(oldest, age);
    }
  }
  firstResponse.sort((a, b) => a - b);
  return {
    count: rows.length,
    medianMinutes: firstResponse.length ? percentile(firstResponse, 50) : null,
    p90Minutes: firstResponse.length ? percentile(firstResponse, 90) : null,
    open,
    oldestOpenMinutes: oldest,
  };
}

async function fill(stores: DatabaseStores, requests: number): Promise<number> {
  const started = Date.now();
  const people = Array.from({ length: PEOPLE }, (_, i) => ({
    id: personIdOf(i), tenantId: TENANT, displayName: `Person ${i}`, mail: `p${i}@bench.example`, userPrincipalName: `p${i}@bench.example`,
    department: ['IT', 'Payroll', 'HR', 'Sales', 'Engineering', 'Marketing'][i % 6] ?? null, managerId: null, calendar: null, refreshedAt: new Date(END),
  }));
  await stores.directory.upsertPeople(TENANT, people);
  const perTeam = PEOPLE / TEAMS;
  for (let t = 0; t < TEAMS; t++) {
    const members = Array.from({ length: perTeam }, (_, j) => ({ teamId: teamIdOf(t), personId: personIdOf(t * perTeam + j), role: j === 0 ? ('owner' as const) : ('member' as const) }));
    await stores.directory.upsertTeam(TENANT, { id: teamIdOf(t), tenantId: TENANT, displayName: `Team ${t}`, refreshedAt: new Date(END) }, members);
  }
  await generateRequestRows({ tenantId: TENANT, requests, people: PEOPLE, teams: TEAMS, days: 365, endMillis: END, seed: 42 }, 50_000, (rows) =>
    bulkInsertRequests(stores.database, rows),
  );
  // PostgreSQL: VACUUM as after any bulk load, so autovacuum does not start on the fresh million rows mid-measurement.
  await (stores.database.dialect === 'postgres' ? sql`vacuum analyze` : sql`analyze`).execute(stores.database.db);
  return (Date.now() - started) / 1000;
}

async function measure(label: string, stores: DatabaseStores, quick: boolean): Promise<BenchFigure[]> {
  const queueIterations = quick ? 300 : 1000;
  const dashboardIterations = quick ? 100 : 300;
  const queue = await timeIt(queueIterations, 50, (i) => stores.requests.listForAssignee(TENANT, personIdOf((i * 7919) % PEOPLE)));
  let rowsRead = 0;
  const dashboard = await timeIt(dashboardIterations, 10, async (i) => {
    const rows = await stores.requests.listForTeam(TENANT, teamIdOf((i * 37) % TEAMS), new Date(END - 90 * DAY), new Date(END));
    rowsRead = rows.length;
    return aggregate(rows, END);
  });
  const sample = await stores.requests.listForAssignee(TENANT, personIdOf(1));
  return [
    { name: `${label} queue p50`, value: round(queue.p50), unit: 'ms' },
    { name: `${label} queue p99`, value: round(queue.p99), unit: 'ms', target: '≤ 5 ms', met: queue.p99 <= 5 },
    { name: `${label} open requests in one queue (sample)`, value: sample.length, unit: 'rows' },
    { name: `${label} team 90-day dashboard p50`, value: round(dashboard.p50), unit: 'ms' },
    { name: `${label} team 90-day dashboard p99`, value: round(dashboard.p99), unit: 'ms', target: '≤ 100 ms', met: dashboard.p99 <= 100 },
    { name: `${label} rows read per dashboard (last)`, value: rowsRead, unit: 'rows' },
  ];
}

const round = (v: number): number => Math.round(v * 100) / 100;

export async function run(options: BenchOptions): Promise<BenchResult> {
  const requests = options.quick ? 100_000 : 1_000_000;
  const figures: BenchFigure[] = [];
  const notes: string[] = [`${requests.toLocaleString('en-US')} requests over ${PEOPLE} people and ${TEAMS} teams of ${PEOPLE / TEAMS}, received over 365 days`];

  // SQLite
  const dir = mkdtempSync(join(tmpdir(), 'turnaround-bench-'));
  const file = join(dir, 'bench.db');
  try {
    const stores = await openStores(`sqlite:${file}`);
    try {
      const fillSeconds = await fill(stores, requests);
      figures.push({ name: 'sqlite fill', value: round(fillSeconds), unit: 's' });
      figures.push(...(await measure('sqlite', stores, options.quick)));
      stores.database.sqlite!.pragma('wal_checkpoint(TRUNCATE)');
      const bytes = statSync(file).size + (existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0);
      figures.push({ name: 'sqlite size on disk', value: round(bytes / 2 ** 20), unit: 'MiB' });
    } finally {
      await stores.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  // PostgreSQL
  const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const schema = `bench_${randomBytes(5).toString('hex')}`;
  try {
    const stores = await openStores(url, { schema });
    try {
      const fillSeconds = await fill(stores, requests);
      figures.push({ name: 'postgres fill', value: round(fillSeconds), unit: 's' });
      figures.push(...(await measure('postgres', stores, options.quick)));
      const size = await sql<{ bytes: number | string }>`select coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint as bytes
        from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = ${schema} and c.relkind = 'r'`.execute(stores.database.db);
      figures.push({ name: 'postgres size on disk (tables + indexes + toast)', value: round(Number(size.rows[0]?.bytes ?? 0) / 2 ** 20), unit: 'MiB' });
    } finally {
      await stores.close();
    }
  } finally {
    const client = new pg.Client({ connectionString: url });
    await client.connect().then(
      async () => {
        await client.query(`drop schema if exists ${schema} cascade`);
        await client.end();
      },
      () => notes.push(`PostgreSQL at ${url} was not reachable: set BENCH_DATABASE_URL`),
    );
  }
  return { title: 'Store: queue and dashboard reads on SQLite and PostgreSQL', figures, notes };
}
