import { Badge, Button, Text, makeStyles, tokens } from '@fluentui/react-components';
import type { ClockView, ClockStatus, RequestAction, RequestView } from '../../contracts/api';
import { formatClockPhrase } from '../shared/format-duration';
import { outlookCategoryName } from '../../domain/request-categories';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  row: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  facts: { display: 'grid', gridTemplateColumns: 'auto 1fr', columnGap: tokens.spacingHorizontalM, rowGap: tokens.spacingVerticalXS, margin: 0 },
  term: { color: tokens.colorNeutralForeground3 },
  value: { margin: 0 },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
});

const STATUS_WORDS = { open: 'Open', waiting: 'Waiting on requester', resolved: 'Resolved' } as const;
const CLOCK_COLOURS: Record<ClockStatus, 'success' | 'warning' | 'danger' | 'informative'> = {
  onTrack: 'informative',
  atRisk: 'warning',
  breached: 'danger',
  met: 'success',
  missed: 'danger',
};
const CLOCK_WORDS: Record<ClockStatus, string> = { onTrack: 'On track', atRisk: 'At risk', breached: 'Breached', met: 'Met', missed: 'Missed' };

function ClockLine({ label, clock, locale }: { label: string; clock: ClockView; locale: string | undefined }) {
  const styles = useStyles();
  return (
    <>
      <dt className={styles.term}>{label}</dt>
      <dd className={styles.value} data-clock={label}>
        <Badge appearance="outline" color={CLOCK_COLOURS[clock.status]}>{CLOCK_WORDS[clock.status]}</Badge>{' '}
        <Text>{formatClockPhrase(clock, locale)}</Text>
      </dd>
    </>
  );
}

export interface TrackedRequestCardProps {
  request: RequestView;
  /** An action is under way: the buttons wait. */
  busy: boolean;
  onAction: (action: RequestAction) => void;
  locale?: string;
}

/** A tracked email: status, both clocks in working time, category, and what can be done next. */
export function TrackedRequestCard({ request, busy, onAction, locale }: TrackedRequestCardProps) {
  const styles = useStyles();
  return (
    <section className={styles.root} aria-label="Tracked request" data-status={request.status}>
      <div className={styles.row}>
        <Text weight="semibold" size={400}>Tracked</Text>
        <Badge appearance="filled" color={request.status === 'resolved' ? 'success' : request.status === 'waiting' ? 'warning' : 'brand'}>
          {STATUS_WORDS[request.status]}
        </Badge>
        {request.colleagueOverride && <Badge appearance="tint" color="warning">External (override)</Badge>}
      </div>
      <dl className={styles.facts}>
        <ClockLine label="First response" clock={request.clocks.firstResponse} locale={locale} />
        <ClockLine label="Resolution" clock={request.clocks.resolution} locale={locale} />
        <dt className={styles.term}>Category</dt>
        <dd className={styles.value}>{request.category ?? 'None'} · Outlook: {outlookCategoryName(request.category)}</dd>
        <dt className={styles.term}>Priority</dt>
        <dd className={styles.value}>{request.priority}</dd>
        {request.note && (
          <>
            <dt className={styles.term}>Note</dt>
            <dd className={styles.value}>{request.note}</dd>
          </>
        )}
      </dl>
      <div className={styles.actions}>
        {request.status !== 'resolved' && (
          <Button appearance="primary" disabled={busy} onClick={() => onAction({ action: 'resolve' })}>Resolve</Button>
        )}
        {request.status === 'open' && <Button disabled={busy} onClick={() => onAction({ action: 'wait' })}>Wait on requester</Button>}
        {request.status === 'waiting' && <Button disabled={busy} onClick={() => onAction({ action: 'resume' })}>Resume</Button>}
        {request.status === 'resolved' && <Button disabled={busy} onClick={() => onAction({ action: 'reopen' })}>Reopen</Button>}
        <Button appearance="subtle" disabled={busy} onClick={() => onAction({ action: 'untrack' })}>Untrack</Button>
      </div>
    </section>
  );
}
