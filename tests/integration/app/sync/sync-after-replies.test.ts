import type { MailSource } from '../../../../src/app/m365-ports';
import { SyncService } from '../../../../src/app/sync/sync-service';
import { startSyncHarness, storedFirstResponses, trackAll, type SyncHarness } from './sync-harness';

/** Graph serialises message times to whole seconds; the generator keeps milliseconds. */
const seconds = (d: Date | null | undefined): number | null => (d ? Math.floor(d.getTime() / 1000) : null);

/**
 * Requests that were unanswered when tracked get answered afterwards (through Graph's reply/replyAll); only the sync
 * can find those responses. Each scenario runs on its own dev tenant and must end equal to the generator's truth.
 */
async function scenario(h: SyncHarness): Promise<{ assignees: string[]; check: () => Promise<string[]> }> {
  const org = h.tenant.org;
  const open = org.groundTruth().filter((t) => t.source === 'email' && t.firstResponseAt === null);
  const assignees = [...new Set(open.map((t) => t.assigneeId))].slice(0, 3);
  const mine = open.filter((t) => assignees.includes(t.assigneeId));
  await trackAll(h, mine);
  // Some answered by reply, some by reply-all, the rest left open; one mailbox does it "outside working hours".
  h.tenant.clock.advance(9 * 3_600_000);
  for (const [i, t] of mine.entries()) {
    if (i % 3 === 2) continue;
    const client = h.pool.clientFor(await h.asPerson(t.assigneeId));
    await client.api(`/users/${t.assigneeId}/messages/${t.messageId}/${i % 3 === 0 ? 'reply' : 'replyAll'}`).post({ comment: 'On it.' });
    h.tenant.clock.advance(60_000);
  }
  return {
    assignees,
    check: async () => {
      const truth = org.groundTruth().filter((t) => mine.some((m) => m.messageId === t.messageId && m.assigneeId === t.assigneeId));
      expect(truth.filter((t) => t.firstResponseAt !== null).length).toBeGreaterThan(0);
      const stored = await storedFirstResponses(h, assignees);
      return truth.filter((t) => seconds(stored.get(`${t.assigneeId}|${t.messageId}`)?.firstResponseAt) !== seconds(t.firstResponseAt)).map((t) => t.messageId);
    },
  };
}

describe('sync finds responses sent after tracking', () => {
  it('without faults', async () => {
    const h = await startSyncHarness();
    try {
      const s = await scenario(h);
      const sync = h.newSyncService();
      for (const a of s.assignees) await sync.syncPerson(h.userOf(a));
      expect(await s.check()).toEqual([]);
      // An idle re-sync changes nothing.
      for (const a of s.assignees) expect((await sync.syncPerson(h.userOf(a))).requestsUpdated).toBe(0);
    } finally {
      await h.close();
    }
  });

  it('with 20 % injected 429/503/504 faults: same results, never more than 4 requests in flight per mailbox', async () => {
    const h = await startSyncHarness({}, { baseDelayMs: 50 });
    try {
      const s = await scenario(h);
      h.tenant.setFaults({ rate: 0.2, statuses: [429, 503, 504], seed: 3, retryAfterSeconds: 1 });
      const sync = h.newSyncService();
      await Promise.all(s.assignees.map((a) => sync.syncPerson(h.userOf(a))));
      h.tenant.setFaults({ rate: 0 });
      expect(await s.check()).toEqual([]);
      for (const a of s.assignees) expect(h.concurrency.for(`${h.tenant.org.tenantId}|${a}`).maxSeen).toBeLessThanOrEqual(4);
    } finally {
      await h.close();
    }
  });

  it('killed mid-way, then restarted: resumes from the stored links and reaches the same results', async () => {
    const h = await startSyncHarness();
    try {
      const s = await scenario(h);
      const user = h.userOf(s.assignees[0] as string);
      const abort = new AbortController();
      // Delegates to the real Graph source and pulls the plug after the first delta page (Sent Items) was read.
      const crashing: MailSource = {
        getMessage: (u, id) => h.mail.getMessage(u, id),
        sentInConversation: (u, c, own) => h.mail.sentInConversation(u, c, own),
        sentInConversations: (u, ids, own) => h.mail.sentInConversations(u, ids, own),
        addCategory: (u, id, c) => h.mail.addCategory(u, id, c),
        deltaPage: async (u, f, l, since) => {
          const page = await h.mail.deltaPage(u, f, l, since);
          abort.abort();
          return page;
        },
      };
      const clock = { now: () => h.tenant.clock.now() };
      const first = new SyncService({ stores: h.stores, mail: crashing, chats: h.chats, directory: h.directory, clock, owner: 'server-a' });
      await expect(first.syncPerson(user, { signal: abort.signal })).rejects.toMatchObject({ code: 'sync_aborted' });
      const sentState = await h.stores.syncState.get(user.tenantId, user.userId, 'sentitems');
      const inboxState = await h.stores.syncState.get(user.tenantId, user.userId, 'inbox');
      expect(sentState?.deltaLink).toMatch(/^https:\/\/localhost:\d+\/v1\.0\//);
      expect(inboxState).toBeNull();
      const before = h.tenant.counters.get('GET /users/{id}/mailFolders/{id}/messages/delta');
      const second = h.newSyncService('server-b');
      for (const a of s.assignees) await second.syncPerson(h.userOf(a));
      expect(await s.check()).toEqual([]);
      // Resumed: the first person's Sent Items round continued from its link (one request), not from scratch.
      expect(h.tenant.counters.get('GET /users/{id}/mailFolders/{id}/messages/delta') - before).toBeGreaterThan(0);
    } finally {
      await h.close();
    }
  });
});
