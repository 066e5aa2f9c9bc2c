import { Body1, Card, FluentProvider, Link, Title3, makeStyles, teamsLightTheme, tokens } from '@fluentui/react-components';
import type { HostStartFailure } from '../shared/host-types';
import { tabStrings } from './tab-strings';

export interface DemoUserLink { displayName: string; department: string | null; href: string }

const useStyles = makeStyles({
  // On <main>, not on FluentProvider (its className is copied onto popup mount nodes — see tab-app.tsx).
  page: { minHeight: '100vh', padding: tokens.spacingHorizontalXXL, boxSizing: 'border-box' },
  card: { maxWidth: '560px' },
  users: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
});

/** Shown when the tab cannot start in a host: opened in a plain browser, or the host never answered. */
export function NotInHostView({ failure, demoUsers }: { failure: HostStartFailure; demoUsers: DemoUserLink[] | null }) {
  const styles = useStyles();
  const s = tabStrings.notInHost;
  return (
    <FluentProvider theme={teamsLightTheme}>
      <main className={styles.page}>
        <Card className={styles.card}>
          <Title3 as="h1">{s.title}</Title3>
          <Body1>{failure.code === 'host_timeout' ? s.timeout : s.body}</Body1>
          {demoUsers && demoUsers.length > 0 && (
            <>
              <Body1>{s.demoBody}</Body1>
              <ul className={styles.users}>
                {demoUsers.map((u) => (
                  <li key={u.href}><Link href={u.href}>{s.openAs(u.displayName)}</Link>{u.department ? ` (${u.department})` : ''}</li>
                ))}
              </ul>
            </>
          )}
        </Card>
      </main>
    </FluentProvider>
  );
}
