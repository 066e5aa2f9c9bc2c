import { FluentProvider, Tab, TabList, Title3, makeStyles, tokens } from '@fluentui/react-components';
import { Suspense, lazy, useCallback, useEffect, useRef, useState } from 'react';
import type { QueueResponse } from '../../contracts/api';
import { fluentThemeFor, type TeamsThemeName } from '../shared/theme';
import { QueueView } from './queue-view';
import { HomeTeamPrompt } from './home-team-picker';
import { IndividualViewNotice } from './individual-view-notice';
import { LoadingState } from './state-views';
import { SyncStatusBar } from './sync-status-bar';
import { TabServicesProvider, type TabServices } from './tab-services';
import { tabStrings } from './tab-strings';

// The queue is what the tab opens on; the other views load in their own chunk when the user heads for the view tabs
// (not on a timer: evaluating it while the queue is first used or scrolled would cost those frames).
const loadOtherViews = () => import(/* webpackChunkName: "tab-views" */ './other-views');
const TurnaroundView = lazy(() => loadOtherViews().then((m) => ({ default: m.TurnaroundView })));
const TrackChatView = lazy(() => loadOtherViews().then((m) => ({ default: m.TrackChatView })));
const SuggestionsView = lazy(() => loadOtherViews().then((m) => ({ default: m.SuggestionsView })));
const AsksView = lazy(() => loadOtherViews().then((m) => ({ default: m.AsksView })));

/** Starts loading the other views (once): called when the pointer or focus reaches the view tabs. */
function preloadOtherViews(): void {
  loadOtherViews().catch(() => undefined);
}

export type TabViewName = 'queue' | 'turnaround' | 'trackChat' | 'suggestions' | 'asks';
const VIEWS: TabViewName[] = ['queue', 'turnaround', 'trackChat', 'suggestions', 'asks'];

// Layout lives on the div inside FluentProvider, never on the provider: Fluent copies the provider's className onto
// every portal's mount node (Menu, Dropdown, Dialog…), so a height there made each open popup a full-page layer that
// hid the tab (issue 15, item 1). The frame's height (100vh) bounds the app, so the queue list scrolls inside it.
const useStyles = makeStyles({
  app: {
    display: 'flex', flexDirection: 'column', height: '100vh', boxSizing: 'border-box', gap: tokens.spacingVerticalM,
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalXL}`,
  },
  header: { display: 'flex', alignItems: 'center', justifyContent: 'space-between', flexWrap: 'wrap', gap: tokens.spacingHorizontalL },
  main: { display: 'flex', flexDirection: 'column', flexGrow: 1, minHeight: 0, overflowY: 'auto' },
});

export interface TabAppProps extends TabServices {
  initialView?: TabViewName;
  syncPollMs?: number;
  /** How often the visible queue asks whether it changed (src/ui/tab/use-queue-stamp.ts). */
  queueStampPollMs?: number;
  /** The open queue, requested while the tab started (tab-page.tsx), so the first load does not wait for a render. */
  initialQueue?: Promise<QueueResponse>;
}

/** The personal tab: theme from the host, the sync bar, and the five views. */
export function TabApp({ initialView = 'queue', syncPollMs, queueStampPollMs, initialQueue, ...services }: TabAppProps) {
  const styles = useStyles();
  const [theme, setTheme] = useState<TeamsThemeName>(services.host.context.theme);
  const [view, setView] = useState<TabViewName>(initialView);
  const [refreshKey, setRefreshKey] = useState(0);
  const refresh = useCallback(() => setRefreshKey((k) => k + 1), []);
  useEffect(() => services.host.onThemeChange(setTheme), [services.host]);
  // The early queue answer serves the first mount only; coming back to the queue later loads it afresh.
  const initialQueueRef = useRef(initialQueue);
  useEffect(() => { initialQueueRef.current = undefined; }, []);

  return (
    <FluentProvider theme={fluentThemeFor(theme)} data-theme={theme}>
      <TabServicesProvider services={services}>
        <div className={styles.app}>
          <header className={styles.header}>
            <Title3 as="h1">{tabStrings.appTitle}</Title3>
            <SyncStatusBar onSynced={refresh} pollMs={syncPollMs} />
          </header>
          <HomeTeamPrompt />
          <IndividualViewNotice />
          <nav aria-label={tabStrings.appTitle} onPointerEnter={preloadOtherViews} onFocus={preloadOtherViews}>
            <TabList selectedValue={view} onTabSelect={(_e, d) => setView(d.value as TabViewName)}>
              {VIEWS.map((v) => <Tab key={v} value={v}>{tabStrings.nav[v]}</Tab>)}
            </TabList>
          </nav>
          <main className={styles.main}>
            {view === 'queue' && <QueueView refreshKey={refreshKey} initialQueue={initialQueueRef.current} stampPollMs={queueStampPollMs} />}
            <Suspense fallback={<LoadingState />}>
              {view === 'turnaround' && <TurnaroundView refreshKey={refreshKey} />}
              {view === 'trackChat' && <TrackChatView onTracked={refresh} />}
              {view === 'suggestions' && <SuggestionsView onTracked={refresh} />}
              {view === 'asks' && <AsksView refreshKey={refreshKey} />}
            </Suspense>
          </main>
        </div>
      </TabServicesProvider>
    </FluentProvider>
  );
}
