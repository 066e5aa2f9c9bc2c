import fc from 'fast-check';
import { DomainError } from '../../../src/domain/domain-error';
import { computeTurnaround, nearestRankPercentile, tallyClocks, withinStandardShare, type TurnaroundRow } from '../../../src/domain/turnaround';

const d = (iso: string): Date => new Date(iso);
const period = { from: d('2024-01-01T00:00:00Z'), to: d('2024-02-01T00:00:00Z') };
const row = (over: Partial<TurnaroundRow>): TurnaroundRow => ({
  receivedAt: d('2024-01-10T09:00:00Z'), firstResponseMinutes: null, resolutionMinutes: null,
  firstResponseTargetMinutes: 240, resolutionTargetMinutes: 960, open: true, ...over,
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
    row({ firstResponseMinutes: 30, resolutionMinutes: 300, open: false }), // both within
    row({ firstResponseMinutes: 60, resolutionMinutes: 1200, open: false }), // resolution missed
    row({ firstResponseMinutes: 300, resolutionMinutes: 600, open: false }), // first response missed
    row({ firstResponseMinutes: 120, open: true, openAgeMinutes: 1000, receivedAt: d('2024-01-05T09:00:00Z') }), // open, past 960: a certain miss
    row({ open: true, openAgeMinutes: 100, receivedAt: d('2024-01-20T09:00:00Z') }), // open, no response yet
    row({ firstResponseMinutes: 1, resolutionMinutes: 2, open: false, receivedAt: d('2023-12-31T23:59:59Z') }), // before the period
    row({ open: true, receivedAt: d('2024-02-01T00:00:00Z') }), // at period end: excluded (half-open)
  ];
  const stats = computeTurnaround(rows, period);

  it('counts requests received in [from, to)', () => expect(stats.count).toBe(5));
  it('first response: nearest-rank median and p90 over responded rows', () => {
    // responded: 30, 60, 120, 300 → median rank ⌈2⌉ = 60; p90 rank ⌈3.6⌉ = 4 → 300
    expect(stats.firstResponse).toEqual({ count: 4, medianMinutes: 60, p90Minutes: 300, withinStandardShare: 3 / 4 });
  });
  it('resolution: open rows past target count as misses in the share', () => {
    // resolved: 300, 600, 1200 → median rank 2 = 600; p90 rank ⌈2.7⌉ = 3 = 1200; within 2 of (3 + 1 overdue open)
    expect(stats.resolution).toEqual({ count: 3, medianMinutes: 600, p90Minutes: 1200, withinStandardShare: 2 / 4 });
  });
  it('backlog and oldest open', () => {
    expect(stats.openBacklog).toBe(2);
    expect(stats.oldestOpen).toEqual({ receivedAt: d('2024-01-05T09:00:00Z'), ageMinutes: 1000 });
  });
  it('an empty period has nulls, not NaN', () => {
    const empty = computeTurnaround([], period);
    expect(empty).toEqual({
      period, count: 0, openBacklog: 0, oldestOpen: null,
      firstResponse: { count: 0, medianMinutes: null, p90Minutes: null, withinStandardShare: null },
      resolution: { count: 0, medianMinutes: null, p90Minutes: null, withinStandardShare: null },
    });
  });
  it('rejects a reversed period', () => {
    expect(() => computeTurnaround([], { from: period.to, to: period.from })).toThrow(DomainError);
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
