import { mergeResults, parseSections, type RecordedRun } from '../../../bench/results-report';

const machine = { cpus: 2, cpuModel: 'AMD EPYC', memGiB: 24, node: 'v20.20.2' };

function recorded(title: string, value: number, note: string): RecordedRun {
  return { title, figures: [{ name: 'a figure', value, unit: 'ms', target: '≤ 50 ms', met: value <= 50 }], notes: [note], seconds: 12.5, quick: false, date: '2026-11-29T10:00:00.000Z', machine };
}

describe('bench/RESULTS.md sections', () => {
  const before = mergeResults('', new Map([
    ['api', recorded('API under load', 336, 'api note')],
    ['store', recorded('Store reads', 3, 'store note')],
    ['working-time', recorded('Working-time engine', 1, 'engine note')],
  ]));

  it('running one benchmark replaces only its own section and keeps every other one as it was', () => {
    const after = mergeResults(before, new Map([['store', recorded('Store reads', 4, 'store note, again')]]));
    const was = parseSections(before);
    const now = parseSections(after);
    expect([...now.keys()]).toEqual(['api', 'store', 'working-time']);
    expect(now.get('api')).toBe(was.get('api'));
    expect(now.get('working-time')).toBe(was.get('working-time'));
    expect(now.get('store')).toContain('| a figure | 4 ms | ≤ 50 ms | yes |');
    expect(now.get('store')).toContain('- store note, again');
    expect(now.get('store')).not.toContain('| 3 ms |');
    expect(after).toContain('## API under load');
    expect(after).toContain('| a figure | 336 ms | ≤ 50 ms | **no** |');
  });

  it('adds the section of a benchmark that had none, in name order', () => {
    const after = mergeResults(before, new Map([['bundles', recorded('Page bundle sizes', 31, 'bundle note')]]));
    expect([...parseSections(after).keys()]).toEqual(['api', 'bundles', 'store', 'working-time']);
    expect(after.indexOf('## API under load')).toBeLessThan(after.indexOf('## Page bundle sizes'));
    expect(after.indexOf('## Page bundle sizes')).toBeLessThan(after.indexOf('## Store reads'));
  });

  it('rewriting with no new runs leaves the file byte for byte as it was', () => {
    expect(mergeResults(before, new Map())).toBe(before);
  });
});
