/**
 * The Teams workbench's Chat (issue 21): the signed-in person's chats from the demo organisation and their messages
 * (GET /dev/workbench/teams/chats). Each message has "…" → "More actions" → "Track as request", which plays Teams'
 * message action: the dev route posts a signed `composeExtension/fetchTask` invoke to /api/messages, the answer opens
 * in the dialog frame ({@link MessageActionDialog}), and the dialog page's submit posts `composeExtension/submitAction`
 * the same way; its answer (the confirmation, or why not) is shown as Teams shows it.
 */
import {
  Body1, Body1Strong, Button, Caption1, Menu, MenuItem, MenuList, MenuPopover, MenuTrigger, MessageBar, MessageBarBody, Spinner,
  makeStyles, mergeClasses, tokens,
} from '@fluentui/react-components';
import { MoreHorizontal20Regular } from '@fluentui/react-icons';
import { useEffect, useState } from 'react';
import { MessageActionDialog, type DialogState } from './message-action-dialog';
import { messageActionView } from './message-action-answer';
import type { WorkbenchChat, WorkbenchChatMessage } from './teams-message-action-routes';
import type { LegacyTeamsContext, WorkbenchTheme } from './teams-host-emulator';

export interface TeamsChatsPaneProps {
  upn: string;
  theme: WorkbenchTheme;
  /** The viewer's IANA zone, passed with the invokes as Teams' `localTimezone`. */
  timeZone: string;
  context: Omit<LegacyTeamsContext, 'frameContext' | 'theme'>;
  getToken: () => Promise<string>;
}

const useStyles = makeStyles({
  pane: { display: 'flex', flexGrow: 1, minHeight: 0 },
  list: {
    width: '280px', flexShrink: 0, overflowY: 'auto', margin: 0, padding: tokens.spacingVerticalS, listStyle: 'none',
    borderRight: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`, backgroundColor: tokens.colorNeutralBackground2,
  },
  chatButton: { width: '100%', justifyContent: 'flex-start', textAlign: 'left' },
  selected: { backgroundColor: tokens.colorNeutralBackground1Selected },
  conversation: { flexGrow: 1, overflowY: 'auto', padding: tokens.spacingHorizontalL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  message: {
    display: 'flex', alignItems: 'flex-start', gap: tokens.spacingHorizontalS, padding: tokens.spacingHorizontalM,
    borderRadius: tokens.borderRadiusMedium, backgroundColor: tokens.colorNeutralBackground1,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  messageText: { flexGrow: 1, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS, minWidth: 0, overflowWrap: 'anywhere' },
  meta: { color: tokens.colorNeutralForeground3 },
});

async function postAction(body: Record<string, unknown>): Promise<{ status: number; answer: unknown }> {
  const response = await fetch('/dev/workbench/teams/message-action', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`The workbench could not post the invoke: HTTP ${response.status}`);
  return (await response.json()) as { status: number; answer: unknown };
}

/** A message's "…" menu, as Teams has it, with the app's action under "More actions". */
function MessageMenu({ from, onTrack }: { from: string; onTrack: () => void }) {
  return (
    <Menu>
      <MenuTrigger disableButtonEnhancement>
        <Button appearance="subtle" size="small" icon={<MoreHorizontal20Regular />} aria-label={`More options for the message from ${from}`} />
      </MenuTrigger>
      <MenuPopover>
        <MenuList>
          <Menu>
            <MenuTrigger disableButtonEnhancement>
              <MenuItem>More actions</MenuItem>
            </MenuTrigger>
            <MenuPopover>
              <MenuList>
                <MenuItem onClick={onTrack}>Track as request</MenuItem>
              </MenuList>
            </MenuPopover>
          </Menu>
        </MenuList>
      </MenuPopover>
    </Menu>
  );
}

export function TeamsChatsPane({ upn, theme, timeZone, context, getToken }: TeamsChatsPaneProps) {
  const styles = useStyles();
  const [chats, setChats] = useState<WorkbenchChat[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [dialog, setDialog] = useState<DialogState>({ kind: 'closed' });
  // The message the open dialog is for: the submit's invoke names it again, as Teams' does.
  const [target, setTarget] = useState<{ chatId: string; messageId: string } | null>(null);

  useEffect(() => {
    fetch(`/dev/workbench/teams/chats?${new URLSearchParams({ user: upn }).toString()}`, { headers: { Accept: 'application/json' } })
      .then(async (response) => {
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        const body = (await response.json()) as { chats: WorkbenchChat[] };
        setChats(body.chats);
        setSelected((s) => s ?? body.chats[0]?.id ?? null);
      })
      .catch((error: unknown) => setLoadError(error instanceof Error ? error.message : String(error)));
  }, [upn]);

  const invoke = (name: 'fetchTask' | 'submitAction', at: { chatId: string; messageId: string }, data?: unknown) => {
    setDialog({ kind: 'waiting' });
    postAction({ user: upn, ...at, invoke: name, timeZone, ...(data === undefined ? {} : { data }) }).then(
      ({ status, answer }) => setDialog(messageActionView(status, answer)),
      (error: unknown) => setDialog({ kind: 'error', text: error instanceof Error ? error.message : String(error) }),
    );
  };

  const track = (chat: WorkbenchChat, message: WorkbenchChatMessage) => {
    const at = { chatId: chat.id, messageId: message.id };
    setTarget(at);
    invoke('fetchTask', at);
  };

  if (loadError !== null) return <MessageBar intent="error"><MessageBarBody>The chats could not be read: {loadError}</MessageBarBody></MessageBar>;
  if (chats === null) return <Spinner label="Loading chats…" />;
  const chat = chats.find((c) => c.id === selected) ?? null;

  return (
    <div className={styles.pane}>
      <ul className={styles.list} aria-label="Chats">
        {chats.map((c) => (
          <li key={c.id}>
            <Button appearance="subtle" className={mergeClasses(styles.chatButton, c.id === selected && styles.selected)} aria-current={c.id === selected ? 'true' : undefined} onClick={() => setSelected(c.id)}>
              {c.title}{c.external ? ' (External)' : ''}
            </Button>
          </li>
        ))}
      </ul>
      <section className={styles.conversation} aria-label={chat ? `Chat: ${chat.title}` : 'Chat'}>
        {chat === null && <Body1>No chats.</Body1>}
        {chat?.messages.map((m) => (
          <article key={m.id} className={styles.message} aria-label={`Message from ${m.from ?? 'Teams'}`} data-message-id={m.id}>
            <div className={styles.messageText}>
              <Body1Strong>{m.from ?? 'Teams'}</Body1Strong>
              {m.text !== '' ? <Body1>{m.text}</Body1> : <Caption1 className={styles.meta}>{m.system ? 'System event' : 'No text'}</Caption1>}
              <Caption1 className={styles.meta}>{new Date(m.createdAt).toLocaleString('en-GB', { timeZone, dateStyle: 'medium', timeStyle: 'short' })}</Caption1>
            </div>
            <MessageMenu from={m.from ?? 'Teams'} onTrack={() => track(chat, m)} />
          </article>
        ))}
      </section>
      <MessageActionDialog
        state={dialog}
        theme={theme}
        context={context}
        getToken={getToken}
        onSubmit={(result) => { if (target) invoke('submitAction', target, result); }}
        onClose={() => setDialog({ kind: 'closed' })}
      />
    </div>
  );
}
