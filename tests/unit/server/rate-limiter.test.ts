import { TokenBucketRateLimiter } from '../../../src/server/rate-limiter';

describe('TokenBucketRateLimiter (burst 100, 20/s)', () => {
  it('lets a burst of 100 through, refuses the 101st with Retry-After, and sustains 20 per second', () => {
    let now = 0;
    const limiter = new TokenBucketRateLimiter(100, 20, () => now);
    for (let i = 0; i < 100; i += 1) expect(limiter.take('u').allowed).toBe(true);
    expect(limiter.take('u')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    // 10 s at 20/s, one request every 50 ms: all pass.
    for (let i = 0; i < 200; i += 1) {
      now += 50;
      expect(limiter.take('u').allowed).toBe(true);
    }
    expect(limiter.take('other').allowed).toBe(true);
  });
});
