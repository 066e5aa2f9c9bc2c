/**
 * The Teams workbench (demo only, /dev/workbench/teams?user=<upn>&surface=tab|manager|config&theme=…&team=<groupId>):
 * a Teams-like frame that hosts a Turnaround surface in an iframe and answers the real teams-js protocol through
 * {@link TeamsHostEmulator}. It is the host, so it never imports teams-js. `subEntityId=request:<id>` plays a tab deep
 * link (the context's subEntityId, teams-js `page.subPageId`); `timeZone=<IANA>` the viewer's OS time zone. The bell in
 * the top bar is Teams' Activity ({@link ActivityBell}): picking a notification re-opens the personal tab with the
 * notification's sub-entity in its context, as Teams does for a notification whose topic is a tab deep link.
 * `surface=chats` is Teams' Chat ({@link TeamsChatsPane}): the person's chats, with "Track as request" on each message
 * (issue 21); `surface=teams` is Teams' Teams ({@link TeamsChannelsPane}): the person's teams, channels and threads, with
 * "Track as request" on each root and reply. "Chat", "Teams" and "Turnaround" in the top bar switch between them and the
 * personal tab, as Teams' app bar does.
 */
import {
  Body1Strong, Button, Caption1, Dropdown, FluentProvider, Label, MessageBar, MessageBarBody, Option, Radio, RadioGroup,
  makeStyles, teamsDarkTheme, teamsHighContrastTheme, teamsLightTheme, tokens,
} from '@fluentui/react-components';
import { useEffect, useMemo, useRef, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { ActivityBell } from './activity-bell';
import { TeamsChannelsPane } from './teams-channels-pane';
import { TeamsChatsPane } from './teams-chats-pane';
import type { ActivityEntryJson } from './activity-feed-model';
import { TeamsHostEmulator, type LegacyTeamsContext, type TabInstanceConfig, type WorkbenchTheme } from './teams-host-emulator';

interface TeamRef { id: string; displayName: string }
interface DemoUser { id: string; userPrincipalName: string; displayName: string; department: string | null; ownsTeams: TeamRef[]; memberOfTeams: TeamRef[] }
interface DevInfo { tenantId: string; users: DemoUser[] }
type Surface = 'tab' | 'manager' | 'config' | 'chats' | 'teams';
/** Chat and Teams are the host's own views; the other surfaces frame a Turnaround page. */
type HostView = 'chats' | 'teams';
type FramedSurface = Exclude<Surface, HostView>;
const isHostView = (s: Surface): s is HostView => s === 'chats' || s === 'teams';

const SURFACE_PATH: Record<FramedSurface, string> = { tab: '/tab', manager: '/manager', config: '/manager/config' };
const THEMES: Record<WorkbenchTheme, typeof teamsLightTheme> = { default: teamsLightTheme, dark: teamsDarkTheme, contrast: teamsHighContrastTheme };

const useStyles = makeStyles({
  // The page's height is on this div, not on FluentProvider (Fluent copies the provider's className onto popups' mount nodes).
  shell: { display: 'flex', flexDirection: 'column', height: '100vh' },
  header: {
    display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalXL, flexWrap: 'wrap',
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalL}`, backgroundColor: tokens.colorBrandBackground2,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
  },
  field: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS },
  // Teams keeps Activity at the far end of its top bar.
  end: { marginLeft: 'auto' },
  frame: { flexGrow: 1, border: 'none', width: '100%', minHeight: 0, backgroundColor: tokens.colorNeutralBackground1 },
  footer: {
    display: 'flex', alignItems: 'center', justifyContent: 'flex-end', gap: tokens.spacingHorizontalM,
    padding: tokens.spacingHorizontalM, borderTop: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
  },
  log: { padding: `0 ${tokens.spacingHorizontalL}`, color: tokens.colorNeutralForeground3 },
});

function readQuery() {
  const q = new URLSearchParams(window.location.search);
  const surface = (['tab', 'manager', 'config', 'chats', 'teams'] as const).find((s) => s === q.get('surface')) ?? 'tab';
  const theme = (['default', 'dark', 'contrast'] as const).find((t) => t === q.get('theme')) ?? 'default';
  return { user: q.get('user'), surface, theme, team: q.get('team'), subEntityId: q.get('subEntityId'), timeZone: q.get('timeZone') };
}

function withQuery(changes: Record<string, string | null>): string {
  const q = new URLSearchParams(window.location.search);
  for (const [k, v] of Object.entries(changes)) {
    if (v === null) q.delete(k);
    else q.set(k, v);
  }
  return `${window.location.pathname}?${q.toString()}`;
}

/**
 * Tokens from the dev identity provider, a new one on every call. Teams keeps its tokens until they expire; this page
 * cannot tell when that is, because the demo clock the tokens run on jumps when someone moves it (the landing page,
 * a test), so it keeps none. The tab keeps its own (src/ui/shared/token-cache.ts) and asks again only when its token
 * is near its expiry or the API refused it as expired.
 */
function tokenSource(upn: string): () => Promise<string> {
  return async () => {
    const response = await fetch('/dev/idp/token', { method: 'POST', body: new URLSearchParams({ username: upn }) });
    if (!response.ok) throw new Error(`The dev identity provider refused ${upn}: HTTP ${response.status}`);
    return ((await response.json()) as { access_token: string }).access_token;
  };
}

/** The OS's regional settings Teams reports with the viewer's IANA zone (teams-js `app.Context.app.osLocaleInfo`). */
function osLocaleInfo(timeZone: string | null): Pick<LegacyTeamsContext, 'osLocaleInfo'> {
  if (!timeZone) return {};
  return { osLocaleInfo: { platform: 'windows', regionalFormat: 'en-us', shortDate: 'M/d/yyyy', longDate: 'dddd, MMMM d, yyyy', shortTime: 'h:mm tt', longTime: 'h:mm:ss tt', timezone: timeZone } };
}

function Workbench({ info }: { info: DevInfo }) {
  const styles = useStyles();
  const query = useMemo(readQuery, []);
  const user = info.users.find((u) => u.userPrincipalName.toLowerCase() === query.user?.toLowerCase()) ?? info.users[0];
  const teams = user ? [...user.ownsTeams, ...user.memberOfTeams.filter((t) => !user.ownsTeams.some((o) => o.id === t.id))] : [];
  const team = teams.find((t) => t.id === query.team) ?? teams[0] ?? null;
  const [theme, setTheme] = useState<WorkbenchTheme>(query.theme);
  const [surface, setSurface] = useState<Surface>(query.surface);
  const [contentUrl, setContentUrl] = useState<string | null>(null);
  const [valid, setValid] = useState(false);
  const [saveMessage, setSaveMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [opened, setOpened] = useState<string[]>([]);
  const [messages, setMessages] = useState(0);
  // The tab's deep link (context.subEntityId); `navigation` counts the host's re-openings of the tab, so opening the
  // same notification twice reloads the tab twice, as Teams navigates the tab again each time.
  const [deepLink, setDeepLink] = useState<{ subEntityId: string | null; navigation: number }>({ subEntityId: query.subEntityId, navigation: 0 });
  const frameRef = useRef<HTMLIFrameElement>(null);
  const emulatorRef = useRef<TeamsHostEmulator | null>(null);
  const frameKey = `${surface}|${contentUrl ?? ''}|${String(deepLink.navigation)}`;

  const openLink = (url: string) => {
    setOpened((o) => [...o, url]);
    window.open(url, '_blank', 'noopener');
  };

  const src = useMemo(() => {
    if (surface === 'manager' && contentUrl) return contentUrl;
    const path = SURFACE_PATH[isHostView(surface) ? 'tab' : surface];
    return surface === 'tab' || !team ? path : `${path}?${new URLSearchParams({ team: team.id }).toString()}`;
  }, [surface, contentUrl, team]);

  useEffect(() => {
    if (!user || isHostView(surface)) return undefined;
    const frameWindow = () => frameRef.current?.contentWindow ?? null;
    const settings: TabInstanceConfig | null = contentUrl ? { contentUrl } : null;
    const emulator = new TeamsHostEmulator({
      frameContext: surface === 'config' ? 'settings' : 'content',
      theme,
      settings,
      send: (message) => frameWindow()?.postMessage(message, window.location.origin),
      getToken: tokenSource(user.userPrincipalName),
      openLink,
      onValidityChange: setValid,
      onMessage: () => setMessages((n) => n + 1),
      onSaveResult: (result) => {
        if (result.ok) {
          const saved = emulatorRef.current?.savedSettings;
          setSaveMessage({ ok: true, text: 'Saved. The tab now shows its content page.' });
          if (saved) setContentUrl(new URL(saved.contentUrl, window.location.origin).toString());
          setSurface('manager');
        } else {
          setSaveMessage({ ok: false, text: result.reason });
        }
      },
      context: {
        locale: 'en-us',
        entityId: surface === 'tab' ? 'myQueue' : 'teamDashboard',
        hostName: 'Teams',
        hostClientType: 'web',
        appSessionId: crypto.randomUUID(),
        sessionId: crypto.randomUUID(),
        userObjectId: user.id,
        userPrincipalName: user.userPrincipalName,
        loginHint: user.userPrincipalName,
        userDisplayName: user.displayName,
        tid: info.tenantId,
        userLicenseType: 'Unknown',
        ...(deepLink.subEntityId ? { subEntityId: deepLink.subEntityId } : {}),
        ...osLocaleInfo(query.timeZone),
        ...(surface !== 'tab' && team ? {
          groupId: team.id,
          teamId: `19:${team.id.replace(/-/g, '')}@thread.tacv2`,
          teamName: team.displayName,
          teamType: 0,
          userTeamRole: user.ownsTeams.some((t) => t.id === team.id) ? 0 : 1,
          channelId: `19:general-${team.id.slice(0, 8)}@thread.tacv2`,
          channelName: 'General',
          channelType: 'Regular',
          hostTeamGroupId: team.id,
          hostTeamTenantId: info.tenantId,
        } : {}),
      },
    });
    emulatorRef.current = emulator;
    const listener = (event: MessageEvent) => {
      if (event.source !== frameWindow() || event.origin !== window.location.origin) return;
      emulator.handle(event.data);
    };
    window.addEventListener('message', listener);
    return () => window.removeEventListener('message', listener);
    // The emulator lives as long as one framed page; theme changes go through setTheme below.
  }, [frameKey, user, team]);

  /**
   * A notification picked in the bell's panel: with a sub-entity (its topic is the personal tab's deep link), the host
   * opens the personal tab anew with that sub-entity in its context, so the tab opens on the request; any other topic
   * link opens as a link.
   */
  const openActivity = (entry: ActivityEntryJson) => {
    if (entry.subEntityId === null) {
      if (entry.topic.webUrl !== null) openLink(entry.topic.webUrl);
      return;
    }
    const subEntityId = entry.subEntityId;
    setSaveMessage(null);
    setSurface('tab');
    setDeepLink((d) => ({ subEntityId, navigation: d.navigation + 1 }));
    window.history.replaceState(null, '', withQuery({ surface: 'tab', subEntityId }));
  };

  /** Teams' app bar: Chat, Teams, or the Turnaround personal tab. */
  const goTo = (next: HostView | 'tab') => {
    setSaveMessage(null);
    setSurface(next);
    window.history.replaceState(null, '', withQuery({ surface: next, subEntityId: null }));
  };

  // The message action's dialog page runs as the signed-in person, like the tab (a dialog has its own frame context).
  const dialogContext = useMemo(() => (user ? {
    locale: 'en-us', entityId: 'trackAsRequest', hostName: 'Teams', hostClientType: 'web' as const,
    appSessionId: crypto.randomUUID(), sessionId: crypto.randomUUID(), userObjectId: user.id, userPrincipalName: user.userPrincipalName,
    loginHint: user.userPrincipalName, userDisplayName: user.displayName, tid: info.tenantId, userLicenseType: 'Unknown', ...osLocaleInfo(query.timeZone),
  } : null), [user, info.tenantId, query.timeZone]);

  const changeTheme = (next: WorkbenchTheme) => {
    setTheme(next);
    emulatorRef.current?.setTheme(next);
    window.history.replaceState(null, '', withQuery({ theme: next }));
  };

  if (!user) return <MessageBar intent="error"><MessageBarBody>The demo organization has no users.</MessageBarBody></MessageBar>;
  const HostPane = surface === 'teams' ? TeamsChannelsPane : TeamsChatsPane;

  return (
    <FluentProvider theme={THEMES[theme]}>
      <div className={styles.shell}>
        <header className={styles.header}>
          <Body1Strong>Teams workbench</Body1Strong>
          <div className={styles.field}>
            <Label id="wb-user">Signed in as</Label>
            <Dropdown
              aria-labelledby="wb-user"
              value={`${user.displayName}${user.department ? ` (${user.department})` : ''}`}
              selectedOptions={[user.userPrincipalName]}
              onOptionSelect={(_e, d) => { if (d.optionValue) window.location.assign(withQuery({ user: d.optionValue, team: null })); }}
            >
              {info.users.map((u) => <Option key={u.id} value={u.userPrincipalName} text={u.displayName}>{`${u.displayName}${u.department ? ` (${u.department})` : ''}`}</Option>)}
            </Dropdown>
          </div>
          {(surface === 'tab' || isHostView(surface)) && (
            <nav aria-label="Apps" className={styles.field}>
              <Button appearance={surface === 'chats' ? 'primary' : 'subtle'} aria-current={surface === 'chats' ? 'page' : undefined} onClick={() => goTo('chats')}>Chat</Button>
              <Button appearance={surface === 'teams' ? 'primary' : 'subtle'} aria-current={surface === 'teams' ? 'page' : undefined} onClick={() => goTo('teams')}>Teams</Button>
              <Button appearance={surface === 'tab' ? 'primary' : 'subtle'} aria-current={surface === 'tab' ? 'page' : undefined} onClick={() => goTo('tab')}>Turnaround</Button>
            </nav>
          )}
          {surface !== 'tab' && !isHostView(surface) && team && <Caption1>Team: {team.displayName}</Caption1>}
          <RadioGroup layout="horizontal" aria-label="Theme" value={theme} onChange={(_e, d) => changeTheme(d.value as WorkbenchTheme)}>
            <Radio value="default" label="Light" />
            <Radio value="dark" label="Dark" />
            <Radio value="contrast" label="High contrast" />
          </RadioGroup>
          <div className={styles.end}>
            <ActivityBell upn={user.userPrincipalName} locale="en-us" timeZone={query.timeZone} onOpen={openActivity} />
          </div>
        </header>
        {isHostView(surface) && dialogContext
          ? <HostPane key={surface} upn={user.userPrincipalName} theme={theme} timeZone={query.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone} context={dialogContext} getToken={tokenSource(user.userPrincipalName)} />
          : <iframe key={frameKey} ref={frameRef} src={src} title={surface === 'tab' ? 'Turnaround personal tab' : 'Turnaround team tab'} className={styles.frame} data-surface={surface} />}
        {surface === 'config' && (
          <footer className={styles.footer}>
            {saveMessage && <Caption1 role="status">{saveMessage.text}</Caption1>}
            <Button appearance="primary" disabled={!valid} onClick={() => { setSaveMessage(null); emulatorRef.current?.save(); }}>Save</Button>
          </footer>
        )}
        {surface !== 'config' && saveMessage?.ok && <Caption1 role="status" className={styles.log}>{saveMessage.text}</Caption1>}
        <Caption1 className={styles.log} data-testid="workbench-log">
          {`${messages} teams-js messages answered`}{opened.length > 0 ? ` · opened: ${opened[opened.length - 1]}` : ''}
        </Caption1>
      </div>
    </FluentProvider>
  );
}

async function main(): Promise<void> {
  const container = document.getElementById('root');
  if (!container) throw new Error('#root is missing');
  const root = createRoot(container);
  const response = await fetch('/dev/info', { headers: { Accept: 'application/json' } });
  if (!response.ok) {
    root.render(<p>The Teams workbench needs the server in demo mode (GET /dev/info answered HTTP {response.status}).</p>);
    return;
  }
  root.render(<Workbench info={(await response.json()) as DevInfo} />);
}

void main();
