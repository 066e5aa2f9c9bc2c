import { ChangeSubscriptionManager, type SubscriptionFailure } from '../../../src/app/change-subscriptions';
import type { ChangeSubscriptionSource, NewChangeSubscription, UserContext } from '../../../src/app/m365-ports';
import type { ChangeSubscriptionRecord, PendingChangeKind } from '../../../src/app/records';
import type { Stores } from '../../../src/app/store-ports';
import { GraphSourceError } from '../../../src/graph/graph-source-error';

/**
 * The manager against an in-memory Graph (`/subscriptions` as a map, calls logged, failures scripted per call) and
 * in-memory stores: the unit seam. The Graph adapter itself is tested against the dev tenant in
 * tests/integration/graph/graph-subscription-source.test.ts.
 */
const T0 = new Date('2026-03-02T10:00:00Z');
const HOUR = 3_600_000;
const MIN = 60_000;
const at = (ms: number): Date => new Date(T0.getTime() + ms);
const ALICE = { tenantId: 't1', userId: 'alice' };

type Method = 'create' | 'renew' | 'reauthorize' | 'delete';
const notFound = (): GraphSourceError => new GraphSourceError('not_found', 'gone', 404);
const unavailable = (): GraphSourceError => new GraphSourceError('graph_unavailable', 'throttled', 503);

/** Graph's subscriptions in memory. `fail.push({method, error})` makes the next call of that method throw. */
class FakeGraph implements ChangeSubscriptionSource {
  readonly subscriptions = new Map<string, NewChangeSubscription & { user: UserContext }>();
  readonly calls: { method: Method; id?: string; resource?: string; hadToken?: boolean }[] = [];
  readonly fail: { method: Method; error: Error }[] = [];
  private nextId = 1;

  private failure(method: Method): void {
    const i = this.fail.findIndex((f) => f.method === method);
    if (i >= 0) throw this.fail.splice(i, 1)[0]?.error;
  }

  async create(user: UserContext, s: NewChangeSubscription) {
    this.calls.push({ method: 'create', resource: s.resource, hadToken: user.accessToken !== undefined });
    this.failure('create');
    const id = `sub-${this.nextId++}`;
    this.subscriptions.set(id, { ...s, user });
    return { id, resource: `/users/${user.userId}/${s.resource}`, expiresAt: s.expiresAt };
  }

  async renew(user: UserContext, id: string, expiresAt: Date) {
    this.calls.push({ method: 'renew', id, hadToken: user.accessToken !== undefined });
    this.failure('renew');
    const s = this.subscriptions.get(id);
    if (!s) throw notFound();
    s.expiresAt = expiresAt;
    return expiresAt;
  }

  async reauthorize(user: UserContext, id: string) {
    this.calls.push({ method: 'reauthorize', id, hadToken: user.accessToken !== undefined });
    this.failure('reauthorize');
    if (!this.subscriptions.has(id)) throw notFound();
  }

  async delete(user: UserContext, id: string) {
    this.calls.push({ method: 'delete', id, hadToken: user.accessToken !== undefined });
    this.failure('delete');
    this.subscriptions.delete(id);
  }

  count(method: Method): number {
    return this.calls.filter((c) => c.method === method).length;
  }
}

function memoryStores() {
  const rows = new Map<string, ChangeSubscriptionRecord>();
  const pending: { tenantId: string; personId: string; kind: PendingChangeKind; at: Date }[] = [];
  const changeSubscriptions: Stores['changeSubscriptions'] = {
    put: async (s) => void rows.set(s.id, { ...s }),
    get: async (id) => (rows.has(id) ? { ...(rows.get(id) as ChangeSubscriptionRecord) } : null),
    getMany: async (ids) => ids.flatMap((id) => (rows.has(id) ? [{ ...(rows.get(id) as ChangeSubscriptionRecord) }] : [])),
    listForPerson: async (tenantId, personId) => [...rows.values()].filter((r) => r.tenantId === tenantId && r.personId === personId).map((r) => ({ ...r })),
    listExpiringBefore: async (before, limit) =>
      [...rows.values()].filter((r) => r.expiresAt < before).sort((a, b) => a.expiresAt.getTime() - b.expiresAt.getTime()).slice(0, limit).map((r) => ({ ...r })),
    delete: async (id) => void rows.delete(id),
  };
  const pendingChanges = {
    record: async (tenantId: string, personId: string, kind: PendingChangeKind, when: Date) => void pending.push({ tenantId, personId, kind, at: when }),
  } as unknown as Stores['pendingChanges'];
  return { stores: { changeSubscriptions, pendingChanges }, rows, pending };
}

function setup(options: { states?: string[] } = {}) {
  let now = T0;
  const graph = new FakeGraph();
  const { stores, rows, pending } = memoryStores();
  const errors: SubscriptionFailure[] = [];
  const states = [...(options.states ?? [])];
  const manager = new ChangeSubscriptionManager({
    stores,
    source: graph,
    clock: { now: () => now },
    notificationUrl: 'https://app.example/api/graph/notifications',
    lifecycleNotificationUrl: 'https://app.example/api/graph/lifecycle',
    ...(states.length > 0 ? { newClientState: () => states.shift() as string } : {}),
    onError: (_e, about) => errors.push(about),
  });
  return { manager, graph, rows, pending, errors, setNow: (d: Date) => (now = d) };
}

const byKind = (rows: Map<string, ChangeSubscriptionRecord>, kind: string): ChangeSubscriptionRecord => {
  const found = [...rows.values()].find((r) => r.kind === kind);
  if (!found) throw new Error(`no ${kind} subscription stored`);
  return found;
};

describe('ChangeSubscriptionManager.ensure', () => {
  it('creates the three subscriptions with lifetimes within Graph maxima, a secret each, and both URLs', async () => {
    const { manager, graph, rows } = setup();
    const made = await manager.ensure({ ...ALICE, accessToken: 'callers-token' } as UserContext);
    expect(made.map((s) => s.kind).sort()).toEqual(['chats', 'inbox', 'sentitems']);
    expect(rows.size).toBe(3);
    // Mail: 4,320 min (Graph allows 10,080); chats: 4,230 min (Graph allows 4,320).
    expect(byKind(rows, 'inbox').expiresAt).toEqual(at(4_320 * MIN));
    expect(byKind(rows, 'sentitems').expiresAt).toEqual(at(4_320 * MIN));
    expect(byKind(rows, 'chats').expiresAt).toEqual(at(4_230 * MIN));
    for (const s of graph.subscriptions.values()) {
      expect(s.notificationUrl).toBe('https://app.example/api/graph/notifications');
      expect(s.lifecycleNotificationUrl).toBe('https://app.example/api/graph/lifecycle');
      expect(s.clientState).toMatch(/^[A-Za-z0-9_-]{43}$/); // 32 bytes, base64url
    }
    expect(new Set([...rows.values()].map((r) => r.clientState)).size).toBe(3);
    // Stored as Graph has them: same secret per id, no failures, and background access (the caller's token is not used).
    for (const r of rows.values()) expect(graph.subscriptions.get(r.id)?.clientState).toBe(r.clientState);
    expect([...rows.values()].every((r) => r.failures === 0 && r.createdAt.getTime() === T0.getTime())).toBe(true);
    expect(graph.calls.every((c) => c.hadToken === false)).toBe(true);
  });

  it('creates only what is missing, and nothing when all three exist', async () => {
    const { manager, graph, rows } = setup();
    await manager.ensure(ALICE);
    await manager.ensure(ALICE);
    expect(graph.count('create')).toBe(3);
    const chats = byKind(rows, 'chats');
    rows.delete(chats.id);
    await manager.ensure(ALICE);
    expect(graph.calls.slice(3)).toEqual([{ method: 'create', resource: 'chats', hadToken: false }]);
  });

  it('two concurrent calls on one instance create each subscription once', async () => {
    const { manager, graph } = setup();
    await Promise.all([manager.ensure(ALICE), manager.ensure(ALICE)]);
    expect(graph.count('create')).toBe(3);
  });

  it('keeps the latest-expiring of two subscriptions of one kind (instances that created together) and deletes the other', async () => {
    const { manager, graph, rows } = setup();
    await manager.ensure(ALICE);
    const inbox = byKind(rows, 'inbox');
    const twin: ChangeSubscriptionRecord = { ...inbox, id: 'twin', expiresAt: at(HOUR) };
    rows.set(twin.id, twin);
    graph.subscriptions.set('twin', { ...(graph.subscriptions.get(inbox.id) as NewChangeSubscription & { user: UserContext }) });
    await manager.ensure(ALICE);
    expect(rows.has('twin')).toBe(false);
    expect(graph.subscriptions.has('twin')).toBe(false);
    expect(rows.has(inbox.id)).toBe(true);
  });

  it('a failed creation is reported and retried only after its back-off (5 min, then 10)', async () => {
    const { manager, graph, rows, errors, setNow } = setup();
    graph.fail.push({ method: 'create', error: unavailable() });
    await manager.ensure(ALICE); // inbox fails, the other two are made
    expect(rows.size).toBe(2);
    expect(errors).toEqual([{ tenantId: 't1', personId: 'alice', kind: 'inbox', action: 'create', subscriptionId: null }]);
    setNow(at(4 * MIN));
    await manager.ensure(ALICE);
    expect(graph.count('create')).toBe(3); // still waiting
    graph.fail.push({ method: 'create', error: unavailable() });
    setNow(at(5 * MIN));
    await manager.ensure(ALICE); // second failure: next try 10 min later
    setNow(at(14 * MIN));
    await manager.ensure(ALICE);
    expect(graph.count('create')).toBe(4);
    setNow(at(15 * MIN));
    await manager.ensure(ALICE);
    expect(graph.count('create')).toBe(5);
    expect(rows.size).toBe(3);
  });
});

describe('ChangeSubscriptionManager.renewDue', () => {
  it('renews nothing before a third of the lifetime is left, and each subscription once it is', async () => {
    const { manager, graph, rows, setNow } = setup();
    await manager.ensure(ALICE);
    // Chats (4,230 min) fall due at 2,820 min (1,410 left); mail (4,320 min) at 2,880 min (1,440 left).
    setNow(at(2_819 * MIN));
    expect(await manager.renewDue(at(2_819 * MIN))).toEqual({ renewed: 0, recreated: 0, failed: 0 });
    setNow(at(2_820 * MIN));
    expect(await manager.renewDue(at(2_820 * MIN))).toEqual({ renewed: 1, recreated: 0, failed: 0 });
    expect(byKind(rows, 'chats').expiresAt).toEqual(at((2_820 + 4_230) * MIN));
    setNow(at(2_880 * MIN));
    expect(await manager.renewDue(at(2_880 * MIN))).toEqual({ renewed: 2, recreated: 0, failed: 0 });
    expect(byKind(rows, 'inbox').expiresAt).toEqual(at((2_880 + 4_320) * MIN));
    expect(graph.count('renew')).toBe(3);
  });

  it('an idle person costs about 1.5 Graph requests a day: 21 renewals over 14 days, ticking every minute', async () => {
    const { manager, graph, setNow } = setup();
    await manager.ensure(ALICE);
    for (let m = 0; m <= 14 * 24 * 60; m += 1) {
      setNow(at(m * MIN));
      await manager.renewDue(at(m * MIN));
    }
    // Each subscription is renewed every 2,820 (chats) or 2,880 (mail) minutes: 20,160 / 2,820 → 7 and 20,160 / 2,880 → 7.
    expect(graph.count('renew')).toBe(21);
    expect(graph.count('renew') / 14).toBeLessThanOrEqual(20);
    expect(graph.count('create')).toBe(3);
  });

  it('a renewal answered 404 recreates the subscription with a new secret and records a pending change', async () => {
    const { manager, graph, rows, pending, setNow } = setup({ states: ['s-inbox', 's-sent', 's-chats', 's-chats-2'] });
    await manager.ensure(ALICE);
    const chats = byKind(rows, 'chats');
    graph.subscriptions.delete(chats.id); // Graph dropped it
    const now = at(2_820 * MIN);
    setNow(now);
    expect(await manager.renewDue(now)).toEqual({ renewed: 0, recreated: 1, failed: 0 });
    const fresh = byKind(rows, 'chats');
    expect(fresh.id).not.toBe(chats.id);
    expect(rows.has(chats.id)).toBe(false);
    expect(fresh).toMatchObject({ clientState: 's-chats-2', failures: 0, expiresAt: at((2_820 + 4_230) * MIN), createdAt: now });
    expect(graph.subscriptions.get(fresh.id)?.clientState).toBe('s-chats-2');
    expect(pending).toEqual([{ tenantId: 't1', personId: 'alice', kind: 'chats', at: now }]);
  });

  it('a subscription already past its expiry is recreated without trying to renew it', async () => {
    const { manager, graph, rows, pending, setNow } = setup();
    await manager.ensure(ALICE);
    const inbox = byKind(rows, 'inbox');
    const now = at(4_320 * MIN + 1);
    setNow(now);
    const result = await manager.renewDue(now);
    expect(result.recreated).toBe(3);
    expect(graph.count('renew')).toBe(0);
    expect(rows.has(inbox.id)).toBe(false);
    expect(pending.map((p) => p.kind).sort()).toEqual(['chats', 'mail', 'mail']);
  });

  it('other failures count `failures` and wait out a doubling back-off; a success resets the count', async () => {
    const { manager, graph, rows, errors, setNow } = setup();
    await manager.ensure(ALICE);
    const inbox = byKind(rows, 'inbox');
    rows.forEach((r) => r.kind !== 'inbox' && rows.delete(r.id)); // watch the inbox alone
    const tick = async (m: number) => {
      setNow(at(m * MIN));
      return manager.renewDue(at(m * MIN));
    };
    graph.fail.push({ method: 'renew', error: unavailable() }, { method: 'renew', error: unavailable() });
    expect(await tick(2_880)).toEqual({ renewed: 0, recreated: 0, failed: 1 });
    expect(rows.get(inbox.id)?.failures).toBe(1);
    expect(await tick(2_884)).toEqual({ renewed: 0, recreated: 0, failed: 0 }); // within 5 min: not tried
    expect(await tick(2_885)).toEqual({ renewed: 0, recreated: 0, failed: 1 });
    expect(rows.get(inbox.id)?.failures).toBe(2);
    expect(await tick(2_894)).toEqual({ renewed: 0, recreated: 0, failed: 0 }); // within 10 min: not tried
    expect(await tick(2_895)).toEqual({ renewed: 1, recreated: 0, failed: 0 });
    expect(rows.get(inbox.id)).toMatchObject({ failures: 0, expiresAt: at((2_895 + 4_320) * MIN) });
    expect(graph.count('renew')).toBe(3);
    expect(errors.map((e) => [e.action, e.subscriptionId])).toEqual([['renew', inbox.id], ['renew', inbox.id]]);
  });

  it('a failed re-creation marks the subscription gone (expiry now, failures + 1) so the safety net covers the person', async () => {
    const { manager, graph, rows, setNow } = setup();
    await manager.ensure(ALICE);
    const sent = byKind(rows, 'sentitems');
    graph.subscriptions.delete(sent.id);
    graph.fail.push({ method: 'create', error: unavailable() });
    const now = at(2_880 * MIN);
    setNow(now);
    expect((await manager.renewDue(now)).failed).toBe(1);
    expect(rows.get(sent.id)).toMatchObject({ failures: 1, expiresAt: now });
    expect(await manager.needsSafetyNet('t1', 'alice', now)).toEqual({ mail: true, chats: false });
    // Five minutes later the next tick recreates it straight away (expired: no PATCH first).
    const later = at(2_885 * MIN);
    setNow(later);
    const renewsBefore = graph.count('renew');
    expect((await manager.renewDue(later)).recreated).toBe(1);
    expect(graph.count('renew')).toBe(renewsBefore);
    expect(await manager.needsSafetyNet('t1', 'alice', later)).toEqual({ mail: false, chats: false });
  });

  it('a re-creation Graph answers 404 (the person left: no such mailbox) drops the row instead of retrying it', async () => {
    const { manager, graph, rows, errors, setNow } = setup();
    await manager.ensure(ALICE);
    const inbox = byKind(rows, 'inbox');
    graph.subscriptions.delete(inbox.id);
    graph.fail.push({ method: 'create', error: notFound() });
    setNow(at(2_880 * MIN));
    expect(await manager.onLifecycle(inbox, 'subscriptionRemoved')).toBe('failed');
    expect(rows.has(inbox.id)).toBe(false);
    expect(errors).toEqual([{ tenantId: 't1', personId: 'alice', kind: 'inbox', action: 'recreate', subscriptionId: inbox.id }]);
    // Nothing left to retry on later ticks; the person is covered by the safety net until a later ensure.
    setNow(at(3_000 * MIN));
    const creates = graph.count('create');
    await manager.renewDue(at(3_000 * MIN));
    expect(graph.count('create')).toBe(creates);
    expect(await manager.needsSafetyNet('t1', 'alice', at(3_000 * MIN))).toEqual({ mail: true, chats: false });
  });

  it('a re-creation another instance already made (the stored row is gone) is not made twice', async () => {
    const { manager, graph, rows, pending, setNow } = setup();
    await manager.ensure(ALICE);
    const chats = byKind(rows, 'chats');
    const now = at(2_820 * MIN);
    setNow(now);
    rows.delete(chats.id); // the other instance replaced it meanwhile
    expect(await manager.onLifecycle(chats, 'subscriptionRemoved')).toBe('none');
    expect(graph.count('create')).toBe(3);
    expect(pending).toEqual([]);
  });
});

describe('ChangeSubscriptionManager.onLifecycle', () => {
  it('reauthorizationRequired reauthorizes in place', async () => {
    const { manager, graph, rows } = setup();
    await manager.ensure(ALICE);
    const inbox = byKind(rows, 'inbox');
    expect(await manager.onLifecycle(inbox, 'reauthorizationRequired')).toBe('reauthorized');
    expect(graph.calls.slice(3)).toEqual([{ method: 'reauthorize', id: inbox.id, hadToken: false }]);
    expect(rows.get(inbox.id)).toEqual(inbox);
  });

  it('reauthorizationRequired falls back to a renewal when reauthorizing fails', async () => {
    const { manager, graph, rows, setNow } = setup();
    await manager.ensure(ALICE);
    const inbox = byKind(rows, 'inbox');
    graph.fail.push({ method: 'reauthorize', error: unavailable() });
    setNow(at(HOUR));
    expect(await manager.onLifecycle(inbox, 'reauthorizationRequired')).toBe('renewed');
    expect(graph.calls.slice(3).map((c) => c.method)).toEqual(['reauthorize', 'renew']);
    expect(rows.get(inbox.id)?.expiresAt).toEqual(at(HOUR + 4_320 * MIN));
  });

  it('reauthorizationRequired for a subscription Graph no longer has recreates it (and records a pending change)', async () => {
    const { manager, graph, rows, pending } = setup();
    await manager.ensure(ALICE);
    const inbox = byKind(rows, 'inbox');
    graph.subscriptions.delete(inbox.id);
    expect(await manager.onLifecycle(inbox, 'reauthorizationRequired')).toBe('recreated');
    expect(rows.has(inbox.id)).toBe(false);
    expect(byKind(rows, 'inbox').id).not.toBe(inbox.id);
    expect(pending.map((p) => p.kind)).toEqual(['mail']);
  });

  it('reauthorizationRequired: reauthorize fails, then the renewal finds it gone → recreated', async () => {
    const { manager, graph, rows } = setup();
    await manager.ensure(ALICE);
    const chats = byKind(rows, 'chats');
    graph.fail.push({ method: 'reauthorize', error: unavailable() }, { method: 'renew', error: notFound() });
    expect(await manager.onLifecycle(chats, 'reauthorizationRequired')).toBe('recreated');
    expect(graph.calls.slice(3).map((c) => c.method)).toEqual(['reauthorize', 'renew', 'create']);
  });

  it('reauthorizationRequired with every repair failing counts a failure', async () => {
    const { manager, graph, rows } = setup();
    await manager.ensure(ALICE);
    const chats = byKind(rows, 'chats');
    graph.fail.push({ method: 'reauthorize', error: unavailable() }, { method: 'renew', error: unavailable() });
    expect(await manager.onLifecycle(chats, 'reauthorizationRequired')).toBe('failed');
    expect(rows.get(chats.id)?.failures).toBe(1);
  });

  it('subscriptionRemoved recreates it and records a pending change for its kind', async () => {
    const { manager, graph, rows, pending } = setup();
    await manager.ensure(ALICE);
    const chats = byKind(rows, 'chats');
    graph.subscriptions.delete(chats.id);
    expect(await manager.onLifecycle(chats, 'subscriptionRemoved')).toBe('recreated');
    expect(graph.calls.slice(3).map((c) => [c.method, c.resource])).toEqual([['create', 'chats']]);
    expect(byKind(rows, 'chats').id).not.toBe(chats.id);
    expect(pending).toEqual([{ tenantId: 't1', personId: 'alice', kind: 'chats', at: T0 }]);
  });

  it('missed does nothing more (the route recorded the pending change)', async () => {
    const { manager, graph, rows, pending } = setup();
    await manager.ensure(ALICE);
    const before = [...rows.values()];
    expect(await manager.onLifecycle(byKind(rows, 'inbox'), 'missed')).toBe('none');
    expect(graph.calls).toHaveLength(3);
    expect([...rows.values()]).toEqual(before);
    expect(pending).toEqual([]);
  });
});

describe('ChangeSubscriptionManager.remove', () => {
  it('deletes the person\'s subscriptions at Graph and in the store, leaving other people\'s', async () => {
    const { manager, graph, rows } = setup();
    await manager.ensure(ALICE);
    await manager.ensure({ tenantId: 't1', userId: 'bob' });
    expect(await manager.remove(ALICE)).toEqual({ deleted: 3, failedAtGraph: 0 });
    expect([...rows.values()].map((r) => r.personId)).toEqual(['bob', 'bob', 'bob']);
    expect(graph.subscriptions.size).toBe(3);
    expect([...graph.subscriptions.values()].every((s) => s.user.userId === 'bob')).toBe(true);
  });

  it('deletes the stored rows even when Graph fails to delete one (it lapses at its expiry)', async () => {
    const { manager, graph, rows, errors } = setup();
    await manager.ensure(ALICE);
    graph.fail.push({ method: 'delete', error: unavailable() });
    expect(await manager.remove(ALICE)).toEqual({ deleted: 2, failedAtGraph: 1 });
    expect(rows.size).toBe(0);
    expect(errors.map((e) => e.action)).toEqual(['delete']);
  });

  it('a renewal racing the removal does not bring the row back', async () => {
    const { manager, graph, rows, setNow } = setup();
    await manager.ensure(ALICE);
    const inbox = byKind(rows, 'inbox');
    rows.delete(inbox.id); // removed between the event's read of the row and the repair's write
    graph.fail.push({ method: 'reauthorize', error: unavailable() });
    setNow(at(HOUR));
    expect(await manager.onLifecycle(inbox, 'reauthorizationRequired')).toBe('renewed');
    expect(rows.has(inbox.id)).toBe(false);
  });

  it('a lifecycle event for a subscription already removed makes nothing new', async () => {
    const { manager, graph, rows, pending } = setup();
    await manager.ensure(ALICE);
    const inbox = byKind(rows, 'inbox');
    await manager.remove(ALICE);
    expect(await manager.onLifecycle(inbox, 'reauthorizationRequired')).toBe('none'); // Graph: 404, the row is gone
    expect(graph.count('create')).toBe(3);
    expect(rows.size).toBe(0);
    expect(pending).toEqual([]);
  });
});

describe('ChangeSubscriptionManager.needsSafetyNet', () => {
  it('mail and chats while nothing is subscribed; nothing once all three work; chats alone at 3 failures', async () => {
    const { manager, rows } = setup();
    expect(await manager.needsSafetyNet('t1', 'alice', T0)).toEqual({ mail: true, chats: true });
    await manager.ensure(ALICE);
    expect(await manager.needsSafetyNet('t1', 'alice', T0)).toEqual({ mail: false, chats: false });
    const chats = byKind(rows, 'chats');
    rows.set(chats.id, { ...chats, failures: 2 });
    expect(await manager.needsSafetyNet('t1', 'alice', T0)).toEqual({ mail: false, chats: false });
    rows.set(chats.id, { ...chats, failures: 3 });
    expect(await manager.needsSafetyNet('t1', 'alice', T0)).toEqual({ mail: false, chats: true });
  });
});
