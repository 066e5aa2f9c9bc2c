import { StrictMode, useEffect, useMemo, useState } from 'react';
import { createRoot } from 'react-dom/client';
import {
  Body1, Button, Card, CardHeader, Dropdown, FluentProvider, Link, MessageBar, MessageBarBody, Option, Spinner, Subtitle1, Text, Title1,
  makeStyles, teamsLightTheme, tokens,
} from '@fluentui/react-components';
import { strings } from './landing-strings';

/** The subset of GET /dev/info the landing page reads (demo mode only; 404 in tenant mode). */
interface DemoUser {
  id: string;
  userPrincipalName: string;
  displayName: string;
  department: string | null;
  ownsTeams: { id: string; displayName: string }[];
  memberOfTeams?: { id: string; displayName: string }[];
}

const useStyles = makeStyles({
  page: { maxWidth: '760px', margin: '0 auto', padding: '32px 24px', display: 'flex', flexDirection: 'column', gap: '16px' },
  intro: { display: 'flex', flexDirection: 'column', gap: '8px' },
  links: { display: 'flex', flexWrap: 'wrap', gap: '8px' },
  muted: { color: tokens.colorNeutralForeground3 },
});

function workbenchUrl(surface: 'tab' | 'manager', user: DemoUser, teamId?: string): string {
  const q = new URLSearchParams({ user: user.userPrincipalName, surface });
  if (teamId) q.set('team', teamId);
  return `/dev/workbench/teams?${q.toString()}`;
}

/** What POST /dev/simulate/reply answers (demo mode). */
interface SimulatedReply {
  subject: string;
  from: { displayName: string };
  to: { displayName: string };
}

type SimulateState = { kind: 'idle' } | { kind: 'busy' } | { kind: 'done'; text: string } | { kind: 'none'; text: string } | { kind: 'error'; text: string };

interface SeedingProgress { state: string; done: number; total: number }

function Landing() {
  const styles = useStyles();
  const [users, setUsers] = useState<DemoUser[] | null>(null);
  const [demo, setDemo] = useState<boolean | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [simulate, setSimulate] = useState<SimulateState>({ kind: 'idle' });
  const [seeding, setSeeding] = useState<SeedingProgress | null>(null);

  useEffect(() => {
    fetch('/dev/info')
      .then(async (res) => {
        if (res.status === 404) { setDemo(false); return; }
        if (!res.ok) throw new Error(String(res.status));
        const info = (await res.json()) as { users: DemoUser[]; seeding?: SeedingProgress | null };
        setDemo(true);
        setSeeding(info.seeding ?? null);
        setUsers(info.users);
        const firstOwner = info.users.find((u) => u.ownsTeams.length > 0) ?? info.users[0];
        setSelected(firstOwner?.userPrincipalName ?? null);
      })
      .catch(() => setDemo(true));
  }, []);

  // While the server is still tracking the demo's requests, show its progress (it takes a few seconds after start).
  useEffect(() => {
    if (seeding === null || seeding.state !== 'running') return undefined;
    const timer = setTimeout(() => {
      fetch('/dev/info')
        .then(async (res) => setSeeding(((await res.json()) as { seeding?: SeedingProgress | null }).seeding ?? null))
        .catch(() => setSeeding(null));
    }, 1000);
    return () => clearTimeout(timer);
  }, [seeding]);

  const user = useMemo(() => users?.find((u) => u.userPrincipalName === selected) ?? null, [users, selected]);

  const simulateReply = async (who: DemoUser): Promise<void> => {
    setSimulate({ kind: 'busy' });
    try {
      const res = await fetch('/dev/simulate/reply', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ asUser: who.userPrincipalName }) });
      if (res.status === 409) { setSimulate({ kind: 'none', text: strings.nothingOpen(who.displayName) }); return; }
      if (!res.ok) { setSimulate({ kind: 'error', text: strings.simulateFailed }); return; }
      const reply = (await res.json()) as SimulatedReply;
      setSimulate({ kind: 'done', text: strings.simulated(reply.from.displayName, reply.to.displayName, reply.subject) });
    } catch {
      setSimulate({ kind: 'error', text: strings.simulateFailed });
    }
  };
  const team = user?.ownsTeams[0] ?? user?.memberOfTeams?.[0];

  return (
    <main className={styles.page}>
      <Title1 as="h1">{strings.title}</Title1>
      <Subtitle1 as="p">{strings.tagline}</Subtitle1>
      {demo === false && <Body1>{strings.tenantIntro}</Body1>}
      {demo !== false && (
        <section className={styles.intro} aria-label="About the demo">
          {strings.demoIntro(users?.length ?? null).map((s) => <Body1 as="p" key={s}>{s}</Body1>)}
        </section>
      )}
      {demo && users === null && <Spinner label={strings.loading} />}
      {users && (
        <Card>
          <CardHeader header={<Text weight="semibold" as="h2">{strings.whoAreYou}</Text>} />
          <Dropdown
            aria-label={strings.whoAreYou}
            value={user ? `${user.displayName} — ${user.department ?? ''}${user.ownsTeams.length ? ` (${strings.owner})` : ''}` : ''}
            selectedOptions={selected ? [selected] : []}
            onOptionSelect={(_e, d) => { setSelected(d.optionValue ?? null); setSimulate({ kind: 'idle' }); }}
          >
            {users.map((u) => (
              <Option key={u.id} value={u.userPrincipalName} text={u.displayName}>
                {`${u.displayName} — ${u.department ?? ''}${u.ownsTeams.length ? ` (${strings.owner})` : ''}`}
              </Option>
            ))}
          </Dropdown>
          {user && (
            <div className={styles.links}>
              <Button as="a" appearance="primary" href={workbenchUrl('tab', user)}>{strings.openQueue}</Button>
              {team && <Button as="a" href={workbenchUrl('manager', user, team.id)}>{strings.openDashboard}</Button>}
              <Button as="a" href={`/dev/workbench/outlook?user=${encodeURIComponent(user.userPrincipalName)}`}>{strings.openOutlook}</Button>
            </div>
          )}
        </Card>
      )}
      {seeding !== null && seeding.state === 'running' && <Spinner size="tiny" label={strings.seeding(seeding.done, seeding.total)} />}
      {user && (
        <Card>
          <CardHeader header={<Text weight="semibold" as="h2">{strings.simulateTitle}</Text>} />
          <Body1>{strings.simulateHelp(user.displayName)}</Body1>
          <div className={styles.links}>
            <Button onClick={() => void simulateReply(user)} disabled={simulate.kind === 'busy'}>
              {simulate.kind === 'busy' ? strings.simulating : strings.simulateButton}
            </Button>
          </div>
          <div role="status" aria-live="polite">
            {(simulate.kind === 'done' || simulate.kind === 'none' || simulate.kind === 'error') && (
              <MessageBar intent={simulate.kind === 'done' ? 'success' : simulate.kind === 'none' ? 'info' : 'error'}>
                <MessageBarBody>{simulate.text}</MessageBarBody>
              </MessageBar>
            )}
          </div>
        </Card>
      )}
      <Text size={200} className={styles.muted}><Link href="/healthz">{strings.healthy}</Link></Text>
    </main>
  );
}

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <FluentProvider theme={teamsLightTheme}><Landing /></FluentProvider>
    </StrictMode>,
  );
}
