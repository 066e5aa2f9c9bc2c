import { LruMap } from '../../../src/store/lru-map';

describe('LruMap', () => {
  it('drops the least recently used entry when full; a read or a write makes an entry the most recent', () => {
    const map = new LruMap<string, number>(3);
    map.set('a', 1);
    map.set('b', 2);
    map.set('c', 3);
    expect(map.get('a')).toBe(1); // a is now the most recent: b is the oldest
    map.set('d', 4);
    expect([map.get('b'), map.size]).toEqual([undefined, 3]);
    map.set('c', 30); // rewriting c makes it recent: a is the oldest now
    map.set('e', 5);
    expect(map.get('a')).toBeUndefined();
    expect([map.get('c'), map.get('d'), map.get('e')]).toEqual([30, 4, 5]);
  });

  it('deletes and clears', () => {
    const map = new LruMap<string, number>(2);
    map.set('a', 1);
    map.set('b', 2);
    map.delete('a');
    expect([map.get('a'), map.size]).toEqual([undefined, 1]);
    map.clear();
    expect(map.size).toBe(0);
  });
});
