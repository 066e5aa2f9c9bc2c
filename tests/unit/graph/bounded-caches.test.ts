/**
 * The Graph side's maps are bounded (lru-cache): mailbox limiters (never dropping one in use), application tokens per
 * tenant (dropped at their TTL on the injected clock, and beyond their size; asked for once however many callers wait).
 */
import type { AuthenticationResult } from '@azure/msal-node';
import { ApplicationTokenProvider, type ClientCredentialClient } from '../../../src/graph/application-token-provider';
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

describe('ApplicationTokenProvider token cache', () => {
  /**
   * The provider over a fake msal client (the unit seam): each token request answers `token-N`, valid for an hour on
   * the real clock from the moment it was asked (as msal states `expiresOn`), held until `release()` when `hold` is set.
   */
  function provider(max: number, options: { hold?: boolean } = {}) {
    let nowMs = Date.parse('2026-03-02T10:00:00Z');
    const asked: string[] = [];
    const waiting: (() => void)[] = [];
    const client: ClientCredentialClient = {
      acquireTokenByClientCredential: async (request) => {
        asked.push(request.authority ?? '');
        const n = asked.length;
        const expiresOn = new Date(Date.now() + 3_600_000);
        if (options.hold) await new Promise<void>((resolve) => waiting.push(resolve));
        return { accessToken: `token-${n}`, expiresOn } as AuthenticationResult;
      },
    };
    const tokens = new ApplicationTokenProvider({
      clientId: 'c', tenantId: 'home', clientSecret: 's', clientCertificate: null, authorityHost: 'https://login.example',
      now: () => nowMs, maxCachedTokens: max, client,
    });
    return { tokens, asked, advance: (ms: number) => (nowMs += ms), release: () => waiting.splice(0).forEach((r) => r()) };
  }

  it('reuses a tenant\'s token until five minutes before it expires (on the injected clock), then asks again', async () => {
    const p = provider(10);
    expect(await p.tokens.getToken('t1')).toBe('token-1');
    // One hour minus the five-minute margin; a few real milliseconds pass between asking and the answer, so stay 1 s clear.
    p.advance(55 * 60_000 - 1_000);
    expect(await p.tokens.getToken('t1')).toBe('token-1');
    p.advance(2_000);
    expect(await p.tokens.getToken('t1')).toBe('token-2');
    expect(p.asked).toEqual(['https://login.example/t1', 'https://login.example/t1']);
  });

  it('asks at each tenant\'s own authority and keeps at most its bound of tenants, least recently used dropped first', async () => {
    const p = provider(2);
    await p.tokens.getToken('a');
    await p.tokens.getToken('b');
    await p.tokens.getToken('c');
    await p.tokens.getToken('c');
    await p.tokens.getToken('b');
    await p.tokens.getToken('a'); // a was dropped: asked again
    expect(p.asked).toEqual(['a', 'b', 'c', 'a'].map((t) => `https://login.example/${t}`));
  });

  it('single-flight: concurrent callers of one tenant share one token request', async () => {
    const p = provider(10, { hold: true });
    const calls = Promise.all(Array.from({ length: 25 }, () => p.tokens.getToken('t1')));
    const other = p.tokens.getToken('t2');
    await Promise.resolve();
    p.release();
    expect(new Set(await calls)).toEqual(new Set(['token-1']));
    expect(await other).toBe('token-2');
    expect(p.asked).toHaveLength(2);
  });

  it('invalidate drops only the token Graph refused', async () => {
    const p = provider(10);
    const first = await p.tokens.getToken('t1');
    p.tokens.invalidate('t1', 'some-older-token');
    expect(await p.tokens.getToken('t1')).toBe(first);
    p.tokens.invalidate('t1', first);
    expect(await p.tokens.getToken('t1')).toBe('token-2');
  });

  it('maps Entra\'s refusals to application_access_refused and anything else to graph_unavailable', async () => {
    const failing = (error: unknown) => new ApplicationTokenProvider({
      clientId: 'c', tenantId: 'home', clientSecret: 's', clientCertificate: null, authorityHost: 'https://login.example',
      client: { acquireTokenByClientCredential: () => Promise.reject(error) },
    });
    // The shapes msal-node's ServerError has: errorCode (OAuth), errorNo (AADSTS number), errorMessage.
    for (const error of [
      { errorCode: 'invalid_grant', errorNo: '65001', errorMessage: 'AADSTS65001: no consent' },
      { errorCode: 'unauthorized_client', errorNo: '700016', errorMessage: 'AADSTS700016: app not found' },
      { errorCode: 'invalid_client', errorMessage: 'AADSTS7000215: Invalid client secret provided.' },
      { errorCode: 'invalid_client', errorNo: '7000222', errorMessage: 'AADSTS7000222: expired secret' },
      { errorCode: 'unauthorized_client', errorNo: '7000112', errorMessage: 'AADSTS7000112: disabled' },
    ]) {
      await expect(failing(error).getToken('t1')).rejects.toMatchObject({ name: 'GraphSourceError', code: 'application_access_refused' });
    }
    for (const error of [new Error('identity provider did not answer within 10000 ms'), { errorCode: 'temporarily_unavailable', errorNo: '90033', status: 500 }]) {
      await expect(failing(error).getToken('t1')).rejects.toMatchObject({ name: 'GraphSourceError', code: 'graph_unavailable' });
    }
  });
});
