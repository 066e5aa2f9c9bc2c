/**
 * Freshness (issue 19, "Measured"): a reply sent through the dev tenant's Graph → the request's first response visible
 * in `GET /api/me/queue`, with no sync call.
 *
 * A real server (bench/notification-bench-server.ts) with its scheduler on but a sync interval of an hour: the people
 * are registered as users before it starts, so its first tick syncs each of them once and then makes their
 * subscriptions (ensure after the sync, as build-server.ts wires it); after that no scheduled sync is due for an hour,
 * and the syncs the scheduler runs during the measurement are counted (they must be 0). Each person then gets new
 * requests by mail from a colleague who does not use Turnaround, and tracks them through `POST /api/requests`.
 *
 * The measurement: each reply answers one tracked, still unanswered request, sent at a seeded random instant through
 * the Graph simulator as the person (`POST /me/messages/{id}/reply` with their delegated Graph token, over HTTPS). From
 * then on the person's queue is polled every 200 ms (one poller per person, never `POST /api/sync`) until the request
 * shows its first response; latency = seen − the instant the reply was sent.
 */
import { performance } from 'node:perf_hooks';
import { Agent } from 'undici';
import type { QueueResponse } from '../src/contracts/api';
import type { DemoUser, MailboxMessage } from '../src/devtenant/demo-organization';
import { SeededRandom } from '../src/devtenant/seeded-random';
import { waitFor } from '../tests/integration/devtenant/tenant-mode-processes';
import { deliverRequest } from './background-sync-day';
import { demoMembers, quantile, startNotificationBenchServer } from './notification-bench-server';
import type { BenchFigure } from './run';

const SIZES = {
  full: { people: 50, replies: 100, spreadMs: 60_000 },
  quick: { people: 10, replies: 20, spreadMs: 20_000 },
};
const POLL_EVERY_MS = 200;
/** A reply not seen this long after it was sent counts as not seen. */
const GIVE_UP_MS = 60_000;
const P50_TARGET_S = 5;
const P95_TARGET_S = 15;

interface Tracked {
  person: DemoUser;
  inbox: MailboxMessage;
  requestId: string;
}

interface Reply {
  tracked: Tracked;
  atMs: number;
  sentAt?: number;
  seenAt?: number;
}

export async function measureReplyFreshness(options: { quick: boolean }): Promise<{ figures: BenchFigure[]; notes: string[] }> {
  const size = options.quick ? SIZES.quick : SIZES.full;
  const perPerson = Math.ceil(size.replies / size.people);
  const scheduledSyncs: number[] = [];
  let notificationSyncs = 0;
  const server = await startNotificationBenchServer({
    tenant: { seed: 19, people: size.people + 10, days: 7 },
    env: { SCHEDULER: 'on', SYNC_INTERVAL_SECONDS: '3600' },
    // People who use Turnaround, known before the first tick (as if each had opened the tab once).
    beforeBuild: async (stores, tenant) => {
      for (const u of demoMembers(tenant).slice(0, size.people)) await stores.syncState.registerPerson(tenant.org.tenantId, u.id, tenant.clock.now());
    },
    build: {
      syncObserver: { onSynced: () => { scheduledSyncs.push(performance.now()); } },
      changeNotificationObserver: { onSynced: () => { notificationSyncs += 1; } },
    },
  });
  const graphAgent = new Agent({ connect: { ca: server.tenant.certificatePem } });
  try {
    const { tenant, stores, baseUrl } = server;
    const { org } = tenant;
    const members = demoMembers(tenant);
    const people = members.slice(0, size.people);
    const colleagues = members.slice(size.people);
    if (people.length < size.people || colleagues.length === 0) throw new Error('demo organisation too small');

    // ---- set-up: the first sync and the subscriptions it makes ----
    const subscribed = (u: DemoUser): number => tenant.subscriptions.list().filter((s) => s.resource.startsWith(`/users/${u.id}/`)).length;
    await waitFor('every person\'s three subscriptions at the dev tenant', async () => (people.every((u) => subscribed(u) === 3) ? true : undefined), 180_000, 250);
    for (const u of people) {
      const stored = await stores.changeSubscriptions.listForPerson(org.tenantId, u.id);
      if (stored.length !== 3) throw new Error(`${u.userPrincipalName} has ${stored.length} stored subscriptions, not 3`);
    }

    const apiTokens = new Map<string, string>();
    const graphTokens = new Map<string, string>();
    for (const u of people) {
      apiTokens.set(u.id, await tenant.idp.issueToken({ username: u.userPrincipalName }));
      graphTokens.set(u.id, await tenant.idp.issueToken({ username: u.userPrincipalName, audience: 'https://graph.microsoft.com' }));
    }
    const api = async <T>(u: DemoUser, method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; json: T }> => {
      const response = await fetch(`${baseUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${apiTokens.get(u.id)}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: response.status, json: (await response.json()) as T };
    };

    // New requests from a colleague who does not use Turnaround, tracked by the person (the tab's track action).
    const tracked: Tracked[] = [];
    for (const [p, person] of people.entries()) {
      const colleague = colleagues[p % colleagues.length] as DemoUser;
      for (let k = 0; k < perPerson; k++) {
        const inbox = deliverRequest(tenant, colleague, person, `Freshness bench request ${k + 1}`, tenant.clock.nowMs());
        const made = await api<{ id: string; firstResponseAt: string | null }>(person, 'POST', '/api/requests', { source: 'email', messageId: org.ids.messageId(inbox.number), override: true });
        if (made.status !== 201 || made.json.firstResponseAt !== null) throw new Error(`tracking answered ${made.status}`);
        tracked.push({ person, inbox, requestId: made.json.id });
      }
    }
    // The deliveries notified the Inbox subscriptions: let those syncs finish before measuring.
    await waitFor('the set-up\'s notifications to be processed', async () => ((await stores.pendingChanges.listPending(1)).length === 0 ? true : undefined), 120_000, 250);
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    await waitFor('the set-up\'s notifications to be processed', async () => ((await stores.pendingChanges.listPending(1)).length === 0 ? true : undefined), 120_000, 250);

    // ---- the measurement ----
    const random = new SeededRandom(19);
    const replies: Reply[] = tracked
      .slice(0, size.replies)
      .map((t) => ({ tracked: t, atMs: random.next() * size.spreadMs }))
      .sort((a, b) => a.atMs - b.atMs);
    const outstanding = new Map<string, Reply[]>();
    const pollers = new Map<string, Promise<void>>();
    let sendFailures = 0;
    const poll = async (person: DemoUser): Promise<void> => {
      for (;;) {
        const waiting = outstanding.get(person.id) ?? [];
        if (waiting.length === 0) return;
        const { status, json } = await api<QueueResponse>(person, 'GET', '/api/me/queue');
        const now = performance.now();
        const answered = new Set(status === 200 ? json.requests.filter((r) => r.firstResponseAt !== null).map((r) => r.id) : []);
        outstanding.set(person.id, waiting.filter((r) => {
          if (answered.has(r.tracked.requestId)) r.seenAt = now;
          return r.seenAt === undefined && now - (r.sentAt as number) < GIVE_UP_MS;
        }));
        await new Promise((resolve) => setTimeout(resolve, POLL_EVERY_MS));
      }
    };
    const sendReply = async (reply: Reply): Promise<void> => {
      const { person, inbox } = reply.tracked;
      reply.sentAt = performance.now();
      const response = await fetch(`${tenant.graphOrigin}/v1.0/me/messages/${encodeURIComponent(org.ids.messageId(inbox.number))}/reply`, {
        method: 'POST',
        headers: { authorization: `Bearer ${graphTokens.get(person.id)}`, 'content-type': 'application/json' },
        body: JSON.stringify({ comment: 'On it — see below.' }),
        dispatcher: graphAgent,
      } as RequestInit);
      await response.arrayBuffer();
      if (response.status !== 202) {
        sendFailures += 1;
        return;
      }
      outstanding.set(person.id, [...(outstanding.get(person.id) ?? []), reply]);
      if (!pollers.has(person.id)) pollers.set(person.id, poll(person).finally(() => pollers.delete(person.id)));
    };
    const scheduledBefore = scheduledSyncs.length;
    const notificationSyncsBefore = notificationSyncs;
    const start = performance.now();
    await Promise.all(replies.map((reply) => new Promise<void>((resolve, reject) => {
      setTimeout(() => { sendReply(reply).then(resolve, reject); }, Math.max(0, start + reply.atMs - performance.now()));
    })));
    while (pollers.size > 0) await Promise.all([...pollers.values()]);
    const measuredS = (performance.now() - start) / 1000;
    const scheduledDuring = scheduledSyncs.length - scheduledBefore;

    const latenciesS = replies.filter((r) => r.seenAt !== undefined).map((r) => ((r.seenAt as number) - (r.sentAt as number)) / 1000);
    const seen = latenciesS.length;
    const p50 = round2(quantile(latenciesS, 0.5));
    const p95 = round2(quantile(latenciesS, 0.95));
    const figures: BenchFigure[] = [
      { name: `freshness: reply → first response in GET /api/me/queue, p50 (${replies.length} replies, ${size.people} people)`, value: p50, unit: 's', target: `≤ ${P50_TARGET_S} s`, met: seen > 0 && p50 <= P50_TARGET_S },
      { name: 'freshness: p95', value: p95, unit: 's', target: `≤ ${P95_TARGET_S} s`, met: seen > 0 && p95 <= P95_TARGET_S },
      { name: 'freshness: max', value: round2(Math.max(...latenciesS)), unit: 's' },
      { name: `freshness: replies whose first response was seen (within ${GIVE_UP_MS / 1000} s)`, value: seen, unit: `of ${replies.length}`, target: `${replies.length}/${replies.length}`, met: seen === replies.length && sendFailures === 0 },
      { name: 'freshness: scheduled syncs during the measurement (hourly interval: none due)', value: scheduledDuring, unit: 'syncs', target: '0', met: scheduledDuring === 0 },
      { name: 'freshness: syncs run for change notifications during the measurement', value: notificationSyncs - notificationSyncsBefore, unit: 'syncs' },
    ];
    const notes = [
      `Freshness: buildServer in demo mode, in this process, listening on 127.0.0.1 (its dev tenant delivers notifications there over HTTP); SQLite; scheduler on with SYNC_INTERVAL_SECONDS=3600 after each person's first sync, so no scheduled sync is due in the measurement (${round2(measuredS)} s). ${size.people} people, ${perPerson} new tracked mail requests each from colleagues who do not use Turnaround; ${replies.length} replies at seeded random instants over ${size.spreadMs / 1000} s, each sent through the Graph simulator as the person (POST /me/messages/{id}/reply, HTTPS, their delegated token); each person's queue polled every ${POLL_EVERY_MS} ms while they wait; never POST /api/sync. Latency from just before the reply POST to the poll that showed firstResponseAt. ${sendFailures} reply POSTs failed.`,
    ];
    return { figures, notes };
  } finally {
    await graphAgent.close();
    await server.close();
  }
}

function round2(v: number): number {
  return Math.round(v * 100) / 100;
}
