/**
 * The better-sqlite3 handle as Kysely's SqliteDatabase, with two costs of Kysely's SQLite driver taken away:
 *
 * - It prepares every statement on every query; here prepared statements are kept by SQL text (a bounded cache, so
 *   queries with `in (…)` lists of many lengths cannot grow it without limit).
 * - better-sqlite3 builds each row object in native code, one property at a time — slow for wide rows (the 28
 *   columns of `requests`: about twice the cost of reading them). Readers here run in raw mode (arrays) and the row
 *   objects are built in JavaScript by an object literal generated per statement, with the same keys in the same
 *   order (a later duplicate name wins, as in better-sqlite3's own objects).
 *
 * Statements are executed to completion (`all`/`run`) so a cached one is never busy; `iterate` (streaming) gets a
 * fresh statement. A DDL statement run through this handle clears the cache, and a row whose width differs from the
 * cached column names re-reads them, so a schema change never maps values to the wrong names.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';
import { LRUCache } from 'lru-cache';

/** Most prepared statements kept (least recently used ones are dropped beyond this). */
const STATEMENT_CACHE_LIMIT = 256;
const DDL = /^\s*(create|alter|drop)\b/i;

interface CachedReader {
  statement: BetterSqlite3.Statement;
  names: string[];
  /** Builds one row object from its values: an object literal generated for these names, so every row shares a shape. */
  build: (values: readonly unknown[]) => Record<string, unknown>;
}

/**
 * A row builder for these column names: `(v) => ({ "a": v[0], "b": v[1] })`. The names are embedded as JSON string
 * literals (never as code); a name repeated keeps its last value, as in better-sqlite3's row objects.
 *
 * Kept for whole-row reads, measured 2026-11-29 (issue 16) against better-sqlite3's own row objects, same process,
 * alternating, CPU time, 100,000 rows: a team's 10,000 rows (the dashboard's read) 35–65 ms here vs 99–125 ms native;
 * 49 whole rows by id (a queue's first read) 189–242 µs vs 342–400 µs. The queue's warm read (ids and updated_at only)
 * is the same either way (86–121 vs 97–114 µs), so the API's queue figures do not depend on it; the dashboard's
 * ≤ 100 ms target (85 ms on SQLite in the last full run) does.
 */
function rowBuilder(names: readonly string[]): (values: readonly unknown[]) => Record<string, unknown> {
  const last = new Map<string, number>();
  names.forEach((name, i) => last.set(name, i));
  const fields = [...last].map(([name, i]) => `${JSON.stringify(name)}: v[${i}]`).join(', ');
  return new Function('v', `return { ${fields} };`) as (values: readonly unknown[]) => Record<string, unknown>;
}

function readerOf(statement: BetterSqlite3.Statement): CachedReader {
  const names = statement.columns().map((c) => c.name);
  return { statement, names, build: rowBuilder(names) };
}

class CachedStatement implements SqliteStatement {
  constructor(
    private readonly owner: CachedSqliteDatabase,
    private readonly sql: string,
    private readonly prepared: BetterSqlite3.Statement,
    private rawReader: CachedReader | null,
  ) {}

  get reader(): boolean {
    return this.prepared.reader;
  }

  all(parameters: ReadonlyArray<unknown>): unknown[] {
    let reader = this.rawReader;
    if (reader === null) return this.prepared.all(...parameters);
    const rows = reader.statement.all(...parameters) as unknown[][];
    const out = new Array<Record<string, unknown>>(rows.length);
    for (let r = 0; r < rows.length; r++) {
      const values = rows[r] as unknown[];
      if (values.length !== reader.names.length) {
        reader = readerOf(reader.statement);
        this.rawReader = reader;
      }
      out[r] = reader.build(values);
    }
    return out;
  }

  run(parameters: ReadonlyArray<unknown>): { changes: number | bigint; lastInsertRowid: number | bigint } {
    const result = this.prepared.run(...parameters);
    if (DDL.test(this.sql)) this.owner.clearStatements();
    return result;
  }

  iterate(parameters: ReadonlyArray<unknown>): IterableIterator<unknown> {
    return this.owner.handle.prepare(this.sql).iterate(...parameters);
  }
}

/** Kysely's SqliteDatabase over one better-sqlite3 handle, with a prepared-statement cache and raw-mode readers. */
export class CachedSqliteDatabase implements SqliteDatabase {
  private readonly statements = new LRUCache<string, CachedStatement>({ max: STATEMENT_CACHE_LIMIT });

  constructor(readonly handle: BetterSqlite3.Database) {}

  prepare(sql: string): SqliteStatement {
    const cached = this.statements.get(sql);
    if (cached !== undefined) return cached;
    const prepared = this.handle.prepare(sql);
    const reader = prepared.reader ? readerOf(prepared.raw(true)) : null;
    const statement = new CachedStatement(this, sql, prepared, reader);
    if (DDL.test(sql)) return statement;
    this.statements.set(sql, statement);
    return statement;
  }

  /** Forgets every prepared statement (after a schema change). */
  clearStatements(): void {
    this.statements.clear();
  }

  close(): void {
    this.statements.clear();
    this.handle.close();
  }
}
