import { Button, Caption1, Field, ProgressBar, makeStyles, tokens } from '@fluentui/react-components';
import { ArrowSync20Regular } from '@fluentui/react-icons';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { SyncStatus } from '../../contracts/api';
import { formatWhen, useTabServices } from './tab-services';
import { tabStrings } from './tab-strings';

const useStyles = makeStyles({
  bar: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM, minHeight: '32px' },
  progress: { flexGrow: 1, maxWidth: '360px' },
});

export interface SyncStatusBarProps {
  /** Called once when a sync finishes, so the views reload. */
  onSynced: () => void;
  /** Poll interval while a sync runs, in milliseconds. */
  pollMs?: number;
}

/** The sync state, a Sync now button, and a progress bar while a sync runs (polling GET /api/sync/status). */
export function SyncStatusBar({ onSynced, pollMs = 1000 }: SyncStatusBarProps) {
  const { api, host } = useTabServices();
  const styles = useStyles();
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const wasRunning = useRef(false);

  const refresh = useCallback(() => {
    api.getSyncStatus().then((s) => { setStatus(s); setError(null); }, (e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, [api]);

  useEffect(refresh, [refresh]);
  useEffect(() => {
    if (status?.running) {
      wasRunning.current = true;
      const timer = setTimeout(refresh, pollMs);
      return () => clearTimeout(timer);
    }
    if (status && wasRunning.current) {
      wasRunning.current = false;
      onSynced();
    }
    return undefined;
  }, [status, refresh, pollMs, onSynced]);

  const start = () => {
    api.startSync().then((s) => setStatus(s), (e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  };

  const s = tabStrings.sync;
  let text: string = s.never;
  if (status?.running) text = s.running(status.phase, status.itemsSeen);
  else if (status?.error) text = s.failed(status.error);
  else if (status?.finishedAt) text = s.lastSynced(formatWhen(status.finishedAt, host.context.locale));
  if (error) text = s.failed(error);

  return (
    <div className={styles.bar}>
      <Button icon={<ArrowSync20Regular />} onClick={start} disabled={status?.running === true}>{s.syncNow}</Button>
      {status?.running ? (
        <Field className={styles.progress} validationMessage={text} validationState="none" label={s.label}>
          <ProgressBar thickness="large" />
        </Field>
      ) : (
        <Caption1 role="status">{text}</Caption1>
      )}
    </div>
  );
}
