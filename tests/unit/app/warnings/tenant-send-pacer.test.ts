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
});
