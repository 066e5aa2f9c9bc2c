import { FollowedClock, FollowedClockError } from '../../../src/server/followed-clock';

/** A system clock the test moves by hand, and a dev tenant whose clock answers after a set round trip. */
function harness(remote: { nowMs: number; roundTripMs: number; answer?: (nowMs: number) => { ok: boolean; status: number; body: unknown } }) {
  let systemMs = Date.parse('2026-11-29T12:00:00.000Z');
  const urls: string[] = [];
  const clock = new FollowedClock({
    controlUrl: 'http://127.0.0.1:9/dev/',
    systemNowMs: () => systemMs,
    fetch: async (url) => {
      urls.push(url);
      // Half the round trip on the way there, the dev tenant reads its clock, half on the way back.
      systemMs += remote.roundTripMs / 2;
      remote.nowMs += remote.roundTripMs / 2;
      const answer = remote.answer?.(remote.nowMs) ?? { ok: true, status: 200, body: { now: new Date(remote.nowMs).toISOString() } };
      systemMs += remote.roundTripMs / 2;
      remote.nowMs += remote.roundTripMs / 2;
      return { ok: answer.ok, status: answer.status, json: async () => answer.body };
    },
  });
  return { clock, urls, advanceSystem: (ms: number) => { systemMs += ms; remote.nowMs += ms; }, systemMs: () => systemMs };
}

describe('FollowedClock (a dev tenant\'s simulated clock)', () => {
  it('shows the dev tenant\'s time, reading GET {controlUrl}/clock, with the round trip split evenly', async () => {
    // The dev tenant is 3 days ahead; each read takes 40 ms there and back.
    const remote = { nowMs: Date.parse('2026-12-02T12:00:00.000Z'), roundTripMs: 40 };
    const h = harness(remote);
    await h.clock.refresh();
    expect(h.urls).toEqual(['http://127.0.0.1:9/dev/clock']);
    expect(h.clock.offset).toBe(3 * 86_400_000);
    expect(h.clock.now().toISOString()).toBe(new Date(remote.nowMs).toISOString());
  });

  it('runs on with the system clock between reads, and follows a jump at the next read', async () => {
    const remote = { nowMs: Date.parse('2026-11-29T12:00:00.000Z'), roundTripMs: 0 };
    const h = harness(remote);
    await h.clock.refresh();
    expect(h.clock.offset).toBe(0);
    h.advanceSystem(750);
    expect(h.clock.now().getTime()).toBe(remote.nowMs);
    // A test advances the dev tenant by one hour: unseen until the next read, then followed.
    remote.nowMs += 3_600_000;
    expect(h.clock.now().getTime()).toBe(remote.nowMs - 3_600_000);
    await h.clock.refresh();
    expect(h.clock.offset).toBe(3_600_000);
    expect(h.clock.now().getTime()).toBe(remote.nowMs);
  });

  it.each([
    ['an error status', { ok: false, status: 502, body: {} }],
    ['no now', { ok: true, status: 200, body: { time: 'noon' } }],
    ['a now that is no instant', { ok: true, status: 200, body: { now: 'tomorrow' } }],
  ])('refuses %s and keeps the last offset', async (_name, answer) => {
    const remote: { nowMs: number; roundTripMs: number; answer?: () => { ok: boolean; status: number; body: unknown } } = { nowMs: Date.parse('2026-11-30T12:00:00.000Z'), roundTripMs: 0 };
    const h = harness(remote);
    await h.clock.refresh();
    expect(h.clock.offset).toBe(86_400_000);
    remote.answer = () => answer;
    await expect(h.clock.refresh()).rejects.toBeInstanceOf(FollowedClockError);
    expect(h.clock.offset).toBe(86_400_000);
  });

  it('reads again every second after start, and keeps the last offset through a failed read', async () => {
    jest.useFakeTimers();
    try {
      const remote: { nowMs: number; roundTripMs: number; answer?: () => { ok: boolean; status: number; body: unknown } } = { nowMs: Date.parse('2026-11-29T12:00:00.000Z'), roundTripMs: 0 };
      const h = harness(remote);
      await h.clock.start();
      expect(h.urls).toHaveLength(1);
      // A test advances the dev tenant by two hours; the next periodic read follows it.
      remote.nowMs += 7_200_000;
      await jest.advanceTimersByTimeAsync(1_000);
      expect(h.urls).toHaveLength(2);
      expect(h.clock.offset).toBe(7_200_000);
      // The dev tenant stops answering: the clock runs on with the last offset.
      remote.answer = () => ({ ok: false, status: 503, body: {} });
      await jest.advanceTimersByTimeAsync(1_000);
      expect(h.urls).toHaveLength(3);
      expect(h.clock.offset).toBe(7_200_000);
      h.clock.stop();
      await jest.advanceTimersByTimeAsync(5_000);
      expect(h.urls).toHaveLength(3);
    } finally {
      jest.useRealTimers();
    }
  });

  it('fails to start when the dev tenant cannot be reached (a server must not start on the wrong time)', async () => {
    const clock = new FollowedClock({ controlUrl: 'http://127.0.0.1:9/dev', fetch: () => Promise.reject(new Error('ECONNREFUSED')) });
    await expect(clock.start()).rejects.toThrow(/cannot be read: ECONNREFUSED/);
    clock.stop();
  });
});
