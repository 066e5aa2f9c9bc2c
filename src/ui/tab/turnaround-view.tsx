import {
  Card, CardHeader, Subtitle2, Tab, TabList, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text,
  makeStyles, tokens,
} from '@fluentui/react-components';
import { Component, Suspense, lazy, useState, type ReactNode } from 'react';
import type { ClockStats, StatsResponse } from '../../contracts/api';
import type { StatsPeriod } from '../shared/api-client';
import { formatOptionalMinutes, formatShare } from '../shared/format-duration';
import { useApiData } from '../shared/use-api-data';
import { WhatCounts } from '../shared/what-counts';
import { HomeTeamSetting } from './home-team-picker';
import { WarningsSetting } from './warnings-setting';
import { EmptyState, ErrorState, LoadingState } from './state-views';
import { formatWhen, useTabServices } from './tab-services';
import { tabStrings } from './tab-strings';

const WeeklyChart = lazy(() => import(/* webpackChunkName: "tab-chart" */ './weekly-chart'));

const useStyles = makeStyles({
  view: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, paddingBottom: tokens.spacingVerticalXXL },
  cards: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(240px, 1fr))', gap: tokens.spacingHorizontalL },
  // The person's own settings (home team, warnings): side by side when there is room.
  settings: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(320px, 1fr))', gap: tokens.spacingHorizontalL, alignItems: 'start' },
  stats: { display: 'grid', gridTemplateColumns: 'auto auto', columnGap: tokens.spacingHorizontalL, rowGap: tokens.spacingVerticalXS, margin: 0 },
  term: { color: tokens.colorNeutralForeground3 },
  value: { margin: 0, fontWeight: tokens.fontWeightSemibold },
  definitions: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
});

/** Keeps a chart failure (e.g. no layout engine) from taking the view down; the table has the numbers. */
class ChartBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError() { return { failed: true }; }
  override render() { return this.state.failed ? null : this.props.children; }
}

function StatsCard({ title, stats }: { title: string; stats: ClockStats }) {
  const styles = useStyles();
  const t = tabStrings.turnaround;
  const rows: [string, string][] = [
    [t.count, `${stats.met} / ${stats.missed}`],
    [t.pastTarget, String(stats.breached)],
    [t.median, formatOptionalMinutes(stats.medianMinutes)],
    [t.p90, formatOptionalMinutes(stats.p90Minutes)],
    [t.within, formatShare(stats.withinStandardShare)],
  ];
  return (
    <Card>
      <CardHeader header={<Subtitle2 as="h3">{title}</Subtitle2>} />
      <dl className={styles.stats}>
        {rows.map(([term, value]) => [<dt key={`t${term}`} className={styles.term}>{term}</dt>, <dd key={`v${term}`} className={styles.value}>{value}</dd>])}
      </dl>
    </Card>
  );
}

/** My statistics against the standards over 30/90 days, the weekly trend, and the definitions. */
export function TurnaroundView({ refreshKey }: { refreshKey: number }) {
  const { api, host } = useTabServices();
  const styles = useStyles();
  const [period, setPeriod] = useState<StatsPeriod>('30d');
  const stats = useApiData<StatsResponse>(() => api.getStats(period), [api, period, refreshKey]);
  const t = tabStrings.turnaround;

  let body: ReactNode;
  if (stats.state === 'error' && stats.data === null) body = <ErrorState error={stats.error} onRetry={stats.reload} />;
  else if (stats.data === null) body = <LoadingState />;
  else {
    const d = stats.data;
    body = (
      <>
        <div className={styles.cards}>
          <StatsCard title={t.firstResponse} stats={d.firstResponse} />
          <StatsCard title={t.resolution} stats={d.resolution} />
          <Card>
            <CardHeader header={<Subtitle2 as="h3">{t.backlog}</Subtitle2>} />
            <dl className={styles.stats}>
              <dt className={styles.term}>{t.backlog}</dt><dd className={styles.value}>{d.openBacklog}</dd>
              <dt className={styles.term}>{t.oldest}</dt><dd className={styles.value}>{formatOptionalMinutes(d.oldestOpenMinutes)}</dd>
            </dl>
          </Card>
        </div>
        <WhatCounts counts={d.counts} firstResponse={d.firstResponse} resolution={d.resolution} openNow={d.openBacklog} weeksTimeZone={d.weeksTimeZone} />
        <Subtitle2 as="h2">{t.trend}</Subtitle2>
        {d.weekly.length === 0 ? <EmptyState text={t.noData} /> : (
          <>
            <ChartBoundary>
              <Suspense fallback={<LoadingState />}>
                <WeeklyChart weekly={d.weekly} />
              </Suspense>
            </ChartBoundary>
            <Table size="small" aria-label={t.weekTable}>
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>{t.week}</TableHeaderCell>
                  <TableHeaderCell>{t.received}</TableHeaderCell>
                  <TableHeaderCell>{`${t.firstResponse} · ${t.within}`}</TableHeaderCell>
                  <TableHeaderCell>{`${t.resolution} · ${t.within}`}</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {d.weekly.map((w) => (
                  <TableRow key={w.weekStart}>
                    <TableCell>{new Intl.DateTimeFormat(host.context.locale, { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(new Date(`${w.weekOf}T00:00:00Z`))}</TableCell>
                    <TableCell>{w.received}</TableCell>
                    <TableCell>{formatShare(w.firstResponse.withinStandardShare)}</TableCell>
                    <TableCell>{formatShare(w.resolution.withinStandardShare)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </>
        )}
        <Text size={200}>{`${formatWhen(d.period.from, host.context.locale)} – ${formatWhen(d.period.to, host.context.locale)}`}</Text>
      </>
    );
  }

  return (
    <section className={styles.view} aria-label={tabStrings.nav.turnaround}>
      <div className={styles.settings}>
        <HomeTeamSetting />
        <WarningsSetting />
      </div>
      <TabList selectedValue={period} onTabSelect={(_e, data) => setPeriod(data.value as StatsPeriod)} aria-label={t.period} size="small">
        <Tab value="30d">{t.days30}</Tab>
        <Tab value="90d">{t.days90}</Tab>
      </TabList>
      {body}
      <Subtitle2 as="h2">{t.definitions}</Subtitle2>
      <ul className={styles.definitions}>
        {t.definitionList.map(([term, text]) => <li key={term}><Text weight="semibold">{term}</Text>: {text}</li>)}
      </ul>
    </section>
  );
}
