/**
 * The warning timer (issue 20: p99 ≤ 60 s from a transition to its notification). The scheduler alone looks every
 * SYNC_INTERVAL_SECONDS / 5 × 0.8–1.2 after the previous tick ended — 48 to 72 s at the default 300 s — so a
 * transition just after a tick could wait over 60 s; the timer wakes the dispatcher at the earliest stored check.
 * Fake timers and a scripted store: what is asserted is when the dispatcher reads the due checks again.
 */
import type { ServerServices } from '../../../src/server/server-services';
import type { Config } from '../../../src/server/config';
import { createWarningWork } from '../../../src/server/warning-work';

const T0 = new Date('2025-03-11T12:00:00Z');

function fixture(access: 'application' | 'delegated', earliest: () => Date | null, digestRecipients: () => Promise<never[]> = async () => []) {
  let nowMs = T0.getTime();
  const scans: number[] = [];
  const digestRuns: number[] = [];
  const clockWarnings = {
    listWarningChecksDue: async () => {
      scans.push(nowMs);
      return [];
    },
    earliestWarningCheck: async () => earliest(),
    releaseStaleWarningClaims: async () => 0,
    releaseStaleDigestClaims: async () => [],
    listDigestRecipients: () => {
      digestRuns.push(nowMs);
      return digestRecipients();
    },
    listOwnersDigestTeams: async () => [],
  };
  const services = { stores: { clockWarnings }, clock: { now: () => new Date(nowMs) }, activityFeed: {} } as unknown as ServerServices;
  const config = { graphBackgroundAccess: access, warnings: true, sync: { intervalSeconds: 300 } } as unknown as Config;
  const logged: string[] = [];
  const log = { info: (_d: Record<string, unknown>, m: string) => void logged.push(m), warn: (_d: Record<string, unknown>, m: string) => void logged.push(m) };
  return { work: createWarningWork(config, services, log), scans, digestRuns, logged, advance: (ms: number) => { nowMs += ms; } };
}

describe('the warning timer', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('wakes the dispatcher at the earliest warning check, between the scheduler’s ticks', async () => {
    const f = fixture('application', () => new Date(T0.getTime() + 30_000));
    await f.work?.dispatch(T0);
    expect(f.scans).toHaveLength(1);
    // 29.9 s later: not yet
    f.advance(29_900);
    await jest.advanceTimersByTimeAsync(29_900);
    expect(f.scans).toHaveLength(1);
    // at 30 s, the check's instant: the dispatcher looks (the tick would come 48–72 s after the first)
    f.advance(100);
    await jest.advanceTimersByTimeAsync(100);
    expect(f.scans).toHaveLength(2);
    f.work?.stop();
  });

  it('waits at most one tick (60 s at the default interval) when the earliest check is far off, and at least 1 s', async () => {
    let earliest: Date | null = new Date(T0.getTime() + 3_600_000);
    const f = fixture('application', () => earliest);
    await f.work?.dispatch(T0);
    await jest.advanceTimersByTimeAsync(59_999);
    expect(f.scans).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(f.scans).toHaveLength(2);
    // A check already due (left by a conflict): looked at again a second later, not in a busy loop.
    earliest = T0;
    await f.work?.dispatch(T0);
    const scans = f.scans.length;
    await jest.advanceTimersByTimeAsync(999);
    expect(f.scans).toHaveLength(scans);
    await jest.advanceTimersByTimeAsync(1);
    expect(f.scans).toHaveLength(scans + 1);
    // Nothing pending: no timer at all.
    earliest = null;
    await jest.advanceTimersByTimeAsync(1_000);
    const settled = f.scans.length;
    await jest.advanceTimersByTimeAsync(300_000);
    expect(f.scans).toHaveLength(settled);
    f.work?.stop();
  });

  it('runs the digests apart: a tick does not wait for them, and warnings go on while a digest run is under way', async () => {
    // A digest run that takes as long as the test lets it (a morning's wave at Graph's 5 sends a second).
    let finishDigests: (() => void) | null = null;
    const f = fixture('application', () => null, () => new Promise<never[]>((resolve) => { finishDigests = () => resolve([]); }));
    // The tick resolves after its warnings, with the digest run started and not finished.
    await f.work?.dispatch(T0);
    expect([f.scans.length, f.digestRuns.length]).toEqual([1, 1]);
    // The next ticks: warnings looked at each time; no second digest run beside the first.
    f.advance(60_000);
    await f.work?.dispatch(new Date(T0.getTime() + 60_000));
    await f.work?.dispatch(new Date(T0.getTime() + 120_000));
    expect([f.scans.length, f.digestRuns.length]).toEqual([3, 1]);
    // Once it finished, the next tick starts another (whoever it had not reached is due then).
    (finishDigests as (() => void) | null)?.();
    await jest.advanceTimersByTimeAsync(0);
    await f.work?.dispatch(new Date(T0.getTime() + 180_000));
    expect([f.scans.length, f.digestRuns.length]).toEqual([4, 2]);
    // stop() waits for the run under way.
    let stopped = false;
    const stopping = f.work?.stop().then(() => { stopped = true; });
    await jest.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false);
    (finishDigests as (() => void) | null)?.();
    await stopping;
    expect(stopped).toBe(true);
  });

  it('does nothing without application access, and says so once', () => {
    const f = fixture('delegated', () => T0);
    expect(f.work).toBeNull();
    expect(f.logged).toEqual(['warnings and digests are off: the activity feed needs GRAPH_BACKGROUND_ACCESS=application']);
  });
});
