/**
 * Simulated days of background sync in application mode, for `npm run bench -- sync` (issue 18: "Graph requests and
 * token requests per person per day in background mode, at the default interval, for idle and busy people; token
 * requests ≤ 30 per day for the whole app, not per person").
 *
 * The server's own pieces, as build-server.ts wires them: the SyncScheduler's tick (lease the people due, sync each,
 * record breaches, retention) over SyncService, the Graph sources and one GraphClientPool whose tokens come from
 * GraphAccessTokens — msal-node at the dev tenant's HTTPS token endpoint, client credentials for background work. The
 * interval and retention are the configuration's defaults (loadConfig). Nobody is signed in during the day: every Graph
 * call is background work.
 *
 * Time is the dev tenant's simulated clock, moved by one interval between ticks (no real waiting). Token lifetimes run
 * on it too: the token endpoint issues 60–90 minute tokens on the simulated clock, and ApplicationTokenProvider keeps
 * each until 5 minutes before its expiry on the same clock.
 *
 * People: half idle (nothing new all day), half busy (requests by mail and chat from a colleague through the working
 * day, answered a little later; most of them tracked). Their colleagues are people Turnaround does not sync, so one
 * person's replies never make another synced person busy. Graph requests are read from the simulator's counter around
 * each sync (the tick runs one sync at a time, so each request is that person's).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recordDueBreaches } from '../src/app/breach-recorder';
import type { UserContext } from '../src/app/m365-ports';
import type { NewRequest } from '../src/app/records';
import { SyncScheduler } from '../src/app/scheduler';
import { SyncService } from '../src/app/sync/sync-service';
import { TenantDomains } from '../src/app/sync/tenant-domains';
import { trackRequest } from '../src/app/track-request';
import { calendarFromGraph, type GraphMailboxSettings } from '../src/domain/calendar-from-graph';
import type { DemoChat, DemoUser, MailboxMessage } from '../src/devtenant/demo-organization';
import { startDevTenant, type LocalDevTenant, type RequestCounters } from '../src/devtenant/dev-tenant';
import { graphAccessTokensFor } from '../src/graph/graph-access-tokens';
import { GraphChatSource } from '../src/graph/graph-chat-source';
import { GraphClientPool } from '../src/graph/graph-client-pool';
import { GraphDirectorySource } from '../src/graph/graph-directory-source';
import { GraphMailSource } from '../src/graph/graph-mail-source';
import { loadConfig } from '../src/server/config';
import { demoCredentials } from '../src/server/server-services';
import { openStores, type DatabaseStores } from '../src/store/open-stores';
import { purgeExpiredRequests, purgeExpiredUntracked } from '../src/store/retention-purge-job';
import type { BenchFigure } from './run';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** Midnight UTC starting a Monday: the simulated days are working days. */
const FIRST_DAY = new Date('2025-03-17T00:00:00Z');
/** The token endpoint's `grant_type` of on-behalf-of requests. */
const ON_BEHALF_OF_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
/** People synced (half idle, half busy), and in a quick run. A sync takes about 9 ms of CPU here: a day of 16 is ~40 s. */
const PEOPLE = 16;
const QUICK_PEOPLE = 6;
/** Simulated days measured. */
const SIMULATED_DAYS = 1;
/** Whole-app token requests per day the issue allows for background work. */
const TOKEN_REQUESTS_PER_DAY_TARGET = 30;

/** One busy person's day, as offsets from midnight UTC: mail and chat requests from one colleague, and the answers. */
const BUSY_DAY = {
  /** Mail requests: one every 40 minutes from 08:00; two in three tracked; three in four answered 50 minutes later. */
  mail: { count: 12, firstMs: 8 * HOUR_MS, everyMs: 40 * MINUTE_MS, answerAfterMs: 50 * MINUTE_MS, tracked: (k: number) => k % 3 !== 2, answered: (k: number) => k % 4 !== 3 },
  /** Chat requests: one every 80 minutes from 08:20, all tracked; two in three answered 25 minutes later. */
  chat: { count: 6, firstMs: 8 * HOUR_MS + 20 * MINUTE_MS, everyMs: 80 * MINUTE_MS, answerAfterMs: 25 * MINUTE_MS, answered: (j: number) => j % 3 !== 2 },
};

/** Something a busy person's colleague or the person does at `atMs` (simulated), through the dev tenant's write paths. */
interface DayEvent {
  atMs: number;
  apply: (nowMs: number) => Promise<void>;
}

/** Graph requests the simulator served: every call, `$batch` items one by one (as Graph's limits count them), not the `$batch` envelopes. */
function graphRequests(counters: RequestCounters): number {
  return counters.total() - counters.get('POST /$batch');
}

export interface BackgroundDayOptions {
  quick: boolean;
}

/** Runs the simulated days and returns their figures (per day: tokens, Graph requests per idle and busy person). */
export async function measureBackgroundSyncDays(options: BackgroundDayOptions): Promise<{ figures: BenchFigure[]; notes: string[] }> {
  const people = options.quick ? QUICK_PEOPLE : PEOPLE;
  const days = SIMULATED_DAYS;
  const config = loadConfig({});
  const intervalMs = config.sync.intervalSeconds * 1000;
  const roundsPerDay = Math.round(DAY_MS / intervalMs);
  const tenant = await startDevTenant({ seed: 23, people: 2 * people + 4, days: 14, now: FIRST_DAY });
  const dir = mkdtempSync(join(tmpdir(), 'turnaround-bench-sync-day-'));
  const stores = await openStores(`sqlite:${join(dir, 'bench.db')}`);
  const tokens = graphAccessTokensFor(demoCredentials(tenant), config.graphBackgroundAccess, () => tenant.clock.nowMs());
  const pool = new GraphClientPool({ baseUrl: tenant.graphBaseUrl, caPem: tenant.certificatePem, tokens });
  const mail = new GraphMailSource(pool);
  const chats = new GraphChatSource(pool);
  const directory = new GraphDirectorySource(pool);
  const clock = { now: () => tenant.clock.now() };
  const sync = new SyncService({
    stores, mail, chats, directory, clock, owner: 'bench', historyDays: config.sync.retentionDays,
    calendarFromMailboxSettings: (settings) => calendarFromGraph(settings as GraphMailboxSettings),
  });
  const figures: BenchFigure[] = [];
  const notes: string[] = [];
  try {
    const { org } = tenant;
    const members = org.users.filter((u) => u.userType === 'Member');
    const synced = members.slice(0, people);
    const colleagues = members.slice(people);
    const idle = synced.filter((_, i) => i % 2 === 0);
    const busy = synced.filter((_, i) => i % 2 === 1);
    if (colleagues.length < busy.length) throw new Error('demo organisation too small');
    const idleIds = new Set(idle.map((u) => u.id));

    // ---- set-up (not counted): each person tracks the demo's open requests of theirs, as in their first session ----
    const domains = new TenantDomains(directory, stores.directory, clock);
    const track = { stores, mail, chats, directory, domains };
    const signedIn = async (u: DemoUser): Promise<UserContext> => ({ tenantId: org.tenantId, userId: u.id, accessToken: await tenant.idp.issueToken({ username: u.userPrincipalName }) });
    const syncedIds = new Set(synced.map((u) => u.id));
    for (const item of org.initiallyTracked()) {
      if (!syncedIds.has(item.assigneeId) || item.resolved !== undefined) continue;
      const person = org.userById(item.assigneeId) as DemoUser;
      await trackRequest(track, await signedIn(person), { source: item.source, messageId: item.messageId, ...(item.chatId === undefined ? {} : { chatId: item.chatId }), override: true }, tenant.clock.now());
    }
    // Each busy person's colleague writes first before the day (tracked by the person): the directory then knows them.
    const pairs = busy.map((person, b) => ({ person, colleague: colleagues[b] as DemoUser, chat: newChat(tenant, person, colleagues[b] as DemoUser) }));
    for (const { person, colleague } of pairs) {
      const opening = deliverRequest(tenant, colleague, person, 'Before the week starts', tenant.clock.nowMs() - HOUR_MS);
      await trackRequest(track, await signedIn(person), { source: 'email', messageId: org.ids.messageId(opening.number), override: true }, tenant.clock.now());
    }
    for (const u of synced) await stores.syncState.registerPerson(org.tenantId, u.id, tenant.clock.now());

    // ---- the scheduler as the server runs it (one sync at a time, so the counter around each sync is that person's) ----
    const perPerson = new Map<string, { requests: number; syncs: number }>();
    let failures = 0;
    const scheduler = new SyncScheduler({
      stores, clock, owner: 'bench', intervalSeconds: config.sync.intervalSeconds, concurrency: 1,
      syncPerson: async (user) => {
        const before = graphRequests(tenant.counters);
        try {
          return await sync.syncPerson(user);
        } finally {
          const tally = perPerson.get(user.userId) ?? { requests: 0, syncs: 0 };
          perPerson.set(user.userId, { requests: tally.requests + graphRequests(tenant.counters) - before, syncs: tally.syncs + 1 });
        }
      },
      purgeExpired: (now) => purgeExpiredRequests(stores, config.sync.retentionDays, now),
      purgeUntracked: (now) => purgeExpiredUntracked(stores, now),
      recordBreaches: (now) => recordDueBreaches(stores, now),
      onError: () => { failures += 1; },
    });
    // Everyone's first sync (their whole history) happens at once; the days measure what follows it.
    await scheduler.tick();

    const endpoint = tenant.authority.tokenEndpoint;
    for (let day = 1; day <= days; day++) {
      const dayStartMs = FIRST_DAY.getTime() + (day - 1) * DAY_MS;
      const plans = pairs.map(({ person, colleague, chat }) => busyDay(tenant, stores, person, colleague, chat, dayStartMs));
      const events = plans.flatMap((p) => p.events).sort((a, b) => a.atMs - b.atMs);
      const expectedAnswered = plans.reduce((s, p) => s + p.answeredTracked, 0);
      tenant.counters.reset();
      endpoint.resetTokenRequests();
      perPerson.clear();
      failures = 0;
      let next = 0;
      for (let round = 0; round < roundsPerDay; round++) {
        // One interval and a millisecond: the scheduler syncs people last synced *more* than an interval ago, and the
        // person synced last in a tick may have finished in the millisecond the next tick starts in.
        tenant.clock.advance(intervalMs + 1);
        const nowMs = tenant.clock.nowMs();
        for (; next < events.length && (events[next] as DayEvent).atMs <= nowMs; next++) await (events[next] as DayEvent).apply(nowMs);
        await scheduler.tick();
      }
      const { byGrantType, total } = endpoint.tokenRequests();
      const clientCredentials = byGrantType.client_credentials ?? 0;
      const onBehalfOf = byGrantType[ON_BEHALF_OF_GRANT] ?? 0;
      const idleTallies = [...perPerson].filter(([id]) => idleIds.has(id)).map(([, t]) => t);
      const busyTallies = [...perPerson].filter(([id]) => !idleIds.has(id)).map(([, t]) => t);
      const perDay = (ts: { requests: number }[]): number => ts.reduce((s, t) => s + t.requests, 0) / Math.max(1, ts.length);
      const perSync = (ts: { requests: number; syncs: number }[]): number => ts.reduce((s, t) => s + t.requests, 0) / Math.max(1, ts.reduce((s, t) => s + t.syncs, 0));
      const syncs = [...perPerson.values()].map((t) => t.syncs);
      const [fewest, most] = [Math.min(...syncs), Math.max(...syncs)];
      const found = await answeredTrackedFound(stores, org.tenantId, busy, dayStartMs);
      const d = `day ${day}`;
      figures.push(
        { name: `${d}: token requests, whole app (${people} people, background sync every ${config.sync.intervalSeconds} s)`, value: total, unit: 'requests', target: `≤ ${TOKEN_REQUESTS_PER_DAY_TARGET}`, met: total <= TOKEN_REQUESTS_PER_DAY_TARGET },
        { name: `${d}: client-credentials token requests`, value: clientCredentials, unit: 'requests' },
        { name: `${d}: on-behalf-of token requests (background work never acts as a person)`, value: onBehalfOf, unit: 'requests', target: '0', met: onBehalfOf === 0 },
        { name: `${d}: syncs per person (${syncs.length} people, each ${fewest === most ? fewest : `${fewest}–${most}`})`, value: syncs.reduce((a, b) => a + b, 0) / Math.max(1, syncs.length), unit: 'syncs', target: `${roundsPerDay} each (every ${config.sync.intervalSeconds} s)`, met: syncs.length === people && fewest === roundsPerDay && most === roundsPerDay },
        { name: `${d}: failed syncs`, value: failures, unit: 'syncs', target: '0', met: failures === 0 },
        { name: `${d}: Graph requests per idle person (${idle.length} people, nothing new)`, value: perDay(idleTallies), unit: 'requests/day' },
        { name: `${d}: Graph requests per idle person per sync`, value: round2(perSync(idleTallies)), unit: 'requests' },
        { name: `${d}: Graph requests per busy person (${busy.length} people, ${BUSY_DAY.mail.count} mail + ${BUSY_DAY.chat.count} chat requests each)`, value: perDay(busyTallies), unit: 'requests/day' },
        { name: `${d}: Graph requests per busy person per sync`, value: round2(perSync(busyTallies)), unit: 'requests' },
        { name: `${d}: tracked requests answered that day whose first response background sync found`, value: found, unit: 'requests', target: `${expectedAnswered} (all)`, met: found === expectedAnswered },
      );
    }
    notes.push(
      `Background days: ${people} people (${idle.length} idle, ${busy.length} busy), ${days} simulated day${days === 1 ? '' : 's'} of ${roundsPerDay} scheduler ticks one interval (${config.sync.intervalSeconds} s, the default, and 1 ms) apart on the dev tenant's clock, after everyone's first sync; one sync at a time, so the simulator's counter around each sync is that person's. Tokens live 60–90 min on that clock and are reused until 5 min before expiry. New requests of busy people are stored as tracked when they arrive (tracking is the person's own, delegated action, not background work); Graph requests count each $batch item, as Graph's limits do.`,
    );
  } finally {
    await pool.close();
    await stores.close();
    await tenant.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return { figures, notes };
}

function round2(v: number): number {
  return Math.round(v * 100) / 100;
}

/** A one-on-one chat of `person` and `colleague`, created the day before the first simulated day. */
function newChat(tenant: LocalDevTenant, person: DemoUser, colleague: DemoUser): DemoChat {
  const chat: DemoChat = { index: tenant.org.chats.length, id: `19:${person.id}_${colleague.id}@unq.gbl.spaces`, chatType: 'oneOnOne', topic: null, memberIndexes: [person.index, colleague.index], createdMs: FIRST_DAY.getTime() - DAY_MS, messages: [] };
  tenant.org.addChat(chat);
  return chat;
}

/** Mail from `from` to `to` sent at `sentMs`, through the organisation's delivery; returns `to`'s Inbox copy. */
export function deliverRequest(tenant: LocalDevTenant, from: DemoUser, to: DemoUser, subject: string, sentMs: number): MailboxMessage {
  const { org } = tenant;
  const sent = org.deliver({
    conversationId: org.newConversationId(), internetMessageId: org.newInternetMessageId(sentMs, org.addressOf(from)), subject, bodyText: 'Could you have a look, please?',
    from: org.addressOf(from), fromUserIndex: from.index, to: [org.addressOf(to)], cc: [], sentMs, kind: 'request', importance: 'normal', headers: [],
  });
  const inbox = sent.inboxCopies.find((c) => c.ownerIndex === to.index);
  if (!inbox) throw new Error('request not delivered');
  return inbox;
}

/** A request the person tracked, stored as the tracking use case stores it (no Graph: tracking is not measured here). */
async function storeTracked(stores: DatabaseStores, tenantId: string, person: DemoUser, colleague: DemoUser, fields: Pick<NewRequest, 'source' | 'sourceMessageId' | 'conversationId' | 'chatId' | 'subject' | 'receivedAt'>): Promise<void> {
  const input: NewRequest = {
    tenantId, threadId: null, webLink: null, requesterId: colleague.id, assigneeId: person.id, teamId: null, preview: '', category: null, priority: 'normal', note: null,
    colleagueOverride: false, firstResponseAt: null, firstResponseSource: null, resolvedAt: null, waitingPeriods: [], status: 'open', dueAt: null, ...fields,
  };
  await stores.requests.track(tenantId, input, { type: 'tracked', actorId: person.id, at: fields.receivedAt, data: null });
}

/**
 * One busy person's day (see BUSY_DAY): the colleague's requests and the person's answers, each applied at the first
 * tick at or after its time through the dev tenant's write paths (delivery, reply, chat post), stamped with that tick's
 * simulated now. `answeredTracked`: the tracked requests that have an answer that day — a mail request by the reply in
 * its conversation, a chat request by any later message of the person in the chat (it answers every earlier one).
 */
function busyDay(tenant: LocalDevTenant, stores: DatabaseStores, person: DemoUser, colleague: DemoUser, chat: DemoChat, dayStartMs: number): { events: DayEvent[]; answeredTracked: number } {
  const { org } = tenant;
  const tenantId = org.tenantId;
  const offsetMs = (person.index % 10) * 3 * MINUTE_MS;
  const events: DayEvent[] = [];
  let answeredTracked = 0;
  const { mail, chat: chatDay } = BUSY_DAY;
  for (let k = 0; k < mail.count; k++) {
    const atMs = dayStartMs + mail.firstMs + k * mail.everyMs + offsetMs;
    let inbox: MailboxMessage | null = null;
    events.push({
      atMs,
      apply: async (nowMs) => {
        inbox = deliverRequest(tenant, colleague, person, `Request ${k} of ${new Date(dayStartMs).toISOString().slice(0, 10)}`, nowMs);
        if (mail.tracked(k)) {
          await storeTracked(stores, tenantId, person, colleague, { source: 'email', sourceMessageId: org.ids.messageId(inbox.number), conversationId: inbox.mail.conversationId, chatId: null, subject: inbox.mail.subject, receivedAt: new Date(nowMs) });
        }
      },
    });
    if (!mail.answered(k)) continue;
    if (mail.tracked(k)) answeredTracked += 1;
    events.push({
      atMs: atMs + mail.answerAfterMs,
      apply: async (nowMs) => {
        if (inbox === null) throw new Error('answer before its request');
        org.replyTo(inbox, 'Done, see attached.', nowMs);
      },
    });
  }
  for (let j = 0; j < chatDay.count; j++) {
    const atMs = dayStartMs + chatDay.firstMs + j * chatDay.everyMs + offsetMs;
    events.push({
      atMs,
      apply: async (nowMs) => {
        const m = org.postChatMessage(chat, colleague.index, `<p>Could you check item ${j}?</p>`, nowMs);
        await storeTracked(stores, tenantId, person, colleague, { source: 'chat', sourceMessageId: m.id, conversationId: chat.id, chatId: chat.id, subject: `Item ${j}`, receivedAt: new Date(m.createdMs) });
      },
    });
    if (Array.from({ length: chatDay.count - j }, (_, i) => j + i).some((later) => chatDay.answered(later))) answeredTracked += 1;
    if (chatDay.answered(j)) events.push({ atMs: atMs + chatDay.answerAfterMs, apply: async (nowMs) => { org.postChatMessage(chat, person.index, '<p>On it</p>', nowMs); } });
  }
  return { events, answeredTracked };
}

/** Busy people's requests received on the day starting at `dayStartMs` whose first response the sync stored. */
async function answeredTrackedFound(stores: DatabaseStores, tenantId: string, busy: DemoUser[], dayStartMs: number): Promise<number> {
  let found = 0;
  for (const person of busy) {
    const requests = await stores.requests.listForAssignee(tenantId, person.id, { includeResolved: true, receivedFrom: new Date(dayStartMs) });
    found += requests.filter((r) => r.receivedAt.getTime() < dayStartMs + DAY_MS && r.firstResponseAt !== null).length;
  }
  return found;
}
