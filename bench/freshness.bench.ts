/**
 * `npm run bench -- freshness [--quick]`: Graph change notifications (issue 19, section "Measured"), three figures with
 * their targets, each on a real server listening on 127.0.0.1:
 *
 * 1. Freshness (bench/freshness-replies.ts): 100 replies (20 with --quick) over 50 people (10) sent through the dev
 *    tenant's Graph at random instants over a minute (20 s); each person's queue polled until the request shows its
 *    first response, with no sync call and no scheduled sync: p50 ≤ 5 s, p95 ≤ 15 s, 100/100 seen.
 * 2. Graph requests per idle person per day (bench/freshness-idle-day.ts): people who use Turnaround and get no mail,
 *    over three simulated days on the dev tenant's clock, the scheduler ticking at the default interval with the safety
 *    net as the server runs it: ≤ 20. Then one day of full syncs every 300 s, for comparison (informative).
 * 3. Burst (bench/freshness-burst.ts): 10,000 notifications (2,000) for 1,000 people (200) in 10 s on one instance, on
 *    SQLite and then on PostgreSQL: 202 p99 ≤ 100 ms, no other answer, each affected person synced at most twice,
 *    nothing left pending. Unlike 1 and 2 (buildServer in demo mode with its own dev tenant, in this process), three
 *    processes: the dev tenant on its own, the server in tenant mode against it, and this one generating the load.
 */
import { TICKS_PER_INTERVAL } from '../src/app/scheduler';
import { SAFETY_NET_INTERVAL_MS } from '../src/domain/change-subscription-policy';
import { loadConfig } from '../src/server/config';
import { measureNotificationBurst } from './freshness-burst';
import { measureIdleDays } from './freshness-idle-day';
import { measureReplyFreshness } from './freshness-replies';
import type { BenchFigure, BenchOptions, BenchResult } from './run';

const IDLE_TARGET_PER_DAY = 20;
const IDLE_DAYS = 3;
/** The "polling at 300 s costs about 576 for mail alone". */
const POLLING_SECONDS = 300;

export async function run(options: BenchOptions): Promise<BenchResult> {
  const figures: BenchFigure[] = [];
  const notes: string[] = [];

  const replies = await measureReplyFreshness(options);
  figures.push(...replies.figures);
  notes.push(...replies.notes);

  const intervalSeconds = loadConfig({}).sync.intervalSeconds;
  const idlePeople = options.quick ? 2 : 4;
  const idle = await measureIdleDays({ people: idlePeople, days: IDLE_DAYS, intervalSeconds, mode: 'notifications' });
  figures.push(
    { name: `idle: Graph requests per idle person per day (${idlePeople} people, ${IDLE_DAYS} simulated days, ticks every ${intervalSeconds / TICKS_PER_INTERVAL} s, safety net as the server runs it)`, value: idle.requestsPerPersonPerDay, unit: 'requests/day', target: `≤ ${IDLE_TARGET_PER_DAY}`, met: idle.requestsPerPersonPerDay <= IDLE_TARGET_PER_DAY },
    { name: 'idle: scheduled syncs per idle person per day', value: idle.syncsPerPersonPerDay, unit: 'syncs/day' },
    { name: 'idle: failed syncs', value: idle.failedSyncs, unit: 'syncs', target: '0', met: idle.failedSyncs === 0 },
  );
  notes.push(
    `Idle days: buildServer in demo mode listening on 127.0.0.1 (SQLite; its change-notification processor on; its own scheduler asleep on a one-day interval), driven by a SyncScheduler over the server's services wired as build-server.ts wires its scheduler with notifications (a scheduled sync only when the last is older than the safety net's ${SAFETY_NET_INTERVAL_MS.mail / 3_600_000} h, chats read at most every ${SAFETY_NET_INTERVAL_MS.chats / 3_600_000} h, ensure of the subscriptions after each sync, renewDue, breaches, retention), ${IDLE_DAYS} simulated days after the people's first sync and subscriptions, ticking ${(IDLE_DAYS * 86_400 * TICKS_PER_INTERVAL) / intervalSeconds} times on the dev tenant's simulated clock (${idle.realSeconds} s real). Every Graph request the simulator served in those days, $batch items one by one: ${idle.top}.`,
  );
  const polling = await measureIdleDays({ people: 2, days: 1, intervalSeconds: POLLING_SECONDS, mode: 'polling' });
  figures.push({ name: `idle, for comparison: every person synced in full every ${POLLING_SECONDS} s instead (2 people, 1 day)`, value: polling.requestsPerPersonPerDay, unit: 'requests/day' });
  notes.push(`Idle days, polling for comparison (informative): the same set-up with each person's full sync due every ${POLLING_SECONDS} s, as before notifications (${polling.realSeconds} s real): ${polling.top}.`);

  for (const database of ['sqlite', 'postgres'] as const) {
    const burst = await measureNotificationBurst({ quick: options.quick, database });
    figures.push(...burst.figures);
    notes.push(...burst.notes);
  }
  return { title: 'Freshness with Graph change notifications (issue 19)', figures, notes };
}
