/**
 * The directory store's part in "the team of a request is chosen" and "memberships the person no longer has are
 * removed", on real SQLite (temp file) and real PostgreSQL (fresh schema): a person's chosen home team is kept on their
 * row (a refresh of the row from Graph keeps it; a person without a row cannot get one); removing the memberships a
 * person no longer has touches only that person's rows.
 */
import type { PersonRecord, TeamMemberRecord } from '../../../src/app/records';
import type { DatabaseStores } from '../../../src/store/open-stores';
import { createTestDatabase, type TestDatabase, type TestDialect } from './store-test-databases';
import { T0 } from './store-fixtures';

const dialects: [TestDialect][] = [['sqlite'], ['postgres']];
const T = 'tenant-h';

function person(id: string, displayName = `Person ${id}`): PersonRecord {
  return { id, tenantId: T, displayName, mail: `${id}@contoso.test`, userPrincipalName: `${id}@contoso.test`, department: 'IT', managerId: null, calendar: null, refreshedAt: new Date(T0) };
}

describe.each(dialects)('home team and memberships on %s', (dialect) => {
  let testDb: TestDatabase;
  let stores: DatabaseStores;

  const team = async (id: string, members: [string, TeamMemberRecord['role']][]) =>
    stores.directory.upsertTeam(T, { id, tenantId: T, displayName: `Team ${id}`, refreshedAt: new Date(T0) }, members.map(([personId, role]) => ({ teamId: id, personId, role })));
  const teamsOf = async (personId: string) => (await stores.directory.listTeamsOf(T, personId)).map((t) => `${t.id}:${t.role}`).sort();

  beforeAll(async () => {
    testDb = await createTestDatabase(dialect);
    stores = await testDb.open();
  });
  afterAll(async () => {
    await testDb?.dispose();
  });

  it('keeps the chosen home team on the person, across a refresh of their row; none for a person without a row', async () => {
    expect(await stores.directory.getHomeTeamId(T, 'ana')).toBeNull();
    expect(await stores.directory.setHomeTeamId(T, 'ana', 'team-b')).toBe(false);
    expect(await stores.directory.getHomeTeamId(T, 'ana')).toBeNull();

    await stores.directory.upsertPeople(T, [person('ana')]);
    expect(await stores.directory.getHomeTeamId(T, 'ana')).toBeNull();
    expect(await stores.directory.setHomeTeamId(T, 'ana', 'team-b')).toBe(true);
    expect(await stores.directory.getHomeTeamId(T, 'ana')).toBe('team-b');
    // The sync and /me refresh the row from Graph: the choice is the person's, not Graph's, and stays.
    await stores.directory.upsertPeople(T, [person('ana', 'Ana Renamed')]);
    expect((await stores.directory.getPerson(T, 'ana'))?.displayName).toBe('Ana Renamed');
    expect(await stores.directory.getHomeTeamId(T, 'ana')).toBe('team-b');
    // Another tenant's person of the same id is another person.
    expect(await stores.directory.getHomeTeamId('tenant-other', 'ana')).toBeNull();
    expect(await stores.directory.setHomeTeamId('tenant-other', 'ana', 'team-x')).toBe(false);
  });

  it('removes only the person’s memberships of teams not listed, and all of them for an empty list', async () => {
    await team('team-a', [['ben', 'owner'], ['cleo', 'member']]);
    await team('team-b', [['ben', 'member'], ['cleo', 'owner']]);
    await team('team-c', [['ben', 'member']]);

    await stores.directory.removeMembershipsExcept(T, 'ben', ['team-b']);
    expect(await teamsOf('ben')).toEqual(['team-b:member']);
    expect(await teamsOf('cleo')).toEqual(['team-a:member', 'team-b:owner']);
    expect((await stores.directory.listTeamMembers(T, 'team-a')).map((m) => m.personId)).toEqual(['cleo']);
    // The teams themselves stay (others are still in them; their settings are the team's).
    expect(await stores.directory.getTeam(T, 'team-c')).not.toBeNull();

    await stores.directory.removeMembershipsExcept(T, 'ben', []);
    expect(await teamsOf('ben')).toEqual([]);
    expect(await teamsOf('cleo')).toEqual(['team-a:member', 'team-b:owner']);
  });
});
