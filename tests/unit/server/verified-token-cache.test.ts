import { VerifiedTokenCache } from '../../../src/server/auth/verified-token-cache';

const T0 = Date.UTC(2026, 0, 5, 12, 0, 0);

describe('VerifiedTokenCache', () => {
  it('keys tokens by SHA-256, never by the token itself', () => {
    const key = VerifiedTokenCache.keyOf('a.b.c');
    expect(key).not.toContain('a.b.c');
    expect(key).toBe(VerifiedTokenCache.keyOf('a.b.c'));
    expect(key).not.toBe(VerifiedTokenCache.keyOf('a.b.d'));
  });

  it('answers until exp, within the clock tolerance, then forgets', () => {
    const cache = new VerifiedTokenCache<string>(10, 60);
    const exp = T0 / 1000 + 3600;
    cache.set('k', { expSeconds: exp, nbfSeconds: null, value: 'user' });
    expect(cache.get('k', T0)).toBe('user');
    expect(cache.get('k', (exp + 59) * 1000)).toBe('user');
    expect(cache.get('k', (exp + 60) * 1000)).toBeUndefined();
    expect(cache.size).toBe(0);
    expect(cache.get('k', T0)).toBeUndefined();
  });

  it('does not answer before nbf (minus tolerance)', () => {
    const cache = new VerifiedTokenCache<string>(10, 0);
    cache.set('k', { expSeconds: T0 / 1000 + 3600, nbfSeconds: T0 / 1000 + 10, value: 'user' });
    expect(cache.get('k', T0)).toBeUndefined();
  });

  it('drops the least recently used entry beyond its size', () => {
    const cache = new VerifiedTokenCache<string>(2, 0);
    const exp = T0 / 1000 + 3600;
    cache.set('a', { expSeconds: exp, nbfSeconds: null, value: 'A' });
    cache.set('b', { expSeconds: exp, nbfSeconds: null, value: 'B' });
    expect(cache.get('a', T0)).toBe('A');
    cache.set('c', { expSeconds: exp, nbfSeconds: null, value: 'C' });
    expect(cache.get('b', T0)).toBeUndefined();
    expect(cache.get('a', T0)).toBe('A');
    expect(cache.get('c', T0)).toBe('C');
    expect(cache.size).toBe(2);
  });
});
