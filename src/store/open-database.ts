import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import type { DatabaseSchema, StoreDialect } from './database-schema';
import { CachedSqliteDatabase } from './cached-sqlite-database';
import { parseDatabaseUrl } from './database-url';
import { StoreError } from './store-error';

/** An open database: the Kysely instance both dialects share, and the raw handle for bulk work (benchmarks). */
export interface StoreDatabase {
  db: Kysely<DatabaseSchema>;
  dialect: StoreDialect;
  /** The better-sqlite3 handle (SQLite only). */
  sqlite: BetterSqlite3.Database | null;
  /** The pg pool (PostgreSQL only). */
  pool: pg.Pool | null;
  /** The PostgreSQL schema the tables live in (PostgreSQL only). */
  schema: string | null;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** PostgreSQL only: put every table in this schema (created if missing) by setting the pool's search_path. Tests use it. */
  schema?: string;
  /** PostgreSQL pool size; default 10. */
  maxConnections?: number;
  /** SQLite busy timeout in milliseconds; default 5000. */
  busyTimeoutMs?: number;
}

const INT8_OID = 20;
/**
 * Instants are stored as BIGINT epoch milliseconds; pg returns int8 as a string by default (values may exceed 2^53).
 * Ours never do (year 287396), so they are parsed as numbers — for this pool only, not via the global pg.types.
 */
const pgTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
};

/**
 * Connects to DATABASE_URL without migrating. SQLite: creates the directory, turns on WAL, foreign keys, a busy
 * timeout, synchronous=FULL (a committed transaction survives a process kill and a power cut), a 64 MiB cache and mmap.
 * @throws StoreError `invalid_database_url`, or `unavailable` when PostgreSQL cannot be reached.
 */
export async function openDatabase(databaseUrl: string, options: OpenDatabaseOptions = {}): Promise<StoreDatabase> {
  const target = parseDatabaseUrl(databaseUrl);
  if (target.dialect === 'sqlite') {
    if (target.file !== ':memory:') mkdirSync(dirname(target.file), { recursive: true });
    let handle: BetterSqlite3.Database;
    try {
      handle = new BetterSqlite3(target.file);
    } catch (cause) {
      throw new StoreError('unavailable', `Cannot open SQLite database ${target.file}: ${(cause as Error).message}`, { cause });
    }
    handle.pragma('journal_mode = WAL');
    handle.pragma('foreign_keys = ON');
    handle.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`);
    handle.pragma('synchronous = FULL');
    // Reads (queue, dashboard) jump around a large table by rowid: a 64 MiB page cache and memory-mapped I/O keep
    // those lookups out of read() syscalls. Both are per connection and cost nothing until pages are touched.
    handle.pragma('cache_size = -65536');
    handle.pragma('mmap_size = 268435456');
    // Prepared statements are reused and rows are read in raw mode (see cached-sqlite-database.ts).
    const db = new Kysely<DatabaseSchema>({ dialect: new SqliteDialect({ database: new CachedSqliteDatabase(handle) }) });
    return {
      db,
      dialect: 'sqlite',
      sqlite: handle,
      pool: null,
      schema: null,
      close: () => db.destroy(),
    };
  }

  const schema = options.schema;
  if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new StoreError('invalid_database_url', `Invalid PostgreSQL schema name "${schema}"`);
  }
  const pool = new pg.Pool({
    connectionString: target.connectionString,
    max: options.maxConnections ?? 10,
    types: pgTypes,
    connectionTimeoutMillis: 10_000,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  pool.on('error', () => {
    // An idle client lost its connection; the pool replaces it. Queries in flight get their own error.
  });
  try {
    const client = await pool.connect();
    try {
      if (schema) await client.query(`create schema if not exists ${schema}`);
    } finally {
      client.release();
    }
  } catch (cause) {
    await pool.end().catch(() => undefined);
    throw new StoreError('unavailable', `Cannot reach PostgreSQL: ${(cause as Error).message}`, { cause });
  }
  const db = new Kysely<DatabaseSchema>({ dialect: new PostgresDialect({ pool }) });
  const current = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  return {
    db,
    dialect: 'postgres',
    sqlite: null,
    pool,
    schema: current.rows[0]?.schema ?? schema ?? 'public',
    close: () => db.destroy(),
  };
}
