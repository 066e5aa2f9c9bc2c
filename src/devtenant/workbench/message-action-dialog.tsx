/**
 * The Teams workbench's message action dialog (issue 21): Teams' dialog frame for a message extension. It shows the
 * bot's answer ({@link MessageActionView}); a page answer is framed with its own {@link TeamsHostEmulator} in the
 * `task` frame context, so the page speaks teams-js to it, and its `dialog.url.submit` (`tasks.completeTask`) is
 * handed to `onSubmit` — the workbench then posts `composeExtension/submitAction` and shows that answer here.
 */
import {
  Body1, Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, DialogTrigger, Spinner, makeStyles, tokens,
} from '@fluentui/react-components';
import { Dismiss24Regular } from '@fluentui/react-icons';
import { useEffect, useRef } from 'react';
import type { MessageActionView } from './message-action-answer';
import { TeamsHostEmulator, type LegacyTeamsContext, type WorkbenchTheme } from './teams-host-emulator';

export type DialogState = { kind: 'closed' } | { kind: 'waiting' } | MessageActionView;

export interface MessageActionDialogProps {
  state: DialogState;
  theme: WorkbenchTheme;
  /** The signed-in person's context for the framed page (frame context and theme are the dialog's). */
  context: Omit<LegacyTeamsContext, 'frameContext' | 'theme'>;
  getToken: () => Promise<string>;
  onSubmit: (result: unknown) => void;
  onClose: () => void;
}

const useStyles = makeStyles({
  // Teams' "large" dialog for a page; the frame fills it.
  pageSurface: { width: 'min(720px, 96vw)', maxWidth: 'min(720px, 96vw)' },
  frame: { border: 'none', width: '100%', height: 'min(560px, 70vh)', backgroundColor: tokens.colorNeutralBackground1, display: 'block' },
  text: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
});

/** The framed dialog page, with the host emulator that answers its teams-js messages. */
function DialogFrame({ url, title, theme, context, getToken, onSubmit }: { url: string; title: string } & Omit<MessageActionDialogProps, 'state' | 'onClose'>) {
  const styles = useStyles();
  const frameRef = useRef<HTMLIFrameElement>(null);
  const emulatorRef = useRef<TeamsHostEmulator | null>(null);
  const origin = new URL(url, window.location.origin).origin;

  useEffect(() => {
    const frameWindow = () => frameRef.current?.contentWindow ?? null;
    const emulator = new TeamsHostEmulator({
      frameContext: 'task',
      theme,
      context,
      send: (message) => frameWindow()?.postMessage(message, origin),
      getToken,
      openLink: (link) => window.open(link, '_blank', 'noopener'),
      onDialogSubmit: onSubmit,
    });
    emulatorRef.current = emulator;
    const listener = (event: MessageEvent) => {
      if (event.source !== frameWindow() || event.origin !== origin) return;
      emulator.handle(event.data);
    };
    window.addEventListener('message', listener);
    return () => window.removeEventListener('message', listener);
    // One emulator per framed page; theme changes go through setTheme below.
  }, [url]);

  useEffect(() => { emulatorRef.current?.setTheme(theme); }, [theme]);

  return <iframe ref={frameRef} src={url} title={title || 'Dialog'} className={styles.frame} data-testid="dialog-frame" />;
}

export function MessageActionDialog(props: MessageActionDialogProps) {
  const styles = useStyles();
  const { state, onClose } = props;
  const open = state.kind !== 'closed';
  let title = 'Track as request';
  let content = null;
  if (state.kind === 'waiting') content = <Spinner label="Waiting for the app…" />;
  else if (state.kind === 'page') {
    title = state.title || title;
    content = <DialogFrame url={state.url} title={title} theme={props.theme} context={props.context} getToken={props.getToken} onSubmit={props.onSubmit} />;
  } else if (state.kind === 'card') {
    title = state.title || title;
    content = (
      <div className={styles.text} data-testid="dialog-card">
        <Body1><strong>{state.heading}</strong></Body1>
        {state.paragraphs.map((p) => <Body1 key={p}>{p}</Body1>)}
      </div>
    );
  } else if (state.kind === 'message' || state.kind === 'error') {
    content = <Body1 role={state.kind === 'error' ? 'alert' : 'status'} data-testid="dialog-message">{state.text}</Body1>;
  }
  return (
    <Dialog open={open} onOpenChange={(_e, d) => { if (!d.open) onClose(); }} modalType="modal">
      <DialogSurface className={state.kind === 'page' ? styles.pageSurface : undefined} aria-label={title}>
        <DialogBody>
          <DialogTitle action={<DialogTrigger action="close"><Button appearance="subtle" aria-label="Close" icon={<Dismiss24Regular />} /></DialogTrigger>}>{title}</DialogTitle>
          <DialogContent>{content}</DialogContent>
          {state.kind !== 'page' && state.kind !== 'waiting' && (
            <DialogActions>
              <Button appearance="primary" onClick={onClose}>{state.kind === 'card' || state.kind === 'error' ? 'Close' : 'OK'}</Button>
            </DialogActions>
          )}
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
