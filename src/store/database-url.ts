import { isAbsolute, resolve } from 'node:path';
import { StoreError } from './store-error';

export type DatabaseTarget =
  | { dialect: 'sqlite'; /** Absolute file path, or ':memory:'. */ file: string }
  | { dialect: 'postgres'; connectionString: string };

/** The default DATABASE_URL: an embedded SQLite file under ./data. */
export const DEFAULT_DATABASE_URL = 'sqlite:./data/turnaround.db';

/**
 * Parses DATABASE_URL: `sqlite:<path>` (relative paths resolve from `cwd`; `sqlite::memory:` for a throwaway
 * database; `sqlite:///abs/path` and `sqlite://./rel` are accepted too) or `postgres://…` / `postgresql://…`.
 * @throws StoreError `invalid_database_url` for anything else.
 */
export function parseDatabaseUrl(databaseUrl: string, cwd: string = process.cwd()): DatabaseTarget {
  const url = databaseUrl.trim();
  if (/^postgres(ql)?:\/\//i.test(url)) return { dialect: 'postgres', connectionString: url };
  const sqliteMatch = /^sqlite:(?:\/\/)?(.+)$/i.exec(url);
  if (sqliteMatch?.[1]) {
    const path = sqliteMatch[1];
    if (path === ':memory:') return { dialect: 'sqlite', file: ':memory:' };
    return { dialect: 'sqlite', file: isAbsolute(path) ? path : resolve(cwd, path) };
  }
  throw new StoreError('invalid_database_url', `DATABASE_URL must start with sqlite: or postgres:// (got "${url.split(':')[0] ?? ''}:…")`);
}
