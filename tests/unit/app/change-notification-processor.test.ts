/**
 * The change-notification processor against an in-memory PendingChangeStore (the seq semantics of the real one:
 * tests/integration/store/change-notification-stores.test.ts), a scripted syncPerson and a clock the test moves.
 * Passes are driven by wake() only (the poll interval is far away), so each step is the test's.
 */
import { ChangeNotificationProcessor, RESYNC_GAP_MS } from '../../../src/app/change-notification-processor';
import type { UserContext } from '../../../src/app/m365-ports';
import type { PendingChange, PendingChangeKind } from '../../../src/app/records';
import type { PendingChangeStore } from '../../../src/app/store-ports';
import { DomainError } from '../../../src/domain/domain-error';

class MemoryPendingChanges implements Pick<PendingChangeStore, 'record' | 'listPending' | 'clear'> {
  readonly rows = new Map<string, { tenantId: string; personId: string; kinds: Set<PendingChangeKind>; seq: number; dueAt: Date | null; quietUntil: Date | null }>();

  async record(tenantId: string, personId: string, kind: PendingChangeKind, at: Date): Promise<void> {
    const k = `${tenantId}/${personId}`;
    const row = this.rows.get(k) ?? { tenantId, personId, kinds: new Set<PendingChangeKind>(), seq: 0, dueAt: null, quietUntil: null };
    row.kinds.add(kind);
    row.seq += 1;
    row.dueAt ??= row.quietUntil !== null && row.quietUntil > at ? row.quietUntil : at;
    this.rows.set(k, row);
  }

  async listPending(limit: number): Promise<PendingChange[]> {
    return [...this.rows.values()]
      .filter((r) => r.dueAt !== null)
      .sort((a, b) => a.dueAt!.getTime() - b.dueAt!.getTime())
      .slice(0, limit)
      .map((r) => ({ tenantId: r.tenantId, personId: r.personId, kinds: [...r.kinds], seq: r.seq, dueAt: r.dueAt! }));
  }

  async clear(tenantId: string, personId: string, upToSeq: number, quietUntil: Date): Promise<void> {
    const row = this.rows.get(`${tenantId}/${personId}`);
    if (row === undefined) return;
    row.quietUntil = quietUntil;
    if (row.dueAt === null) return;
    if (row.seq <= upToSeq) {
      row.kinds.clear();
      row.dueAt = null;
    } else {
      row.dueAt = quietUntil;
    }
  }
}

const T0 = Date.UTC(2026, 10, 2, 9, 0, 0);

/** Lets every pending callback run (a pass, a sync, a clear) without waiting for anything in particular. */
async function drain(): Promise<void> {
  for (let i = 0; i < 100; i++) await new Promise((resolve) => setImmediate(resolve));
}

async function settle(until: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 1_000; i++) {
    if (until()) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error(`never settled: ${what}`);
}

function setup(script: (user: UserContext, call: number) => Promise<void>, options: { concurrency?: number } = {}) {
  const store = new MemoryPendingChanges();
  let nowMs = T0;
  const calls: string[] = [];
  let running = 0;
  let maxRunning = 0;
  const errors: unknown[] = [];
  const processor = new ChangeNotificationProcessor({
    pendingChanges: store,
    clock: { now: () => new Date(nowMs) },
    syncPerson: async (user) => {
      calls.push(user.userId);
      running += 1;
      maxRunning = Math.max(maxRunning, running);
      try {
        await script(user, calls.length);
      } finally {
        running -= 1;
      }
    },
    pollSeconds: 3_600,
    retryMinMs: 2_000,
    retryMaxMs: 16_000,
    ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
    onError: (error) => errors.push(error),
  });
  return {
    store, processor, calls, errors,
    advance: (ms: number) => { nowMs += ms; },
    now: () => new Date(nowMs),
    maxRunning: () => maxRunning,
    idle: () => running === 0,
  };
}

/** A promise the test resolves by hand (a sync in progress). */
function gate(): { promise: Promise<void>; open: () => void } {
  let open = (): void => undefined;
  const promise = new Promise<void>((resolve) => { open = resolve; });
  return { promise, open };
}

describe('ChangeNotificationProcessor', () => {
  it('syncs a pending person and clears up to the snapshot; changes recorded during the sync cost one more sync, after the gap', async () => {
    const first = gate();
    const t = setup(async (_user, call) => (call === 1 ? first.promise : undefined));
    await t.store.record('t', 'p', 'mail', t.now());
    t.processor.start();
    await settle(() => t.calls.length === 1, 'the first sync to start');
    // Nine notifications arrive while the first sync runs (each one wakes the processor, as the route does).
    for (let i = 0; i < 9; i++) {
      await t.store.record('t', 'p', i % 2 === 0 ? 'chats' : 'mail', t.now());
      t.processor.wake();
    }
    await drain();
    expect(t.calls).toEqual(['p']);
    first.open();
    // The changes that arrived during the sync wait out the gap, whatever wakes the processor meanwhile.
    await settle(() => t.store.rows.get('t/p')?.dueAt?.getTime() === T0 + RESYNC_GAP_MS, 'the first clear to leave the rest due after the gap');
    t.advance(RESYNC_GAP_MS - 1);
    t.processor.wake();
    await drain();
    expect(t.calls).toEqual(['p']);
    t.advance(1);
    t.processor.wake();
    await settle(() => t.calls.length === 2 && t.idle(), 'the second sync');
    await settle(() => t.store.rows.get('t/p')?.dueAt === null, 'the clear');
    t.processor.wake();
    await t.processor.stop();
    expect(t.calls).toEqual(['p', 'p']);
    expect(await t.store.listPending(10)).toEqual([]);
  });

  it('does not start a second sync from a pending row read before that person\'s sync ended and cleared it (a database answering asynchronously)', async () => {
    const syncOfP = gate();
    const t = setup(async (user) => (user.userId === 'p' ? syncOfP.promise : undefined), { concurrency: 2 });
    await t.store.record('t', 'p', 'mail', t.now());
    t.processor.start();
    await settle(() => t.calls.length === 1, 'p\'s sync to start');
    // The next read of the pending people takes a while: it sees p's row as it is now (pending, its sync running),
    // and answers only after p's sync has ended and cleared the row.
    const slowRead = gate();
    const read = t.store.listPending.bind(t.store);
    t.store.listPending = async (limit) => {
      const rows = await read(limit);
      await slowRead.promise;
      return rows;
    };
    await t.store.record('t', 'q', 'mail', t.now());
    t.processor.wake();
    await drain();
    syncOfP.open();
    await settle(() => t.store.rows.get('t/p')?.dueAt === null, 'p\'s clear');
    slowRead.open();
    await settle(() => t.calls.length === 2 && t.idle(), 'q\'s sync');
    t.store.listPending = read;
    t.processor.wake();
    await drain();
    await t.processor.stop();
    // p once (its stale row skipped; read again, it is cleared), q once.
    expect(t.calls).toEqual(['p', 'q']);
    expect(await t.store.listPending(10)).toEqual([]);
  });

  it('leaves a person pending while another instance holds the lease, and retries after the back-off on the clock', async () => {
    const t = setup(async (_user, call) => {
      if (call === 1) throw new DomainError('sync_in_progress', 'held elsewhere');
    });
    await t.store.record('t', 'p', 'mail', t.now());
    t.processor.start();
    await settle(() => t.calls.length === 1 && t.idle(), 'the refused sync');
    expect((await t.store.listPending(10)).map((p) => p.personId)).toEqual(['p']);
    // sync_in_progress is the lease working, not a failure to report.
    expect(t.errors).toEqual([]);
    t.advance(1_999);
    t.processor.wake();
    await drain();
    expect(t.calls).toHaveLength(1);
    t.advance(1);
    t.processor.wake();
    await settle(() => t.calls.length === 2 && t.idle(), 'the retry');
    await t.processor.stop();
    expect(await t.store.listPending(10)).toEqual([]);
  });

  it('backs off a failing person doubling the wait (2 s, 4 s, …, at most the maximum) and reports each failure', async () => {
    const failUntil = 4;
    const t = setup(async (_user, call) => {
      if (call <= failUntil) throw new Error(`graph down ${call}`);
    });
    await t.store.record('t', 'p', 'chats', t.now());
    t.processor.start();
    await settle(() => t.calls.length === 1 && t.idle(), 'first failure');
    // Waits after failures 1..3: 2 s, 4 s, 8 s. One ms short of each, nothing runs; at it, the retry does.
    for (const waitMs of [2_000, 4_000, 8_000]) {
      const before = t.calls.length;
      t.advance(waitMs - 1);
      t.processor.wake();
      await drain();
      expect(t.calls).toHaveLength(before);
      t.advance(1);
      t.processor.wake();
      await settle(() => t.calls.length === before + 1 && t.idle(), `the retry after ${waitMs} ms`);
    }
    expect(t.errors.map((e) => (e as Error).message)).toEqual(['graph down 1', 'graph down 2', 'graph down 3', 'graph down 4']);
    // Failure 4 waits 16 s (the maximum); then the sync succeeds and the entry is cleared.
    t.advance(16_000);
    t.processor.wake();
    await settle(() => t.calls.length === 5 && t.idle(), 'the successful retry');
    await settle(() => t.store.rows.get('t/p')?.dueAt === null, 'the clear');
    await t.processor.stop();
  });

  it('runs at most `concurrency` syncs at once and gets through every pending person', async () => {
    const open: (() => void)[] = [];
    const t = setup(async () => {
      const g = gate();
      open.push(g.open);
      return g.promise;
    }, { concurrency: 3 });
    for (let i = 0; i < 10; i++) await t.store.record('t', `p${i}`, 'mail', new Date(T0 + i));
    t.advance(10); // every one due
    t.processor.start();
    for (let finished = 0; finished < 10; finished++) {
      // As many as allowed start (3, then fewer as the list runs out); then the oldest finishes.
      await settle(() => open.length === Math.min(3, 10 - finished), `${Math.min(3, 10 - finished)} syncs running`);
      await drain();
      expect(open).toHaveLength(Math.min(3, 10 - finished));
      open.shift()!();
    }
    await settle(() => t.idle(), 'the last sync');
    await drain();
    await t.processor.stop();
    expect(t.maxRunning()).toBe(3);
    expect([...t.calls].sort()).toEqual(Array.from({ length: 10 }, (_, i) => `p${i}`).sort());
    expect(await t.store.listPending(20)).toEqual([]);
  });

  it('does nothing before start or after stop (wake is a no-op), and stop waits for the syncs in flight', async () => {
    const g = gate();
    const t = setup(async () => g.promise);
    await t.store.record('t', 'p', 'mail', t.now());
    t.processor.wake();
    await drain();
    expect(t.calls).toEqual([]);
    t.processor.start();
    await settle(() => t.calls.length === 1, 'the sync');
    let stopped = false;
    const stopping = t.processor.stop().then(() => { stopped = true; });
    await drain();
    expect(stopped).toBe(false);
    g.open();
    await stopping;
    expect(await t.store.listPending(10)).toEqual([]);
    await t.store.record('t', 'p', 'mail', t.now());
    t.processor.wake();
    await drain();
    expect(t.calls).toHaveLength(1);
  });
});
