import { Body1, Button, Caption1, Card, MessageBar, MessageBarBody, Text, makeStyles, tokens } from '@fluentui/react-components';
import { Checkmark20Regular } from '@fluentui/react-icons';
import { useState } from 'react';
import type { RecentChatsResponse } from '../../contracts/api';
import { useApiData } from '../shared/use-api-data';
import { EmptyState, ErrorState, LoadingState } from './state-views';
import { TrackOptions, type TrackOptionsValue } from './track-options';
import { formatWhen, useTabServices } from './tab-services';
import { tabStrings } from './tab-strings';

const useStyles = makeStyles({
  view: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, paddingBottom: tokens.spacingVerticalXXL },
  list: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, listStyle: 'none', margin: 0, padding: 0 },
  // The message first (who, what they wrote, where and when), the Track button at the end of the row; in a narrow tab
  // the button wraps below the text instead of squeezing it.
  row: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', columnGap: tokens.spacingHorizontalL, rowGap: tokens.spacingVerticalS },
  message: { flex: '1 1 280px', minWidth: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  text: { overflowWrap: 'anywhere' },
  meta: { color: tokens.colorNeutralForeground3 },
  action: { flex: '0 0 auto', marginLeft: 'auto' },
});

/** Recent chat messages from colleagues; one click tracks one with the chosen category and priority. */
export function TrackChatView({ onTracked }: { onTracked: () => void }) {
  const { api, host } = useTabServices();
  const styles = useStyles();
  const [options, setOptions] = useState<TrackOptionsValue>({ category: null, priority: 'normal' });
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const chats = useApiData<RecentChatsResponse>(() => api.getRecentChats(), [api]);
  const t = tabStrings.trackChat;

  const track = (chatId: string, messageId: string) => {
    setBusy(messageId);
    setError(null);
    api.trackRequest({ source: 'chat', chatId, messageId, priority: options.priority, ...(options.category ? { category: options.category } : {}) }).then(
      () => {
        chats.setData((c) => ({ messages: c.messages.map((m) => (m.messageId === messageId && m.chatId === chatId ? { ...m, tracked: true } : m)) }));
        onTracked();
      },
      (e: unknown) => setError(tabStrings.errors.generic(e instanceof Error ? e.message : String(e))),
    ).finally(() => setBusy(null));
  };

  let body;
  if (chats.state === 'error' && chats.data === null) body = <ErrorState error={chats.error} onRetry={chats.reload} />;
  else if (chats.data === null) body = <LoadingState />;
  else if (chats.data.messages.length === 0) body = <EmptyState text={t.empty} />;
  else body = (
    <ul className={styles.list} aria-label={tabStrings.nav.trackChat}>
      {chats.data.messages.map((m) => (
        <li key={`${m.chatId}/${m.messageId}`}>
          <Card size="small">
            <div className={styles.row}>
              <div className={styles.message}>
                <Text weight="semibold">{m.from.displayName}{m.from.department ? ` · ${m.from.department}` : ''}</Text>
                <Body1 className={styles.text}>{m.preview}</Body1>
                <Caption1 className={styles.meta}>{t.chatTopic(m.chatTopic)} · {formatWhen(m.createdAt, host.context.locale)}</Caption1>
              </div>
              <div className={styles.action}>
                {m.tracked
                  ? <Button appearance="transparent" icon={<Checkmark20Regular />} disabled>{t.tracked}</Button>
                  : <Button appearance="primary" disabled={busy !== null} aria-label={t.trackMessage(m.from.displayName)} onClick={() => track(m.chatId, m.messageId)}>{t.track}</Button>}
              </div>
            </div>
          </Card>
        </li>
      ))}
    </ul>
  );

  return (
    <section className={styles.view} aria-label={tabStrings.nav.trackChat}>
      <Body1>{t.intro}</Body1>
      <TrackOptions value={options} onChange={setOptions} />
      {error && <MessageBar intent="error"><MessageBarBody>{error}</MessageBarBody></MessageBar>}
      {body}
    </section>
  );
}
