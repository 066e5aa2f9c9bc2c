/**
 * The Teams workbench's Chat (issue 21): the signed-in person's chats from the demo organisation and their messages
 * (GET /dev/workbench/teams/chats). Each message has "…" → "More actions" → "Track as request", which plays Teams'
 * message action ({@link useMessageAction}): the answer opens in the dialog frame ({@link MessageActionDialog}).
 */
import { Body1, Button, MessageBar, MessageBarBody, Spinner, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { MessageActionDialog } from './message-action-dialog';
import type { WorkbenchChat } from './teams-message-action-routes';
import { WorkbenchMessage, useMessageAction } from './workbench-message';
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
});

export function TeamsChatsPane({ upn, theme, timeZone, context, getToken }: TeamsChatsPaneProps) {
  const styles = useStyles();
  const [chats, setChats] = useState<WorkbenchChat[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const action = useMessageAction(upn, timeZone);

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
          <WorkbenchMessage key={m.id} message={m} timeZone={timeZone} onTrack={() => action.track({ chatId: chat.id, messageId: m.id })} />
        ))}
      </section>
      <MessageActionDialog
        state={action.dialog}
        theme={theme}
        context={context}
        getToken={getToken}
        onSubmit={action.submit}
        onClose={action.close}
      />
    </div>
  );
}
