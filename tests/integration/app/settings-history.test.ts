/**
 * A team's settings are history (issue 17 items 6, 7, 13): saving a calendar changes the future, not the past, and
 * recomputes the stored due times the queue is ordered by; changed standards apply to requests tracked after the save;
 * past holidays stay as they were. The use cases (putTeamSettings, getQueue) over real SQLite and PostgreSQL; the clock
 * is fixed. 3 March 2025 is a Monday; every calendar here is in UTC.
 */
import type { RequestRecord, TeamSettingsRecord } from '../../../src/app/records';
import { DirectoryService } from '../../../src/app/directory-service';
import { getQueue } from '../../../src/app/queue';
import { contextFor, loadClockContexts, nextDueAt } from '../../../src/app/request-view';
import { defaultTeamSettings, toTeamSettingsDto } from '../../../src/app/team-settings';
import { putTeamSettings } from '../../../src/app/team-settings-service';
import type { ServiceStandard } from '../../../src/domain/standards';
import type { DatabaseStores } from '../../../src/store/open-stores';
import { createTestDatabase, type TestDatabase, type TestDialect } from '../store/store-test-databases';
import { newRequest } from '../store/store-fixtures';

const dialects: [TestDialect][] = [['sqlite'], ['postgres']];
const TENANT = 't-history';
const OWNER = 'owner-1';
const utc = (s: string) => new Date(`${s}Z`);
const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'] as const;
const standard = (id: string, category: string | null, firstResponseTargetMinutes: number): ServiceStandard => ({
  id, name: id, category, priority: null, firstResponseTargetMinutes, resolutionTargetMinutes: 4800,
});

describe.each(dialects)('team settings history on %s', (dialect) => {
  let testDb: TestDatabase;
  let stores: DatabaseStores;
  let nowMs = 0;
  const clock = { now: () => new Date(nowMs) };
  let directory: DirectoryService;
  const owner = { tenantId: TENANT, userId: OWNER };

  beforeAll(async () => {
    testDb = await createTestDatabase(dialect);
    stores = await testDb.open();
    directory = new DirectoryService({ stores, clock, source: null });
  });
  afterAll(async () => {
    await testDb?.dispose();
  });

  /** A team the owner owns and `assignee` belongs to, with these settings. */
  async function team(id: string, assignee: string, settings: Partial<TeamSettingsRecord>): Promise<void> {
    await stores.directory.upsertTeam(TENANT, { id, tenantId: TENANT, displayName: id, refreshedAt: new Date(nowMs) }, [
      { teamId: id, personId: OWNER, role: 'owner' },
      { teamId: id, personId: assignee, role: 'member' },
    ]);
    await stores.teamSettings.put({ ...defaultTeamSettings(TENANT, id, new Date(nowMs)), categories: ['Pay', 'Quick', 'Other'], ...settings });
  }

  /** Tracks a scripted request at the current instant, with its due time computed as tracking does. */
  async function track(key: string, assigneeId: string, teamId: string, category: string | null, receivedAt: Date): Promise<RequestRecord> {
    const input = newRequest({ tenantId: TENANT, sourceMessageId: key, assigneeId, teamId, category, receivedAt, dueAt: null });
    const now = new Date(nowMs);
    const draft: RequestRecord = { ...newRequest(), ...input, id: '', createdAt: now, updatedAt: now, firstResponseBreachRecorded: false, resolutionBreachRecorded: false } as RequestRecord;
    input.dueAt = nextDueAt(draft, contextFor(await loadClockContexts(stores, TENANT, [draft], now), draft), now);
    return (await stores.requests.track(TENANT, input, { type: 'tracked', actorId: assigneeId, at: now, data: null })).request;
  }

  async function queue(assignee: string) {
    return getQueue({ stores, clock, directory }, { tenantId: TENANT, userId: assignee }, 'open');
  }

  it('a team calendar change recomputes stored due times with history kept, so the queue takes the new order', async () => {
    const P = 'person-order';
    nowMs = utc('2025-03-03T09:00:00').getTime();
    // T1 works one hour a day (09:00–10:00), T2 a full day (09:00–17:00)
    await team('T1', P, { calendar: { timeZone: 'UTC', windows: [{ days: [...WEEKDAYS], start: '09:00', end: '10:00' }] }, standards: [standard('d', null, 240)] });
    await team('T2', P, { standards: [standard('pay', 'Pay', 180), standard('quick', 'Quick', 30)] });
    // A (T1, 4 working hours) tracked Monday 09:00: Mon, Tue, Wed, Thu one hour each → due Thu 10:00
    const a = await track('A', P, 'T1', null, utc('2025-03-03T09:00:00'));
    expect(a.dueAt).toEqual(utc('2025-03-06T10:00:00'));
    nowMs = utc('2025-03-05T09:00:00').getTime();
    const b = await track('B', P, 'T2', 'Pay', utc('2025-03-05T09:00:00')); // 3 h → Wed 12:00
    const c = await track('C', P, 'T2', 'Quick', utc('2025-03-05T09:00:00')); // 30 min → Wed 09:30
    expect((await queue(P)).requests.map((r) => r.id)).toEqual([c.id, b.id, a.id]);

    // Wednesday 09:00: T1 moves to full days. A used Mon + Tue under the old hours (2 h of 4), so the 2 h left run
    // under the new ones: due Wed 11:00, between C (09:30) and B (12:00). Evaluating the past with the new hours would
    // make A 16 h used, breached since Monday 13:00, and first in the queue.
    const settings = toTeamSettingsDto((await stores.teamSettings.get(TENANT, 'T1'))!);
    const { teamId: _t, ...body } = settings;
    const saved = await putTeamSettings({ stores, clock, directory }, owner, 'T1', { ...body, calendar: { timeZone: 'UTC', windows: [{ days: [...WEEKDAYS], start: '09:00', end: '17:00' }] } });
    expect(saved.outcome).toEqual({ appliesFrom: '2025-03-05T09:00:00.000Z', standardsChanged: false, dueTimes: { recomputed: 1, changed: 1 }, pastHolidaysKept: [], pastHolidaysNotAdded: [] });
    expect((await stores.requests.get(TENANT, a.id))!.dueAt).toEqual(utc('2025-03-05T11:00:00'));
    const after = await queue(P);
    expect(after.requests.map((r) => r.id)).toEqual([c.id, a.id, b.id]);
    expect(after.requests.find((r) => r.id === a.id)!.clocks.firstResponse).toMatchObject({ status: 'onTrack', usedMinutes: 120, dueAt: '2025-03-05T11:00:00.000Z' });
    // the stored calendar keeps the old hours until the change
    expect((await stores.teamSettings.get(TENANT, 'T1'))!.calendar.pastPatterns).toEqual([
      { until: utc('2025-03-05T09:00:00'), timeZone: 'UTC', windows: [{ days: [...WEEKDAYS], start: '09:00', end: '10:00' }] },
    ]);

    // saving again without a calendar change recomputes nothing and says so
    const again = await putTeamSettings({ stores, clock, directory }, owner, 'T1', { ...body, calendar: saved.calendar, privacy: { minGroupSize: 6, individualView: false } });
    expect(again.outcome.dueTimes).toBeNull();
  });

  it('changed standards apply to requests tracked after the save; requests tracked before keep their targets', async () => {
    const P = 'person-standards';
    nowMs = utc('2025-03-03T09:00:00').getTime();
    await team('T-std', P, { standards: [standard('quick', 'Quick', 30), standard('d', null, 240)] });
    const before = await track('S1', P, 'T-std', 'Quick', utc('2025-03-03T09:00:00')); // 30 min → 09:30
    nowMs = utc('2025-03-03T09:10:00').getTime();
    const { teamId: _t, ...body } = toTeamSettingsDto((await stores.teamSettings.get(TENANT, 'T-std'))!);
    const saved = await putTeamSettings({ stores, clock, directory }, owner, 'T-std', { ...body, standards: [standard('quick', 'Quick', 120), standard('d', null, 240)] });
    expect(saved.outcome).toMatchObject({ standardsChanged: true, dueTimes: null });

    nowMs = utc('2025-03-03T09:20:00').getTime();
    const later = await track('S2', P, 'T-std', 'Quick', utc('2025-03-03T09:15:00')); // 120 min → 11:15
    const shown = (await queue(P)).requests;
    // the request tracked before the save keeps 30 minutes: due 09:30, as stored; the one tracked after gets 120
    expect(shown.find((r) => r.id === before.id)!.clocks.firstResponse).toMatchObject({ targetMinutes: 30, dueAt: '2025-03-03T09:30:00.000Z' });
    expect((await stores.requests.get(TENANT, before.id))!.dueAt).toEqual(utc('2025-03-03T09:30:00'));
    expect(shown.find((r) => r.id === later.id)!.clocks.firstResponse).toMatchObject({ targetMinutes: 120, dueAt: '2025-03-03T11:15:00.000Z' });
    expect((await stores.teamSettings.get(TENANT, 'T-std'))!.pastStandards).toEqual([
      { until: utc('2025-03-03T09:10:00'), standards: [standard('quick', 'Quick', 30), standard('d', null, 240)] },
    ]);
  });

  it('a past holiday removed in the editor is kept (and a past one added is not applied): past clocks do not change', async () => {
    const P = 'person-holidays';
    nowMs = utc('2025-03-03T09:00:00').getTime();
    await team('T-hol', P, { holidays: ['2025-03-04', '2025-03-12'], standards: [standard('d', null, 2400)] });
    const r = await track('H1', P, 'T-hol', null, utc('2025-03-03T09:00:00'));
    nowMs = utc('2025-03-05T09:00:00').getTime();
    const used = async () => (await queue(P)).requests.find((x) => x.id === r.id)!.clocks.firstResponse.usedMinutes;
    expect(await used()).toBe(480); // Monday only: Tuesday 4 March is a holiday

    // the owner drops every holiday and adds Monday 3 March (past) and Friday 7 March (future)
    const { teamId: _t, ...body } = toTeamSettingsDto((await stores.teamSettings.get(TENANT, 'T-hol'))!);
    const saved = await putTeamSettings({ stores, clock, directory }, owner, 'T-hol', { ...body, holidays: ['2025-03-03', '2025-03-07'] });
    expect(saved.holidays).toEqual(['2025-03-04', '2025-03-07']);
    expect(saved.outcome).toMatchObject({ pastHolidaysKept: ['2025-03-04'], pastHolidaysNotAdded: ['2025-03-03'], dueTimes: { recomputed: 1, changed: 1 } });
    expect(await used()).toBe(480); // still Monday only
    // the future changed: 2400 min = 40 h: Mon 8 + Wed–Thu 16 + (Fri a holiday now, 12 March no longer) Mon, Tue 16
    expect((await stores.requests.get(TENANT, r.id))!.dueAt).toEqual(utc('2025-03-11T17:00:00'));
  });
});
