import {
  Badge, Body1, Button, Caption1, DrawerBody, MessageBar, MessageBarBody, DrawerFooter, DrawerHeader, DrawerHeaderTitle, Link, OverlayDrawer, Subtitle2, makeStyles, tokens,
  type BadgeProps,
} from '@fluentui/react-components';
import { Dismiss24Regular } from '@fluentui/react-icons';
import { useState } from 'react';
import type { RequestDetailResponse, RequestView } from '../../contracts/api';
import { noteFits } from '../../domain/request-note';
import { formatClockPhrase } from '../shared/format-duration';
import { NoteField } from '../shared/note-field';
import { useApiData } from '../shared/use-api-data';
import { isApiErrorCode } from '../shared/api-client';
import { availableActions, badgeStatus, type QueueActionName, type QueueBadgeStatus } from './queue-model';
import { eventActor, eventDuration, eventTitle, formatEventTime } from './request-detail-model';
import { RequestTeamField } from './request-team-field';
import { ErrorState, LoadingState } from './state-views';
import { useTabServices } from './tab-services';
import { tabStrings } from './tab-strings';

const useStyles = makeStyles({
  facts: {
    display: 'grid', gridTemplateColumns: 'max-content minmax(0, 1fr)', columnGap: tokens.spacingHorizontalL, rowGap: tokens.spacingVerticalXS,
    margin: `0 0 ${tokens.spacingVerticalL}`, alignItems: 'center',
  },
  term: { color: tokens.colorNeutralForeground3 },
  value: { margin: 0, display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'center' },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, marginBottom: tokens.spacingVerticalL },
  note: { whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' },
  timeline: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column' },
  entry: {
    display: 'flex', flexDirection: 'column', gap: '2px', position: 'relative',
    padding: `${tokens.spacingVerticalS} 0 ${tokens.spacingVerticalS} ${tokens.spacingHorizontalXL}`,
    borderLeft: `${tokens.strokeWidthThick} solid ${tokens.colorNeutralStroke2}`,
    marginLeft: tokens.spacingHorizontalXS,
  },
  dot: {
    position: 'absolute', left: '-6px', top: tokens.spacingVerticalM, width: '10px', height: '10px', borderRadius: tokens.borderRadiusCircular,
    backgroundColor: tokens.colorBrandBackground, '@media (forced-colors: active)': { backgroundColor: 'CanvasText' },
  },
  when: { color: tokens.colorNeutralForeground3 },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
  noteActions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'center' },
});

const BADGE_COLOR: Record<QueueBadgeStatus, BadgeProps['color']> = {
  onTrack: 'success', atRisk: 'warning', breached: 'danger', waiting: 'informative', resolved: 'subtle',
};

export interface RequestDetailPanelProps {
  requestId: string;
  /**
   * The request as the queue has it (shown at once while the history loads); when it changes (an action, a sync) the
   * history is read again. Undefined when the queue does not hold it (a deep link to a resolved request).
   */
  summary: RequestView | undefined;
  /** The request's action is running. */
  busy: boolean;
  onClose(): void;
  /** Runs one of the request's actions (the queue's action runner: confirmations, undo). */
  onAction(request: RequestView, action: QueueActionName): void;
  /** The note was saved or the request moved to another team: the request as the server now has it. */
  onUpdated(request: RequestView): void;
}

/** Whether the first-response clock still runs (no reply yet, never resolved): then it is the clock to show. */
function firstResponseRuns(r: RequestView): boolean {
  return r.clocks.firstResponse.stoppedAt === null;
}

/** What the summary says about the request's state: a change to any of it reloads the history. */
function revisionOf(r: RequestView | undefined): string {
  return r === undefined ? '' : [r.status, r.firstResponseAt, r.resolvedAt, r.waitingSince, r.teamId, r.category, r.priority, r.note].join('\u0000');
}

/**
 * The request detail panel: an overlay drawer at the end with the request's facts, its note, a link to the original
 * message, its history (times in the viewer's zone, working-time durations the server evaluated) and its actions.
 */
export function RequestDetailPanel({ requestId, summary, busy, onClose, onAction, onUpdated }: RequestDetailPanelProps) {
  const { api, host } = useTabServices();
  const styles = useStyles();
  const s = tabStrings.detail;
  const revision = revisionOf(summary);
  const detail = useApiData<RequestDetailResponse>(() => api.getRequestDetail(requestId), [api, requestId, revision]);
  const gone = detail.state === 'error' && isApiErrorCode(detail.error, 'not_found');
  const data = detail.data;
  // The queue's copy is the one actions and syncs update first; the history's copy serves a request the queue lacks.
  const request = gone ? undefined : summary ?? data?.request;
  const { locale, timeZone } = host.context;
  const open = (url: string) => { host.openLink(url).catch(() => undefined); };
  // The note being edited (null while not editing); nothing is cut: Save waits until it fits.
  const [draft, setDraft] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [noteError, setNoteError] = useState<string | null>(null);
  const saveNote = (target: RequestView, text: string) => {
    setSaving(true);
    setNoteError(null);
    api.changeRequest(target.id, { action: 'update', note: text.trim() === '' ? null : text }).then(
      ({ request: updated }) => {
        setDraft(null);
        if (updated !== null) onUpdated(updated);
      },
      (e: unknown) => setNoteError(s.noteFailed(e instanceof Error ? e.message : String(e))),
    ).finally(() => setSaving(false));
  };

  return (
    <OverlayDrawer open position="end" size="medium" onOpenChange={(_e, d) => { if (!d.open) onClose(); }} data-testid="request-detail">
      <DrawerHeader>
        <DrawerHeaderTitle action={<Button appearance="subtle" aria-label={s.close} icon={<Dismiss24Regular />} onClick={onClose} />}>
          {request === undefined ? (gone ? s.notFound : s.loading) : request.subject || request.preview}
        </DrawerHeaderTitle>
      </DrawerHeader>
      <DrawerBody>
        {gone && <Body1>{s.notFound}</Body1>}
        {!gone && detail.state === 'error' && <ErrorState error={detail.error} onRetry={detail.reload} />}
        {request !== undefined && (
          <>
            <dl className={styles.facts}>
              <dt className={styles.term}>{s.requester}</dt>
              <dd className={styles.value}>{request.requester.displayName}{request.requester.department ? ` · ${request.requester.department}` : ''}</dd>
              <dt className={styles.term}>{s.status}</dt>
              <dd className={styles.value}>
                <Badge appearance="filled" color={BADGE_COLOR[badgeStatus(request)]}>{tabStrings.status[badgeStatus(request)]}</Badge>
                <Caption1>
                  {firstResponseRuns(request) ? tabStrings.queue.firstResponse : tabStrings.queue.resolution}
                  {': '}
                  {formatClockPhrase(firstResponseRuns(request) ? request.clocks.firstResponse : request.clocks.resolution, locale, timeZone ?? undefined)}
                </Caption1>
              </dd>
              {request.reopenCount > 0 && (
                <>
                  <dt className={styles.term}>{s.reopened}</dt>
                  <dd className={styles.value}>{s.reopenedTimes(request.reopenCount)}</dd>
                </>
              )}
              <dt className={styles.term}>{s.team}</dt>
              <dd className={styles.value}><RequestTeamField key={request.id} request={request} onUpdated={onUpdated} /></dd>
              <dt className={styles.term}>{s.category}</dt>
              <dd className={styles.value}>{request.category ?? tabStrings.queue.noCategory}</dd>
              <dt className={styles.term}>{s.priority}</dt>
              <dd className={styles.value}>{tabStrings.priority[request.priority]}</dd>
            </dl>
            <section className={styles.section} aria-labelledby="request-detail-note">
              <Subtitle2 as="h3" id="request-detail-note">{s.note}</Subtitle2>
              {draft === null ? (
                <>
                  <Body1 className={styles.note}>{request.note ?? s.noNote}</Body1>
                  <div className={styles.noteActions}>
                    <Button size="small" onClick={() => { setNoteError(null); setDraft(request.note ?? ''); }}>{request.note === null ? s.addNote : s.editNote}</Button>
                  </div>
                </>
              ) : (
                <>
                  <NoteField value={draft} onChange={setDraft} locale={locale} disabled={saving} />
                  {noteError !== null && <MessageBar intent="error"><MessageBarBody>{noteError}</MessageBarBody></MessageBar>}
                  <div className={styles.noteActions}>
                    <Button size="small" appearance="primary" disabled={saving || !noteFits(draft)} onClick={() => saveNote(request, draft)}>{s.saveNote}</Button>
                    <Button size="small" disabled={saving} onClick={() => setDraft(null)}>{s.cancelNote}</Button>
                  </div>
                </>
              )}
              {request.webLink && <Link as="button" onClick={() => open(request.webLink as string)}>{s.openOriginal[request.source]}</Link>}
            </section>
            <section className={styles.section} aria-labelledby="request-detail-history">
              <Subtitle2 as="h3" id="request-detail-history">{s.history}</Subtitle2>
              {data === null ? (detail.state === 'loading' && <LoadingState label={s.loading} />) : (
                <ol className={styles.timeline} aria-label={s.historyLabel}>
                  {data.events.map((e) => {
                    const duration = eventDuration(e, data.request);
                    const link = e.response?.webLink ?? null;
                    return (
                      <li key={e.id} className={styles.entry} data-event={e.type}>
                        <span className={styles.dot} aria-hidden />
                        <Caption1 className={styles.when}><time dateTime={e.at}>{formatEventTime(e.at, locale, timeZone)}</time></Caption1>
                        <Body1><strong>{eventTitle(e, data.request)}</strong> <span>{eventActor(e)}</span></Body1>
                        {duration !== null && <Caption1>{duration}</Caption1>}
                        {link !== null && e.response !== null && <Link as="button" onClick={() => open(link)}>{s.openResponse[e.response.source]}</Link>}
                      </li>
                    );
                  })}
                </ol>
              )}
            </section>
          </>
        )}
      </DrawerBody>
      {request !== undefined && (
        <DrawerFooter>
          <div className={styles.actions} role="group" aria-label={s.actions}>
            {availableActions(request).filter((a) => a !== 'open').map((action) => (
              <Button key={action} disabled={busy} appearance={action === 'resolve' ? 'primary' : 'secondary'} onClick={() => onAction(request, action)}>
                {tabStrings.actions[action]}
              </Button>
            ))}
          </div>
        </DrawerFooter>
      )}
    </OverlayDrawer>
  );
}
