/**
 * Warnings and digests (issue 20) end to end on the dev tenant's simulated clock, SQLite and PostgreSQL: the
 * dispatcher reads the due warning checks from the store, sends through GraphActivityFeedSource (application token,
 * the real client pool and its Retry-After handling) to the Graph simulator's activity feed, and what each person
 * received is read back from `GET /dev/activity`.
 *
 * One timeline per database, always moving forward, in the assignees' zone America/New_York (EDT, UTC−4, in March
 * 2025 after the 9th), on a 09:00–17:00 Monday–Friday calendar, default standard (first response 240 min, resolution
 * 960 min). A request received Tue 11 Mar 09:00 (13:00Z):
 * - first response at risk after 180 working min = Tue 12:00 (16:00Z); breached just after 240 = Tue 13:00:00.001;
 * - resolution at risk after 720 = Tue 8 h (09–17) + Wed 4 h = Wed 13:00 (17:00Z); due after 960 = Wed 17:00.
 * Received at 10:00, each instant is an hour later (first response at risk 13:00, breached 14:00:00.001); received at
 * 13:30, first response at risk 16:30.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import type { ActivityNotification } from '../../../src/app/m365-ports';
import type { NewRequest, PersonRecord, RequestRecord } from '../../../src/app/records';
import { dispatchDueDigests, DigestSchedule } from '../../../src/app/warnings/digest-dispatcher';
import { dispatchDueWarnings } from '../../../src/app/warnings/warning-dispatcher';
import { activityControlRoutes, type ActivityEntryJson } from '../../../src/devtenant/activity-control-routes';
import type { DemoUser } from '../../../src/devtenant/demo-organization';
import { startDevTenant, type LocalDevTenant } from '../../../src/devtenant/dev-tenant';
import { defaultTeamSettings } from '../../../src/app/team-settings';
import type { WorkingCalendar } from '../../../src/domain/working-time';
import { GraphActivityFeedSource } from '../../../src/graph/graph-activity-feed-source';
import { graphAccessTokensFor } from '../../../src/graph/graph-access-tokens';
import { GraphClientPool } from '../../../src/graph/graph-client-pool';
import type { DatabaseStores } from '../../../src/store/open-stores';
import { createTestDatabase, type TestDatabase, type TestDialect } from '../store/store-test-databases';

const TEAMS_APP_ID = '3c9e5a71-0d2b-4f6e-8a14-6b7c8d9e0f12';
const SINGLE = 'POST /users/{id}/teamwork/sendActivityNotification';
const NEW_YORK: WorkingCalendar = {
  timeZone: 'America/New_York',
  windows: [{ days: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'], start: '09:00', end: '17:00' }],
};
/** Instants on the timeline (UTC; New York local time in the names). */
const TUE_0900 = new Date('2025-03-11T13:00:00Z');
const TUE_1000 = new Date('2025-03-11T14:00:00Z');
const TUE_1210 = new Date('2025-03-11T16:10:00Z');
const TUE_1220 = new Date('2025-03-11T16:20:00Z');
const TUE_1300_BREACH = new Date('2025-03-11T17:00:00.001Z');
const TUE_1305 = new Date('2025-03-11T17:05:00Z');
const TUE_1310 = new Date('2025-03-11T17:10:00Z');
const TUE_1330 = new Date('2025-03-11T17:30:00Z');
const TUE_1405 = new Date('2025-03-11T18:05:00Z');
const TUE_1635 = new Date('2025-03-11T20:35:00Z');
const TUE_2200 = new Date('2025-03-12T02:00:00Z');
const WED_0900 = new Date('2025-03-12T13:00:00Z');
const WED_0900_30 = new Date('2025-03-12T13:00:30Z');
const WED_0905 = new Date('2025-03-12T13:05:00Z');
const WED_1300 = new Date('2025-03-12T17:00:00Z');
const WED_1600_10 = new Date('2025-03-12T20:00:10Z');
const THU_0900_30 = new Date('2025-03-13T13:00:30Z');

let tenant: LocalDevTenant;
let pool: GraphClientPool;
let feed: GraphActivityFeedSource;
let control: FastifyInstance;
let installed: DemoUser[];
let withoutApp: DemoUser;

beforeAll(async () => {
  tenant = await startDevTenant({ seed: 20, now: TUE_0900, people: 30, days: 2 });
  const c = tenant.authority.demoClient;
  const tokens = graphAccessTokensFor(
    { clientId: c.clientId, tenantId: tenant.org.tenantId, clientSecret: c.clientSecret, clientCertificate: null, authorityHost: tenant.authority.authorityHost, authorityCaPem: tenant.certificatePem },
    'application',
    () => tenant.clock.nowMs(),
  );
  pool = new GraphClientPool({ baseUrl: tenant.graphBaseUrl, caPem: tenant.certificatePem, tokens, backoff: { baseDelayMs: 10, maxRetries: 3 } });
  feed = new GraphActivityFeedSource(pool);
  control = Fastify();
  await control.register(activityControlRoutes, { devTenant: tenant });
  installed = tenant.org.users.filter((u) => u.userType === 'Member' && tenant.org.teamsAppInstalledFor(u.id));
  withoutApp = tenant.org.users.find((u) => u.userType === 'Member' && !tenant.org.teamsAppInstalledFor(u.id)) as DemoUser;
  expect(installed.length).toBeGreaterThanOrEqual(16);
  expect(withoutApp).toBeDefined();
});
afterAll(async () => {
  await control?.close();
  await pool?.close();
  await tenant?.stop();
});

/** What `GET /dev/activity` lists for the person, newest first. */
async function activityOf(user: DemoUser): Promise<ActivityEntryJson[]> {
  const res = await control.inject({ method: 'GET', url: `/dev/activity?upn=${encodeURIComponent(user.userPrincipalName)}` });
  expect(res.statusCode).toBe(200);
  return (res.json() as { value: ActivityEntryJson[] }).value;
}

/** Entries the person received since `before` (a list read earlier). */
async function receivedSince(user: DemoUser, before: readonly ActivityEntryJson[]): Promise<ActivityEntryJson[]> {
  const seen = new Set(before.map((a) => a.id));
  return (await activityOf(user)).filter((a) => !seen.has(a.id));
}

describe.each([['sqlite'], ['postgres']] as [TestDialect][])('warnings and digests on %s', (dialect) => {
  let testDb: TestDatabase;
  let stores: DatabaseStores;
  const tenantId = (): string => tenant.org.tenantId;
  // People of this run: each test its own, so their feeds tell its story.
  const u = (i: number): DemoUser => installed[i] as DemoUser;
  const requester = (): DemoUser => u(15);
  const errors: unknown[] = [];
  const deps = (s: DatabaseStores = stores) => ({ stores: s, feed, teamsAppId: TEAMS_APP_ID, onError: (e: unknown) => void errors.push(e) });
  const schedule = new DigestSchedule();
  const at = async (now: Date): Promise<void> => tenant.clock.set(now);

  async function track(assignee: DemoUser, tag: string, receivedAt = TUE_0900): Promise<RequestRecord> {
    const input: NewRequest = {
      tenantId: tenantId(), source: 'email', sourceMessageId: `${dialect}-${tag}`, conversationId: `c-${tag}`, chatId: null, threadId: null, webLink: null,
      requesterId: requester().id, assigneeId: assignee.id, teamId: null, subject: `Subject ${tag}`, preview: '', category: null, priority: 'normal', note: null,
      colleagueOverride: false, receivedAt, firstResponseAt: null, firstResponseSource: null, resolvedAt: null, waitingPeriods: [], status: 'open', dueAt: null,
    };
    return (await stores.requests.track(tenantId(), input, { type: 'tracked', actorId: assignee.id, at: receivedAt, data: null })).request;
  }
  const warningsOf = async (r: RequestRecord) =>
    (await stores.clockWarnings.listWarnings(tenantId(), [r.id])).map((w) => `${w.clock}:${w.kind}:${w.status}`).sort();

  beforeAll(async () => {
    testDb = await createTestDatabase(dialect);
    stores = await testDb.open();
    const person = (user: DemoUser, calendar: WorkingCalendar | null): PersonRecord => ({
      id: user.id, tenantId: tenantId(), displayName: user.displayName, mail: user.mail, userPrincipalName: user.userPrincipalName,
      department: null, managerId: null, calendar, refreshedAt: TUE_0900,
    });
    await stores.directory.upsertPeople(tenantId(), [...installed.map((user) => person(user, NEW_YORK)), person(withoutApp, NEW_YORK)]);
  });
  afterAll(async () => {
    await testDb?.dispose();
  });

  let a: RequestRecord;
  it('warns once per clock: two dispatchers at once on one database, then a restart, then the breach', async () => {
    a = await track(u(0), 'a');
    const before = await activityOf(u(0));
    const second = await testDb.secondServer(stores);
    await at(TUE_1210);
    const [one, two] = await Promise.all([dispatchDueWarnings(deps(), TUE_1210), dispatchDueWarnings(deps(second), TUE_1210)]);
    // Both looked (on SQLite they share one connection, so the second finds the check already moved): one sent.
    expect(one.sent + two.sent).toBe(1);
    let got = await receivedSince(u(0), before);
    expect(got.filter((g) => g.subEntityId === `request:${a.id}`).map((g) => g.type)).toEqual(['requestAtRisk']);
    expect(got[0]?.text).toBe(`Turnaround: ${requester().displayName}'s request is at risk, due Tue 13:00`);

    // A restart: a new Stores on the same database, looking again later the same hour — nothing new for A.
    const restarted = await testDb.open();
    await at(TUE_1220);
    await dispatchDueWarnings(deps(restarted), TUE_1220);
    got = await receivedSince(u(0), before);
    expect(got.filter((g) => g.subEntityId === `request:${a.id}`)).toHaveLength(1);
    // The next check is the breach instant, 13:00:00.001 local: not due 1 ms before, due at it.
    const dueIds = async (now: Date) => (await stores.clockWarnings.listWarningChecksDue(now, 1000)).map((d) => d.request.id);
    expect(await dueIds(new Date(TUE_1300_BREACH.getTime() - 1))).not.toContain(a.id);
    expect(await dueIds(TUE_1300_BREACH)).toContain(a.id);

    await at(TUE_1305);
    await Promise.all([dispatchDueWarnings(deps(restarted), TUE_1305), dispatchDueWarnings(deps(), TUE_1305)]);
    got = (await receivedSince(u(0), before)).filter((g) => g.subEntityId === `request:${a.id}`);
    expect(got.map((g) => g.type)).toEqual(['requestBreached', 'requestAtRisk']);
    // "Breached" replaces "at risk" in the feed: same chain.
    expect(got[0]?.chainId).toBe(got[1]?.chainId);
    expect(await warningsOf(a)).toEqual(['firstResponse:atRisk:sent', 'firstResponse:breached:sent']);
  });

  let c: RequestRecord;
  let d: RequestRecord;
  let e: RequestRecord;
  let f: RequestRecord;
  let g: RequestRecord;
  it('off gets nothing, digestOnly is held, a resolved request gets no warning, the app missing fails only that one', async () => {
    await stores.warningPreferences.put(tenantId(), u(2).id, 'off', TUE_0900);
    await stores.warningPreferences.put(tenantId(), u(3).id, 'digestOnly', TUE_0900);
    // Received at 10:00: first response at risk 13:00, breached 14:00:00.001.
    c = await track(u(2), 'c', TUE_1000);
    d = await track(u(3), 'd', TUE_1000);
    e = await track(u(4), 'e', TUE_1000);
    // Received a minute before G's, so its (failing) send comes first; at risk 12:59.
    f = await track(withoutApp, 'f', new Date(TUE_1000.getTime() - 60_000));
    g = await track(u(5), 'g', TUE_1000);
    // E resolved at 12:00, before its first transition at 13:00.
    await stores.requests.update(tenantId(), e.id, { status: 'resolved', resolvedAt: new Date('2025-03-11T16:00:00Z'), firstResponseAt: new Date('2025-03-11T16:00:00Z'), firstResponseSource: 'email' }, []);
    const before = await Promise.all([u(2), u(3), u(4), withoutApp, u(5)].map(activityOf));
    errors.length = 0;
    await at(TUE_1310);
    await dispatchDueWarnings(deps(), TUE_1310);
    const after = await Promise.all([u(2), u(3), u(4), withoutApp, u(5)].map((user, i) => receivedSince(user, before[i] ?? [])));
    expect(after.map((x) => x.length)).toEqual([0, 0, 0, 0, 1]);
    expect(after[4]?.[0]).toMatchObject({ type: 'requestAtRisk', subEntityId: `request:${g.id}` });
    expect(await warningsOf(c)).toEqual(['firstResponse:atRisk:skipped']);
    expect(await warningsOf(d)).toEqual(['firstResponse:atRisk:held']);
    expect(await warningsOf(e)).toEqual([]);
    expect(await warningsOf(f)).toEqual(['firstResponse:atRisk:failed']);
    expect(errors).toEqual([expect.objectContaining({ code: 'not_found' })]);
    // Nothing left to check for the resolved one.
    expect((await stores.clockWarnings.listWarningChecksDue(WED_1300, 1000)).map((x) => x.request.id)).not.toContain(e.id);
    // The failure is not retried: at the breach, F gets one more attempt for the new transition only.
    await at(TUE_1405);
    await dispatchDueWarnings(deps(), TUE_1405);
    expect(await warningsOf(f)).toEqual(['firstResponse:atRisk:failed', 'firstResponse:breached:failed']);
    expect(await warningsOf(c)).toEqual(['firstResponse:atRisk:skipped', 'firstResponse:breached:skipped']);
  });

  it("waits out Graph's 429 by its Retry-After: every warning still arrives once", async () => {
    const people = [6, 7, 8, 9, 10, 11].map(u);
    // Received at 13:30: at risk at 16:30.
    const requests = await Promise.all(people.map((p, i) => track(p, `burst-${String(i)}`, TUE_1330)));
    const before = await Promise.all(people.map(activityOf));
    await at(TUE_1635);
    const sentBefore = tenant.counters.get(SINGLE);
    // Fill this second's 5 requests first, so the dispatcher's first sends are answered 429 (Retry-After: 1).
    const filler: ActivityNotification = {
      activityType: 'thanksReceived', topic: { source: 'text', value: 'Filler', webUrl: 'https://teams.microsoft.com/l/entity/x/myQueue' },
      previewText: 'filler', templateParameters: { requester: 'Test' },
    };
    await Promise.all(Array.from({ length: 5 }, () => feed.notify(tenantId(), u(12).id, filler).catch(() => undefined)));
    const result = await dispatchDueWarnings(deps(), TUE_1635);
    expect(result.failed).toBe(0);
    const got = await Promise.all(people.map((p, i) => receivedSince(p, before[i] ?? [])));
    expect(got.map((x) => x.map((y) => `${y.type}:${y.subEntityId ?? ''}`))).toEqual(requests.map((r) => [`requestAtRisk:request:${r.id}`]));
    // 5 fillers + 6 warnings accepted, and at least one request answered 429 and sent again.
    expect(tenant.counters.get(SINGLE) - sentBefore).toBeGreaterThan(5 + 6);
  });

  let b: RequestRecord;
  it('a warning due while the recipient is off work (22:00) is held, and the 09:00 digest in their zone tells it', async () => {
    b = await track(u(1), 'b');
    const before = await activityOf(u(1));
    const [offBefore, digestOnlyBefore] = await Promise.all([activityOf(u(2)), activityOf(u(3))]);
    // The dispatcher first looks at B's request at 22:00 New York (e.g. it was down): the first response breached at
    // 13:00 (its "at risk" is passed over: the breach says more) is held for B's next digest, Wed 09:00 local.
    await at(TUE_2200);
    await dispatchDueWarnings(deps(), TUE_2200);
    expect(await receivedSince(u(1), before)).toEqual([]);
    const [held] = await stores.clockWarnings.listWarnings(tenantId(), [b.id]);
    expect(held).toMatchObject({ kind: 'breached', status: 'held', digestAt: WED_0900 });

    // No digest before the working day begins (08:59:59 New York).
    await dispatchDueDigests({ ...deps(), schedule }, new Date(WED_0900.getTime() - 1000));
    expect(await receivedSince(u(1), before)).toEqual([]);

    await at(WED_0900_30);
    await dispatchDueDigests({ ...deps(), schedule }, WED_0900_30);
    const digest = await receivedSince(u(1), before);
    expect(digest).toHaveLength(1);
    expect(digest[0]).toMatchObject({ type: 'workdayDigest', subEntityId: `request:${b.id}` });
    // Received at 09:00 on B's clock (the simulated clock runs on from 09:00:30 while the test works).
    const local = new Intl.DateTimeFormat('en-GB', { timeZone: 'America/New_York', weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    expect(local.format(new Date(digest[0]?.time ?? 0))).toBe('Wed 09:00');
    // B's one request counts once, by its most urgent clock: the first response breached (its resolution, due
    // Wed 17:00, would make it "due today" otherwise).
    expect(digest[0]?.text).toBe('Turnaround: 1 request breached. Most urgent: Subject b (first response breached)');
    expect(await warningsOf(b)).toEqual(['firstResponse:breached:digested']);

    // digestOnly: D gets the digest and no warning; off: C gets nothing at all.
    expect((await receivedSince(u(3), digestOnlyBefore)).map((x) => x.type)).toEqual(['workdayDigest']);
    expect(await receivedSince(u(2), offBefore)).toEqual([]);
    expect(await warningsOf(d)).toEqual(['firstResponse:atRisk:digested', 'firstResponse:breached:digested']);

    // Once per working day: later looks, by this instance or a fresh one, send no second digest.
    await at(WED_0905);
    await dispatchDueDigests({ ...deps(), schedule }, WED_0905);
    await dispatchDueDigests(deps(await testDb.open()), WED_0905);
    expect(await receivedSince(u(1), before)).toHaveLength(1);
  });

  it('a resolved request later gets nothing, though its next check was stored', async () => {
    // A's resolution clock would be at risk Wed 13:00; resolving it before then leaves nothing to send.
    await stores.requests.update(tenantId(), a.id, { status: 'resolved', resolvedAt: WED_0900, firstResponseAt: WED_0900, firstResponseSource: 'email' }, []);
    const before = await activityOf(u(0));
    await at(WED_1300);
    await dispatchDueWarnings(deps(), new Date(WED_1300.getTime() + 60_000));
    expect(await receivedSince(u(0), before)).toEqual([]);
    expect(await warningsOf(a)).toEqual(['firstResponse:atRisk:sent', 'firstResponse:breached:sent']);
  });
  it('a breach at the first instant of the working day is told by that morning’s digest, not sent beside it', async () => {
    // Received Wed 13:00 New York: the first response's 240 min are 13:00–17:00, used up as Wednesday's work stops, so
    // it is at risk at 16:00 (180 min) and breached at Thursday's first working millisecond, 09:00:00.001.
    const e = await track(u(6), 'e', WED_1300);
    const before = await activityOf(u(6));
    await at(WED_1600_10);
    await dispatchDueWarnings(deps(), WED_1600_10);
    expect((await receivedSince(u(6), before)).map((x) => x.type)).toEqual(['requestAtRisk']);

    // Thursday 09:00:30: the breach is held for Thursday's digest (due 09:00), which counts it.
    await at(THU_0900_30);
    await dispatchDueWarnings(deps(), THU_0900_30);
    const [breach] = (await stores.clockWarnings.listWarnings(tenantId(), [e.id])).filter((w) => w.kind === 'breached');
    expect(breach).toMatchObject({ clock: 'firstResponse', status: 'held', transitionAt: new Date('2025-03-13T13:00:00.001Z'), digestAt: new Date('2025-03-13T13:00:00Z') });
    await dispatchDueDigests({ ...deps(), schedule }, THU_0900_30);
    const got = await receivedSince(u(6), before);
    // One warning on Wednesday, then Thursday's digest — no "breached" notification beside it.
    expect(got.map((x) => x.type).sort()).toEqual(['requestAtRisk', 'workdayDigest']);
    // It counts E: two breached, with u(6)'s request of the 429 test (first response breached Wed 09:30:00.001, the
    // longer overdue, so the most urgent).
    expect(got.find((x) => x.type === 'workdayDigest')?.text).toBe('Turnaround: 2 requests breached. Most urgent: Subject burst-0 (first response breached)');
    expect(await warningsOf(e)).toEqual(['firstResponse:atRisk:sent', 'firstResponse:breached:digested']);
  });

  it('the owners’ digest: each owner at the start of their day, owners starting together in one bulk call', async () => {
    const teamId = `owners-${dialect}`;
    const [ann, bob] = [u(13), u(14)];
    await stores.directory.upsertTeam(tenantId(), { id: teamId, tenantId: tenantId(), displayName: 'Owners team', refreshedAt: TUE_0900 }, [
      { teamId, personId: ann.id, role: 'owner' }, { teamId, personId: bob.id, role: 'owner' }, { teamId, personId: u(12).id, role: 'member' },
    ]);
    await stores.teamSettings.put({ ...defaultTeamSettings(tenantId(), teamId, TUE_0900), ownersDigest: true, individualView: true });
    // Two open requests of the team: u(12)'s received Tue 09:00 (first response breached Tue 13:00), Ann's Wed 09:00
    // (first response at risk Wed 12:00, breached Wed 13:00 — so by Thu 09:00 both are breached).
    const oldest = await track(u(12), 'team-1');
    await stores.requests.update(tenantId(), oldest.id, { teamId }, []);
    const newer = await track(ann, 'team-2', WED_0900);
    await stores.requests.update(tenantId(), newer.id, { teamId }, []);
    const before = await Promise.all([ann, bob, u(12)].map(activityOf));
    const bulkBefore = tenant.counters.get('POST /teamwork/sendActivityNotificationToRecipients');
    await at(THU_0900_30);
    const result = await dispatchDueDigests({ ...deps(), schedule }, THU_0900_30);
    expect(result.ownersSent).toBe(2);
    // Both owners' days begin at 09:00 New York: one bulk request for the two of them.
    expect(tenant.counters.get('POST /teamwork/sendActivityNotificationToRecipients') - bulkBefore).toBe(1);
    const [annGot, bobGot, memberGot] = await Promise.all([ann, bob, u(12)].map((user, i) => receivedSince(user, before[i] ?? [])));
    // Oldest: received Tue 09:00 New York, 48 hours before Thu 09:00:30 → "2 days"; individual view on → named.
    const text = `Turnaround: Owners team: 2 breached, 0 at risk of 2 open; the oldest open request is 2 days old (${u(12).displayName})`;
    expect(bobGot?.map((a) => a.text)).toEqual([text]);
    expect(annGot?.map((a) => a.text)).toContain(text);
    expect(memberGot?.map((a) => a.text)).not.toContain(text);
    // Once a day: a second look sends no more.
    await dispatchDueDigests({ ...deps(), schedule: new DigestSchedule() }, new Date(THU_0900_30.getTime() + 60_000));
    expect(tenant.counters.get('POST /teamwork/sendActivityNotificationToRecipients') - bulkBefore).toBe(1);
  });
  it('a warning or digest claimed by an instance that stopped mid-send is released after 15 minutes and delivered', async () => {
    // Received Thu 10:00 New York: first response at risk 13:00 (17:00Z), breached 14:00:00.001.
    const f = await track(u(6), 'f', new Date('2025-03-13T14:00:00Z'));
    const about = async () => (await activityOf(u(6))).filter((x) => x.subEntityId === `request:${f.id}`).map((x) => x.type);
    // At 13:00:05 an instance claims the at-risk warning, stores the next check (the breach), and stops before sending.
    const claimedAt = new Date('2025-03-13T17:00:05Z');
    await at(claimedAt);
    const read = (await stores.clockWarnings.listWarningChecksDue(claimedAt, 1000)).find((d) => d.request.id === f.id);
    if (read === undefined) throw new Error('a tracked request is due at once');
    expect(await stores.clockWarnings.claimWarning({
      tenantId: tenantId(), requestId: f.id, clock: 'firstResponse', kind: 'atRisk', assigneeId: u(6).id, transitionAt: new Date('2025-03-13T17:00:00Z'),
      status: 'sending', recordedAt: claimedAt, sentAt: null, digestAt: null,
    })).toBe(true);
    expect(await stores.clockWarnings.setWarningCheck(tenantId(), f.id, new Date('2025-03-13T18:00:00.001Z'), { updatedAt: read.request.updatedAt, checkAt: read.checkAt })).toBe(true);

    // 13:10: the claim may still be queued at the pacer — left alone.
    await at(new Date('2025-03-13T17:10:00Z'));
    expect((await dispatchDueWarnings(deps(), new Date('2025-03-13T17:10:00Z'))).released).toBe(0);
    expect(await about()).toEqual([]);
    // 13:20:10, past 15 minutes: released and delivered, once.
    await at(new Date('2025-03-13T17:20:10Z'));
    expect((await dispatchDueWarnings(deps(), new Date('2025-03-13T17:20:10Z'))).released).toBe(1);
    expect(await about()).toEqual(['requestAtRisk']);
    await dispatchDueWarnings(deps(), new Date('2025-03-13T17:21:00Z'));
    expect(await about()).toEqual(['requestAtRisk']);
    expect(await warningsOf(f)).toEqual(['firstResponse:atRisk:sent']);

    // Friday's digest: claimed at 09:00:30 New York by an instance that stopped; another looks at 09:05 (not yet
    // released: nothing), then at 09:16 — released and sent, once.
    const fridayClaim = new Date('2025-03-14T13:00:30Z');
    await at(fridayClaim);
    expect(await stores.clockWarnings.claimDigest(tenantId(), u(6).id, 'personal', '', '2025-03-14', fridayClaim)).toBe(true);
    const feedBefore = await activityOf(u(6));
    const digestsOf = async () => (await receivedSince(u(6), feedBefore)).filter((x) => x.type === 'workdayDigest');
    const instance = new DigestSchedule();
    await at(new Date('2025-03-14T13:05:00Z'));
    expect((await dispatchDueDigests({ ...deps(), schedule: instance }, new Date('2025-03-14T13:05:00Z'))).released).toBe(0);
    expect(await digestsOf()).toEqual([]);
    await at(new Date('2025-03-14T13:16:00Z'));
    expect((await dispatchDueDigests({ ...deps(), schedule: instance }, new Date('2025-03-14T13:16:00Z'))).released).toBe(1);
    expect(await digestsOf()).toHaveLength(1);
    await dispatchDueDigests({ ...deps(), schedule: new DigestSchedule() }, new Date('2025-03-14T13:17:00Z'));
    expect(await digestsOf()).toHaveLength(1);
  });
});
