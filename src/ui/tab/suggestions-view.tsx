import { Badge, Body1, Button, Caption1, Card, CardFooter, CardHeader, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle, Text, makeStyles, tokens } from '@fluentui/react-components';
import { Chat20Regular, Dismiss20Regular, Mail20Regular } from '@fluentui/react-icons';
import { useEffect, useMemo, useState } from 'react';
import type { RequestView, Suggestion, SuggestionsResponse } from '../../contracts/api';
import { formatClockPhrase } from '../shared/format-duration';
import { useApiData } from '../shared/use-api-data';
import { EmptyState, ErrorState, LoadingState } from './state-views';
import { TrackOptions, type TrackOptionsValue } from './track-options';
import { formatWhen, useTabServices } from './tab-services';
import { tabStrings } from './tab-strings';

const useStyles = makeStyles({
  view: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, paddingBottom: tokens.spacingVerticalXXL },
  list: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, listStyle: 'none', margin: 0, padding: 0 },
  reason: { color: tokens.colorNeutralForeground3 },
  // Stays in view wherever the list is scrolled to: the card that was tracked leaves the list.
  confirmation: { position: 'sticky', top: 0, zIndex: 1 },
});

/** What the confirmation says about a just-tracked request: its first response clock, or its resolution once answered. */
function trackedClock(request: RequestView, locale: string): string {
  const t = tabStrings.suggestions;
  const { firstResponse, resolution } = request.clocks;
  return firstResponse.stoppedAt === null
    ? t.firstResponseClock(formatClockPhrase(firstResponse, locale))
    : t.resolutionClock(formatClockPhrase(resolution, locale));
}

/** Where earlier versions of the tab kept dismissals (this browser only); read once to move them to the server. */
export const legacyDismissedKey = (user: string | null) => `turnaround.dismissedSuggestions.${user ?? 'me'}`;

function readLegacyDismissed(storage: Pick<Storage, 'getItem'>, key: string): string[] {
  try {
    const parsed: unknown = JSON.parse(storage.getItem(key) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

/**
 * Untracked colleague messages that look like requests, with the reason; track or dismiss. A dismissal is sent to the
 * server (POST /api/me/suggestions/:id/dismiss), which remembers it on every device; the card goes at once and comes
 * back with an error if the server refuses. Dismissals an earlier version kept in this browser are sent once.
 */
export function SuggestionsView({ onTracked }: { onTracked: () => void }) {
  const { api, host, storage = window.localStorage } = useTabServices();
  const styles = useStyles();
  const key = legacyDismissedKey(host.context.userObjectId);
  const [dismissed, setDismissed] = useState<Set<string>>(() => new Set(readLegacyDismissed(storage, key)));
  const [options, setOptions] = useState<TrackOptionsValue>({ category: null, priority: 'normal' });
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirmation, setConfirmation] = useState<string | null>(null);
  const data = useApiData<SuggestionsResponse>(() => api.getSuggestions(), [api]);
  const visible = useMemo(() => (data.data?.suggestions ?? []).filter((s) => !dismissed.has(s.id)).sort((a, b) => Number(a.answered) - Number(b.answered) || b.score - a.score), [data.data, dismissed]);
  const t = tabStrings.suggestions;

  // Dismissals kept in this browser by an earlier version: send the ones still listed to the server, then forget them.
  const listed = data.data?.suggestions;
  useEffect(() => {
    if (!listed) return;
    const legacy = readLegacyDismissed(storage, key);
    if (legacy.length === 0) return;
    const ids = new Set(listed.map((s) => s.id));
    void Promise.allSettled(legacy.filter((id) => ids.has(id)).map((id) => api.dismissSuggestion(id))).then(() => storage.setItem(key, '[]'));
  }, [listed, api, storage, key]);

  const dismiss = (s: Suggestion) => {
    setDismissed((d) => new Set(d).add(s.id));
    setError(null);
    api.dismissSuggestion(s.id).then(
      () => data.setData((d) => ({ suggestions: d.suggestions.filter((x) => x.id !== s.id) })),
      (e: unknown) => {
        setDismissed((d) => { const next = new Set(d); next.delete(s.id); return next; });
        setError(tabStrings.errors.generic(e instanceof Error ? e.message : String(e)));
      },
    );
  };
  const track = (s: Suggestion) => {
    setBusy(s.id);
    setError(null);
    setConfirmation(null);
    api.trackRequest({ source: s.source, messageId: s.messageId, ...(s.chatId ? { chatId: s.chatId } : {}), priority: options.priority, ...(options.category ? { category: options.category } : {}) }).then(
      (request) => {
        data.setData((d) => ({ suggestions: d.suggestions.filter((x) => x.id !== s.id) }));
        setConfirmation(t.tracked(request.subject || s.subject || s.preview, trackedClock(request, host.context.locale)));
        onTracked();
      },
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
              <Button onClick={() => dismiss(s)} aria-label={t.dismissOne(s.subject || s.preview)}>{t.dismiss}</Button>
            </CardFooter>
          </Card>
        </li>
      ))}
    </ul>
  );

  return (
    <section className={styles.view} aria-label={tabStrings.nav.suggestions}>
      <Body1>{t.intro}</Body1>
      {confirmation && (
        <MessageBar intent="success" politeness="polite" className={styles.confirmation} data-testid="track-confirmation">
          <MessageBarBody>
            <MessageBarTitle>{t.trackedTitle}</MessageBarTitle>
            {confirmation}
          </MessageBarBody>
          <MessageBarActions containerAction={<Button appearance="transparent" aria-label={t.closeConfirmation} icon={<Dismiss20Regular />} onClick={() => setConfirmation(null)} />} />
        </MessageBar>
      )}
      <TrackOptions value={options} onChange={setOptions} />
      {error && <MessageBar intent="error"><MessageBarBody>{error}</MessageBarBody></MessageBar>}
      {body}
    </section>
  );
}
