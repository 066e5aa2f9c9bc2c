/**
 * The checks and the cache behind the Graph webhooks, against an in-memory subscription store that counts its reads
 * and a pending-change store that keeps what was recorded. The cache's time is the test's.
 */
import { ChangeNotificationIntake, type NotificationItem } from '../../../src/app/change-notification-intake';
import type { ChangeSubscriptionRecord, PendingChangeKind } from '../../../src/app/records';

const T0 = Date.UTC(2026, 10, 2, 9, 0, 0);

function subscription(id: string, personId: string, kind: ChangeSubscriptionRecord['kind'], clientState = `secret-${id}`, tenantId = 'tenant-1'): ChangeSubscriptionRecord {
  return { id, tenantId, personId, kind, resource: `/users/${personId}/${kind}`, clientState, expiresAt: new Date(T0 + 3_600_000), createdAt: new Date(T0), failures: 0 };
}

function setup(...initial: ChangeSubscriptionRecord[]) {
  const rows = new Map(initial.map((s) => [s.id, s]));
  const reads: string[] = [];
  /** The ids of each store call (a burst's misses read together). */
  const storeCalls: string[][] = [];
  const recorded: [string, string, PendingChangeKind][] = [];
  // Not 0: the cache reads a start time of 0 as "no lifetime".
  let cacheMs = 1_000_000;
  const intake = new ChangeNotificationIntake({
    stores: {
      changeSubscriptions: {
        getMany: async (ids) => {
          reads.push(...ids);
          storeCalls.push([...ids]);
          return ids.flatMap((id) => rows.get(id) ?? []);
        },
      },
      pendingChanges: {
        recordMany: async (changes) => {
          for (const c of changes) recorded.push([c.tenantId, c.personId, c.kind]);
        },
      },
    },
    clock: { now: () => new Date(T0) },
    knownTtlMs: 60_000,
    unknownTtlMs: 5_000,
    cacheTime: { now: () => cacheMs },
  });
  return { intake, rows, reads, storeCalls, recorded, advance: (ms: number) => { cacheMs += ms; } };
}

const item = (s: ChangeSubscriptionRecord, overrides: Partial<NotificationItem> = {}): NotificationItem => ({ subscriptionId: s.id, clientState: s.clientState, tenantId: s.tenantId, ...overrides });

describe('ChangeNotificationIntake', () => {
  it('accepts only the right id, tenant and secret, and says why it ignored the rest', async () => {
    const inbox = subscription('s1', 'p1', 'inbox');
    const t = setup(inbox);
    const result = await t.intake.acceptChanges([
      item(inbox),
      item(inbox, { clientState: 'secret-s' }),
      item(inbox, { clientState: 'secret-s1 ' }),
      item(inbox, { clientState: '' }),
      item(inbox, { clientState: null }),
      item(inbox, { tenantId: 'tenant-2' }),
      item(inbox, { tenantId: undefined }),
      item(inbox, { subscriptionId: 'nobody' }),
      item(inbox, { subscriptionId: 'x'.repeat(500) }),
    ]);
    expect(result.accepted.map((a) => a.subscription.id)).toEqual(['s1']);
    expect(result.ignored.map((i) => i.reason)).toEqual([
      'client_state_mismatch', 'client_state_mismatch', 'client_state_mismatch', 'client_state_mismatch', 'tenant_mismatch', 'tenant_mismatch', 'unknown_subscription', 'unknown_subscription',
    ]);
    // A tenant id differing only in case is the same tenant (Graph writes GUIDs in either case).
    expect((await t.intake.acceptChanges([item(inbox, { tenantId: 'TENANT-1' })])).accepted).toHaveLength(1);
    // The overlong id was never looked up.
    expect(t.reads).toEqual(['s1', 'nobody']);
  });

  it('records one pending change per person and kind, however many items: Inbox and Sent Items are mail', async () => {
    const inbox = subscription('s1', 'p1', 'inbox');
    const sent = subscription('s2', 'p1', 'sentitems');
    const chats = subscription('s3', 'p1', 'chats');
    const other = subscription('s4', 'p2', 'inbox');
    const t = setup(inbox, sent, chats, other);
    await t.intake.acceptChanges([item(inbox), item(sent), item(inbox), item(chats), item(chats), item(other), item(sent, { clientState: 'forged' })]);
    expect(t.recorded.sort()).toEqual([['tenant-1', 'p1', 'chats'], ['tenant-1', 'p1', 'mail'], ['tenant-1', 'p2', 'mail']]);
    // Nothing good, nothing recorded.
    t.recorded.length = 0;
    await t.intake.acceptChanges([item(inbox, { clientState: 'forged' })]);
    expect(t.recorded).toEqual([]);
  });

  it('lifecycle: `missed` and `subscriptionRemoved` record a catch-up; `reauthorizationRequired` only reaches the hook', async () => {
    const a = subscription('s1', 'p1', 'inbox');
    const b = subscription('s2', 'p2', 'chats');
    const c = subscription('s3', 'p3', 'inbox');
    const t = setup(a, b, c);
    const result = await t.intake.acceptLifecycle([
      item(a, { lifecycleEvent: 'missed' }), item(b, { lifecycleEvent: 'subscriptionRemoved' }), item(c, { lifecycleEvent: 'reauthorizationRequired' }),
      item(c, { lifecycleEvent: 'missed', clientState: 'forged' }),
    ]);
    expect(result.accepted.map((x) => [x.subscription.id, x.item.lifecycleEvent])).toEqual([['s1', 'missed'], ['s2', 'subscriptionRemoved'], ['s3', 'reauthorizationRequired']]);
    expect(t.recorded.sort()).toEqual([['tenant-1', 'p1', 'mail'], ['tenant-1', 'p2', 'chats']]);
  });

  it('reads the subscriptions of notifications arriving in one event-loop turn with one store call (a cold cache under a burst)', async () => {
    const subs = Array.from({ length: 50 }, (_, i) => subscription(`s${i}`, `p${i}`, 'inbox'));
    const t = setup(...subs);
    // Fifty webhook posts handled in the same turn, each with one item, plus one unknown id among them.
    const results = await Promise.all([...subs.map((s) => t.intake.acceptChanges([item(s)])), t.intake.acceptChanges([item(subscription('ghost', 'p0', 'inbox'))])]);
    expect(results.map((r) => r.accepted.length)).toEqual([...subs.map(() => 1), 0]);
    expect(t.storeCalls).toEqual([[...subs.map((s) => s.id), 'ghost']]);
    expect(t.recorded).toHaveLength(50);
    // Cached now (the unknown one too, for its shorter lifetime): the next wave reads nothing.
    await Promise.all(subs.map((s) => t.intake.acceptChanges([item(s)])));
    await t.intake.acceptChanges([item(subscription('ghost', 'p0', 'inbox'))]);
    expect(t.storeCalls).toHaveLength(1);
  });

  it('reads a known subscription once (concurrent lookups share the read) until its lifetime in the cache ends', async () => {
    const inbox = subscription('s1', 'p1', 'inbox');
    const t = setup(inbox);
    await Promise.all(Array.from({ length: 5 }, () => t.intake.acceptChanges([item(inbox), item(inbox)])));
    // Trusted for 60 s (the cache drops an entry once strictly older than its lifetime).
    t.advance(60_000);
    await t.intake.acceptChanges([item(inbox)]);
    expect(t.reads).toEqual(['s1']);
    t.advance(1);
    await t.intake.acceptChanges([item(inbox)]);
    expect(t.reads).toEqual(['s1', 's1']);
  });

  it('remembers an unknown id briefly: a subscription stored just after its first notification is found once that has passed', async () => {
    const late = subscription('s9', 'p9', 'inbox');
    const t = setup();
    expect((await t.intake.acceptChanges([item(late)])).ignored).toEqual([{ subscriptionId: 's9', reason: 'unknown_subscription' }]);
    t.rows.set(late.id, late);
    t.advance(5_000);
    expect((await t.intake.acceptChanges([item(late), item(late)])).accepted).toHaveLength(0);
    expect(t.reads).toEqual(['s9']);
    t.advance(1);
    expect((await t.intake.acceptChanges([item(late)])).accepted).toHaveLength(1);
    expect(t.reads).toEqual(['s9', 's9']);
  });

  it('reads a subscription again when its secret does not match and the cached copy is 5 s old (a renewal may rotate it), no sooner', async () => {
    const original = subscription('s1', 'p1', 'inbox', 'old-secret');
    const t = setup(original);
    await t.intake.acceptChanges([item(original)]);
    const rotated = { ...original, clientState: 'new-secret' };
    t.rows.set(rotated.id, rotated);
    // Within 5 s a mismatch costs no read (a flood of forged states for a known id stays cheap) and is ignored.
    t.advance(4_999);
    expect((await t.intake.acceptChanges([item(rotated), item(original, { clientState: 'forged' })])).accepted).toHaveLength(0);
    expect(t.reads).toEqual(['s1']);
    t.advance(1);
    expect((await t.intake.acceptChanges([item(rotated)])).accepted).toHaveLength(1);
    expect(t.reads).toEqual(['s1', 's1']);
    // The fresh copy is trusted again for 5 s: more forged states, no reads.
    await t.intake.acceptChanges([item(rotated, { clientState: 'forged-1' }), item(rotated, { clientState: 'forged-2' })]);
    expect(t.reads).toEqual(['s1', 's1']);
    // forget() (a change made on this instance) drops the cached copy at once.
    t.intake.forget('s1');
    await t.intake.acceptChanges([item(rotated)]);
    expect(t.reads).toEqual(['s1', 's1', 's1']);
  });
});
