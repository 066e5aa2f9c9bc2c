/**
 * The weekly trend of the share of requests within standard (first response, resolution), drawn with
 * @fluentui/react-charts. Loaded lazily by the dashboard (the charting code is heavy); the same numbers are always in
 * the dashboard's accessible weekly table.
 */
import { LineChart, type ChartProps } from '@fluentui/react-charts';
import { tokens } from '@fluentui/react-components';
import type { WeeklyPoint } from '../../contracts/api';

export interface WeeklyTrendChartProps {
  weekly: WeeklyPoint[];
  width?: number;
}

/** Percent (0..100) within standard per week; weeks with no stopped clocks are left out of that line. */
export function trendLines(weekly: WeeklyPoint[]): ChartProps {
  const line = (pick: (w: WeeklyPoint) => number | null) =>
    weekly.flatMap((w) => {
      const share = pick(w);
      return share === null ? [] : [{ x: new Date(w.weekStart), y: Math.round(share * 100) }];
    });
  return {
    chartTitle: 'Share within standard by week',
    lineChartData: [
      { legend: 'First response within standard (%)', data: line((w) => w.firstResponse.withinStandardShare), color: tokens.colorPaletteBlueForeground2 },
      { legend: 'Resolution within standard (%)', data: line((w) => w.resolution.withinStandardShare), color: tokens.colorPaletteDarkOrangeForeground2 },
    ],
  };
}

export default function WeeklyTrendChart({ weekly, width }: WeeklyTrendChartProps) {
  return (
    <figure aria-label="Chart: share of requests within standard by week (the table below has the numbers)" style={{ margin: 0 }}>
      <LineChart data={trendLines(weekly)} height={260} width={width} yMinValue={0} yMaxValue={100} />
    </figure>
  );
}
