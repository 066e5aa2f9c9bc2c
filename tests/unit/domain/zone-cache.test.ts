import { resolveZone, ZONE_CACHE_LIMIT } from '../../../src/domain/zone-offsets';

describe('resolveZone cache', () => {
  it('keeps a resolved zone while used, and is bounded: the least recently used name is dropped past the limit', () => {
    const kept = resolveZone('<K0>-1');
    const dropped = resolveZone('<D0>-2');
    for (let i = 1; i <= ZONE_CACHE_LIMIT; i += 1) {
      // Owner-supplied names are unbounded; each distinct one is a cache entry.
      resolveZone(`<Z${i}>-3`);
      if (i % 100 === 0) expect(resolveZone('<K0>-1')).toBe(kept); // used lately: stays
    }
    expect(resolveZone('<K0>-1')).toBe(kept);
    const again = resolveZone('<D0>-2');
    expect(again).not.toBe(dropped);
    expect(again.offsetMsAt(0)).toBe(dropped.offsetMsAt(0));
  });
});
