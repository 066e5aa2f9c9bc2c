/**
 * The "Track as request" dialog (issue 21): the page Teams opens when a person picks "…" → "More actions" → "Track as
 * request" on a chat message (`/tab?dialog=track&source=chat&chatId=…&messageId=…`, the bot's `task/continue`). It shows
 * the message as the person's recent chats list it (GET /api/me/chats/recent — the same read as "Track a chat"; the URL
 * gives only the ids) and the one track form (src/ui/shared/track-request-form.tsx: category, priority, note).
 *
 * The dialog does not track. Its submit hands the person's choices to Teams (`dialog.url.submit`), Teams closes the
 * dialog and posts `composeExtension/submitAction` with them to the bot, and the bot tracks the message — after
 * checking it again, read from Graph — and answers with the confirmation Teams shows. Tracking here as well would be a
 * second path with its own checks, and the bot's answer, which Teams shows in any case, would have nothing to confirm.
 */
import { Body1, Caption1, Card, FluentProvider, MessageBar, MessageBarBody, MessageBarTitle, Spinner, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import type { MyCategoriesResponse, RecentChatsResponse, TrackRequestBody } from '../../contracts/api';
import type { ApiClient } from '../shared/api-client';
import type { SurfaceHost } from '../shared/host-types';
import { fluentThemeFor, type TeamsThemeName } from '../shared/theme';
import { TrackRequestForm } from '../shared/track-request-form';
import { useApiData } from '../shared/use-api-data';
import { ErrorState, LoadingState } from './state-views';
import { formatWhen } from './tab-services';
import { tabStrings } from './tab-strings';
import type { TrackDialogTarget } from './track-dialog-target';

/** What the dialog submits: the form's choices, which the bot reads as `value.data` of `composeExtension/submitAction`. */
export type TrackDialogResult = Pick<TrackRequestBody, 'category' | 'priority' | 'note'>;

export interface TrackDialogProps {
  api: Pick<ApiClient, 'getRecentChats' | 'getMyCategories'>;
  host: SurfaceHost;
  target: TrackDialogTarget;
  /** Hands the result to the host, which closes the dialog (tab-host.ts: teams-js `dialog.url.submit`); throws when it cannot. */
  submit: (result: TrackDialogResult) => void;
}

const useStyles = makeStyles({
  dialog: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, padding: tokens.spacingHorizontalL, boxSizing: 'border-box', minHeight: '100vh' },
  message: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  text: { overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' },
  meta: { color: tokens.colorNeutralForeground3 },
});

/**
 * When the message was sent, in the viewer's zone when the host says it (Teams' OS locale info), as the chat beside
 * the dialog shows it; else as the tab's "Track a chat" shows times (the device's zone).
 */
function sentAt(iso: string, locale: string, timeZone: string | null | undefined): string {
  if (!timeZone) return formatWhen(iso, locale);
  try {
    return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZone }).format(new Date(iso));
  } catch {
    return formatWhen(iso, locale);
  }
}

export function TrackDialog({ api, host, target, submit }: TrackDialogProps) {
  const styles = useStyles();
  const [theme, setTheme] = useState<TeamsThemeName>(host.context.theme);
  useEffect(() => host.onThemeChange(setTheme), [host]);
  const chats = useApiData<RecentChatsResponse>(() => api.getRecentChats(), [api]);
  const categories = useApiData<MyCategoriesResponse>(() => api.getMyCategories(), [api]);
  const [submitting, setSubmitting] = useState(false);
  const [submitError, setSubmitError] = useState<string | null>(null);
  const t = tabStrings.trackDialog;
  const message = chats.data?.messages.find((m) => m.chatId === target.chatId && m.messageId === target.messageId) ?? null;

  const onTrack = (choice: Omit<TrackRequestBody, 'source' | 'messageId'>) => {
    setSubmitting(true);
    setSubmitError(null);
    try {
      submit({ priority: choice.priority, ...(choice.category ? { category: choice.category } : {}), ...(choice.note ? { note: choice.note } : {}) });
    } catch (error) {
      setSubmitting(false);
      setSubmitError(t.submitFailed(error instanceof Error ? error.message : String(error)));
    }
  };

  let body;
  if (chats.state === 'error' && chats.data === null) {
    body = (
      <>
        <Text weight="semibold">{t.loadFailedTitle}</Text>
        <ErrorState error={chats.error} onRetry={chats.reload} />
      </>
    );
  } else if (chats.data === null) {
    body = <LoadingState />;
  } else {
    body = (
      <>
        {message === null
          ? <MessageBar intent="info" layout="multiline"><MessageBarBody>{t.notListed}</MessageBarBody></MessageBar>
          : (
            <Card size="small" aria-label={tabStrings.trackChat.trackMessage(message.from.displayName)}>
              <div className={styles.message}>
                <Text weight="semibold">{t.from(message.from.displayName, message.from.department)}</Text>
                <Body1 className={styles.text}>{message.preview}</Body1>
                <Caption1 className={styles.meta}>{tabStrings.trackChat.chatTopic(message.chatTopic)} · {sentAt(message.createdAt, host.context.locale, host.context.timeZone)}</Caption1>
              </div>
            </Card>
          )}
        {message?.tracked === true && <MessageBar intent="info"><MessageBarBody>{t.alreadyTracked}</MessageBarBody></MessageBar>}
        {submitError !== null && (
          <MessageBar intent="error" layout="multiline">
            <MessageBarBody><MessageBarTitle>{t.formLabel}</MessageBarTitle>{submitError}</MessageBarBody>
          </MessageBar>
        )}
        <TrackRequestForm external={false} busy={submitting} categories={categories.data} onTrack={onTrack} label={t.formLabel} />
        {submitting && <Spinner size="tiny" label={t.submitting} />}
      </>
    );
  }

  return (
    <FluentProvider theme={fluentThemeFor(theme)} data-theme={theme}>
      <main className={styles.dialog} aria-label={t.formLabel}>{body}</main>
    </FluentProvider>
  );
}
