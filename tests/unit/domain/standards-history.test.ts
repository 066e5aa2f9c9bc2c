import { mergeStandardsChange, sameStandards, standardsInForce, type PastStandards } from '../../../src/domain/standards-history';
import type { ServiceStandard } from '../../../src/domain/standards';

const utc = (s: string) => new Date(`${s}Z`);
const standard = (firstResponseTargetMinutes: number): ServiceStandard => ({
  id: 'default', name: 'Default', category: null, priority: null, firstResponseTargetMinutes, resolutionTargetMinutes: 960,
});
const v1 = [standard(240)];
const v2 = [standard(60)];
const v3 = [standard(30)];
// v1 until 1 March, v2 until 1 April, v3 since
const past: PastStandards[] = [{ until: utc('2025-03-01T00:00:00'), standards: v1 }, { until: utc('2025-04-01T00:00:00'), standards: v2 }];

describe('standardsInForce (a request keeps the standards in force when it was tracked)', () => {
  it.each<[string, string, ServiceStandard[]]>([
    ['tracked long before any change', '2024-01-01T00:00:00', v1],
    ['tracked the millisecond before the first change', '2025-02-28T23:59:59.999', v1],
    ['tracked at the instant of the first change: the new standards', '2025-03-01T00:00:00', v2],
    ['tracked between the changes', '2025-03-15T00:00:00', v2],
    ['tracked after the last change', '2025-05-01T00:00:00', v3],
  ])('%s', (_label, trackedAt, expected) => {
    expect(standardsInForce(v3, past, utc(trackedAt))).toBe(expected);
  });

  it('uses the current standards when there is no history', () => {
    expect(standardsInForce(v3, undefined, utc('2020-01-01T00:00:00'))).toBe(v3);
    expect(standardsInForce(v3, [], utc('2020-01-01T00:00:00'))).toBe(v3);
  });
});

describe('mergeStandardsChange', () => {
  const now = utc('2025-05-01T00:00:00');
  const keepSince = utc('2024-03-27T00:00:00');

  it('keeps the replaced standards as a version ending now', () => {
    expect(mergeStandardsChange({ standards: v3, past }, v1, now, keepSince)).toEqual({ past: [...past, { until: now, standards: v3 }], changed: true });
  });

  it('changes nothing when the standards are the same', () => {
    expect(mergeStandardsChange({ standards: v3, past }, [standard(30)], now, keepSince)).toEqual({ past, changed: false });
  });

  it('drops versions that ended before keepSince, and replaces one that never applied', () => {
    const old: PastStandards[] = [{ until: utc('2024-01-01T00:00:00'), standards: v1 }, { until: now, standards: v2 }];
    expect(mergeStandardsChange({ standards: v3, past: old }, v1, now, keepSince).past).toEqual([{ until: now, standards: v2 }]);
  });

  it('compares order, targets and coverage', () => {
    expect(sameStandards([standard(30), standard(60)], [standard(60), standard(30)])).toBe(false);
    expect(sameStandards([{ ...standard(30), category: 'Access' }], [standard(30)])).toBe(false);
  });
});
