/**
 * `npm run bench -- warnings [--quick]` (issue 20, "Proof"): 100,000 open requests over 5,000 people (10,000 over 500
 * with --quick) on one instance, on SQLite in a temp file, then on PostgreSQL in a fresh schema (BENCH_DATABASE_URL /
 * TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test; dropped afterwards; skipped with a note when not
 * reachable). Over 8 simulated working hours (2 with --quick) it drives what the server's scheduler and
 * src/server/warning-work.ts drive — a tick every SYNC_INTERVAL_SECONDS / 5 with the scheduler's ±20 % jitter
 * (warnings due, then a digest run started unless one is under way, which the tick does not wait for), and after each
 * warnings run the timer for the earliest stored warning check — and measures
 * - the process CPU time (user + system) the dispatch work takes per simulated hour (informative: the issue sets none);
 * - the delay between a clock's transition instant and its notification reaching the activity-feed port: p50, p99
 *   (target ≤ 60 s, the issue's), max;
 * - warnings sent, held and skipped, digests, and that nothing was sent twice (per request, clock and kind).
 *
 * The simulated timeline: each run begins at its tick or timer instant and moves on by the real time its work takes
 * (so processing counts in the delay) plus the tenant send pacer's waits (5 a second per tenant, Graph's limit) taken
 * on that same timeline; between runs, idle time costs nothing real. The pacer does not sleep in real time here: the
 * runs are compressed (two sends a simulated second apart are milliseconds apart in real time), so a real-time pacer
 * would charge waits that never happen and stretch the full run to hours.
 *
 * Warnings and digest runs each have a timeline (and a pacer on it): in the server they run side by side and share one
 * pacer per tenant where warnings go first, so a warning waits at most the one digest slot in use (0.2 s) longer than
 * measured here, and the digests wait for the warnings' slots, which this does not charge them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { sql } from 'kysely';
import type { ActivityFeedSource, ActivityNotification } from '../src/app/m365-ports';
import type { PersonRecord, TeamSettingsRecord, WarningChoice } from '../src/app/records';
import { contextFor, loadClockContexts, nextDueAt } from '../src/app/request-view';
import { TICKS_PER_INTERVAL } from '../src/app/scheduler';
import { dispatchDueDigests, DigestSchedule, type DigestDispatch } from '../src/app/warnings/digest-dispatcher';
import { ACTIVITY_FEED_RATE, TenantSendPacer, type PacerTime } from '../src/app/warnings/tenant-send-pacer';
import { dispatchDueWarnings, type WarningDispatch } from '../src/app/warnings/warning-dispatcher';
import { clockChainId } from '../src/app/warnings/warning-notifications';
import type { ClockName } from '../src/domain/clocks';
import { requestIdFromSubPage } from '../src/domain/request-deep-link';
import { OVERNIGHT_TRANSITION_MS } from '../src/domain/warning-delivery';
import type { DayOfWeek, WorkingCalendar } from '../src/domain/working-calendar';
import { DEFAULT_TEAMS_APP_ID } from '../src/package/teams-app-id';
import { loadConfig } from '../src/server/config';
import { MIN_WAIT_MS } from '../src/server/warning-work';
import { openStores, type DatabaseStores } from '../src/store/open-stores';
import { requestFromRow } from '../src/store/request-row-mapping';
import { bulkInsertRequests } from '../tests/support/bulk-request-loader';
import { generateRequestRows, personIdOf, teamIdOf } from '../tests/support/synthetic-request-rows';
import type { BenchFigure, BenchOptions, BenchResult } from './run';

const TENANT = 'bench-warnings';
/**
 * Tuesday 24 November 2026 05:00 UTC (winter time everywhere below): before anyone's working day (Helsinki 07:00,
 * Berlin 06:00, London 05:00, New York 00:00), so the instance starts with everything past held for the digests.
 * The window then runs through Helsinki's, Berlin's and London's working mornings and their digests.
 */
const START_MS = Date.UTC(2026, 10, 24, 5);
const ZONES = ['Europe/Helsinki', 'Europe/Berlin', 'Europe/London', 'America/New_York'];
/** Outlook working hours differ from person to person: four patterns, so a zone's digests do not all fall in one minute. */
const HOURS: readonly [string, string][] = [['08:00', '16:00'], ['08:30', '16:30'], ['09:00', '17:00'], ['09:30', '17:30']];
const WEEKDAYS: DayOfWeek[] = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'];
const PEOPLE_PER_TEAM = 50;
const DELAY_TARGET_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

interface Shape { requests: number; people: number; hours: number }

/** One notification as it reached the activity-feed port, on the simulated timeline. */
interface RecordedSend {
  recipientId: string;
  type: ActivityNotification['activityType'];
  /** For a warning: its request and clock (read back from the notification's link and chain id). */
  requestId: string | null;
  clock: ClockName | null;
  atMs: number;
  bulk: boolean;
}

/**
 * The simulated clock of one run: its start instant plus the real time elapsed since the run began plus the pacer's
 * waits, which advance it without sleeping (see the module comment). Also the pacer's time.
 */
class SimulatedTimeline implements PacerTime {
  private startSimMs = 0;
  private startRealMs = 0;
  private pacedMs = 0;

  begin(simMs: number): void {
    this.startSimMs = simMs;
    this.startRealMs = performance.now();
    this.pacedMs = 0;
  }

  nowMs(): number {
    return this.startSimMs + (performance.now() - this.startRealMs) + this.pacedMs;
  }

  sleep(ms: number): Promise<void> {
    this.pacedMs += ms;
    return Promise.resolve();
  }
}

/**
 * The activity feed at the port seam: records who got what, when on the simulated timeline. Graph itself is measured
 * by tests/integration/graph/graph-activity-feed-source.test.ts, not here.
 */
class RecordingActivityFeed implements ActivityFeedSource {
  readonly sends: RecordedSend[] = [];

  /** The timeline of the run under way (warnings or digests). */
  constructor(public timeline: SimulatedTimeline) {}

  notify(_tenantId: string, recipientId: string, notification: ActivityNotification): Promise<void> {
    this.sends.push({ recipientId, ...warningOf(notification), type: notification.activityType, atMs: this.timeline.nowMs(), bulk: false });
    return Promise.resolve();
  }

  notifyMany(_tenantId: string, recipientIds: readonly string[], notification: ActivityNotification): Promise<void> {
    const atMs = this.timeline.nowMs();
    for (const recipientId of recipientIds) this.sends.push({ recipientId, requestId: null, clock: null, type: notification.activityType, atMs, bulk: true });
    return Promise.resolve();
  }
}

/** The request (from the topic's deep link) and clock (from the chain id) a warning notification is about. */
function warningOf(n: ActivityNotification): { requestId: string | null; clock: ClockName | null } {
  if (n.activityType !== 'requestAtRisk' && n.activityType !== 'requestBreached') return { requestId: null, clock: null };
  const context = new URL(n.topic.webUrl).searchParams.get('context');
  const requestId = requestIdFromSubPage((JSON.parse(context ?? '{}') as { subEntityId?: string }).subEntityId);
  if (requestId === null) return { requestId: null, clock: null };
  const clock = (['firstResponse', 'resolution'] as const).find((c) => clockChainId(requestId, c) === n.chainId) ?? null;
  return { requestId, clock };
}

/** People come in blocks of 16, one per zone and working-hour pattern, so each choice below reaches every zone. */
const BLOCK = ZONES.length * HOURS.length;

/** Person i's Outlook calendar: a zone and working hours by turns; one block in 37 out of office over the whole window. */
function calendarOf(i: number): WorkingCalendar {
  const [start, end] = HOURS[Math.floor(i / ZONES.length) % HOURS.length]!;
  const calendar: WorkingCalendar = { timeZone: ZONES[i % ZONES.length]!, windows: [{ days: WEEKDAYS, start, end }] };
  if (Math.floor(i / BLOCK) % 37 === 5) calendar.closed = [{ from: new Date(START_MS - DAY_MS), to: new Date(START_MS + 2 * DAY_MS) }];
  return calendar;
}

/** One block in 20 turned warnings off, one in 10 chose the digest only; the rest keep the default. */
function choiceOf(i: number): WarningChoice | null {
  if (Math.floor(i / BLOCK) % 20 === 7) return 'off';
  if (Math.floor(i / BLOCK) % 10 === 3) return 'digestOnly';
  return null;
}

/** Team t's settings: real standards by priority and category (two sets by turns), some owners' digests and OOO rules. */
function teamSettingsOf(t: number): TeamSettingsRecord {
  const strict = t % 2 === 0;
  return {
    tenantId: TENANT, teamId: teamIdOf(t), categories: ['hardware', 'access', 'payroll', 'other'],
    standards: [
      { id: 'high', name: 'High priority', category: null, priority: 'high', firstResponseTargetMinutes: strict ? 60 : 120, resolutionTargetMinutes: strict ? 480 : 720 },
      { id: 'access', name: 'Access', category: 'access', priority: null, firstResponseTargetMinutes: 120, resolutionTargetMinutes: 480 },
      { id: 'low', name: 'Low priority', category: null, priority: 'low', firstResponseTargetMinutes: 480, resolutionTargetMinutes: 2400 },
      { id: 'default', name: 'Everything else', category: null, priority: null, firstResponseTargetMinutes: strict ? 240 : 300, resolutionTargetMinutes: strict ? 960 : 1440 },
    ],
    calendar: { timeZone: 'Europe/Berlin', windows: [{ days: WEEKDAYS, start: '09:00', end: '17:00' }] },
    holidays: [],
    pauseForOutOfOffice: t % 4 !== 3,
    minGroupSize: 5,
    individualView: t % 10 === 0,
    ownersDigest: t % 5 === 0,
    updatedAt: new Date(START_MS - 30 * DAY_MS),
  };
}

/** People, teams with owners, settings, choices, then the open requests as freshly tracked ones have them. */
async function fill(stores: DatabaseStores, shape: Shape): Promise<number> {
  const started = performance.now();
  const teams = Math.max(1, Math.floor(shape.people / PEOPLE_PER_TEAM));
  const people: PersonRecord[] = Array.from({ length: shape.people }, (_, i) => ({
    id: personIdOf(i), tenantId: TENANT, displayName: `Person ${i}`, mail: `p${i}@bench.example`, userPrincipalName: `p${i}@bench.example`,
    department: ['IT', 'Payroll', 'HR', 'Sales', 'Engineering', 'Marketing'][i % 6] ?? null, managerId: null, calendar: calendarOf(i),
    refreshedAt: new Date(START_MS),
  }));
  await stores.directory.upsertPeople(TENANT, people);
  for (let t = 0; t < teams; t++) {
    const members = Array.from({ length: PEOPLE_PER_TEAM }, (_, j) => ({ teamId: teamIdOf(t), personId: personIdOf(t * PEOPLE_PER_TEAM + j), role: j < 2 ? ('owner' as const) : ('member' as const) }));
    await stores.directory.upsertTeam(TENANT, { id: teamIdOf(t), tenantId: TENANT, displayName: `Team ${t}`, refreshedAt: new Date(START_MS) }, members);
    await stores.teamSettings.put(teamSettingsOf(t));
  }
  for (let i = 0; i < shape.people; i++) {
    const choice = choiceOf(i);
    if (choice !== null) await stores.warningPreferences.put(TENANT, personIdOf(i), choice, new Date(START_MS - DAY_MS));
  }
  const start = new Date(START_MS);
  // Received over the 14 days before the start; every one open (those the generator resolves are kept open, answered),
  // waiting ones stay waiting. Due times as the product stores them, from the team's standards and the assignee's
  // calendar; the warning check at received_at, as a freshly tracked request has it.
  await generateRequestRows({ tenantId: TENANT, requests: shape.requests, people: shape.people, teams, days: 14, endMillis: START_MS, seed: 20 }, 10_000, async (rows) => {
    const open = rows.map((row) => ({
      ...row, status: row.status === 'resolved' ? 'open' : row.status, resolved_at: null, first_resolved_at: null, warning_check_at: row.received_at,
    }));
    const records = open.map((row) => requestFromRow(row));
    const contexts = await loadClockContexts(stores, TENANT, records, start);
    const due = records.map((r) => nextDueAt(r, contextFor(contexts, r), start)?.getTime() ?? null);
    await bulkInsertRequests(stores.database, open.map((row, k) => ({ ...row, due_at: due[k] ?? null, breach_check_at: due[k] ?? null })));
  });
  await (stores.database.dialect === 'postgres' ? sql`vacuum analyze` : sql`analyze`).execute(stores.database.db);
  return (performance.now() - started) / 1000;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.max(0, Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

const round = (v: number): number => Math.round(v * 100) / 100;
const cpuSeconds = (u: NodeJS.CpuUsage): number => (u.user + u.system) / 1e6;

/** Deterministic jitter for the scheduler's ±20 % (the server uses Math.random; a seed keeps runs comparable). */
function jitter(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (Math.imul(a, 1_664_525) + 1_013_904_223) >>> 0;
    return a / 4_294_967_296;
  };
}

async function measure(label: string, stores: DatabaseStores, shape: Shape): Promise<{ figures: BenchFigure[]; notes: string[] }> {
  const fillSeconds = await fill(stores, shape);
  const timeline = new SimulatedTimeline();
  const digestTimeline = new SimulatedTimeline();
  const feed = new RecordingActivityFeed(timeline);
  const errors: unknown[] = [];
  // As warning-work.ts wires them: one digest schedule for the instance; a pacer per timeline (see the module comment).
  const deps = { stores, feed, teamsAppId: DEFAULT_TEAMS_APP_ID, pacer: new TenantSendPacer(undefined, timeline), onError: (error: unknown) => errors.push(error) };
  const digestDeps = { ...deps, pacer: new TenantSendPacer(undefined, digestTimeline), schedule: new DigestSchedule() };
  const endMs = START_MS + shape.hours * HOUR_MS;
  const tickMs = (loadConfig({}).sync.intervalSeconds * 1000) / TICKS_PER_INTERVAL;

  // Priming (not measured): the instance starts with every request's check due at received_at and works them off at
  // the start instant, as after an upgrade; every transition before it is held for the digest or skipped.
  const primingCpu = process.cpuUsage();
  const primingWall = performance.now();
  const primed: WarningDispatch = { checked: 0, sent: 0, held: 0, skipped: 0, failed: 0, conflicts: 0, released: 0 };
  timeline.begin(START_MS);
  for (;;) {
    const w = await dispatchDueWarnings({ ...deps, limit: 5_000 }, new Date(START_MS));
    for (const k of Object.keys(primed) as (keyof WarningDispatch)[]) primed[k] += w[k];
    if (w.checked === 0) break;
  }
  const primingCpuSeconds = cpuSeconds(process.cpuUsage(primingCpu));
  const primingWallSeconds = (performance.now() - primingWall) / 1000;
  const primingSends = feed.sends.length;

  // The simulated hours: the scheduler's ticks and warning-work's timer, one warnings run at a time as warning-work
  // serialises them; a tick starts a digest run when the last one has finished.
  const random = jitter(20);
  const warnings: WarningDispatch = { checked: 0, sent: 0, held: 0, skipped: 0, failed: 0, conflicts: 0, released: 0 };
  const digests: DigestDispatch = { sent: 0, ownersSent: 0, empty: 0, failed: 0, released: 0 };
  let simNow = START_MS;
  let nextTickMs = START_MS + 100; // SyncScheduler.start: the first tick 100 ms after start
  let timerMs: number | null = null;
  let digestsBusyUntilMs = Number.NEGATIVE_INFINITY;
  let digestRuns = 0;
  let cpuTotal = 0;
  let wallTotal = 0;
  let firstTickCpu = 0;
  let ticks = 0;
  let timerRuns = 0;
  for (;;) {
    const isTick = timerMs === null || nextTickMs <= timerMs;
    const eventMs = isTick ? nextTickMs : (timerMs as number);
    if (eventMs >= endMs) break;
    const beginMs = Math.max(eventMs, simNow);
    timeline.begin(beginMs);
    const cpu = process.cpuUsage();
    const wall = performance.now();
    const now = new Date(beginMs);
    const w = await dispatchDueWarnings(deps, now);
    for (const k of Object.keys(warnings) as (keyof WarningDispatch)[]) warnings[k] += w[k];
    // warning-work.ts's arm(): the timer for the earliest stored check, never later than a tick, never within MIN_WAIT_MS.
    const earliest = await stores.clockWarnings.earliestWarningCheck();
    const armedMs = timeline.nowMs();
    timerMs = earliest === null ? null : armedMs + Math.min(tickMs, Math.max(MIN_WAIT_MS, earliest.getTime() - armedMs));
    simNow = timeline.nowMs();
    // The tick's digest run, on its own timeline from the instant the tick starts it, unless the last one is still going.
    if (isTick && digestsBusyUntilMs <= simNow) {
      digestTimeline.begin(simNow);
      feed.timeline = digestTimeline;
      const d = await dispatchDueDigests(digestDeps, new Date(simNow));
      feed.timeline = timeline;
      for (const k of Object.keys(digests) as (keyof DigestDispatch)[]) digests[k] += d[k];
      digestsBusyUntilMs = digestTimeline.nowMs();
      digestRuns += 1;
    }
    const spent = cpuSeconds(process.cpuUsage(cpu));
    cpuTotal += spent;
    wallTotal += (performance.now() - wall) / 1000;
    if (isTick) {
      if (ticks === 0) firstTickCpu = spent;
      ticks += 1;
      // SyncScheduler: the next tick intervalSeconds / 5 after this one ended, ±20 %.
      nextTickMs = simNow + tickMs * (0.8 + 0.4 * random());
    } else timerRuns += 1;
  }

  // Delays: each warning the port received against its stored transition instant.
  const measured = feed.sends.slice(primingSends);
  const warningSends = measured.filter((s) => s.requestId !== null);
  const rows = await stores.database.db.selectFrom('clock_warnings').selectAll().where('tenant_id', '=', TENANT).execute();
  const byKey = new Map(rows.map((r) => [`${r.request_id}\u0000${r.clock}\u0000${r.kind}`, r]));
  const seen = new Set<string>();
  let duplicates = 0;
  let unmatched = 0;
  const delays: number[] = [];
  const sentWarnings: { transitionMs: number; sentMs: number }[] = [];
  for (const s of warningSends) {
    const key = `${s.requestId}\u0000${s.clock}\u0000${s.type === 'requestAtRisk' ? 'atRisk' : 'breached'}`;
    if (seen.has(key)) duplicates += 1;
    seen.add(key);
    const row = byKey.get(key);
    if (row === undefined || row.assignee_id !== s.recipientId || row.status !== 'sent') {
      unmatched += 1;
      continue;
    }
    delays.push(s.atMs - Number(row.transition_at));
    sentWarnings.push({ transitionMs: Number(row.transition_at), sentMs: s.atMs });
  }
  delays.sort((a, b) => a - b);
  // The floor Graph's limit sets: were every warning sent the moment both its transition and a free slot allowed (one
  // every 1/5 s per tenant, earliest transition first), the i-th would go at max(its transition, the previous + 0.2 s).
  // What Turnaround adds is its delay beyond that floor.
  sentWarnings.sort((a, b) => a.transitionMs - b.transitionMs);
  const floorDelays: number[] = [];
  const beyondFloor: number[] = [];
  let previousFloorMs = Number.NEGATIVE_INFINITY;
  for (const w of sentWarnings) {
    const floorMs = Math.max(w.transitionMs, previousFloorMs + 1000 / ACTIVITY_FEED_RATE.single);
    previousFloorMs = floorMs;
    floorDelays.push(floorMs - w.transitionMs);
    beyondFloor.push(w.sentMs - floorMs);
  }
  floorDelays.sort((a, b) => a - b);
  beyondFloor.sort((a, b) => a - b);
  // Transitions at a working day's first instant are told by that morning's digest (src/domain/warning-delivery.ts):
  // their notification is the digest, timed from the transition to the digest's send to that person.
  const digestSendsTo = new Map<string, number[]>();
  for (const s of measured) if (s.type === 'workdayDigest' && !s.bulk) digestSendsTo.set(s.recipientId, [...(digestSendsTo.get(s.recipientId) ?? []), s.atMs]);
  const foldedDelays: number[] = [];
  let foldedUntold = 0;
  for (const row of rows) {
    const transitionMs = Number(row.transition_at);
    if (row.digest_at === null || transitionMs < START_MS || transitionMs - Number(row.digest_at) > OVERNIGHT_TRANSITION_MS || transitionMs < Number(row.digest_at)) continue;
    const digestMs = (digestSendsTo.get(row.assignee_id) ?? []).find((at) => at >= Number(row.digest_at));
    if (row.status !== 'digested' || digestMs === undefined) foldedUntold += 1;
    else foldedDelays.push(digestMs - transitionMs);
  }
  foldedDelays.sort((a, b) => a - b);
  // Why the delay is what it is: Graph takes 5 sends a second per tenant, so at most 300 a minute; count the warnings
  // sent whose transitions fell in the same minute (a working day's first millisecond breaches every clock used up the
  // evening before).
  const perMinute = new Map<number, number>();
  for (const d of warningSends) {
    const row = byKey.get(`${d.requestId}\u0000${d.clock}\u0000${d.type === 'requestAtRisk' ? 'atRisk' : 'breached'}`);
    if (row !== undefined) perMinute.set(Math.floor(Number(row.transition_at) / 60_000), (perMinute.get(Math.floor(Number(row.transition_at) / 60_000)) ?? 0) + 1);
  }
  const busiestMinute = Math.max(0, ...perMinute.values());
  const withinTarget = delays.filter((d) => d <= DELAY_TARGET_MS).length;
  const digestSends = measured.filter((s) => s.type === 'workdayDigest' && !s.bulk);
  const digestKeys = new Set(digestSends.map((s) => `${s.recipientId}\u0000${new Date(s.atMs).toISOString().slice(0, 10)}`));
  const p99 = percentile(delays, 99);
  const pendingChecks = await stores.database.db.selectFrom('requests').select((eb) => eb.fn.countAll<number>().as('n')).where('warning_check_at', 'is not', null).executeTakeFirst();

  const figures: BenchFigure[] = [
    { name: `${label} fill (people, teams, settings, choices, ${shape.requests.toLocaleString('en-US')} open requests with stored due times)`, value: round(fillSeconds), unit: 's' },
    { name: `${label} CPU time of the dispatch work per simulated hour (warnings, digests, timer)`, value: round(cpuTotal / shape.hours), unit: 's/h' },
    { name: `${label} of which the first tick (instance start: every person's digest day read once)`, value: round(firstTickCpu), unit: 's' },
    { name: `${label} wall time of the dispatch work per simulated hour (pacer waits excluded)`, value: round(wallTotal / shape.hours), unit: 's/h' },
    { name: `${label} transition → notification delay p50`, value: round(percentile(delays, 50) / 1000), unit: 's' },
    { name: `${label} transition → notification delay p99`, value: round(p99 / 1000), unit: 's', target: '≤ 60 s', met: delays.length > 0 && p99 <= DELAY_TARGET_MS },
    { name: `${label} transition → notification delay max`, value: round((delays.at(-1) ?? NaN) / 1000), unit: 's' },
    { name: `${label} warnings sent within 60 s of their transition`, value: round((100 * withinTarget) / Math.max(1, delays.length)), unit: '%' },
    { name: `${label} the floor Graph's limit sets (5 sends a second per tenant, each as early as possible): delay p99`, value: round(percentile(floorDelays, 99) / 1000), unit: 's' },
    { name: `${label} the floor's delay max`, value: round((floorDelays.at(-1) ?? NaN) / 1000), unit: 's' },
    { name: `${label} delay beyond that floor (what Turnaround adds): p50`, value: round(percentile(beyondFloor, 50) / 1000), unit: 's' },
    { name: `${label} delay beyond that floor: p99`, value: round(percentile(beyondFloor, 99) / 1000), unit: 's' },
    { name: `${label} delay beyond that floor: max`, value: round((beyondFloor.at(-1) ?? NaN) / 1000), unit: 's' },
    { name: `${label} transitions at a working day's first instant, told by that morning's digest`, value: foldedDelays.length, unit: 'transitions' },
    { name: `${label} of which not told (their digest not sent in the window, or told nothing)`, value: foldedUntold, unit: 'transitions' },
    { name: `${label} those transitions → their digest, p50`, value: round(percentile(foldedDelays, 50) / 1000), unit: 's' },
    { name: `${label} those transitions → their digest, p99 (a morning's digests go at Graph's 300 a minute per tenant)`, value: round(percentile(foldedDelays, 99) / 1000), unit: 's' },
    { name: `${label} busiest minute: warnings sent whose transitions fell in it (Graph takes 300 a minute per tenant)`, value: busiestMinute, unit: 'warnings' },
    { name: `${label} warnings sent`, value: warnings.sent, unit: 'warnings' },
    { name: `${label} warnings held for the digest (quiet hours, out of office, digest only)`, value: warnings.held, unit: 'warnings' },
    { name: `${label} warnings skipped (warnings off)`, value: warnings.skipped, unit: 'warnings' },
    { name: `${label} warnings failed`, value: warnings.failed, unit: 'warnings', target: '0', met: warnings.failed === 0 },
    { name: `${label} personal digests sent`, value: digests.sent, unit: 'digests' },
    { name: `${label} owners' digests sent (one per owner)`, value: digests.ownersSent, unit: 'digests' },
    { name: `${label} notifications sent twice (same request, clock and kind; same person and day for digests)`, value: duplicates + (digestSends.length - digestKeys.size), unit: 'notifications', target: '0', met: duplicates === 0 && digestSends.length === digestKeys.size },
    { name: `${label} warnings received without a matching sent row (request, clock, kind, assignee)`, value: unmatched, unit: 'warnings', target: '0', met: unmatched === 0 },
  ];
  const notes = [
    `${label}: ${shape.requests.toLocaleString('en-US')} open requests over ${shape.people.toLocaleString('en-US')} people (teams of ${PEOPLE_PER_TEAM}), received over the 14 days before ${new Date(START_MS).toISOString()}; ` +
      `${shape.hours} simulated hours from then: ${ticks} ticks (every ${tickMs / 1000} s ±20 % after the previous one ended), ${timerRuns} timer runs and ${digestRuns} digest runs; ` +
      `${warnings.checked.toLocaleString('en-US')} warning checks, ${warnings.conflicts} conflicts, ${warnings.released + digests.released} stale claims released, ${digests.empty} empty digests, ${digests.failed} digests failed, ${errors.length} errors reported; ` +
      `${warningSends.length} warnings and ${measured.length - warningSends.length} digest notifications reached the port; ${Number(pendingChecks?.n ?? 0).toLocaleString('en-US')} requests still have a transition ahead.`,
    `${label} priming (not in the figures): ${primed.checked.toLocaleString('en-US')} checks at the start instant in ${round(primingWallSeconds)} s (${round(primingCpuSeconds)} s CPU): ${primed.held.toLocaleString('en-US')} past transitions held for the digests, ${primed.skipped.toLocaleString('en-US')} skipped, ${primed.sent} sent.`,
  ];
  return { figures, notes };
}

export async function run(options: BenchOptions): Promise<BenchResult> {
  const shape: Shape = options.quick ? { requests: 10_000, people: 500, hours: 2 } : { requests: 100_000, people: 5_000, hours: 8 };
  const figures: BenchFigure[] = [];
  const notes: string[] = [
    'The dispatchers of src/app/warnings/ driven as src/server/warning-work.ts and the scheduler drive them (ticks every SYNC_INTERVAL_SECONDS / 5 ±20 %, a timer for the earliest warning check); the rest of a scheduler tick (syncs, breaches, renewals, purges) is not run.',
    'The activity feed is a recorder at the ActivityFeedSource port: a send is timed on the simulated clock (run start + real processing time + the pacer\'s waits at 5 a second per tenant). Graph itself is measured by tests/integration/graph/graph-activity-feed-source.test.ts.',
    'People: Outlook calendars Mon–Fri in Helsinki, Berlin, London and New York with four working-hour patterns, about one in 37 out of office; about one in 20 turned warnings off, one in 10 chose the digest only (by blocks of 16 people, one per zone and pattern); every 5th team has the owners\' digest on, every 4th team does not pause clocks for out of office. Delay is measured for warnings sent; held ones go to the next digest.',
    'CPU time is this process\'s (process.cpuUsage, user + system) during the dispatch runs: with SQLite it includes the database; with PostgreSQL the server\'s own CPU is not counted.',
  ];
  const dir = mkdtempSync(join(tmpdir(), 'turnaround-bench-warnings-'));
  try {
    const stores = await openStores(`sqlite:${join(dir, 'bench.db')}`);
    try {
      const measured = await measure('sqlite', stores, shape);
      figures.push(...measured.figures);
      notes.push(...measured.notes);
    } finally {
      await stores.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const schema = `bench_${randomBytes(5).toString('hex')}`;
  let stores: DatabaseStores | null = null;
  try {
    stores = await openStores(url, { schema }).catch(() => null);
    if (stores === null) notes.push(`PostgreSQL at ${url} was not reachable: set BENCH_DATABASE_URL`);
    else {
      const measured = await measure('postgres', stores, shape);
      figures.push(...measured.figures);
      notes.push(...measured.notes);
    }
  } finally {
    await stores?.close();
    const client = new pg.Client({ connectionString: url });
    await client.connect().then(
      async () => {
        await client.query(`drop schema if exists ${schema} cascade`);
        await client.end();
      },
      () => undefined,
    );
  }
  return { title: 'Warnings: scheduler CPU and transition → notification delay (issue 20)', figures, notes };
}
