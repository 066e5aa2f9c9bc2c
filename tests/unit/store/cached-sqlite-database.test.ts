import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { CachedSqliteDatabase } from '../../../src/store/cached-sqlite-database';

interface Schema { t: { id: number; a: string; b: string | null } }

describe('CachedSqliteDatabase', () => {
  let handle: BetterSqlite3.Database;
  let db: Kysely<Schema>;
  beforeEach(async () => {
    handle = new BetterSqlite3(':memory:');
    db = new Kysely<Schema>({ dialect: new SqliteDialect({ database: new CachedSqliteDatabase(handle) }) });
    await sql`create table t (id integer primary key, a text not null, b text)`.execute(db);
    await db.insertInto('t').values([{ id: 1, a: 'x', b: null }, { id: 2, a: 'y', b: 'z' }]).execute();
  });
  afterEach(async () => db.destroy());

  it('returns the same row objects as better-sqlite3 (keys in order, nulls, numbers)', async () => {
    const rows = await db.selectFrom('t').selectAll().orderBy('id').execute();
    expect(rows).toEqual(handle.prepare('select * from t order by id').all());
    expect(Object.keys(rows[0] as object)).toEqual(['id', 'a', 'b']);
  });

  it('reuses a prepared statement for the same SQL', async () => {
    const prepare = jest.spyOn(handle, 'prepare');
    for (let i = 0; i < 5; i++) await db.selectFrom('t').select('a').where('id', '=', 1).execute();
    expect(prepare).toHaveBeenCalledTimes(1);
    expect(await db.selectFrom('t').select('a').where('id', '=', 2).executeTakeFirst()).toEqual({ a: 'y' });
  });

  it('maps columns by their new names after a schema change', async () => {
    expect(await db.selectFrom('t').selectAll().where('id', '=', 2).executeTakeFirst()).toEqual({ id: 2, a: 'y', b: 'z' });
    await sql`alter table t add column c text default 'new'`.execute(db);
    expect(await db.selectFrom('t').selectAll().where('id', '=', 2).executeTakeFirst()).toEqual({ id: 2, a: 'y', b: 'z', c: 'new' });
    // Changed behind the cache's back (another handle or a raw exec): the row's width tells.
    handle.exec(`alter table t add column d integer default 7`);
    expect(await db.selectFrom('t').selectAll().where('id', '=', 2).executeTakeFirst()).toEqual({ id: 2, a: 'y', b: 'z', c: 'new', d: 7 });
  });

  it('writes, returns inserted rows and rolls back transactions', async () => {
    const inserted = await db.insertInto('t').values({ id: 3, a: 'w', b: null }).returning(['id', 'a']).executeTakeFirst();
    expect(inserted).toEqual({ id: 3, a: 'w' });
    await expect(db.transaction().execute(async (trx) => {
      await trx.deleteFrom('t').execute();
      throw new Error('undo');
    })).rejects.toThrow('undo');
    expect((await db.selectFrom('t').select('id').execute()).length).toBe(3);
  });

  it('streams with a fresh statement', async () => {
    const seen: number[] = [];
    for await (const row of db.selectFrom('t').select('id').orderBy('id').stream()) seen.push(row.id);
    expect(seen).toEqual([1, 2]);
  });
});
