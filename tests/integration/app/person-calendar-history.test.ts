/**
 * A person's calendar is history (issue 17 items 6 and 7): the sync reads Outlook's mailboxSettings (working hours and
 * the current or next scheduled out-of-office, nothing older) and merges it into the stored calendar, so an absence
 * that ended still counts as closed for the past and changed working hours count from the change on; the stored due
 * times of the person's open requests are recomputed when their calendar changes, so the queue takes the new order.
 * The dev tenant (real Graph client over HTTPS), the real SyncService and calendarFromGraph, SQLite.
 * 17 March 2025 is a Monday; the person works Monday–Friday 09:00–17:00 UTC.
 */
import type { UserContext } from '../../../src/app/m365-ports';
import type { RequestRecord } from '../../../src/app/records';
import { DirectoryService } from '../../../src/app/directory-service';
import { getQueue } from '../../../src/app/queue';
import { contextFor, loadClockContexts, nextDueAt, requestClocks } from '../../../src/app/request-view';
import { defaultTeamSettings } from '../../../src/app/team-settings';
import { SyncService } from '../../../src/app/sync/sync-service';
import { calendarFromGraph, type GraphMailboxSettings } from '../../../src/domain/calendar-from-graph';
import type { DemoUser } from '../../../src/devtenant/demo-organization';
import { newRequest } from '../store/store-fixtures';
import { startSyncHarness, type SyncHarness } from './sync/sync-harness';

const utc = (s: string) => new Date(`${s}Z`);
const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'];

describe('a person’s calendar read again at sync', () => {
  let h: SyncHarness;
  let sync: SyncService;
  let person: DemoUser;
  let user: UserContext;
  let a: RequestRecord;
  let b: RequestRecord;
  const clock = { now: () => h.tenant.clock.now() };

  beforeAll(async () => {
    h = await startSyncHarness();
    person = h.tenant.org.users[1]!;
    Object.assign(person, { timeZoneName: 'UTC', ianaZone: 'UTC', workingDays: [...WEEKDAYS], workStartMinute: 9 * 60, workEndMinute: 17 * 60, outOfOffice: [], workingHoursChanges: [] });
    user = h.userOf(person.id);
    sync = new SyncService({
      stores: h.stores, mail: h.mail, chats: h.chats, directory: h.directory, domains: h.domains, clock, owner: 'calendar-test',
      calendarFromMailboxSettings: (settings) => calendarFromGraph(settings as GraphMailboxSettings), calendarRefreshMs: 0,
    });
    const tenantId = user.tenantId;
    // Two teams the person's requests belong to: T1 keeps Thursday 20 March as a holiday; first response in 10 h
    // (T1) and 12 h (T2)
    const target = (minutes: number) => [{ id: 'd', name: 'Default', category: null, priority: null, firstResponseTargetMinutes: minutes, resolutionTargetMinutes: 9600 }];
    await h.stores.teamSettings.put({ ...defaultTeamSettings(tenantId, 'cal-T1', clock.now()), holidays: ['2025-03-20'], standards: target(600) });
    await h.stores.teamSettings.put({ ...defaultTeamSettings(tenantId, 'cal-T2', clock.now()), standards: target(720) });
    h.tenant.clock.set(utc('2025-03-17T08:00:00'));
    await sync.syncPerson(user); // the person's calendar is known before anything is tracked
  });
  afterAll(async () => {
    await h?.close();
  });

  async function track(key: string, teamId: string): Promise<RequestRecord> {
    const now = clock.now();
    const input = newRequest({ tenantId: user.tenantId, sourceMessageId: key, conversationId: null, assigneeId: person.id, teamId, category: null, receivedAt: utc('2025-03-17T09:00:00'), dueAt: null });
    const draft = { ...input, id: '', createdAt: now, updatedAt: now, firstResponseBreachRecorded: false, resolutionBreachRecorded: false } as RequestRecord;
    input.dueAt = nextDueAt(draft, contextFor(await loadClockContexts(h.stores, user.tenantId, [draft], now), draft), now);
    return (await h.stores.requests.track(user.tenantId, input, { type: 'tracked', actorId: person.id, at: now, data: null })).request;
  }

  const queueIds = async () => (await getQueue({ stores: h.stores, clock, directory: new DirectoryService({ stores: h.stores, clock, source: null }) }, user, 'open')).requests.map((r) => r.id);

  /** Working minutes used on a request's first-response clock at `at`, as every surface evaluates them. */
  async function usedAt(r: RequestRecord, at: Date): Promise<number> {
    const record = (await h.stores.requests.get(user.tenantId, r.id))!;
    return requestClocks(record, contextFor(await loadClockContexts(h.stores, user.tenantId, [record], at), record), at).firstResponse.usedMinutes;
  }

  it('an out-of-office announced later recomputes the stored due times of the person’s open requests: the queue takes the new order', async () => {
    h.tenant.clock.set(utc('2025-03-17T09:00:00'));
    a = await track('cal-A', 'cal-T1'); // 10 h: Mon 8 h + Tue 2 h → Tue 11:00
    b = await track('cal-B', 'cal-T2'); // 12 h: Mon 8 h + Tue 4 h → Tue 13:00
    expect([a.dueAt, b.dueAt]).toEqual([utc('2025-03-18T11:00:00'), utc('2025-03-18T13:00:00')]);
    expect(await queueIds()).toEqual([a.id, b.id]);

    // Monday 10:00: the person schedules automatic replies for Tuesday and Wednesday
    person.outOfOffice = [{ startMs: utc('2025-03-18T00:00:00').getTime(), endMs: utc('2025-03-20T00:00:00').getTime() }];
    h.tenant.clock.set(utc('2025-03-17T10:00:00'));
    await sync.syncPerson(user);
    // A: Mon 8 h, Tue–Wed out, Thu T1's holiday, Fri 2 h → Fri 11:00. B: Mon 8 h, Thu 4 h → Thu 13:00.
    expect((await h.stores.requests.get(user.tenantId, a.id))!.dueAt).toEqual(utc('2025-03-21T11:00:00'));
    expect((await h.stores.requests.get(user.tenantId, b.id))!.dueAt).toEqual(utc('2025-03-20T13:00:00'));
    expect(await queueIds()).toEqual([b.id, a.id]);
  });

  it('an out-of-office that ended (mailboxSettings says "disabled") still counts as closed for the past', async () => {
    h.tenant.clock.set(utc('2025-03-21T12:00:00'));
    await sync.syncPerson(user);
    const stored = (await h.stores.directory.getPerson(user.tenantId, person.id))!.calendar!;
    expect(stored.closed).toEqual([{ from: utc('2025-03-18T00:00:00'), to: utc('2025-03-20T00:00:00') }]);
    // B at Friday 12:00: Mon 8 h + Thu 8 h + Fri 3 h = 19 h, not 35 h with Tuesday and Wednesday counted again
    expect(await usedAt(b, utc('2025-03-21T12:00:00'))).toBe(19 * 60);
  });

  it('working hours changed mid-period count the old hours before the change and the new ones after', async () => {
    person.workStartMinute = 13 * 60; // from Friday 12:30: 13:00–17:00
    h.tenant.clock.set(utc('2025-03-21T12:30:00'));
    await sync.syncPerson(user);
    const stored = (await h.stores.directory.getPerson(user.tenantId, person.id))!.calendar!;
    expect(stored.windows).toEqual([{ days: WEEKDAYS, start: '13:00', end: '17:00' }]);
    expect(stored.pastPatterns?.map((p) => p.windows)).toEqual([[{ days: WEEKDAYS, start: '09:00', end: '17:00' }]]);
    // B at Monday 24 March 14:00: Mon 17 8 h + Thu 8 h + Fri 09:00–12:30 (old hours, 3.5 h) + Fri 13:00–17:00 (new, 4 h)
    // + Mon 24 13:00–14:00 (1 h) = 24.5 h; the sync's instant is the simulated clock's, a few ms after 12:30
    expect(Math.round(await usedAt(b, utc('2025-03-24T14:00:00')))).toBe(24.5 * 60);
  });
});
