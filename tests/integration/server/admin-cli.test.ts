/**
 * `npm run admin` in a child process against a temp SQLite file (DATABASE_URL read through loadConfig): it refuses
 * without --yes, purges one tenant with --yes and leaves the other tenant's rows exactly as they were.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openStores, type DatabaseStores } from '../../../src/store/open-stores';
import { countTenantRows } from '../../../src/store/tenant-row-counts';
import { createTestDatabase, postgresTestUrl } from '../store/store-test-databases';

const ROOT = resolve(__dirname, '../../..');
const GONE = '5e1f0c4a-0000-4000-8000-000000000001';
const KEPT = '5e1f0c4a-0000-4000-8000-000000000002';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function admin(args: string[], databaseUrl: string): Promise<Run> {
  return new Promise((done) => {
    execFile('npm', ['run', '--silent', 'admin', '--', ...args], { cwd: ROOT, env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' }, timeout: 60_000 }, (error, stdout, stderr) =>
      done({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr }),
    );
  });
}

async function seed(stores: DatabaseStores, tenantId: string): Promise<void> {
  const at = new Date(Date.UTC(2025, 2, 3, 9));
  await stores.directory.upsertTenant(tenantId, ['contoso.example'], at);
  await stores.directory.upsertPeople(tenantId, ['a', 'b'].map((id) => ({ id, tenantId, displayName: id, mail: null, userPrincipalName: null, department: null, managerId: null, calendar: null, refreshedAt: at })));
  await stores.directory.upsertTeam(tenantId, { id: 'team', tenantId, displayName: 'Team', refreshedAt: at }, [{ teamId: 'team', personId: 'a', role: 'owner' }]);
  await stores.requests.track(
    tenantId,
    {
      tenantId, source: 'email', sourceMessageId: 'm1', conversationId: null, chatId: null, threadId: null, webLink: null, requesterId: 'b', assigneeId: 'a', teamId: 'team',
      subject: 's', preview: 'p', category: null, priority: 'normal', note: null, colleagueOverride: false, receivedAt: at, firstResponseAt: null, firstResponseSource: null,
      resolvedAt: null, waitingPeriods: [], status: 'open', dueAt: null,
    },
    { type: 'tracked', actorId: 'a', at, data: null },
  );
  await stores.syncState.registerPerson(tenantId, 'a', at);
  await stores.syncState.put({ tenantId, personId: 'a', resource: 'inbox', deltaLink: 'https://graph.example/delta', watermark: null, lastRunAt: at });
  await stores.suggestions.upsert([{ tenantId, personId: 'a', source: 'email', sourceMessageId: 'm2', chatId: null, fromId: 'b', subject: 's', preview: 'p', receivedAt: at, reason: 'r', answered: false, score: 1 }]);
}

describe('admin CLI', () => {
  let dir: string;
  let url: string;
  let keptBefore: Awaited<ReturnType<typeof countTenantRows>>;

  const counts = async (tenantId: string) => {
    const stores = await openStores(url);
    try {
      return await countTenantRows(stores.database, tenantId);
    } finally {
      await stores.close();
    }
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'turnaround-admin-'));
    url = `sqlite:${join(dir, 'turnaround.db')}`;
    const stores = await openStores(url);
    await seed(stores, GONE);
    await seed(stores, KEPT);
    await stores.close();
    keptBefore = await counts(KEPT);
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints the counts and refuses without --yes, changing nothing', async () => {
    const before = await counts(GONE);
    const run = await admin(['purge-tenant', GONE], url);
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(new RegExp(`rows of tenant ${GONE} before:`));
    expect(run.stdout).toMatch(/requests\s+1\n/);
    expect(run.stdout).toMatch(/total\s+10\n/);
    expect(run.stdout).toMatch(/Refusing to purge without --yes/);
    expect(await counts(GONE)).toEqual(before);
  }, 60_000);

  it('rejects usage errors and a missing database without touching anything', async () => {
    const unknown = await admin(['purge-everything', GONE, '--yes'], url);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Unknown command "purge-everything"/);
    const badId = await admin(['purge-tenant', "x' or 1=1", '--yes'], url);
    expect(badId.code).toBe(2);
    expect(badId.stderr).toMatch(/tenant id/);
    const missing = join(dir, 'nope', 'missing.db');
    const noDb = await admin(['purge-tenant', GONE, '--yes'], `sqlite:${missing}`);
    expect(noDb.code).toBe(1);
    expect(noDb.stderr).toMatch(/\(no_database\)/);
    expect(existsSync(missing)).toBe(false);
    expect((await counts(GONE)).requests).toBe(1);
  }, 120_000);

  it('purges one tenant with --yes, prints counts after, and leaves the other tenant exactly as it was', async () => {
    const run = await admin(['purge-tenant', GONE, '--yes'], url);
    expect(run.stderr).not.toMatch(/admin/);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`rows of tenant ${GONE} after:[\\s\\S]*total\\s+0\\n`));
    expect(run.stdout).toMatch(/Purged 10 rows/);
    expect(Object.values(await counts(GONE))).toEqual(Object.values(keptBefore).map(() => 0));
    expect(await counts(KEPT)).toEqual(keptBefore);

    const again = await admin(['purge-tenant', GONE, '--yes'], url);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/nothing to purge/);
    const count = await admin(['count-tenant', KEPT], url);
    expect(count.code).toBe(0);
    expect(count.stdout).toMatch(/total\s+10\n/);
  }, 120_000);
});

describe('admin CLI on PostgreSQL', () => {
  it('purges one tenant of a PostgreSQL database and keeps the other', async () => {
    const testDb = await createTestDatabase('postgres');
    try {
      const stores = await testDb.open();
      await seed(stores, GONE);
      await seed(stores, KEPT);
      const kept = await countTenantRows(stores.database, KEPT);
      // The same schema the test database uses, through the connection string (libpq's `options`).
      const url = `${postgresTestUrl}${postgresTestUrl.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${stores.database.schema}`)}`;
      const run = await admin(['purge-tenant', GONE, '--yes'], url);
      expect(run.stdout).toMatch(/Purged 10 rows/);
      expect(run.code).toBe(0);
      expect(Object.values(await countTenantRows(stores.database, GONE)).every((n) => n === 0)).toBe(true);
      expect(await countTenantRows(stores.database, KEPT)).toEqual(kept);
    } finally {
      await testDb.dispose();
    }
  }, 60_000);
});
