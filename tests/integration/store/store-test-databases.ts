/**
 * Real databases for the store tests: SQLite in a temp file, PostgreSQL in a fresh schema (dropped afterwards) on
 * TEST_DATABASE_URL or postgres://postgres@127.0.0.1:5432/test. An unreachable PostgreSQL fails the test run with a
 * message saying how to provide one — it never passes silently.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { sql, type Kysely } from 'kysely';
import { openDatabase, type StoreDatabase } from '../../../src/store/open-database';
import { openStores, type DatabaseStores } from '../../../src/store/open-stores';

export type TestDialect = 'sqlite' | 'postgres';

export const postgresTestUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  dialect: TestDialect;
  /** Opens (another) Stores on the same database — a second "server". */
  open(): Promise<DatabaseStores>;
  /**
   * A second "server" for concurrency tests. PostgreSQL: another Stores with its own pool. SQLite is one process
   * with one connection (the issue's "on SQLite one process"): the same Stores, whose single connection Kysely
   * serialises — two connections in one thread would block each other inside better-sqlite3's busy wait.
   */
  secondServer(first: DatabaseStores): Promise<DatabaseStores>;
  /** Closes every Stores opened here and drops the database / schema. */
  dispose(): Promise<void>;
}

async function assertPostgresReachable(): Promise<void> {
  const client = new pg.Client({ connectionString: postgresTestUrl, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('select 1');
  } catch (error) {
    throw new Error(
      `PostgreSQL is required by the store conformance suite and is not reachable at ${postgresTestUrl} ` +
        `(${(error as Error).message}). Start one (e.g. \`pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start\`) ` +
        'or set TEST_DATABASE_URL=postgres://user@host:port/database.',
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function createTestDatabase(dialect: TestDialect): Promise<TestDatabase> {
  const opened: DatabaseStores[] = [];
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'turnaround-store-'));
    const url = `sqlite:${join(dir, 'test.db')}`;
    return {
      dialect,
      async open() {
        const stores = await openStores(url);
        opened.push(stores);
        return stores;
      },
      secondServer: async (first) => first,
      async dispose() {
        for (const s of opened) await s.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  await assertPostgresReachable();
  const schema = `t_${randomBytes(6).toString('hex')}`;
  return {
    dialect,
    async open() {
      const stores = await openStores(postgresTestUrl, { schema, maxConnections: 8 });
      opened.push(stores);
      return stores;
    },
    async secondServer() {
      const stores = await openStores(postgresTestUrl, { schema, maxConnections: 8 });
      opened.push(stores);
      return stores;
    },
    async dispose() {
      for (const s of opened) await s.close();
      const client = new pg.Client({ connectionString: postgresTestUrl });
      await client.connect();
      try {
        await client.query(`drop schema if exists ${schema} cascade`);
      } finally {
        await client.end();
      }
    },
  };
}

/**
 * A database opened without migrations, for tests that migrate it step by step (a migration's backfill of rows written
 * before it): SQLite in a temp file, PostgreSQL in a fresh schema. `dispose` closes it and drops the file or schema.
 */
export async function openUnmigratedDatabase(dialect: TestDialect, label: string): Promise<{ database: StoreDatabase; dispose(): Promise<void> }> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), `turnaround-${label}-`));
    const database = await openDatabase(`sqlite:${join(dir, 'test.db')}`);
    return { database, dispose: async () => { await database.close(); rmSync(dir, { recursive: true, force: true }); } };
  }
  await assertPostgresReachable();
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const database = await openDatabase(postgresTestUrl, { schema, maxConnections: 2 });
  return {
    database,
    async dispose() {
      await database.close();
      const client = new pg.Client({ connectionString: postgresTestUrl });
      await client.connect();
      await client.query(`drop schema if exists ${schema} cascade`).finally(() => client.end());
    },
  };
}

/** The tables of the database `db` reads (SQLite's catalogue, or PostgreSQL's current schema). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any schema: before, between or after migrations
export async function tableNames(db: Kysely<any>, dialect: TestDialect): Promise<string[]> {
  return dialect === 'sqlite'
    ? (await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(db)).rows.map((r) => r.name)
    : (await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema()`.execute(db)).rows.map((r) => r.name);
}
