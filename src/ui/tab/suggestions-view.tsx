import { Badge, Body1, Button, Caption1, Card, CardFooter, CardHeader, MessageBar, MessageBarBody, Text, makeStyles, tokens } from '@fluentui/react-components';
import { Chat20Regular, Mail20Regular } from '@fluentui/react-icons';
import { useMemo, useState } from 'react';
import type { Suggestion, SuggestionsResponse } from '../../contracts/api';
import { useApiData } from '../shared/use-api-data';
import { EmptyState, ErrorState, LoadingState } from './state-views';
import { TrackOptions, type TrackOptionsValue } from './track-options';
import { formatWhen, useTabServices } from './tab-services';
import { tabStrings } from './tab-strings';

const useStyles = makeStyles({
  view: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, paddingBottom: tokens.spacingVerticalXXL },
  list: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, listStyle: 'none', margin: 0, padding: 0 },
  reason: { color: tokens.colorNeutralForeground3 },
});

const dismissedKey = (user: string | null) => `turnaround.dismissedSuggestions.${user ?? 'me'}`;

/**
 * Untracked colleague messages that look like requests, with the reason; track or dismiss. Dismissals are remembered
 * in this browser (the API has no dismiss route).
 */
export function SuggestionsView({ onTracked }: { onTracked: () => void }) {
  const { api, host, storage = window.localStorage } = useTabServices();
  const styles = useStyles();
  const key = dismissedKey(host.context.userObjectId);
  const [dismissed, setDismissed] = useState<Set<string>>(() => new Set(JSON.parse(storage.getItem(key) ?? '[]') as string[]));
  const [options, setOptions] = useState<TrackOptionsValue>({ category: null, priority: 'normal' });
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const data = useApiData<SuggestionsResponse>(() => api.getSuggestions(), [api]);
  const visible = useMemo(() => (data.data?.suggestions ?? []).filter((s) => !dismissed.has(s.id)).sort((a, b) => Number(a.answered) - Number(b.answered) || b.score - a.score), [data.data, dismissed]);
  const t = tabStrings.suggestions;

  const dismiss = (s: Suggestion) => {
    const next = new Set(dismissed).add(s.id);
    setDismissed(next);
    storage.setItem(key, JSON.stringify([...next]));
  };
  const track = (s: Suggestion) => {
    setBusy(s.id);
    setError(null);
    api.trackRequest({ source: s.source, messageId: s.messageId, ...(s.chatId ? { chatId: s.chatId } : {}), priority: options.priority, ...(options.category ? { category: options.category } : {}) }).then(
      () => { data.setData((d) => ({ suggestions: d.suggestions.filter((x) => x.id !== s.id) })); onTracked(); },
      (e: unknown) => setError(tabStrings.errors.generic(e instanceof Error ? e.message : String(e))),
    ).finally(() => setBusy(null));
  };

  let body;
  if (data.state === 'error' && data.data === null) body = <ErrorState error={data.error} onRetry={data.reload} />;
  else if (data.data === null) body = <LoadingState />;
  else if (visible.length === 0) body = <EmptyState text={t.empty} />;
  else body = (
    <ul className={styles.list} aria-label={tabStrings.nav.suggestions}>
      {visible.map((s) => (
        <li key={s.id}>
          <Card size="small">
            <CardHeader
              image={s.source === 'email' ? <Mail20Regular aria-label={tabStrings.queue.sourceEmail} role="img" /> : <Chat20Regular aria-label={tabStrings.queue.sourceChat} role="img" />}
              header={<Text weight="semibold">{s.subject || s.preview}</Text>}
              description={<Caption1>{s.from.displayName}{s.from.department ? ` · ${s.from.department}` : ''} · {formatWhen(s.receivedAt, host.context.locale)}</Caption1>}
            />
            {s.subject && <Body1>{s.preview}</Body1>}
            <Caption1 className={styles.reason}>{t.because(s.reason)}{s.answered ? ' · ' : ''}{s.answered && <Badge appearance="tint" size="small">{t.answered}</Badge>}</Caption1>
            <CardFooter>
              <Button appearance="primary" disabled={busy !== null} onClick={() => track(s)}>{t.track}</Button>
              <Button onClick={() => dismiss(s)}>{t.dismiss}</Button>
            </CardFooter>
          </Card>
        </li>
      ))}
    </ul>
  );

  return (
    <section className={styles.view} aria-label={tabStrings.nav.suggestions}>
      <Body1>{t.intro}</Body1>
      <TrackOptions value={options} onChange={setOptions} />
      {error && <MessageBar intent="error"><MessageBarBody>{error}</MessageBarBody></MessageBar>}
      {body}
    </section>
  );
}
