import {
  renewalDue, renewalRetryDelayMs, safetyNetNeeds, subscriptionExpiry, type SubscriptionHealthFacts,
} from '../../../src/domain/change-subscription-policy';

const T0 = new Date('2026-03-02T10:00:00Z');
const MIN = 60_000;
const at = (minutes: number): Date => new Date(T0.getTime() + minutes * MIN);

describe('subscription lifetimes and renewal margins', () => {
  it.each([
    // kind, requested expiry (min after T0) — within Graph's maxima: mail 10,080, chat messages 4,320
    ['inbox', 4_320],
    ['sentitems', 4_320],
    ['chats', 4_230], // 90 min under Graph's 4,320
  ] as const)('%s is asked for %i minutes', (kind, minutes) => {
    expect(subscriptionExpiry(kind, T0)).toEqual(at(minutes));
  });

  it.each([
    // kind, expires at (min), now (min), due — a third of the lifetime left: mail 1,440 min, chats 1,410 min
    ['inbox', 4_320, 2_879, false], // 1,441 left
    ['inbox', 4_320, 2_880, true], // 1,440 left
    ['chats', 4_230, 2_819, false], // 1,411 left
    ['chats', 4_230, 2_820, true], // 1,410 left
    ['sentitems', 4_320, 5_000, true], // already expired: still due (recreated)
  ] as const)('%s expiring at +%i min, at +%i min: due %s', (kind, expires, now, due) => {
    expect(renewalDue({ kind, expiresAt: at(expires) }, at(now))).toBe(due);
  });

  it.each([
    [1, 5], // first retry after 5 min
    [2, 10],
    [3, 20],
    [6, 160],
    [7, 320],
    [8, 360], // 640 capped at 6 h
    [40, 360],
  ])('after %i failures in a row the next try waits %i minutes', (failures, minutes) => {
    expect(renewalRetryDelayMs(failures)).toBe(minutes * MIN);
  });
});

describe('safetyNetNeeds', () => {
  const ok = (kind: SubscriptionHealthFacts['kind'], overrides: Partial<SubscriptionHealthFacts> = {}): SubscriptionHealthFacts => ({ kind, expiresAt: at(600), failures: 0, ...overrides });

  it.each([
    ['all three working', [ok('inbox'), ok('sentitems'), ok('chats')], { mail: false, chats: false }],
    ['none at all', [], { mail: true, chats: true }],
    ['Sent Items missing', [ok('inbox'), ok('chats')], { mail: true, chats: false }],
    ['chats failed twice (not yet)', [ok('inbox'), ok('sentitems'), ok('chats', { failures: 2 })], { mail: false, chats: false }],
    ['chats failed 3 times', [ok('inbox'), ok('sentitems'), ok('chats', { failures: 3 })], { mail: false, chats: true }],
    ['inbox expired at now', [ok('inbox', { expiresAt: T0 }), ok('sentitems'), ok('chats')], { mail: true, chats: false }],
    ['a failing twin beside a working inbox', [ok('inbox', { failures: 5 }), ok('inbox'), ok('sentitems'), ok('chats')], { mail: false, chats: false }],
  ] as const)('%s', (_label, subscriptions, needs) => {
    expect(safetyNetNeeds(subscriptions, T0)).toEqual(needs);
  });
});
