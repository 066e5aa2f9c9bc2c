/**
 * "Sync now" while the person's lease is held elsewhere — by the background worker thread of the same server (issue
 * 19) or by another instance: it waits for that sync to end and then syncs, rather than answering "in progress" the
 * moment the person asks; a sync that is not asked to wait still fails at once with `sync_in_progress` (the change
 * notification processor and the scheduler rely on it). On the dev tenant with a real SQLite store; the other
 * holder is a lease taken in the store under another owner name, as the worker thread's scheduler takes it.
 */
import { SyncService } from '../../../../src/app/sync/sync-service';
import { startSyncHarness, type SyncHarness } from './sync-harness';
import { countingMail, twoColleagues } from './first-response-scenarios';

describe('Sync now and a lease held elsewhere', () => {
  let h: SyncHarness;
  beforeEach(async () => {
    h = await startSyncHarness({ people: 6, days: 3 });
  });
  afterEach(async () => {
    await h.close();
  });

  /** A sync service on this server ('main-thread') whose mail reads are counted. */
  function countingService() {
    const { mail, deltaReads } = countingMail(h);
    const service = new SyncService({ stores: h.stores, mail, chats: h.chats, directory: h.directory, clock: { now: () => h.tenant.clock.now() }, owner: 'main-thread' });
    return { service, mailReads: deltaReads };
  }

  it('waits while the background sync holds the lease, then syncs: the status runs throughout and ends without an error', async () => {
    const { assignee } = twoColleagues(h);
    const user = h.userOf(assignee.id);
    const { service, mailReads } = countingService();
    const held = await h.stores.syncState.tryLease(user.tenantId, user.userId, 'background-worker', h.tenant.clock.now(), 600);
    if (held === null) throw new Error('the lease should be free');

    expect(service.startSync(user).running).toBe(true);
    // While the other holder syncs: still running, nothing read by this one.
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(service.status(user)).toMatchObject({ running: true, error: null });
    expect(mailReads()).toBe(0);

    // The background sync ends; within a retry or two, this one takes the lease and reads the mailbox.
    await h.stores.syncState.release(held, h.tenant.clock.now());
    for (let i = 0; i < 100 && service.status(user).running; i++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(service.status(user)).toMatchObject({ running: false, error: null });
    expect(mailReads()).toBeGreaterThan(0);
    // It released its own lease: free for the next holder.
    expect(await h.stores.syncState.tryLease(user.tenantId, user.userId, 'background-worker', h.tenant.clock.now(), 600)).not.toBeNull();
  });

  it('gives up with sync_in_progress after the wait it was given, and at once when given none', async () => {
    const { assignee } = twoColleagues(h);
    const user = h.userOf(assignee.id);
    const { service, mailReads } = countingService();
    await h.stores.syncState.tryLease(user.tenantId, user.userId, 'another-instance', h.tenant.clock.now(), 600);

    await expect(service.syncPerson(user)).rejects.toMatchObject({ code: 'sync_in_progress' });
    await expect(service.syncPerson(user, { waitForLeaseMs: 600 })).rejects.toMatchObject({ code: 'sync_in_progress' });
    expect(service.status(user)).toMatchObject({ running: false, error: 'sync_in_progress' });
    expect(mailReads()).toBe(0);
  });
});
