import { Button, Caption1, Field, ProgressBar, makeStyles, tokens } from '@fluentui/react-components';
import { ArrowSync20Regular } from '@fluentui/react-icons';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { SyncStatusResponse } from '../../contracts/api';
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

/** A run this bar is watching: started here ("Sync now") or found running. */
type Watch = { kind: 'none' } | { kind: 'starting' } | { kind: 'running' };

/**
 * The sync state, a Sync now button, and a progress bar while a sync runs (polling GET /api/sync/status). "Sync now"
 * shows progress at once, and when the run ends says what it found ("2 replies found", from the server's counts),
 * moves "Last synced" and calls `onSynced` so the queue reloads without a reload of the page.
 * Where Turnaround syncs people only while they use it (`backgroundSync: 'when_open'`, delegated access), opening the
 * tab starts a sync, and the bar says "Updated when you open Turnaround".
 */
export function SyncStatusBar({ onSynced, pollMs = 500 }: SyncStatusBarProps) {
  const { api, host } = useTabServices();
  const styles = useStyles();
  const [status, setStatus] = useState<SyncStatusResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [watch, setWatch] = useState<Watch>({ kind: 'none' });
  /** What the last run this bar watched found, in words. */
  const [result, setResult] = useState<string | null>(null);
  const synced = useRef(onSynced);
  synced.current = onSynced;

  const fail = (e: unknown) => setError(e instanceof Error ? e.message : String(e));

  /** A status from the server: while it runs keep watching; once a watched run ended, report it and reload the views. */
  const take = useCallback((s: SyncStatusResponse, watching: boolean) => {
    setStatus(s);
    setError(null);
    if (s.running) {
      setWatch({ kind: 'running' });
      return;
    }
    if (!watching) return;
    setWatch({ kind: 'none' });
    setResult(s.error ? null : tabStrings.sync.result(s.repliesFound, s.requestsUpdated));
    synced.current();
  }, []);

  const start = useCallback(() => {
    setWatch({ kind: 'starting' });
    setResult(null);
    setError(null);
    api.startSync().then((s) => take(s, true), (e: unknown) => { fail(e); setWatch({ kind: 'none' }); });
  }, [api, take]);

  useEffect(() => {
    api.getSyncStatus().then((s) => {
      take(s, false);
      // Nothing syncs this person while they are away: opening the tab is when their replies are found.
      if (s.backgroundSync === 'when_open' && !s.running) start();
    }, fail);
  }, [api, take, start]);

  useEffect(() => {
    if (watch.kind !== 'running') return undefined;
    const timer = setTimeout(() => api.getSyncStatus().then((s) => take(s, true), (e: unknown) => { fail(e); setWatch({ kind: 'none' }); }), pollMs);
    return () => clearTimeout(timer);
  }, [api, watch, status, pollMs, take]);

  const s = tabStrings.sync;
  const busy = watch.kind !== 'none';
  let text: string = s.never;
  if (watch.kind === 'starting') text = s.starting;
  else if (status?.running) text = s.running(status.phase, status.itemsSeen);
  else if (status?.error === 'sync_in_progress') text = s.inProgressElsewhere;
  else if (status?.error) text = s.failed(status.error);
  else if (status?.finishedAt) text = result === null ? s.lastSynced(formatWhen(status.finishedAt, host.context.locale)) : `${s.lastSynced(formatWhen(status.finishedAt, host.context.locale))} · ${result}`;
  if (error) text = s.failed(error);

  return (
    <div className={styles.bar}>
      <Button icon={<ArrowSync20Regular />} onClick={start} disabled={busy || status?.running === true}>{s.syncNow}</Button>
      {busy ? (
        <Field className={styles.progress} validationMessage={text} validationState="none" label={s.label}>
          <ProgressBar thickness="large" />
        </Field>
      ) : (
        <Caption1 role="status" aria-live="polite">{text}</Caption1>
      )}
      {status?.backgroundSync === 'when_open' ? <Caption1>{s.whenOpen}</Caption1> : null}
    </div>
  );
}
