// The chart module imports @fluentui/react-charts (d3 ESM, which jest cannot load); its pure data mapping is tested
// here through a module mock of the charts package, and the drawn chart is checked in Chromium by the e2e test.
jest.mock('@fluentui/react-charts', () => ({ LineChart: () => null }));
import { trendLines } from '../../../src/ui/manager/weekly-trend-chart';
import { dashboard, stats } from './dashboard-fixtures';

describe('trendLines', () => {
  it('maps each week to percent within standard, leaving out weeks without stopped clocks', () => {
    const weekly = [...dashboard().weekly, { weekStart: '2025-03-03T00:00:00Z', weekOf: '2025-03-03', received: 1, firstResponse: stats(1, 5, 5, 1), resolution: { count: 0, medianMinutes: null, p90Minutes: null, withinStandardShare: null, met: 0, missed: 0, breached: 0, running: 1 } }];
    const chart = trendLines(weekly);
    const [first, resolution] = chart.lineChartData!;
    expect(first!.data.map((p) => [(p.x as Date).toISOString(), p.y])).toEqual([
      ['2025-02-17T00:00:00.000Z', 80], ['2025-02-24T00:00:00.000Z', 82], ['2025-03-03T00:00:00.000Z', 100],
    ]);
    expect(resolution!.data.map((p) => p.y)).toEqual([60, 68]);
  });
});
