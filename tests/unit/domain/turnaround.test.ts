import fc from 'fast-check';
import { DomainError } from '../../../src/domain/domain-error';
import type { ClockStatus } from '../../../src/domain/clocks';
import {
  computeTurnaround, localWeekOf, nearestRankPercentile, tallyClocks, weeklyTurnaround, withinStandardShare, type ClockOutcome, type TurnaroundRow,
} from '../../../src/domain/turnaround';

const d = (iso: string): Date => new Date(iso);
const period = { from: d('2024-01-01T00:00:00Z'), to: d('2024-02-01T00:00:00Z') };
const c = (status: ClockStatus, usedMinutes: number): ClockOutcome => ({ status, usedMinutes });
const row = (firstResponse: ClockOutcome, resolution: ClockOutcome, open: boolean, receivedAt = '2024-01-10T09:00:00Z'): TurnaroundRow => ({
  receivedAt: d(receivedAt), open, firstResponse, resolution,
});

describe('nearestRankPercentile', () => {
  it.each<[number[], number, number | null]>([
    [[], 50, null], // no values
    [[7], 90, 7], // n = 1: rank ⌈0.9⌉ = 1
    [[1, 2, 3, 4], 50, 2], // rank ⌈2⌉ = 2 → lower middle value, not 2.5
    [[1, 2, 3, 4, 5], 50, 3], // rank ⌈2.5⌉ = 3
    [[10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 90, 90], // rank ⌈9⌉ = 9
    [[10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110], 90, 100], // rank ⌈9.9⌉ = 10
    [[5, 6], 100, 6], // rank 2
  ])('%p at p%p is %p', (values, p, expected) => {
    expect(nearestRankPercentile(values, p)).toBe(expected);
  });

  it('rejects p outside (0, 100]', () => {
    expect(() => nearestRankPercentile([1], 0)).toThrow(DomainError);
    expect(() => nearestRankPercentile([1], 101)).toThrow(DomainError);
  });

  it('is always an observed value with at least p % at or below it', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: 1 }), fc.integer({ min: 1, max: 100 }), (values, p) => {
      const sorted = [...values].sort((a, b) => a - b);
      const result = nearestRankPercentile(sorted, p) as number;
      expect(values).toContain(result);
      expect(sorted.filter((v) => v <= result).length / sorted.length).toBeGreaterThanOrEqual(p / 100);
      expect(sorted.filter((v) => v < result).length / sorted.length).toBeLessThan(p / 100);
    }));
  });
});

describe('computeTurnaround', () => {
  const rows: TurnaroundRow[] = [
    row(c('met', 30), c('met', 300), false), // both within
    row(c('met', 60), c('missed', 1200), false), // resolution missed
    row(c('missed', 300), c('met', 600), false), // first response missed
    row(c('met', 120), c('breached', 1000), true, '2024-01-05T09:00:00Z'), // open, past 960: a certain miss
    row(c('breached', 400), c('onTrack', 400), true, '2024-01-20T09:00:00Z'), // open, no response, already past 240
    row(c('onTrack', 100), c('onTrack', 100), true, '2024-01-21T09:00:00Z'), // open, within both targets: not decided
    row(c('met', 1), c('met', 2), false, '2023-12-31T23:59:59Z'), // before the period
    row(c('breached', 2000), c('breached', 2000), true, '2023-12-20T09:00:00Z'), // open, received before the period
    row(c('onTrack', 0), c('onTrack', 0), true, '2024-02-01T00:00:00Z'), // at period end: outside (half-open)
  ];
  const stats = computeTurnaround(rows, period);

  it('counts the requests received in [from, to): received = resolved + open; open ones received earlier apart', () => {
    expect(stats.counts).toEqual({ received: 6, resolved: 3, open: 3, openReceivedEarlier: 1 });
  });
  it('first response: nearest-rank median and p90 over stopped clocks; the share counts open and already breached as missed', () => {
    // stopped: 30, 60, 120, 300 → median rank ⌈2⌉ = 60; p90 rank ⌈3.6⌉ = 4 → 300
    // share: met 3 ÷ (3 met + 1 missed + 1 open and breached) = 3 / 5 — the unanswered one past its target counts
    expect(stats.firstResponse).toEqual({ count: 4, medianMinutes: 60, p90Minutes: 300, withinStandardShare: 3 / 5, met: 3, missed: 1, breached: 1, running: 1 });
  });
  it('resolution: the same rule', () => {
    // stopped: 300, 600, 1200 → median rank 2 = 600; p90 rank ⌈2.7⌉ = 3 = 1200; share 2 ÷ (2 + 1 + 1)
    expect(stats.resolution).toEqual({ count: 3, medianMinutes: 600, p90Minutes: 1200, withinStandardShare: 2 / 4, met: 2, missed: 1, breached: 1, running: 2 });
  });
  it('the backlog is every open row given, whenever received', () => {
    // open: the 1000, 400 and 100 ones, the one from December (2000) and the one at period end (0)
    expect(stats.backlog).toEqual({ open: 5, breachedNow: 3, oldestOpenMinutes: 2000 });
  });
  it('an empty period has nulls, not NaN', () => {
    const nothing = { count: 0, medianMinutes: null, p90Minutes: null, withinStandardShare: null, met: 0, missed: 0, breached: 0, running: 0 };
    expect(computeTurnaround([], period)).toEqual({
      period, counts: { received: 0, resolved: 0, open: 0, openReceivedEarlier: 0 }, firstResponse: nothing, resolution: nothing,
      backlog: { open: 0, breachedNow: 0, oldestOpenMinutes: null },
    });
  });
  it('rejects a reversed period', () => {
    expect(() => computeTurnaround([], { from: period.to, to: period.from })).toThrow(DomainError);
  });
});

describe('weeks in the team calendar\'s time zone', () => {
  it('a request received Sunday 23:30 UTC is in the Monday week in Berlin (00:30 local), the Sunday week in UTC', () => {
    const march = { from: d('2025-02-24T00:00:00Z'), to: d('2025-03-10T00:00:00Z') };
    const sundayNight = row(c('met', 10), c('met', 20), false, '2025-03-02T23:30:00Z');
    const berlin = weeklyTurnaround([sundayNight], march, 'Europe/Berlin');
    // Berlin weeks start at Monday 00:00 CET = Sunday 23:00 UTC
    expect(berlin.map((w) => [w.week.monday, w.week.start.toISOString(), w.received])).toEqual([
      ['2025-02-24', '2025-02-23T23:00:00.000Z', 0],
      ['2025-03-03', '2025-03-02T23:00:00.000Z', 1],
      ['2025-03-10', '2025-03-09T23:00:00.000Z', 0], // starts before the period ends (Mon 00:00 UTC)
    ]);
    const utc = weeklyTurnaround([sundayNight], march, 'UTC');
    expect(utc.map((w) => [w.week.monday, w.received])).toEqual([['2025-02-24', 1], ['2025-03-03', 0]]);
  });

  it('a week with a clock change still starts at Monday 00:00 local time', () => {
    // New York moves to EDT on Sunday 9 March 2025: Monday 3 March 00:00 is EST (05:00Z), Monday 10 March EDT (04:00Z)
    expect(localWeekOf(d('2025-03-09T12:00:00Z'), 'America/New_York')).toEqual({ start: d('2025-03-03T05:00:00Z'), monday: '2025-03-03' });
    expect(localWeekOf(d('2025-03-10T04:00:00Z'), 'America/New_York')).toEqual({ start: d('2025-03-10T04:00:00Z'), monday: '2025-03-10' });
    expect(localWeekOf(d('2025-03-10T03:59:59Z'), 'America/New_York').monday).toBe('2025-03-03');
  });

  it('each week\'s figures follow the same rule as the period\'s', () => {
    const weeks = weeklyTurnaround([row(c('met', 10), c('breached', 2000), true, '2025-03-04T09:00:00Z')], { from: d('2025-03-03T00:00:00Z'), to: d('2025-03-10T00:00:00Z') }, 'UTC');
    expect(weeks).toHaveLength(1);
    expect(weeks[0]?.resolution).toMatchObject({ withinStandardShare: 0, breached: 1 });
  });
});

describe('share within standard (DESIGN.md: met ÷ (met + missed + open and already breached))', () => {
  it('tallies each clock status into exactly one part', () => {
    // 3 met, 1 missed, 2 breached, onTrack + atRisk = 2 running → 8 clocks in all
    const tally = tallyClocks(['met', 'met', 'missed', 'breached', 'onTrack', 'met', 'breached', 'atRisk']);
    expect(tally).toEqual({ met: 3, missed: 1, breached: 2, running: 2 });
  });
  it.each([
    [{ met: 3, missed: 1, breached: 2 }, 3 / 6], // breached open requests are misses already
    [{ met: 5, missed: 0, breached: 0 }, 1],
    [{ met: 0, missed: 0, breached: 1 }, 0],
    [{ met: 0, missed: 0, breached: 0 }, null], // only running clocks (or none): no share yet
  ])('%p → %p', (tally, share) => {
    expect(withinStandardShare(tally)).toBe(share);
  });
});
