import { FluentProvider, Tab, TabList, Title3, makeStyles, tokens } from '@fluentui/react-components';
import { useCallback, useEffect, useState } from 'react';
import { fluentThemeFor, type TeamsThemeName } from '../shared/theme';
import { AsksView } from './asks-view';
import { QueueView } from './queue-view';
import { SuggestionsView } from './suggestions-view';
import { SyncStatusBar } from './sync-status-bar';
import { TabServicesProvider, type TabServices } from './tab-services';
import { tabStrings } from './tab-strings';
import { TrackChatView } from './track-chat-view';
import { TurnaroundView } from './turnaround-view';

export type TabViewName = 'queue' | 'turnaround' | 'trackChat' | 'suggestions' | 'asks';
const VIEWS: TabViewName[] = ['queue', 'turnaround', 'trackChat', 'suggestions', 'asks'];

const useStyles = makeStyles({
  provider: { height: '100%' },
  app: {
    display: 'flex', flexDirection: 'column', height: '100%', boxSizing: 'border-box', gap: tokens.spacingVerticalM,
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalXL}`,
  },
  header: { display: 'flex', alignItems: 'center', justifyContent: 'space-between', flexWrap: 'wrap', gap: tokens.spacingHorizontalL },
  main: { display: 'flex', flexDirection: 'column', flexGrow: 1, minHeight: 0, overflowY: 'auto' },
});

export interface TabAppProps extends TabServices {
  initialView?: TabViewName;
  syncPollMs?: number;
}

/** The personal tab: theme from the host, the sync bar, and the five views. */
export function TabApp({ initialView = 'queue', syncPollMs, ...services }: TabAppProps) {
  const styles = useStyles();
  const [theme, setTheme] = useState<TeamsThemeName>(services.host.context.theme);
  const [view, setView] = useState<TabViewName>(initialView);
  const [refreshKey, setRefreshKey] = useState(0);
  const refresh = useCallback(() => setRefreshKey((k) => k + 1), []);
  useEffect(() => services.host.onThemeChange(setTheme), [services.host]);

  return (
    <FluentProvider theme={fluentThemeFor(theme)} className={styles.provider} data-theme={theme}>
      <TabServicesProvider services={services}>
        <div className={styles.app}>
          <header className={styles.header}>
            <Title3 as="h1">{tabStrings.appTitle}</Title3>
            <SyncStatusBar onSynced={refresh} pollMs={syncPollMs} />
          </header>
          <nav aria-label={tabStrings.appTitle}>
            <TabList selectedValue={view} onTabSelect={(_e, d) => setView(d.value as TabViewName)}>
              {VIEWS.map((v) => <Tab key={v} value={v}>{tabStrings.nav[v]}</Tab>)}
            </TabList>
          </nav>
          <main className={styles.main}>
            {view === 'queue' && <QueueView refreshKey={refreshKey} />}
            {view === 'turnaround' && <TurnaroundView refreshKey={refreshKey} />}
            {view === 'trackChat' && <TrackChatView onTracked={refresh} />}
            {view === 'suggestions' && <SuggestionsView onTracked={refresh} />}
            {view === 'asks' && <AsksView refreshKey={refreshKey} />}
          </main>
        </div>
      </TabServicesProvider>
    </FluentProvider>
  );
}
