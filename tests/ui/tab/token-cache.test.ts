import { cachedTokenSource, tokenExpiresAtMs, TOKEN_REUSE_MARGIN_SECONDS } from '../../../src/ui/shared/token-cache';

const b64url = (s: string) => Buffer.from(s).toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const jwt = (claims: Record<string, unknown>) => `${b64url('{"alg":"RS256"}')}.${b64url(JSON.stringify(claims))}.sig`;

describe('tokenExpiresAtMs', () => {
  it.each([
    ['a JWT with exp (seconds) → epoch ms', jwt({ exp: 1_741_600_000, name: 'Zoë ✓' }), 1_741_600_000_000],
    ['no exp claim', jwt({ sub: 'x' }), null],
    ['not a JWT', 'opaque-token', null],
    ['garbage payload', 'a.%%%.c', null],
  ])('%s', (_name, token, expected) => {
    expect(tokenExpiresAtMs(token)).toBe(expected);
  });
});

describe('cachedTokenSource', () => {
  it('shares one host request between concurrent callers and reuses the token until 5 minutes before exp', async () => {
    let now = 1_000_000_000_000;
    const exp = now / 1000 + 3600; // valid for an hour
    let requests = 0;
    const get = cachedTokenSource(async () => { requests += 1; return jwt({ exp, n: requests }); }, () => now);
    const [a, b] = await Promise.all([get(), get()]);
    expect(a).toBe(b);
    expect(requests).toBe(1);
    now += (3600 - TOKEN_REUSE_MARGIN_SECONDS - 1) * 1000; // 1 s before the reuse margin
    expect(await get()).toBe(a);
    expect(requests).toBe(1);
    now += 2000; // inside the last 5 minutes: ask again
    expect(await get()).not.toBe(a);
    expect(requests).toBe(2);
  });

  it('does not cache a failure, nor a token without exp', async () => {
    let calls = 0;
    const failing = cachedTokenSource(async () => { calls += 1; if (calls === 1) throw new Error('sso'); return 'opaque'; });
    await expect(failing()).rejects.toThrow('sso');
    await expect(failing()).resolves.toBe('opaque');
    await expect(failing()).resolves.toBe('opaque');
    expect(calls).toBe(3);
  });

  it('fetches anew when the cached token is named as rejected, once for a burst of refused calls', async () => {
    const now = 1_000_000_000_000;
    const exp = now / 1000 + 3600;
    let requests = 0;
    const get = cachedTokenSource(async () => { requests += 1; return jwt({ exp, n: requests }); }, () => now);
    const first = await get();
    const [a, b] = await Promise.all([get(first), get(first)]);
    expect(a).not.toBe(first);
    expect(b).toBe(a);
    expect(requests).toBe(2);
    // A late caller naming the old token gets the new one, not a third request.
    expect(await get(first)).toBe(a);
    expect(requests).toBe(2);
  });
});
