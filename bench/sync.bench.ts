/**
 * `npm run bench -- sync`: Graph HTTP requests used by the sync, read from the dev tenant's request counter.
 * - one mailbox with 10,000 messages over 90 days and 500 tracked requests: first sync ≤ 30, idle re-sync ≤ 3;
 * - 1,000 open chat requests across 200 chats: first chat round ≤ 20; then a re-sync with nothing new, which reads only
 *   the chats that still hold an unanswered request, each from its watermark.
 * Beside each: what a naive client (one request per tracked request) would use, and the wall time.
 * Then simulated days of background sync in application mode at the default interval, for idle and busy people: token
 * requests for the whole app (≤ 30 a day) and Graph requests per person per day (background-sync-day.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { UserContext } from '../src/app/m365-ports';
import type { NewRequest } from '../src/app/records';
import { SyncService } from '../src/app/sync/sync-service';
import { TenantDomains } from '../src/app/sync/tenant-domains';
import { trackRequest } from '../src/app/track-request';
import type { DemoChat } from '../src/devtenant/demo-organization';
import { startDevTenant, type RequestCounters } from '../src/devtenant/dev-tenant';
import { graphAccessTokensFor } from '../src/graph/graph-access-tokens';
import { GraphChatSource } from '../src/graph/graph-chat-source';
import { GraphClientPool } from '../src/graph/graph-client-pool';
import { GraphDirectorySource } from '../src/graph/graph-directory-source';
import { GraphMailSource } from '../src/graph/graph-mail-source';
import { demoCredentials } from '../src/server/server-services';
import { openStores } from '../src/store/open-stores';
import { measureBackgroundSyncDays } from './background-sync-day';
import type { BenchOptions, BenchResult } from './run';

const DAY_MS = 86_400_000;

/** HTTP requests the simulator received: every counted endpoint, minus `$batch` items (counted as their own too). */
function httpRequests(counters: RequestCounters, batchItemEndpoints: string[]): number {
  return counters.total() - batchItemEndpoints.reduce((s, e) => s + counters.get(e), 0);
}

export async function run(options: BenchOptions): Promise<BenchResult> {
  const messages = options.quick ? 2_000 : 10_000;
  const tracked = options.quick ? 100 : 500;
  const chatCount = options.quick ? 40 : 200;
  const now = new Date('2025-03-14T16:00:00Z');
  const tenant = await startDevTenant({ seed: 11, people: 12, days: 7, now });
  const dir = mkdtempSync(join(tmpdir(), 'turnaround-bench-sync-'));
  const stores = await openStores(`sqlite:${join(dir, 'bench.db')}`);
  // The server's own Graph access (msal-node at the dev tenant's token endpoint): application for sync, delegated for tracking.
  const tokens = graphAccessTokensFor(demoCredentials(tenant), 'application', () => tenant.clock.nowMs());
  const pool = new GraphClientPool({ baseUrl: tenant.graphBaseUrl, caPem: tenant.certificatePem, tokens });
  const mail = new GraphMailSource(pool);
  const chats = new GraphChatSource(pool);
  const directory = new GraphDirectorySource(pool);
  const clock = { now: () => tenant.clock.now() };
  const org = tenant.org;
  const me = org.users[0];
  // Members only: the demo organisation's guests write from outside (not colleagues) and have no mailbox here.
  const colleagues = org.users.slice(1).filter((u) => u.userType === 'Member');
  if (!me || colleagues.length === 0) throw new Error('demo organisation too small');
  const user: UserContext = { tenantId: org.tenantId, userId: me.id };
  const figures: BenchResult['figures'] = [];
  try {
    // ---- one mailbox: `messages` messages over 90 days, a third of them the person's replies ----
    const startMs = now.getTime() - 90 * DAY_MS;
    const requestIds: string[] = [];
    let made = 0;
    for (let i = 0; made < messages; i++) {
      const from = colleagues[i % colleagues.length];
      if (!from) continue;
      const atMs = startMs + Math.floor((i * 89 * DAY_MS) / (messages / 1.5));
      if (atMs >= now.getTime() - 3_600_000) break;
      const conversationId = org.newConversationId();
      const copy = org.deliver({
        conversationId, internetMessageId: org.newInternetMessageId(atMs, org.addressOf(from)), subject: `Question ${i}`, bodyText: 'Could you check this, please?',
        from: org.addressOf(from), fromUserIndex: from.index, to: [org.addressOf(me)], cc: [], sentMs: atMs, kind: 'request', importance: 'normal', headers: [],
      });
      made += 1; // the inbox copy in this mailbox (the sender's sent copy is in theirs)
      const inbox = copy.inboxCopies.find((c) => c.ownerIndex === me.index);
      if (inbox && requestIds.length < tracked && i % 3 === 0) requestIds.push(org.ids.messageId(inbox.number));
      if (i % 2 === 0) {
        org.deliver({
          conversationId, internetMessageId: org.newInternetMessageId(atMs + 3_600_000, org.addressOf(me)), subject: `RE: Question ${i}`, bodyText: 'Done.',
          from: org.addressOf(me), fromUserIndex: me.index, to: [org.addressOf(from)], cc: [], sentMs: atMs + 3_600_000, kind: 'reply', importance: 'normal', headers: [],
        });
        made += 1;
      }
    }
    const inboxSize = org.folder(me.index, 'inbox').length;
    const sentSize = org.folder(me.index, 'sentitems').length;
    const domains = new TenantDomains(directory, stores.directory, clock);
    // Tracking is the person's own action (it sets the Outlook category as them): signed in, with an API token.
    const signedIn: UserContext = { ...user, accessToken: await tenant.idp.issueToken({ username: me.userPrincipalName }) };
    for (const id of requestIds) await trackRequest({ stores, mail, chats, directory, domains }, signedIn, { source: 'email', messageId: id }, tenant.clock.now());

    const sync = new SyncService({ stores, mail, chats, directory, clock, owner: 'bench' });
    tenant.counters.reset();
    let t0 = Date.now();
    await sync.syncPerson(user);
    const firstMs = Date.now() - t0;
    // A first round's Sent Items may lack moved answers: the suggestion rule reads its candidates' conversations as
    // $batch items (a round from scratch reports no removals, so no conversation is read outside a batch here).
    const first = httpRequests(tenant.counters, ['GET /users/{id}/messages']);
    tenant.counters.reset();
    t0 = Date.now();
    await sync.syncPerson(user);
    const idleMs = Date.now() - t0;
    const idle = httpRequests(tenant.counters, []);
    figures.push(
      { name: `first mail sync (${inboxSize + sentSize} messages in Inbox + Sent Items, ${requestIds.length} tracked)`, value: first, unit: 'HTTP requests', target: '≤ 30', met: options.quick ? undefined : first <= 30 },
      { name: 'first mail sync, naive client (one request per tracked request, plus the paged reads)', value: requestIds.length, unit: 'HTTP requests' },
      { name: 'first mail sync wall time', value: firstMs, unit: 'ms' },
      { name: 'idle mail re-sync', value: idle, unit: 'HTTP requests', target: '≤ 3', met: idle <= 3 },
      { name: 'idle mail re-sync wall time', value: idleMs, unit: 'ms' },
    );

    // ---- chats: `chatCount` chats with 5 open requests each; the requests stored directly (tracking is measured elsewhere) ----
    const chatUser = org.users[1];
    if (!chatUser) throw new Error('no chat user');
    const cu: UserContext = { tenantId: org.tenantId, userId: chatUser.id };
    await sync.syncPerson(cu); // directory and mail of this person first (no chat requests yet), so the next runs measure chats
    const base = now.getTime() - 2 * DAY_MS;
    for (let c = 0; c < chatCount; c++) {
      const other = org.users[(c % (org.users.length - 2)) + 2];
      if (!other) continue;
      const chat: DemoChat = { index: org.chats.length, id: `19:bench${c}_${chatUser.id}@unq.gbl.spaces`, chatType: 'group', topic: `Bench ${c}`, memberIndexes: [chatUser.index, other.index], createdMs: base - DAY_MS, messages: [] };
      org.addChat(chat);
      for (let k = 0; k < 5; k++) {
        const m = org.postChatMessage(chat, other.index, `<p>Could you look at item ${k}?</p>`, base + c * 60_000 + k * 1000);
        const input: NewRequest = {
          tenantId: org.tenantId, source: 'chat', sourceMessageId: m.id, conversationId: chat.id, chatId: chat.id, threadId: null, webLink: null,
          requesterId: other.id, assigneeId: chatUser.id, teamId: null, subject: `Item ${k}`, preview: '', category: null, priority: 'normal', note: null,
          colleagueOverride: false, receivedAt: new Date(m.createdMs), firstResponseAt: null, firstResponseSource: null, resolvedAt: null, waitingPeriods: [], status: 'open', dueAt: null,
        };
        await stores.requests.track(org.tenantId, input, { type: 'tracked', actorId: chatUser.id, at: now, data: null });
      }
      if (c % 2 === 0) org.postChatMessage(chat, chatUser.index, '<p>On it</p>', base + c * 60_000 + 10_000);
    }
    const open = (await stores.requests.listOpenForAssignee(org.tenantId, chatUser.id)).filter((r) => r.source === 'chat');
    // No chat has a watermark yet: a full chat round, each chat read from its earliest request.
    tenant.counters.reset();
    t0 = Date.now();
    const { syncChats } = await import('../src/app/sync/chat-sync');
    const { SyncProgress } = await import('../src/app/sync/sync-progress');
    await syncChats({ stores, chats, user: cu, now: tenant.clock.now(), progress: new SyncProgress() }, open);
    const chatMs = Date.now() - t0;
    const chatHttp = httpRequests(tenant.counters, ['GET /users/{id}/chats/{id}/messages']);
    const answered = (await stores.requests.listForAssignee(org.tenantId, chatUser.id, { includeResolved: true })).filter((r) => r.source === 'chat' && r.firstResponseAt !== null).length;
    // Nothing new: only chats with a request still unanswered are read, each from its watermark.
    const still = (await stores.requests.listOpenForAssignee(org.tenantId, chatUser.id)).filter((r) => r.source === 'chat');
    tenant.counters.reset();
    await syncChats({ stores, chats, user: cu, now: tenant.clock.now(), progress: new SyncProgress() }, still);
    const chatIdle = httpRequests(tenant.counters, ['GET /users/{id}/chats/{id}/messages']);
    const chatIdleItems = tenant.counters.get('GET /users/{id}/chats/{id}/messages');
    figures.push(
      { name: `chat sync (${open.length} open chat requests in ${chatCount} chats)`, value: chatHttp, unit: 'HTTP requests', target: '≤ 20', met: options.quick ? undefined : chatHttp <= 20 },
      { name: 'chat sync, naive client (one request per tracked request)', value: open.length, unit: 'HTTP requests' },
      { name: 'chat requests found answered', value: answered, unit: 'requests' },
      { name: 'chat sync wall time', value: chatMs, unit: 'ms' },
      { name: `idle chat re-sync (chats with an unanswered request, from their watermarks: ${chatIdleItems} chat reads)`, value: chatIdle, unit: 'HTTP requests' },
    );
  } finally {
    await pool.close();
    await stores.close();
    await tenant.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  const days = await measureBackgroundSyncDays({ quick: options.quick });
  figures.push(...days.figures);
  return { title: 'Graph sync cost (dev tenant request counter)', figures, notes: ['HTTP requests = simulator total minus $batch items (the simulator counts each item as well as the batch).', ...days.notes] };
}
