// Issue 15, item 10: in high contrast the two lines and their legend swatches were the same white. Each series must
// differ in colour in every Teams theme (the token resolved against the theme), in dash pattern and in marker — for
// both charts that draw them (the personal tab's and the team dashboard's).
jest.mock('@fluentui/react-charts', () => ({ LineChart: () => null }));
import { teamsDarkTheme, teamsHighContrastTheme, teamsLightTheme, type Theme } from '@fluentui/react-components';
import type { ChartProps } from '@fluentui/react-charts';
import { trendLines } from '../../../src/ui/manager/weekly-trend-chart';
import { SHARE_CHART_PROPS } from '../../../src/ui/shared/weekly-share-lines';
import { weeklyLines } from '../../../src/ui/tab/weekly-chart';
import { dashboard } from '../manager/dashboard-fixtures';

/** `var(--colorX)` (a Fluent token) → the theme's value for colorX. */
function resolveToken(theme: Theme, value: string | undefined): string | undefined {
  const name = /^var\(--([A-Za-z0-9]+)\)$/.exec(value ?? '')?.[1];
  return name === undefined ? value : (theme as unknown as Record<string, string>)[name];
}

const charts: [string, ChartProps][] = [
  ['personal tab', weeklyLines(dashboard().weekly)],
  ['team dashboard', trendLines(dashboard().weekly)],
];
const themes: [string, Theme][] = [['light', teamsLightTheme], ['dark', teamsDarkTheme], ['high contrast', teamsHighContrastTheme]];

describe('weekly share chart series', () => {
  it.each(charts.flatMap(([chart, props]) => themes.map(([name, theme]) => [chart, name, props, theme] as const)))(
    '%s chart, %s theme: the two lines have different colours, neither the background',
    (_chart, _name, props, theme) => {
      const [first, second] = props.lineChartData!;
      const colours = [resolveToken(theme, first!.color), resolveToken(theme, second!.color)];
      expect(colours.every((c) => typeof c === 'string' && /^#[0-9a-f]{6}$/i.test(c))).toBe(true);
      expect(colours[0]).not.toBe(colours[1]);
      expect(colours).not.toContain(theme.colorNeutralBackground1);
    },
  );

  it.each(charts)('%s chart: the lines differ in dash pattern and in marker, and the legend takes the markers', (_chart, props) => {
    const [first, second] = props.lineChartData!;
    expect(first!.lineOptions?.strokeDasharray).toBeUndefined();
    expect(second!.lineOptions?.strokeDasharray).toBe('8 4');
    expect([first!.legendShape, second!.legendShape]).toEqual(['circle', 'square']);
    // With this flag @fluentui/react-charts draws series 0 with circles and series 1 with squares, on the line and in
    // the legend (its `Points` order), matching legendShape above.
    expect(SHARE_CHART_PROPS.allowMultipleShapesForPoints).toBe(true);
  });
});
