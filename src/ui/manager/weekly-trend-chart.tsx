/**
 * The weekly trend of the share of requests within standard (first response, resolution), drawn with
 * @fluentui/react-charts. Loaded lazily by the dashboard (the charting code is heavy); the same numbers are always in
 * the dashboard's accessible weekly table. Series styles (colour, dash, marker): src/ui/shared/weekly-share-lines.ts.
 */
import { LineChart, type ChartProps } from '@fluentui/react-charts';
import type { WeeklyPoint } from '../../contracts/api';
import { SHARE_CHART_PROPS, weeklyShareLines } from '../shared/weekly-share-lines';

export interface WeeklyTrendChartProps {
  weekly: WeeklyPoint[];
  width?: number;
}

/** Percent (0..100) within standard per week; weeks with no stopped clocks are left out of that line. */
export function trendLines(weekly: WeeklyPoint[]): ChartProps {
  return weeklyShareLines(weekly, {
    title: 'Share within standard by week',
    firstResponse: 'First response within standard (%)',
    resolution: 'Resolution within standard (%)',
  });
}

export default function WeeklyTrendChart({ weekly, width }: WeeklyTrendChartProps) {
  return (
    <figure aria-label="Chart: share of requests within standard by week (the table below has the numbers)" style={{ margin: 0 }}>
      <LineChart data={trendLines(weekly)} height={260} width={width} {...SHARE_CHART_PROPS} />
    </figure>
  );
}
