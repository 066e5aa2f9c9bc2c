import { parseDatabaseUrl, DEFAULT_DATABASE_URL } from '../../../src/store/database-url';
import { isStoreError } from '../../../src/store/store-error';
import { newId } from '../../../src/store/new-id';

describe('parseDatabaseUrl', () => {
  it.each([
    [DEFAULT_DATABASE_URL, { dialect: 'sqlite', file: '/srv/app/data/turnaround.db' }],
    ['sqlite:/var/lib/t.db', { dialect: 'sqlite', file: '/var/lib/t.db' }],
    ['sqlite:///var/lib/t.db', { dialect: 'sqlite', file: '/var/lib/t.db' }],
    ['sqlite::memory:', { dialect: 'sqlite', file: ':memory:' }],
    ['postgres://u@db:5432/turnaround', { dialect: 'postgres', connectionString: 'postgres://u@db:5432/turnaround' }],
    ['postgresql://u@db/turnaround', { dialect: 'postgres', connectionString: 'postgresql://u@db/turnaround' }],
  ])('%s → %o (relative paths from the working directory)', (url, expected) => {
    expect(parseDatabaseUrl(url, '/srv/app')).toEqual(expected);
  });

  it.each(['mysql://x', '', 'sqlite:', './data/t.db'])('rejects %p with invalid_database_url', (url) => {
    let caught: unknown = null;
    try {
      parseDatabaseUrl(url, '/srv/app');
    } catch (error) {
      caught = error;
    }
    expect(isStoreError(caught, 'invalid_database_url')).toBe(true);
  });
});

describe('newId', () => {
  it('sorts in creation order within one millisecond and across milliseconds', () => {
    const ids = [newId(1_700_000_000_000), newId(1_700_000_000_000), newId(1_700_000_000_000), newId(1_700_000_000_001), newId(1_699_999_999_999)];
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
