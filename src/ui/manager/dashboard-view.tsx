/**
 * The team dashboard for one period: share within standard, median and p90 to first response and to resolution,
 * backlog and breaches now, the weekly trend, departments served, categories that breach most and — only when the
 * server sent them — per-person rows. It renders exactly what the API returns: with `enoughData` false it shows the
 * "not enough data" notice and no numbers at all.
 */
import { Component, Suspense, lazy, useCallback, useEffect, useState, type ReactNode } from 'react';
import {
  Button, Card, CardHeader, MessageBar, MessageBarBody, MessageBarTitle, Spinner, Tab, TabList, Text, makeStyles, tokens,
} from '@fluentui/react-components';
import type { ClockStats, DashboardResponse } from '../../contracts/api';
import type { ApiClient, DashboardPeriod } from '../shared/api-client';
import { exportFileName } from '../../contracts/export-file-name';
import { formatOptionalMinutes, formatShare } from '../shared/format-duration';
import { WhatCounts } from '../shared/what-counts';
import { CategoriesTable, DepartmentsTable, PeopleTable, WeeklyTable } from './dashboard-tables';
import { downloadTextFile } from './download-text-file';

const WeeklyTrendChart = lazy(() => import('./weekly-trend-chart'));

export const PERIODS: { value: DashboardPeriod; label: string }[] = [
  { value: '7d', label: 'Last 7 days' },
  { value: '30d', label: 'Last 30 days' },
  { value: '90d', label: 'Last 90 days' },
];

export const NOT_ENOUGH_DATA = 'Not enough data to show without identifying people';

export interface DashboardViewProps {
  api: Pick<ApiClient, 'getDashboard' | 'exportCsv'>;
  groupId: string;
  locale: string;
  initialPeriod?: DashboardPeriod;
  /** Saves the exported CSV; defaults to a browser download. */
  saveFile?: (fileName: string, text: string) => void;
}

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: '16px' },
  toolbar: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', justifyContent: 'space-between', gap: '8px' },
  cards: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(220px, 1fr))', gap: '12px' },
  figure: { fontSize: tokens.fontSizeHero700, lineHeight: tokens.lineHeightHero700, fontWeight: tokens.fontWeightSemibold },
  facts: { display: 'grid', gridTemplateColumns: 'auto auto', columnGap: '12px', rowGap: '2px', margin: 0 },
  term: { color: tokens.colorNeutralForeground3 },
  detail: { margin: 0 },
  section: { overflowX: 'auto' },
});

type Load = { state: 'loading' } | { state: 'error'; message: string; code: string } | { state: 'ready'; data: DashboardResponse };

function ClockCard({ title, stats }: { title: string; stats: ClockStats }) {
  const styles = useStyles();
  return (
    <Card aria-label={title}>
      <CardHeader header={<Text weight="semibold">{title}</Text>} />
      <span className={styles.figure}>{formatShare(stats.withinStandardShare)}</span>
      <Text>within standard</Text>
      <dl className={styles.facts}>
        <dt className={styles.term}>Median</dt><dd className={styles.detail}>{formatOptionalMinutes(stats.medianMinutes)}</dd>
        <dt className={styles.term}>90th percentile</dt><dd className={styles.detail}>{formatOptionalMinutes(stats.p90Minutes)}</dd>
        <dt className={styles.term}>Met / missed</dt><dd className={styles.detail}>{stats.met} / {stats.missed}</dd>
        <dt className={styles.term}>Open past target</dt><dd className={styles.detail}>{stats.breached}</dd>
      </dl>
    </Card>
  );
}

function BacklogCard({ backlog }: { backlog: NonNullable<DashboardResponse['backlog']> }) {
  const styles = useStyles();
  return (
    <Card aria-label="Open backlog now">
      <CardHeader header={<Text weight="semibold">Open backlog now</Text>} />
      <span className={styles.figure}>{backlog.open}</span>
      <Text>open requests</Text>
      <dl className={styles.facts}>
        <dt className={styles.term}>Breached now</dt><dd className={styles.detail}>{backlog.breachedNow}</dd>
        <dt className={styles.term}>Oldest open</dt><dd className={styles.detail}>{formatOptionalMinutes(backlog.oldestOpenMinutes)} working time</dd>
      </dl>
    </Card>
  );
}

/** Keeps the dashboard usable when the chart cannot draw (its numbers are in the weekly table anyway). */
class ChartBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  override render() {
    return this.state.failed ? <Text>The chart could not be drawn; the table below has the weekly numbers.</Text> : this.props.children;
  }
}

export function DashboardView({ api, groupId, locale, initialPeriod = '30d', saveFile = downloadTextFile }: DashboardViewProps) {
  const styles = useStyles();
  const [period, setPeriod] = useState<DashboardPeriod>(initialPeriod);
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [exportState, setExportState] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let current = true;
    setLoad({ state: 'loading' });
    api.getDashboard(groupId, period).then(
      (data) => current && setLoad({ state: 'ready', data }),
      (error: unknown) => current && setLoad({
        state: 'error',
        message: error instanceof Error ? error.message : String(error),
        code: (error as { code?: string }).code ?? 'unknown',
      }),
    );
    return () => { current = false; };
  }, [api, groupId, period, attempt]);

  const exportCsv = useCallback(async () => {
    setExportState({ busy: true, error: null });
    try {
      const csv = await api.exportCsv(groupId, period);
      saveFile(exportFileName(load.state === 'ready' ? load.data.teamName : groupId, period), csv);
      setExportState({ busy: false, error: null });
    } catch (error) {
      setExportState({ busy: false, error: error instanceof Error ? error.message : String(error) });
    }
  }, [api, groupId, period, saveFile, load]);

  const data = load.state === 'ready' ? load.data : null;
  const periodLabel = PERIODS.find((p) => p.value === period)?.label.toLowerCase() ?? period;

  return (
    <section className={styles.root} aria-labelledby="dashboard-heading" aria-busy={load.state === 'loading'}>
      <div className={styles.toolbar}>
        <Text as="h2" id="dashboard-heading" size={500} weight="semibold">
          {data ? `${data.teamName}: turnaround, ${periodLabel}` : 'Team turnaround'}
        </Text>
        <TabList selectedValue={period} onTabSelect={(_e, d) => setPeriod(d.value as DashboardPeriod)} aria-label="Period">
          {PERIODS.map((p) => <Tab key={p.value} value={p.value}>{p.label}</Tab>)}
        </TabList>
        <Button onClick={() => void exportCsv()} disabled={!data?.enoughData || exportState.busy}>
          {exportState.busy ? 'Exporting…' : 'Export CSV'}
        </Button>
      </div>
      {exportState.error && (
        <MessageBar intent="error"><MessageBarBody>The export failed: {exportState.error}</MessageBarBody></MessageBar>
      )}

      {load.state === 'loading' && <Spinner label="Loading the team's turnaround…" />}
      {load.state === 'error' && (
        <MessageBar intent="error">
          <MessageBarBody>
            <MessageBarTitle>The dashboard could not be loaded</MessageBarTitle>
            {load.message} ({load.code}){' '}
            <Button size="small" onClick={() => setAttempt((n) => n + 1)}>Try again</Button>
          </MessageBarBody>
        </MessageBar>
      )}

      {data && !data.enoughData && (
        <MessageBar intent="info" role="status">
          <MessageBarBody>
            <MessageBarTitle>{NOT_ENOUGH_DATA}</MessageBarTitle>
            The team's numbers appear once at least {data.minGroupSize} people have requests in the period
            ({data.peopleWithData} {data.peopleWithData === 1 ? 'person has' : 'people have'} data for the {periodLabel}).
          </MessageBarBody>
        </MessageBar>
      )}

      {data && data.enoughData && data.firstResponse && data.resolution && data.backlog && (
        <>
          <div className={styles.cards}>
            <ClockCard title="First response" stats={data.firstResponse} />
            <ClockCard title="Resolution" stats={data.resolution} />
            <BacklogCard backlog={data.backlog} />
          </div>
          {data.counts && (
            <WhatCounts counts={data.counts} firstResponse={data.firstResponse} resolution={data.resolution} openNow={data.backlog.open}
              breachedNow={data.backlog.breachedNow} weeksTimeZone={data.weeksTimeZone} />
          )}
          <div className={styles.section}>
            <ChartBoundary>
              <Suspense fallback={<Spinner size="tiny" label="Drawing the trend…" />}>
                <WeeklyTrendChart weekly={data.weekly} />
              </Suspense>
            </ChartBoundary>
            <WeeklyTable weekly={data.weekly} locale={locale} />
          </div>
          <div className={styles.section}><DepartmentsTable departments={data.departments} /></div>
          <div className={styles.section}><CategoriesTable categories={data.categories} /></div>
          {data.people && (
            <div className={styles.section}>
              <Text>Individual view is on: every team member is told so in their own tab.</Text>
              <PeopleTable people={data.people} />
            </div>
          )}
        </>
      )}
    </section>
  );
}
