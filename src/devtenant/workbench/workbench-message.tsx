/**
 * What the Teams workbench's Chat and Teams share (issue 21): a message as Teams shows it, with its "…" menu and the
 * app's "Track as request" under "More actions", and {@link useMessageAction}, which plays Teams' message action for a
 * message wherever it is — a chat message, or a channel thread's root or reply. The dev route posts the signed
 * `composeExtension/fetchTask` invoke to /api/messages, the answer opens in the dialog frame, and the dialog page's
 * submit posts `composeExtension/submitAction` for the same message; its answer is shown as Teams shows it.
 */
import {
  Body1, Body1Strong, Button, Caption1, Menu, MenuItem, MenuList, MenuPopover, MenuTrigger, makeStyles, tokens,
} from '@fluentui/react-components';
import { MoreHorizontal20Regular } from '@fluentui/react-icons';
import { useState } from 'react';
import type { DialogState } from './message-action-dialog';
import { messageActionView } from './message-action-answer';
import type { WorkbenchChatMessage } from './teams-message-action-routes';

/** Where the message is, as the dev route takes it: a chat, or a channel thread (its root message id). */
export type ActionTarget = { messageId: string } & ({ chatId: string } | { channelId: string; threadId: string });

const useStyles = makeStyles({
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

/** One message (chat message, thread root or reply) with its sender, text, time in the viewer's zone and "…" menu. */
export function WorkbenchMessage({ message, timeZone, onTrack }: { message: WorkbenchChatMessage; timeZone: string; onTrack: () => void }) {
  const styles = useStyles();
  const from = message.from ?? 'Teams';
  return (
    <article className={styles.message} aria-label={`Message from ${from}`} data-message-id={message.id}>
      <div className={styles.messageText}>
        <Body1Strong>{from}</Body1Strong>
        {message.text !== '' ? <Body1>{message.text}</Body1> : <Caption1 className={styles.meta}>{message.system ? 'System event' : 'No text'}</Caption1>}
        <Caption1 className={styles.meta}>{new Date(message.createdAt).toLocaleString('en-GB', { timeZone, dateStyle: 'medium', timeStyle: 'short' })}</Caption1>
      </div>
      <MessageMenu from={from} onTrack={onTrack} />
    </article>
  );
}

/**
 * Teams' message action for the person `upn`: `track` posts fetchTask for a message and shows the answer in the dialog
 * state; `submit` posts submitAction for the same message (the submit's invoke names it again, as Teams' does).
 */
export function useMessageAction(upn: string, timeZone: string): { dialog: DialogState; track: (at: ActionTarget) => void; submit: (result: unknown) => void; close: () => void } {
  const [dialog, setDialog] = useState<DialogState>({ kind: 'closed' });
  const [target, setTarget] = useState<ActionTarget | null>(null);

  const invoke = (name: 'fetchTask' | 'submitAction', at: ActionTarget, data?: unknown) => {
    setDialog({ kind: 'waiting' });
    postAction({ user: upn, ...at, invoke: name, timeZone, ...(data === undefined ? {} : { data }) }).then(
      ({ status, answer }) => setDialog(messageActionView(status, answer)),
      (error: unknown) => setDialog({ kind: 'error', text: error instanceof Error ? error.message : String(error) }),
    );
  };

  return {
    dialog,
    track: (at) => { setTarget(at); invoke('fetchTask', at); },
    submit: (result) => { if (target) invoke('submitAction', target, result); },
    close: () => setDialog({ kind: 'closed' }),
  };
}
