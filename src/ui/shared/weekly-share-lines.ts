/**
 * The two lines of a weekly "share within standard" chart (first response, resolution), shared by the personal tab's
 * chart and the team dashboard's. Each series differs in three ways, so no one of them carries the meaning alone:
 * its colour, its dash pattern, and its marker (the legend swatch takes the same shape and colour).
 * In Teams' high-contrast theme every palette token is white (both lines and swatches were white: issue 15, item 10).
 * The colours here are theme tokens that stay distinct there: colorCompoundBrandForeground1 is the high-contrast
 * highlight cyan (#1aebff; brand purple in light and dark) and colorPaletteDarkOrangeForeground2 the text white
 * (dark orange in light, light orange in dark).
 */
import type { ChartProps, LegendShape, LineChartPoints } from '@fluentui/react-charts';
import { tokens } from '@fluentui/react-components';
import type { WeeklyPoint } from '../../contracts/api';

/** Colour, dash pattern and marker of one series. `strokeDasharray` undefined = a solid line. */
export interface SeriesStyle {
  color: string;
  strokeDasharray: string | undefined;
  /** The marker on the line's points and the legend's swatch (with `allowMultipleShapesForPoints`, by series index). */
  marker: LegendShape;
}

/**
 * First response: solid, circles. Resolution: dashed, squares. The markers are the ones @fluentui/react-charts assigns
 * to series 0 and 1 with `allowMultipleShapesForPoints` (its `Points` order), so line markers and legend agree.
 */
export const SHARE_SERIES_STYLES: readonly [SeriesStyle, SeriesStyle] = [
  { color: tokens.colorCompoundBrandForeground1, strokeDasharray: undefined, marker: 'circle' },
  { color: tokens.colorPaletteDarkOrangeForeground2, strokeDasharray: '8 4', marker: 'square' },
];

/** Props every weekly share chart passes to LineChart: a marker shape per series, 0..100 %. */
export const SHARE_CHART_PROPS = { allowMultipleShapesForPoints: true, yMinValue: 0, yMaxValue: 100 } as const;

export interface ShareLinesText {
  title: string;
  firstResponse: string;
  resolution: string;
}

/** Percent (0..100) within standard per week; weeks with no stopped clocks are left out of that line. */
export function weeklyShareLines(weekly: readonly WeeklyPoint[], text: ShareLinesText): ChartProps {
  const line = (legend: string, style: SeriesStyle, pick: (w: WeeklyPoint) => number | null): LineChartPoints => ({
    legend,
    legendShape: style.marker,
    color: style.color,
    ...(style.strokeDasharray === undefined ? {} : { lineOptions: { strokeDasharray: style.strokeDasharray } }),
    data: weekly.flatMap((w) => {
      const share = pick(w);
      return share === null ? [] : [{ x: new Date(w.weekStart), y: Math.round(share * 100) }];
    }),
  });
  const [first, resolution] = SHARE_SERIES_STYLES;
  return {
    chartTitle: text.title,
    lineChartData: [
      line(text.firstResponse, first, (w) => w.firstResponse.withinStandardShare),
      line(text.resolution, resolution, (w) => w.resolution.withinStandardShare),
    ],
  };
}
