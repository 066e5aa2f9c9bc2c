/**
 * The weekly trend (share within standard, first response and resolution) drawn with @fluentui/react-charts.
 * Loaded lazily by the turnaround view so the charting code stays out of the tab's entry bundle; the numbers are
 * always in the view's weekly table too. Series styles (colour, dash, marker): src/ui/shared/weekly-share-lines.ts.
 */
import { LineChart, type ChartProps } from '@fluentui/react-charts';
import type { WeeklyPoint } from '../../contracts/api';
import { SHARE_CHART_PROPS, weeklyShareLines } from '../shared/weekly-share-lines';
import { tabStrings } from './tab-strings';

export function weeklyLines(weekly: readonly WeeklyPoint[]): ChartProps {
  const t = tabStrings.turnaround;
  return weeklyShareLines(weekly, { title: t.trend, firstResponse: `${t.firstResponse} (%)`, resolution: `${t.resolution} (%)` });
}

export default function WeeklyChart({ weekly }: { weekly: readonly WeeklyPoint[] }) {
  return (
    <figure aria-label={tabStrings.turnaround.chartLabel} style={{ margin: 0 }}>
      <LineChart data={weeklyLines(weekly)} height={240} {...SHARE_CHART_PROPS} />
    </figure>
  );
}
