import { GraphSimulatorError } from '../../../src/devtenant/graph-errors';
import {
  checkLifetime, isAllowedNotificationUrl, parseChangeTypes, parseSubscribedResource, reauthorizationDue, retryDelayMs, validateCreateSubscription, validateSubscriptionRenewal,
} from '../../../src/devtenant/subscriptions/subscription-rules';

const NOW = Date.parse('2026-03-02T09:00:00Z');
const MINUTE = 60_000;

function errorOf(run: () => unknown): GraphSimulatorError {
  try {
    run();
  } catch (err) {
    if (err instanceof GraphSimulatorError) return err;
    throw err;
  }
  throw new Error('expected a GraphSimulatorError');
}

describe('parseSubscribedResource', () => {
  it.each([
    ["/users/u1/mailFolders('inbox')/messages", { kind: 'mail', userRef: 'u1', folder: 'inbox' }],
    ["users/u1/mailFolders('Inbox')/messages", { kind: 'mail', userRef: 'u1', folder: 'inbox' }],
    ["/Users/a@b.example/mailfolders('SentItems')/messages", { kind: 'mail', userRef: 'a@b.example', folder: 'sentitems' }],
    ["me/mailFolders('inbox')/messages", { kind: 'mail', userRef: 'me', folder: 'inbox' }],
    ['/users/u1/chats/getAllMessages', { kind: 'chatMessages', userRef: 'u1' }],
  ])('reads %s', (resource, expected) => {
    expect(parseSubscribedResource(resource)).toEqual(expected);
  });

  it.each([
    "/users/u1/mailFolders('drafts')/messages",
    '/users/u1/messages',
    '/users/u1/mailFolders/inbox/messages/extra',
    '/chats/getAllMessages',
    '/users/u1/events',
  ])('refuses %s', (resource) => {
    expect(parseSubscribedResource(resource)).toBeNull();
  });
});

describe('isAllowedNotificationUrl', () => {
  it.each([
    ['https://contoso.example/api/graph/notifications', true],
    ['http://localhost:3978/api/graph/notifications', true],
    ['http://127.0.0.1:1234/n', true],
    ['http://contoso.example/n', false],
    ['http://localhost.evil.example/n', false],
    ['ftp://localhost/n', false],
    ['/api/graph/notifications', false],
  ])('%s → %s', (url, allowed) => {
    expect(isAllowedNotificationUrl(url)).toBe(allowed);
  });
});

describe('lifetimes', () => {
  it.each([
    // kind, minutes ahead, lifecycle URL, expected error code (null = accepted)
    ['mail', 10_080, false, null],
    ['mail', 10_081, false, 'ExtensionError'],
    ['mail', 0, false, 'InvalidRequest'],
    ['mail', -5, false, 'InvalidRequest'],
    ['chatMessages', 60, false, null], // exactly one hour needs no lifecycle URL
    ['chatMessages', 61, false, 'InvalidRequest'],
    ['chatMessages', 4_320, true, null],
    ['chatMessages', 4_321, true, 'ExtensionError'],
  ] as const)('%s %d minutes ahead (lifecycle URL %s) → %s', (kind, minutes, lifecycle, code) => {
    const run = (): void => checkLifetime(kind, NOW + minutes * MINUTE, NOW, lifecycle);
    if (code === null) expect(run).not.toThrow();
    else expect(errorOf(run)).toMatchObject({ status: 400, code });
  });
});

describe('validateCreateSubscription', () => {
  const valid = {
    changeType: 'created,updated', notificationUrl: 'https://contoso.example/n', resource: "/users/u1/mailFolders('inbox')/messages",
    expirationDateTime: new Date(NOW + 600 * MINUTE).toISOString(), clientState: 's',
  };

  it('normalises a valid body', () => {
    expect(validateCreateSubscription(valid, NOW)).toEqual({
      resource: valid.resource, target: { kind: 'mail', userRef: 'u1', folder: 'inbox' }, changeTypes: ['created', 'updated'], notificationUrl: valid.notificationUrl,
      lifecycleNotificationUrl: null, clientState: 's', expirationMs: NOW + 600 * MINUTE, latestSupportedTlsVersion: 'v1_2',
    });
  });

  it.each([
    ['no body', null],
    ['no changeType', { ...valid, changeType: undefined }],
    ['an empty changeType', { ...valid, changeType: '' }],
    ['a bad lifecycle URL', { ...valid, lifecycleNotificationUrl: 'http://contoso.example/l' }],
    ['includeResourceData', { ...valid, includeResourceData: true }],
    ['an unparseable expiration', { ...valid, expirationDateTime: 'tomorrow' }],
  ])('refuses %s with 400', (_what, body) => {
    expect(errorOf(() => validateCreateSubscription(body, NOW)).status).toBe(400);
  });

  it('deduplicates change types and refuses unknown ones', () => {
    expect(parseChangeTypes('created, created,deleted')).toEqual(['created', 'deleted']);
    expect(errorOf(() => parseChangeTypes('created,moved')).message).toMatch(/'moved' is not a valid change type/);
  });
});

describe('validateSubscriptionRenewal', () => {
  it('takes expirationDateTime only, within the lifetime from now', () => {
    expect(validateSubscriptionRenewal({ expirationDateTime: new Date(NOW + 4_000 * MINUTE).toISOString() }, 'chatMessages', true, NOW)).toBe(NOW + 4_000 * MINUTE);
    expect(errorOf(() => validateSubscriptionRenewal({ expirationDateTime: new Date(NOW + 4_400 * MINUTE).toISOString() }, 'chatMessages', true, NOW)).code).toBe('ExtensionError');
    expect(errorOf(() => validateSubscriptionRenewal({ notificationUrl: 'https://x.example' }, 'mail', false, NOW)).status).toBe(400);
  });
});

describe('reauthorizationDue', () => {
  const expiry = NOW + 120 * MINUTE;
  it.each([
    // now (minutes after NOW), last challenge (minutes after NOW or null), due?
    [0, null, false], // two hours left: outside the last hour
    [59, null, false], // 61 minutes left
    [60, null, true], // the last hour begins
    [70, 60, false], // 10 minutes after the last challenge
    [75, 60, true], // 15 minutes after it
    [120, null, false], // expired
  ] as const)('at +%d min, last challenge %s → %s', (at, last, due) => {
    expect(reauthorizationDue(expiry, last === null ? null : NOW + last * MINUTE, NOW + at * MINUTE)).toBe(due);
  });
});

describe('retryDelayMs', () => {
  it('doubles from the base for each attempt after the first', () => {
    expect([2, 3, 4, 5].map((attempt) => retryDelayMs(attempt, 1_000))).toEqual([1_000, 2_000, 4_000, 8_000]);
  });
});
