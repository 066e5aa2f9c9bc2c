/**
 * The Outlook workbench (demo mode, /dev/workbench/outlook): a small Outlook on the web for a demo user — Inbox, reading
 * pane, a "Track request" ribbon button — that frames the real task pane (/dev/workbench/outlook/taskpane, whose
 * office.js is the stand-in) and answers its Office.js calls with {@link OutlookWorkbenchEmulator}. The pane stays open
 * (pinned) while another message is selected, so ItemChanged is exercised. `?user=<upn>` picks the demo user.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { createRoot } from 'react-dom/client';
import {
  Badge, Button, FluentProvider, Select, Spinner, Text, Toolbar, ToolbarButton, makeStyles, mergeClasses, tokens, webLightTheme,
} from '@fluentui/react-components';
import { OutlookWorkbenchEmulator, restIdToEwsId, type StandinItem } from './outlook-workbench-emulator';
import type { WorkbenchMessage } from './outlook-workbench-routes';

interface DemoUserInfo {
  userPrincipalName: string;
  displayName: string;
  department: string;
}
interface MailboxResponse {
  user: { displayName: string; mail: string; userPrincipalName: string; timeZone: string };
  messages: WorkbenchMessage[];
}

const useStyles = makeStyles({
  app: { display: 'grid', gridTemplateRows: 'auto auto 1fr', height: '100vh', fontFamily: tokens.fontFamilyBase },
  header: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM, padding: tokens.spacingHorizontalM, backgroundColor: tokens.colorBrandBackground, color: tokens.colorNeutralForegroundOnBrand },
  ribbon: { borderBottom: `1px solid ${tokens.colorNeutralStroke2}` },
  body: { display: 'grid', gridTemplateColumns: 'minmax(220px, 320px) 1fr auto', minHeight: 0 },
  list: { overflowY: 'auto', borderRight: `1px solid ${tokens.colorNeutralStroke2}`, margin: 0, padding: 0, listStyle: 'none' },
  row: { display: 'flex', flexDirection: 'column', gap: '2px', padding: tokens.spacingHorizontalS, cursor: 'pointer', borderBottom: `1px solid ${tokens.colorNeutralStroke3}`, width: '100%', textAlign: 'left', border: 'none', background: 'none', font: 'inherit' },
  selected: { backgroundColor: tokens.colorNeutralBackground1Selected },
  reading: { overflowY: 'auto', padding: tokens.spacingHorizontalL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  body_text: { whiteSpace: 'pre-wrap', fontFamily: tokens.fontFamilyBase },
  pane: { width: '360px', borderLeft: `1px solid ${tokens.colorNeutralStroke2}`, display: 'flex', flexDirection: 'column' },
  paneHeader: { display: 'flex', justifyContent: 'space-between', alignItems: 'center', padding: tokens.spacingHorizontalS },
  frame: { border: 'none', flexGrow: 1, width: '100%' },
});

function toStandinItem(message: WorkbenchMessage): StandinItem {
  return {
    itemType: 'message',
    mode: 'read',
    itemId: restIdToEwsId(message.id),
    subject: message.subject,
    from: { displayName: message.from.name, emailAddress: message.from.address },
    internetMessageId: message.internetMessageId,
    conversationId: message.conversationId,
    categories: [...message.categories],
  };
}

const COMPOSE_ITEM: StandinItem = { itemType: 'message', mode: 'compose', itemId: null, subject: '', from: null, internetMessageId: null, conversationId: null, categories: [] };

async function fetchJson<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, init);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

function Workbench() {
  const styles = useStyles();
  const [users, setUsers] = useState<DemoUserInfo[]>([]);
  const [upn, setUpn] = useState<string | null>(new URLSearchParams(window.location.search).get('user'));
  const [mailbox, setMailbox] = useState<MailboxResponse | null>(null);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [composing, setComposing] = useState(false);
  const [paneOpen, setPaneOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const frame = useRef<HTMLIFrameElement>(null);
  const upnRef = useRef(upn);
  upnRef.current = upn;

  const emulator = useMemo(
    () =>
      new OutlookWorkbenchEmulator({
        send: (message) => frame.current?.contentWindow?.postMessage(message, window.location.origin),
        getToken: async () => {
          const body = new URLSearchParams({ username: upnRef.current ?? '' });
          const token = await fetchJson<{ access_token: string }>('/dev/idp/token', { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
          return token.access_token;
        },
        userProfile: { displayName: '', emailAddress: '', timeZone: 'UTC' },
        onCategoriesAdded: (itemId, categories) =>
          setMailbox((current) => current && { ...current, messages: current.messages.map((m) => (restIdToEwsId(m.id) === itemId ? { ...m, categories } : m)) }),
      }),
    [],
  );

  useEffect(() => {
    const listener = (event: MessageEvent) => {
      if (event.source !== frame.current?.contentWindow || event.origin !== window.location.origin) return;
      void emulator.handle(event.data);
    };
    window.addEventListener('message', listener);
    return () => window.removeEventListener('message', listener);
  }, [emulator]);

  useEffect(() => {
    fetchJson<{ users: DemoUserInfo[] }>('/dev/info')
      .then((info) => {
        setUsers(info.users);
        setUpn((current) => current ?? info.users[0]?.userPrincipalName ?? null);
      })
      .catch((e: unknown) => setError(String(e)));
  }, []);

  const loadMailbox = useCallback(async (who: string) => {
    try {
      setMailbox(await fetchJson<MailboxResponse>(`/dev/workbench/outlook/mailbox?${new URLSearchParams({ user: who, top: '60' })}`));
    } catch (e) {
      setError(String(e));
    }
  }, []);

  useEffect(() => {
    if (!upn) return;
    setSelectedId(null);
    setPaneOpen(false);
    void loadMailbox(upn);
  }, [upn, loadMailbox]);

  const selected = mailbox?.messages.find((m) => m.id === selectedId) ?? null;
  const currentItem: StandinItem | null = composing ? COMPOSE_ITEM : selected ? toStandinItem(selected) : null;

  // Outlook updates the item and fires ItemChanged in a pinned pane; before the pane exists, it is the initial item.
  const itemKey = composing ? 'compose' : selectedId;
  const lastKey = useRef<string | null>(null);
  useEffect(() => {
    if (lastKey.current === itemKey) return;
    lastKey.current = itemKey;
    if (paneOpen) emulator.selectItem(currentItem);
    else emulator.setInitialItem(currentItem);
  });

  return (
    <div className={styles.app}>
      <header className={styles.header}>
        <Text weight="semibold" size={500}>Outlook workbench</Text>
        <Text>Turnaround demo — a stand-in for Outlook on the web</Text>
        <span style={{ flexGrow: 1 }} />
        <Select aria-label="Demo user" value={upn ?? ''} onChange={(_e, d) => setUpn(d.value)}>
          {users.map((u) => (
            <option key={u.userPrincipalName} value={u.userPrincipalName}>{u.displayName} ({u.department})</option>
          ))}
        </Select>
        <a href="/" style={{ color: 'inherit' }}>Home</a>
      </header>
      <Toolbar className={styles.ribbon} aria-label="Ribbon">
        <ToolbarButton onClick={() => { setComposing(true); }}>New message</ToolbarButton>
        <ToolbarButton appearance="primary" disabled={!currentItem} onClick={() => setPaneOpen(true)}>Track request</ToolbarButton>
        {mailbox && <ToolbarButton onClick={() => upn && void loadMailbox(upn)}>Refresh</ToolbarButton>}
      </Toolbar>
      <div className={styles.body}>
        <ul className={styles.list} aria-label="Inbox">
          {!mailbox && !error && <Spinner label="Loading the Inbox…" />}
          {error && <Text>{error}</Text>}
          {mailbox?.messages.map((m) => (
            <li key={m.id}>
              <button
                type="button"
                className={mergeClasses(styles.row, m.id === selectedId && !composing && styles.selected)}
                aria-current={m.id === selectedId && !composing}
                data-message-id={m.id}
                onClick={() => { setComposing(false); setSelectedId(m.id); }}
              >
                <Text weight={m.isRead ? 'regular' : 'semibold'}>{m.from.name}</Text>
                <Text size={200}>{m.subject}</Text>
                <Text size={100}>{new Date(m.receivedAt).toLocaleString()}</Text>
                {m.categories.map((c) => <Badge key={c} size="small" appearance="tint" color="brand">{c}</Badge>)}
              </button>
            </li>
          ))}
        </ul>
        <article className={styles.reading} aria-label="Reading pane">
          {composing ? (
            <>
              <Text size={500} weight="semibold">New message (draft, not saved)</Text>
              <Text>Compose mode: the task pane explains that tracking is offered for received messages.</Text>
              <Button onClick={() => setComposing(false)}>Discard</Button>
            </>
          ) : selected ? (
            <>
              <Text size={500} weight="semibold">{selected.subject}</Text>
              <Text>From {selected.from.name} &lt;{selected.from.address}&gt; · {new Date(selected.receivedAt).toLocaleString()}</Text>
              <pre className={styles.body_text}>{selected.bodyText}</pre>
            </>
          ) : (
            <Text>Select a message, then press “Track request”.</Text>
          )}
        </article>
        {paneOpen && (
          <aside className={styles.pane} aria-label="Add-in task pane">
            <div className={styles.paneHeader}>
              <Text weight="semibold">Turnaround</Text>
              <Button size="small" appearance="subtle" onClick={() => setPaneOpen(false)}>Close</Button>
            </div>
            <iframe ref={frame} className={styles.frame} title="Turnaround task pane" src="/dev/workbench/outlook/taskpane" />
          </aside>
        )}
      </div>
    </div>
  );
}

createRoot(document.getElementById('root') as HTMLElement).render(
  <FluentProvider theme={webLightTheme}>
    <Workbench />
  </FluentProvider>,
);
