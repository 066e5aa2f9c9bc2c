/**
 * Issue 17 items 5, 10 and 11 through the use cases, on real SQLite and PostgreSQL:
 * - reopen: the first-response clock a resolve stopped stays stopped (met), the resolution clock resumes without the
 *   time spent resolved, the request counts its reopens, and undo puts all of it back;
 * - weeks of the figures run in the team calendar's time zone;
 * - breach events are written once by the recorder, even with two server instances running it at once, at the instant
 *   of the breach, and never for clocks within their target.
 *
 * Working time: the default team calendar (UTC, Monday–Friday 09:00–17:00), targets 240 / 960 working minutes.
 */
import { applyRequestAction } from '../../../src/app/request-actions';
import { requestHistory } from '../../../src/app/request-history';
import { recordDueBreaches } from '../../../src/app/breach-recorder';
import { DirectoryService } from '../../../src/app/directory-service';
import { getDashboard } from '../../../src/app/dashboard';
import { getOwnStats } from '../../../src/app/stats';
import { defaultTeamSettings } from '../../../src/app/team-settings';
import { undoRequestChange } from '../../../src/app/undo-request-change';
import type { NewRequest, RequestRecord } from '../../../src/app/records';
import type { RequestView } from '../../../src/app/views/request-views';
import type { DatabaseStores } from '../../../src/store/open-stores';
import { createTestDatabase, type TestDatabase, type TestDialect } from '../store/store-test-databases';

const TENANT = 'tenant-h2';
const ME = 'me';
const user = { tenantId: TENANT, userId: ME };
const d = (iso: string) => new Date(iso);

describe.each([['sqlite'], ['postgres']] as [TestDialect][])('reopen, weeks and breach events on %s', (dialect) => {
  let testDb: TestDatabase;
  let stores: DatabaseStores;
  let now = d('2024-01-15T09:00:00Z');
  const clock = { now: () => now };
  let deps: { stores: DatabaseStores; clock: typeof clock; directory: DirectoryService };
  let n = 0;

  beforeAll(async () => {
    testDb = await createTestDatabase(dialect);
    stores = await testDb.open();
    deps = { stores, clock, directory: new DirectoryService({ stores, clock, source: null }) };
  });
  afterAll(async () => {
    await testDb?.dispose();
  });

  /** Tracks a request received Monday 15 January 2024 09:00 UTC (first response due 13:00, resolution Tue 17:00). */
  async function track(over: Partial<NewRequest> = {}): Promise<RequestRecord> {
    n += 1;
    const input: NewRequest = {
      tenantId: TENANT, source: 'email', sourceMessageId: `h2-${n}`, conversationId: `c-${n}`, chatId: null, threadId: null, webLink: null,
      requesterId: 'colleague', assigneeId: ME, teamId: null, subject: `Request ${n}`, preview: '', category: null, priority: 'normal', note: null,
      colleagueOverride: false, receivedAt: d('2024-01-15T09:00:00Z'), firstResponseAt: null, firstResponseSource: null, resolvedAt: null,
      waitingPeriods: [], status: 'open', dueAt: d('2024-01-15T13:00:00Z'), ...over,
    };
    return (await stores.requests.track(TENANT, input, { type: 'tracked', actorId: ME, at: input.receivedAt, data: null })).request;
  }
  const act = async (id: string, action: 'resolve' | 'reopen', at: string) => {
    now = d(at);
    return (await applyRequestAction(deps, user, id, { action })) as RequestView;
  };

  describe('reopen (DESIGN.md "Reopen")', () => {
    it('after a resolve without a reply, the first-response clock stays stopped and met; the resolved gap does not count', async () => {
      const r = await track();
      await act(r.id, 'resolve', '2024-01-15T10:00:00Z'); // handled by phone: no reply
      const reopened = await act(r.id, 'reopen', '2024-01-16T09:00:00Z');
      expect(reopened.reopenCount).toBe(1);
      expect(reopened.clocks.firstResponse).toMatchObject({ status: 'met', stoppedAt: '2024-01-15T10:00:00.000Z', usedMinutes: 60 });
      // The stored due time follows the running clock: resolution, 900 minutes left from Tue 09:00 → Wed 16:00.
      expect((await stores.requests.get(TENANT, r.id))?.dueAt).toEqual(d('2024-01-17T16:00:00Z'));

      now = d('2024-01-16T15:00:00Z');
      const later = (await applyRequestAction(deps, user, r.id, { action: 'update', note: 'called back' })) as RequestView;
      expect(later.clocks.firstResponse.status).toBe('met'); // on the old code: breached (the clock ran again from Mon 10:00)
      expect(later.clocks.resolution).toMatchObject({ status: 'onTrack', usedMinutes: 420 }); // Mon 09–10 + Tue 09–15
      const types = (await stores.requests.listEvents(TENANT, r.id)).map((e) => e.type);
      expect(types).toEqual(['tracked', 'resolved', 'reopened', 'updated']);

      // A reply marked after the reopen does not stop the clock again, and its history entry claims no duration.
      now = d('2024-01-16T15:30:00Z');
      const responded = (await applyRequestAction(deps, user, r.id, { action: 'respond' })) as RequestView;
      expect(responded.clocks.firstResponse).toMatchObject({ status: 'met', stoppedAt: '2024-01-15T10:00:00.000Z' });
      const history = await requestHistory(deps, user, r.id);
      expect(history.events.find((e) => e.type === 'responded')).toMatchObject({ at: '2024-01-16T15:30:00.000Z', workingMinutes: null, clockStatus: null });
    });

    it('counts every reopen; undo of a reopen puts back the resolve and the count, undo of the first resolve forgets it', async () => {
      const r = await track();
      const resolved = await act(r.id, 'resolve', '2024-01-15T10:00:00Z');
      const reopened = await act(r.id, 'reopen', '2024-01-15T11:00:00Z');
      now = d('2024-01-15T11:05:00Z');
      const undone = await undoRequestChange(deps, user, r.id, reopened.undo!.eventId);
      expect(undone).toMatchObject({ status: 'resolved', resolvedAt: '2024-01-15T10:00:00.000Z', reopenCount: 0 });
      expect(await stores.requests.get(TENANT, r.id)).toMatchObject({ firstResolvedAt: d('2024-01-15T10:00:00Z'), reopenCount: 0 });

      await act(r.id, 'reopen', '2024-01-15T12:00:00Z');
      await act(r.id, 'resolve', '2024-01-15T12:30:00Z');
      const twice = await act(r.id, 'reopen', '2024-01-15T13:00:00Z');
      expect(twice.reopenCount).toBe(2);
      expect(twice.clocks.firstResponse.stoppedAt).toBe('2024-01-15T10:00:00.000Z'); // the first resolve, not 12:30

      const other = await track();
      const first = await act(other.id, 'resolve', '2024-01-15T10:00:00Z');
      now = d('2024-01-15T10:01:00Z');
      const back = await undoRequestChange(deps, user, other.id, first.undo!.eventId);
      expect(back.status).toBe('open');
      expect(await stores.requests.get(TENANT, other.id)).toMatchObject({ firstResolvedAt: null, resolvedAt: null });
      now = d('2024-01-15T14:00:00Z');
      const running = (await applyRequestAction(deps, user, other.id, { action: 'update', note: 'x' })) as RequestView;
      expect(running.clocks.firstResponse).toMatchObject({ status: 'breached', stoppedAt: null }); // the mis-click did not stop it
      expect(resolved.status).toBe('resolved');
    });
  });

  describe('weeks in the team calendar\'s time zone', () => {
    it('a request received Sunday 23:30 UTC counts in the Monday week of a Berlin team (Monday 00:30 there)', async () => {
      now = d('2025-03-12T12:00:00Z');
      const team = 'team-berlin';
      await stores.directory.upsertTeam(TENANT, { id: team, tenantId: TENANT, displayName: 'Berlin', refreshedAt: now }, [{ teamId: team, personId: ME, role: 'owner' }]);
      const settings = defaultTeamSettings(TENANT, team, now);
      await stores.teamSettings.put({ ...settings, calendar: { ...settings.calendar, timeZone: 'Europe/Berlin' }, minGroupSize: 1 });
      await track({ teamId: team, receivedAt: d('2025-03-02T23:30:00Z'), dueAt: null });
      const dashboard = await getDashboard(deps, user, team, 30);
      expect(dashboard.weeksTimeZone).toBe('Europe/Berlin');
      const weeks = dashboard.weekly.filter((w) => w.received > 0);
      expect(weeks.map((w) => [w.weekOf, w.weekStart, w.received])).toEqual([['2025-03-03', '2025-03-02T23:00:00.000Z', 1]]);
    });

    it('my stats run my weeks in the zone of my own working calendar', async () => {
      now = d('2025-03-12T12:00:00Z');
      const ny = 'in-new-york';
      await stores.directory.upsertPeople(TENANT, [{
        id: ny, tenantId: TENANT, displayName: 'NY', mail: 'ny@h2.test', userPrincipalName: 'ny@h2.test', department: null, managerId: null, refreshedAt: now,
        calendar: { timeZone: 'America/New_York', windows: [{ days: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'], start: '09:00', end: '17:00' }] },
      }]);
      await track({ assigneeId: ny, receivedAt: d('2025-03-02T23:30:00Z'), dueAt: null });
      const stats = await getOwnStats(deps, { tenantId: TENANT, userId: ny }, 30);
      expect(stats.weeksTimeZone).toBe('America/New_York');
      // Monday 00:00 EST = 05:00 UTC; the Sunday 23:30 UTC request is Sunday 18:30 in New York: the week of 24 February
      expect(stats.weekly.find((w) => w.weekOf === '2025-02-24')).toMatchObject({ weekStart: '2025-02-24T05:00:00.000Z', received: 1 });
    });
  });

  describe('breach events', () => {
    // A database of their own: the requests above would breach too.
    let breachDb: TestDatabase;
    beforeAll(async () => {
      breachDb = await createTestDatabase(dialect);
      stores = await breachDb.open();
      deps = { stores, clock, directory: new DirectoryService({ stores, clock, source: null }) };
    });
    afterAll(async () => {
      await breachDb?.dispose();
    });
    const breachEvents = async (id: string) => (await stores.requests.listEvents(TENANT, id)).filter((e) => e.type === 'breach');

    it('are written once, at the instant of the breach, with two instances recording at once', async () => {
      const second = await breachDb.secondServer(stores);
      const unanswered = await Promise.all(Array.from({ length: 12 }, () => track()));
      const answered = await track({ firstResponseAt: d('2024-01-15T10:00:00Z'), firstResponseSource: 'email', dueAt: d('2024-01-16T17:00:00Z') });
      const done = await track({
        firstResponseAt: d('2024-01-15T10:00:00Z'), firstResponseSource: 'email', resolvedAt: d('2024-01-15T11:00:00Z'), status: 'resolved', dueAt: null,
      });
      // Resolved by phone at 14:00 with no reply, before any recorder ran: its first response was missed at 13:00.
      const lateResolved = await track();
      await act(lateResolved.id, 'resolve', '2024-01-15T14:00:00Z');

      now = d('2024-01-15T14:05:00Z');
      const runs = await Promise.all([recordDueBreaches(stores, now), recordDueBreaches(second, now)]);
      expect(runs[0].written + runs[1].written).toBe(13); // 12 unanswered + the one resolved late
      for (const r of [...unanswered, lateResolved]) {
        const events = await breachEvents(r.id);
        expect(events).toEqual([expect.objectContaining({
          actorId: 'system', at: d('2024-01-15T13:00:00Z'), data: { clock: 'firstResponse', dueAt: '2024-01-15T13:00:00.000Z' },
        })]);
      }
      expect(await breachEvents(answered.id)).toEqual([]); // met, resolution on track
      expect(await breachEvents(done.id)).toEqual([]);

      // Again at once: nothing new. The resolution targets are used up Tuesday 17:00 — passed only when work resumes,
      // Wednesday 09:00 — and then each is written once, dated Tuesday 17:00.
      const again = await Promise.all([recordDueBreaches(stores, now), recordDueBreaches(second, now)]);
      expect(again[0].written + again[1].written).toBe(0);
      now = d('2024-01-16T23:00:00Z');
      const night = await Promise.all([recordDueBreaches(stores, now), recordDueBreaches(second, now)]);
      expect(night[0].written + night[1].written).toBe(0);
      now = d('2024-01-17T09:01:00Z');
      const wednesday = await Promise.all([recordDueBreaches(stores, now), recordDueBreaches(second, now)]);
      expect(wednesday[0].written + wednesday[1].written).toBe(13); // 12 unanswered + the answered one still open
      expect((await breachEvents(answered.id)).map((e) => [e.data?.clock, e.at.toISOString()])).toEqual([['resolution', '2024-01-16T17:00:00.000Z']]);
      for (const r of unanswered) expect((await breachEvents(r.id)).map((e) => e.data?.clock)).toEqual(['firstResponse', 'resolution']);
      expect(await breachEvents(lateResolved.id)).toHaveLength(1); // resolved within the resolution target
      expect(await stores.requests.get(TENANT, unanswered[0]!.id)).toMatchObject({ firstResponseBreachRecorded: true, resolutionBreachRecorded: true });
      const nothingLeft = await recordDueBreaches(stores, d('2024-02-01T00:00:00Z'));
      expect(nothingLeft.written).toBe(0);
    });

    it('are not written for a request whose clocks are within their targets, however often the recorder runs', async () => {
      const onTrack = await track({ receivedAt: d('2024-03-04T09:00:00Z'), dueAt: d('2024-03-04T13:00:00Z') });
      for (const at of ['2024-03-04T10:00:00Z', '2024-03-04T12:59:00Z', '2024-03-04T13:00:00Z']) await recordDueBreaches(stores, d(at));
      expect(await breachEvents(onTrack.id)).toEqual([]);
    });
  });
});
