/**
 * Starts the host (Teams or the workbench) and provides the Fluent theme that follows it; shows a clear state while
 * connecting and when the page is opened outside Teams. Both manager pages render through it.
 */
import { useEffect, useState, type ReactNode } from 'react';
import { FluentProvider, MessageBar, MessageBarBody, MessageBarTitle, Spinner, makeStyles } from '@fluentui/react-components';
import type { HostStartFailure, SurfaceHost } from '../shared/host-types';
import { fluentThemeFor, type TeamsThemeName } from '../shared/theme';

// On <main>, not on FluentProvider: Fluent copies the provider's className onto every popup's mount node, so a
// min-height and padding there would lay a page-sized layer over the tab whenever a popup opens (issue 15, item 1).
const useStyles = makeStyles({ page: { minHeight: '100vh', padding: '16px', boxSizing: 'border-box' } });

export interface ManagerShellProps<H extends SurfaceHost> {
  connect(): Promise<H>;
  children(host: H): ReactNode;
}

function isStartFailure(error: unknown): error is HostStartFailure {
  return typeof error === 'object' && error !== null && 'code' in error && 'message' in error;
}

export function ManagerShell<H extends SurfaceHost>({ connect, children }: ManagerShellProps<H>) {
  const styles = useStyles();
  const [host, setHost] = useState<H | null>(null);
  const [failure, setFailure] = useState<HostStartFailure | null>(null);
  const [theme, setTheme] = useState<TeamsThemeName>('default');

  useEffect(() => {
    let unsubscribe: (() => void) | undefined;
    connect().then(
      (connected) => {
        setTheme(connected.context.theme);
        unsubscribe = connected.onThemeChange(setTheme);
        setHost(connected);
      },
      (error: unknown) => setFailure(isStartFailure(error) ? error : { code: 'host_error', message: String(error) }),
    );
    return () => unsubscribe?.();
  }, [connect]);

  return (
    <FluentProvider theme={fluentThemeFor(theme)}>
      <main className={styles.page}>
        {failure && (
          <MessageBar intent={failure.code === 'not_in_host' ? 'info' : 'error'}>
            <MessageBarBody><MessageBarTitle>Turnaround could not start</MessageBarTitle>{failure.message}</MessageBarBody>
          </MessageBar>
        )}
        {!failure && !host && <Spinner label="Connecting to Microsoft Teams…" />}
        {host && children(host)}
      </main>
    </FluentProvider>
  );
}
