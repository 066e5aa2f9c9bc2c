/**
 * The weekly trend (share within standard, first response and resolution) drawn with @fluentui/react-charts.
 * Loaded lazily by the turnaround view so the charting code stays out of the tab's entry bundle; the numbers are
 * always in the view's weekly table too.
 */
import { LineChart, type ChartProps } from '@fluentui/react-charts';
import { tokens } from '@fluentui/react-components';
import type { WeeklyPoint } from '../../contracts/api';
import { tabStrings } from './tab-strings';

export function weeklyLines(weekly: readonly WeeklyPoint[]): ChartProps {
  const line = (pick: (w: WeeklyPoint) => number | null) =>
    weekly.flatMap((w) => {
      const share = pick(w);
      return share === null ? [] : [{ x: new Date(w.weekStart), y: Math.round(share * 100) }];
    });
  return {
    chartTitle: tabStrings.turnaround.trend,
    lineChartData: [
      { legend: `${tabStrings.turnaround.firstResponse} (%)`, data: line((w) => w.firstResponse.withinStandardShare), color: tokens.colorPaletteBlueForeground2 },
      { legend: `${tabStrings.turnaround.resolution} (%)`, data: line((w) => w.resolution.withinStandardShare), color: tokens.colorPaletteDarkOrangeForeground2 },
    ],
  };
}

export default function WeeklyChart({ weekly }: { weekly: readonly WeeklyPoint[] }) {
  return (
    <figure aria-label={tabStrings.turnaround.chartLabel} style={{ margin: 0 }}>
      <LineChart data={weeklyLines(weekly)} height={240} yMinValue={0} yMaxValue={100} />
    </figure>
  );
}
