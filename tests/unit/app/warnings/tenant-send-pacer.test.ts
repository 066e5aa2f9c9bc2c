import { TenantSendPacer, type PacerTime } from '../../../../src/app/warnings/tenant-send-pacer';

/** A scripted time: sleeping moves it forward by exactly the time asked for, and records each wait. */
function scriptedTime(): PacerTime & { waits: number[]; at: number } {
  const t = {
    at: 1_000,
    waits: [] as number[],
    nowMs: () => t.at,
    sleep: async (ms: number) => {
      t.waits.push(ms);
      t.at += ms;
    },
  };
  return t;
}

describe('TenantSendPacer', () => {
  it('lets 5 single sends a second through per tenant: one every 200 ms', async () => {
    const time = scriptedTime();
    const pacer = new TenantSendPacer(undefined, time);
    for (let i = 0; i < 6; i += 1) await pacer.turn('t1');
    // slots at 1000, 1200, 1400, 1600, 1800, 2000: the first goes at once, each next waits 200 ms
    expect(time.waits).toEqual([200, 200, 200, 200, 200]);
    expect(time.at).toBe(2_000);
  });

  it('paces each tenant on its own, and the bulk call at 2 a second', async () => {
    const time = scriptedTime();
    const pacer = new TenantSendPacer(undefined, time);
    await pacer.turn('t1');
    await pacer.turn('t2'); // another tenant: no wait
    await pacer.turn('t1', 'bulk'); // the bulk call has its own budget: no wait
    expect(time.waits).toEqual([]);
    await pacer.turn('t1', 'bulk'); // 1000 ms / 2 = 500 ms after the first bulk call
    expect(time.waits).toEqual([500]);
  });

  it('does not save up slots while idle: after a quiet second the next send goes at once', async () => {
    const time = scriptedTime();
    const pacer = new TenantSendPacer(undefined, time);
    await pacer.turn('t1');
    time.at += 5_000;
    await pacer.turn('t1');
    await pacer.turn('t1');
    // the second after the pause waits a full 200 ms: no burst from the idle time
    expect(time.waits).toEqual([200]);
  });

  it('hands out slots in the order asked for when sends start together', async () => {
    const time = scriptedTime();
    const pacer = new TenantSendPacer({ single: 5, bulk: 2 }, { nowMs: () => time.at, sleep: async (ms) => void time.waits.push(ms) });
    await Promise.all([pacer.turn('t1'), pacer.turn('t1'), pacer.turn('t1')]);
    // all asked at 1000: slots 1000, 1200, 1400
    expect(time.waits).toEqual([200, 400]);
  });

  it('lets a warning that waits go before digests that waited longer, and keeps each kind in the order asked for', async () => {
    const time = scriptedTime();
    const pacer = new TenantSendPacer(undefined, time);
    const order: string[] = [];
    const send = (name: string, priority: 'warning' | 'digest') => pacer.turn('t1', 'single', priority).then(() => void order.push(name));
    // A wave of digests asked at 1000; the first goes at once, the rest wait for their slots.
    const digests = [send('d1', 'digest'), send('d2', 'digest'), send('d3', 'digest'), send('d4', 'digest')];
    // Two warnings come while the digests wait: each takes the next free slot ahead of the waiting digests.
    const warnings = [send('w1', 'warning'), send('w2', 'warning')];
    await Promise.all([...digests, ...warnings]);
    expect(order).toEqual(['d1', 'w1', 'w2', 'd2', 'd3', 'd4']);
    // One slot each, 200 ms apart: the five after the first waited once each.
    expect(time.waits).toEqual([200, 200, 200, 200, 200]);
  });

  it('keeps the rate when warnings and digests mix: never two sends in one slot', async () => {
    const time = scriptedTime();
    const pacer = new TenantSendPacer(undefined, time);
    let released = 0;
    const sends = Array.from({ length: 12 }, (_, i) => pacer.turn('t1', 'single', i % 3 === 0 ? 'warning' : 'digest').then(() => void (released += 1)));
    await Promise.all(sends);
    // The first at once, then one slot of 200 ms per send: 12 sends take 2.2 s, whatever their kinds.
    expect(released).toBe(12);
    expect(time.waits).toEqual(Array.from({ length: 11 }, () => 200));
    expect(time.at).toBe(3_200);
    // And a send right after them still waits for its slot.
    await pacer.turn('t1', 'single', 'digest');
    expect(time.waits.at(-1)).toBe(200);
  });
});
