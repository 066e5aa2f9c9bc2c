/**
 * A person's working calendar is typed and checked where it is read from the store (src/store/stored-calendar-json.ts):
 * out-of-office instants come back as Dates, and a stored value that is not a working calendar is the server's fault —
 * DomainError `stored_calendar_invalid` — never handed on as `unknown`. A team's default calendar likewise. Real SQLite
 * and PostgreSQL.
 */
import type { PersonRecord } from '../../../src/app/records';
import { DomainError } from '../../../src/domain/domain-error';
import type { DatabaseStores } from '../../../src/store/open-stores';
import { createTestDatabase, type TestDatabase, type TestDialect } from './store-test-databases';
import { T0 } from './store-fixtures';

const dialects: [TestDialect][] = [['sqlite'], ['postgres']];
const TENANT = 'tenant-cal';

function person(id: string, calendar: PersonRecord['calendar']): PersonRecord {
  return {
    id, tenantId: TENANT, displayName: `Person ${id}`, mail: null, userPrincipalName: null, department: null, managerId: null,
    calendar, refreshedAt: new Date(T0),
  };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(() => null, (e: unknown) => e);
}

describe.each(dialects)('stored person calendar on %s', (dialect) => {
  let testDb: TestDatabase;
  let stores: DatabaseStores;

  beforeAll(async () => {
    testDb = await createTestDatabase(dialect);
    stores = await testDb.open();
  });
  afterAll(async () => {
    await testDb?.dispose();
  });

  async function writeRawCalendar(id: string, text: string): Promise<void> {
    await stores.directory.upsertPeople(TENANT, [person(id, null)]);
    await stores.database.db.updateTable('people').set({ calendar: text }).where('tenant_id', '=', TENANT).where('id', '=', id).execute();
  }

  it('reads a calendar back as a WorkingCalendar, out-of-office instants as Dates', async () => {
    const calendar = {
      timeZone: 'Europe/Berlin',
      windows: [{ days: ['monday' as const, 'friday' as const], start: '09:00', end: '17:00' }],
      holidays: ['2025-12-24'],
      closed: [{ from: new Date('2025-03-03T08:00:00Z'), to: new Date('2025-03-07T17:00:00Z') }],
    };
    await stores.directory.upsertPeople(TENANT, [person('p-ok', calendar), person('p-none', null)]);
    const read = await stores.directory.getPerson(TENANT, 'p-ok');
    expect(read?.calendar).toEqual(calendar);
    expect(read?.calendar?.closed?.[0]?.from).toBeInstanceOf(Date);
    expect((await stores.directory.getPerson(TENANT, 'p-none'))?.calendar).toBeNull();
  });

  it.each([
    ['windows that are not a list', '{"timeZone":"UTC","windows":"monday 9-5"}'],
    ['an unknown day', '{"timeZone":"UTC","windows":[{"days":["funday"],"start":"09:00","end":"17:00"}]}'],
    ['no time zone', '{"windows":[]}'],
    ['an out-of-office instant that is not one', '{"timeZone":"UTC","windows":[],"closed":[{"from":"soon","to":"later"}]}'],
    ['text that is not JSON', '{"timeZone":'],
  ])('rejects a stored calendar with %s as stored_calendar_invalid, naming the person', async (_label, text) => {
    await writeRawCalendar('p-bad', text);
    for (const read of [() => stores.directory.getPerson(TENANT, 'p-bad'), () => stores.directory.getPeople(TENANT, ['p-bad'])]) {
      const error = await rejection(read());
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe('stored_calendar_invalid');
      expect((error as DomainError).message).toContain('person p-bad');
    }
  });

  it('reads a team\'s default calendar back typed, and rejects one that is not a calendar as stored_calendar_invalid', async () => {
    const calendar = { timeZone: 'Europe/Paris', windows: [{ days: ['tuesday' as const], start: '08:00', end: '12:00' }] };
    await stores.teamSettings.put({
      tenantId: TENANT, teamId: 'team-cal', categories: [], holidays: [], pauseForOutOfOffice: false, minGroupSize: 3, individualView: false, ownersDigest: false,
      standards: [{ id: 's1', name: 'Default', category: null, priority: null, firstResponseTargetMinutes: 240, resolutionTargetMinutes: 960 }],
      calendar, updatedAt: new Date(T0),
    });
    expect((await stores.teamSettings.get(TENANT, 'team-cal'))?.calendar).toEqual(calendar);
    await stores.database.db.updateTable('team_settings').set({ calendar: '{"timeZone":"UTC","windows":[{"days":"weekdays"}]}' })
      .where('tenant_id', '=', TENANT).where('team_id', '=', 'team-cal').execute();
    const error = await rejection(stores.teamSettings.get(TENANT, 'team-cal'));
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('stored_calendar_invalid');
    expect((error as DomainError).message).toContain('team team-cal');
  });
});
