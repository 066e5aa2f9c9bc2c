import { SyncScheduler } from '../../../src/app/scheduler';
import type { SyncLease } from '../../../src/app/records';
import type { Stores } from '../../../src/app/store-ports';

/**
 * A lease table in memory (the unit-test seam; the real one is tested on SQLite and PostgreSQL in
 * tests/integration/store and across processes in tests/integration/scale).
 */
function leaseTable(people: string[]) {
  const holders = new Map<string, string>();
  const lastRun = new Map<string, number>();
  const syncState = {
    async leaseDue(owner: string, _now: Date, dueBefore: Date, _leaseSeconds: number, limit: number): Promise<SyncLease[]> {
      const free = people.filter((p) => !holders.has(p) && (lastRun.get(p) ?? 0) < dueBefore.getTime()).slice(0, limit);
      for (const p of free) holders.set(p, owner);
      return free.map((personId) => ({ tenantId: 't', personId, owner, expiresAt: new Date(8.64e15) }));
    },
    async release(lease: SyncLease, finishedAt: Date): Promise<void> {
      holders.delete(lease.personId);
      lastRun.set(lease.personId, finishedAt.getTime());
    },
  } as unknown as Stores['syncState'];
  return { syncState, holders };
}

function scheduler(owner: string, table: ReturnType<typeof leaseTable>, log: { owner: string; person: string }[], options: { batchSize?: number } = {}) {
  const now = new Date('2026-03-02T10:00:00Z');
  return new SyncScheduler({
    stores: { syncState: table.syncState },
    clock: { now: () => now },
    owner,
    intervalSeconds: 300,
    concurrency: 2,
    ...options,
    purgeExpired: async () => 0,
    syncPerson: async (user) => {
      expect(table.holders.get(user.userId)).toBe(owner); // never syncs a mailbox it does not hold
      log.push({ owner, person: user.userId });
      await new Promise((r) => setTimeout(r, 5));
      await table.syncState.release({ tenantId: 't', personId: user.userId, owner, expiresAt: now }, now);
    },
  });
}

describe('SyncScheduler.tick', () => {
  it('two instances ticking together share the due people, each synced exactly once', async () => {
    const people = Array.from({ length: 20 }, (_, i) => `p${i}`);
    const table = leaseTable(people);
    const log: { owner: string; person: string }[] = [];
    const [a, b] = await Promise.all([scheduler('a', table, log).tick(), scheduler('b', table, log).tick()]);
    expect(log.map((l) => l.person).sort()).toEqual([...people].sort());
    expect(a.synced + b.synced).toBe(20);
    // Each worker leases one person only when free, so neither instance takes the whole round.
    expect(a.synced).toBeGreaterThan(0);
    expect(b.synced).toBeGreaterThan(0);
  });

  it('leases at most batchSize people a tick and leaves the rest due for the next one', async () => {
    const table = leaseTable(Array.from({ length: 10 }, (_, i) => `p${i}`));
    const log: { owner: string; person: string }[] = [];
    const result = await scheduler('a', table, log, { batchSize: 3 }).tick();
    expect(result).toEqual({ synced: 3, failed: 0 });
    expect(new Set(log.map((l) => l.person)).size).toBe(3);
  });

  it('with a longer sync rhythm (the change-notification safety net) syncs only people whose last sync is that old', async () => {
    const table = leaseTable(['recent', 'stale', 'never']);
    const now = new Date('2026-03-02T10:00:00Z');
    // Synced 2 h ago, 7 h ago, never: with syncs every 6 h, ticks every 60 s only take the last two.
    await table.syncState.release({ tenantId: 't', personId: 'recent', owner: 'x', expiresAt: now }, new Date(now.getTime() - 2 * 3_600_000));
    await table.syncState.release({ tenantId: 't', personId: 'stale', owner: 'x', expiresAt: now }, new Date(now.getTime() - 7 * 3_600_000));
    const synced: string[] = [];
    const s = new SyncScheduler({
      stores: { syncState: table.syncState },
      clock: { now: () => now },
      owner: 'a',
      intervalSeconds: 300,
      syncEverySeconds: 6 * 3_600,
      syncPerson: async (user) => { synced.push(user.userId); },
      purgeExpired: async () => 0,
    });
    await s.tick();
    expect(synced.sort()).toEqual(['never', 'stale']);
  });

  it('looks for due people five times a sync interval, so nobody waits much past their interval', async () => {
    jest.useFakeTimers();
    try {
      let ticks = 0;
      const s = new SyncScheduler({
        stores: { syncState: leaseTable([]).syncState },
        clock: { now: () => new Date('2026-03-02T10:00:00Z') },
        owner: 'a',
        intervalSeconds: 300,
        syncPerson: async () => undefined,
        recordBreaches: async () => { ticks += 1; },
        purgeExpired: async () => 0,
      });
      s.start();
      await jest.advanceTimersByTimeAsync(100 + 300_000);
      await s.stop();
      // The first tick at 100 ms, then one every 60 s ± 20 % (48–72 s): 5 to 7 ticks in one interval (one would be 1–2).
      expect(ticks).toBeGreaterThanOrEqual(5);
      expect(ticks).toBeLessThanOrEqual(7);
    } finally {
      jest.useRealTimers();
    }
  });

  it('without background access (delegated mode) leases nobody, and still writes breaches and purges', async () => {
    const table = leaseTable(['p0', 'p1']);
    const steps: string[] = [];
    const s = new SyncScheduler({
      stores: { syncState: table.syncState },
      clock: { now: () => new Date('2026-03-02T10:00:00Z') },
      owner: 'a',
      intervalSeconds: 300,
      syncPerson: null,
      recordBreaches: async () => { steps.push('breaches'); },
      purgeUntracked: async () => { steps.push('untracked'); return 0; },
      purgeExpired: async () => { steps.push('retention'); return 0; },
    });
    expect(await s.tick()).toEqual({ synced: 0, failed: 0 });
    expect(table.holders.size).toBe(0);
    expect(steps).toEqual(['breaches', 'untracked', 'retention']);
  });

  it('purges untracked requests past the undo window on every tick (retention only every 6 hours)', async () => {
    const table = leaseTable([]);
    const untrackedPurges: Date[] = [];
    let retentionPurges = 0;
    const now = new Date('2026-03-02T10:00:00Z');
    const s = new SyncScheduler({
      stores: { syncState: table.syncState }, clock: { now: () => now }, owner: 'a', intervalSeconds: 300,
      syncPerson: async () => undefined,
      purgeExpired: async () => { retentionPurges += 1; return 0; },
      purgeUntracked: async (at) => { untrackedPurges.push(at); return 0; },
    });
    await s.tick();
    await s.tick();
    expect(untrackedPurges).toEqual([now, now]);
    expect(retentionPurges).toBe(1);
  });

  it('records the breaches due on every tick, after the syncs, at the time the syncs finished', async () => {
    const table = leaseTable(['p1']);
    const order: string[] = [];
    let nowMs = Date.parse('2026-03-02T10:00:00Z');
    const s = new SyncScheduler({
      stores: { syncState: table.syncState }, clock: { now: () => new Date(nowMs) }, owner: 'a', intervalSeconds: 300,
      syncPerson: async (user) => {
        order.push(`sync ${user.userId}`);
        nowMs += 60_000; // the sync took a minute
        await table.syncState.release({ tenantId: 't', personId: user.userId, owner: 'a', expiresAt: new Date(nowMs) }, new Date(nowMs));
      },
      purgeExpired: async () => 0,
      recordBreaches: async (at) => { order.push(`breaches ${at.toISOString()}`); },
    });
    await s.tick();
    await s.tick();
    expect(order).toEqual(['sync p1', 'breaches 2026-03-02T10:01:00.000Z', 'breaches 2026-03-02T10:01:00.000Z']);
  });

  it('times retention by its Clock, not the wall clock: again once the clock has moved 6 hours', async () => {
    const table = leaseTable([]);
    let retentionPurges = 0;
    let nowMs = Date.parse('2026-03-02T10:00:00Z');
    const s = new SyncScheduler({
      stores: { syncState: table.syncState }, clock: { now: () => new Date(nowMs) }, owner: 'a', intervalSeconds: 300,
      syncPerson: async () => undefined,
      purgeExpired: async () => { retentionPurges += 1; return 0; },
    });
    await s.tick();
    nowMs += 6 * 3_600_000 - 1;
    await s.tick();
    expect(retentionPurges).toBe(1);
    nowMs += 1;
    await s.tick();
    expect(retentionPurges).toBe(2);
  });
});
