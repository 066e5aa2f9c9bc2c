/**
 * The Graph side's per-user maps are bounded (lru-cache): mailbox limiters (never dropping one in use), Graph tokens
 * (dropped at their TTL on the injected clock, and beyond their size).
 */
import { DevTokenProvider, type DevTokenIssuer } from '../../../src/graph/dev-token-provider';
import { MailboxConcurrency } from '../../../src/graph/mailbox-concurrency';

describe('MailboxConcurrency', () => {
  it('keeps at most its bound of idle limiters, least recently used dropped first', () => {
    const registry = new MailboxConcurrency(4, 2);
    const a = registry.for('t|a');
    registry.for('t|b');
    expect(registry.for('t|a')).toBe(a); // a is now the most recent: b is the oldest
    registry.for('t|c');
    expect(registry.size).toBe(2);
    expect(registry.for('t|a')).toBe(a);
    const b2 = registry.for('t|b'); // b was dropped: a fresh limiter (it had no holders, so nothing is lost)
    expect(b2.active).toBe(0);
    expect(registry.size).toBe(2);
  });

  it('never drops a limiter in use: a mailbox pushed out while busy keeps its one limiter until it is idle', async () => {
    const registry = new MailboxConcurrency(1, 1);
    const busy = registry.for('t|busy');
    const release = await busy.acquire();
    registry.for('t|x'); // pushes t|busy out of the bound while its slot is held
    const again = registry.for('t|busy');
    expect(again).toBe(busy);
    // The one slot is still taken: a second caller waits instead of getting a fresh limiter's slot.
    let second = false;
    const waiting = again.acquire().then((r) => {
      second = true;
      return r;
    });
    await Promise.resolve();
    expect(second).toBe(false);
    release();
    (await waiting)();
    expect(second).toBe(true);
    // Idle now: pushed out again, it is dropped, and the registry is back within its bound.
    registry.for('t|y');
    registry.for('t|z');
    expect(registry.size).toBe(1);
    expect(registry.for('t|busy')).not.toBe(busy);
  });
});

describe('DevTokenProvider token cache', () => {
  function provider(max: number) {
    let nowMs = Date.parse('2026-03-02T10:00:00Z');
    const issued: string[] = [];
    const issuer: DevTokenIssuer = {
      issueToken: async ({ username }) => {
        issued.push(username);
        return `token-${issued.length}`;
      },
    };
    const tokens = new DevTokenProvider(issuer, (u) => `${u.userId}@contoso.test`, () => nowMs, max);
    return { tokens, issued, advance: (ms: number) => (nowMs += ms) };
  }
  const user = (userId: string) => ({ tenantId: 't', userId });

  it('reuses a token until five minutes before it expires (on the injected clock), then asks again', async () => {
    const p = provider(10);
    expect(await p.tokens.getGraphToken(user('a'))).toBe('token-1');
    p.advance(55 * 60_000 - 1);
    expect(await p.tokens.getGraphToken(user('a'))).toBe('token-1');
    p.advance(2);
    expect(await p.tokens.getGraphToken(user('a'))).toBe('token-2');
  });

  it('keeps at most its bound of users, least recently used dropped first', async () => {
    const p = provider(2);
    await p.tokens.getGraphToken(user('a'));
    await p.tokens.getGraphToken(user('b'));
    await p.tokens.getGraphToken(user('c'));
    expect(p.issued).toEqual(['a@contoso.test', 'b@contoso.test', 'c@contoso.test']);
    await p.tokens.getGraphToken(user('c'));
    await p.tokens.getGraphToken(user('b'));
    await p.tokens.getGraphToken(user('a')); // a was dropped: issued again
    expect(p.issued).toEqual(['a@contoso.test', 'b@contoso.test', 'c@contoso.test', 'a@contoso.test']);
  });
});
