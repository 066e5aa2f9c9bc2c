/**
 * Recent chats name their senders as the queue does, even when a sender is not in the directory store yet: the dev
 * tenant's Graph simulator over HTTPS, the real Graph chat and directory sources, a real SQLite store that starts
 * with no people at all (nobody synced, nobody tracked).
 */
import type { UserContext } from '../../../src/app/m365-ports';
import { DirectoryService } from '../../../src/app/directory-service';
import { getQueue } from '../../../src/app/queue';
import { recentChats } from '../../../src/app/recent-chats';
import { trackRequest } from '../../../src/app/track-request';
import type { DemoUser } from '../../../src/devtenant/demo-organization';
import { startSyncHarness, type SyncHarness } from './sync/sync-harness';

describe('recentChats senders', () => {
  let h: SyncHarness;
  let me: DemoUser;
  let user: UserContext;

  beforeAll(async () => {
    h = await startSyncHarness();
    // A person with recent colleague chat messages.
    for (const candidate of h.tenant.org.users) {
      const u = h.userOf(candidate.id);
      const probe = await recentChats({ stores: h.stores, chats: h.chats }, u, h.tenant.clock.now());
      if (probe.messages.length >= 2) { me = candidate; user = u; break; }
    }
    if (!me) throw new Error('no demo user has recent colleague chat messages');
  }, 120_000);
  afterAll(async () => {
    await h?.close();
  });

  it('without the directory source, keeps the name Graph gives on the message instead of "Unknown person"', async () => {
    const result = await recentChats({ stores: h.stores, chats: h.chats }, user, h.tenant.clock.now());
    expect(result.messages.length).toBeGreaterThan(0);
    for (const m of result.messages) {
      expect(m.from.displayName).not.toBe('Unknown person');
      expect(m.from.displayName).toBe(h.tenant.org.userById(m.from.id)?.displayName);
    }
    // Nothing was stored on the way: the directory store is still empty for these senders.
    expect(await h.stores.directory.getPeople(user.tenantId, result.messages.map((m) => m.from.id))).toEqual([]);
  });

  it('resolves senders missing from the store through Graph’s directory, stores them, and the queue shows the same person', async () => {
    const senders = async () => {
      const ids = new Set((await recentChats({ stores: h.stores, chats: h.chats }, user, h.tenant.clock.now())).messages.map((m) => m.from.id));
      return h.stores.directory.getPeople(user.tenantId, [...ids]);
    };
    expect(await senders()).toEqual([]);
    const result = await recentChats({ stores: h.stores, chats: h.chats, directory: h.directory }, user, h.tenant.clock.now());
    expect(result.messages.length).toBeGreaterThanOrEqual(2);
    for (const m of result.messages) {
      const truth = h.tenant.org.userById(m.from.id);
      expect(truth).toBeDefined();
      expect(m.from).toMatchObject({ id: truth!.id, displayName: truth!.displayName, department: truth!.department });
    }
    // Stored: a second call and other use cases find them without Graph.
    expect((await senders()).map((p) => p.displayName).sort()).toEqual([...new Set(result.messages.map((m) => m.from.displayName))].sort());

    const first = result.messages[0]!;
    await trackRequest({ stores: h.stores, mail: h.mail, chats: h.chats, directory: h.directory, domains: h.domains }, user,
      { source: 'chat', chatId: first.chatId, messageId: first.messageId }, h.tenant.clock.now());
    const clock = { now: () => h.tenant.clock.now() };
    const queue = await getQueue({ stores: h.stores, clock, directory: new DirectoryService({ stores: h.stores, clock, source: null }) }, user, 'open');
    const inQueue = queue.requests.find((r) => r.source === 'chat' && r.messageId === first.messageId);
    expect(inQueue?.requester).toEqual(first.from);
  });
});
