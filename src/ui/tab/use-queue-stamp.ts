import { useEffect, useRef } from 'react';
import type { ApiClient } from '../shared/api-client';

/** How often an open, visible queue asks whether it changed (GET /api/me/queue/stamp: one index read on the server). */
export const QUEUE_STAMP_POLL_MS = 5_000;

/**
 * Keeps the queue on screen current without the person doing anything: while the page is visible, asks for the open
 * queue's stamp every `pollMs` and calls `reload` when it differs from the stamp of the queue shown (a reply that a
 * change notification brought in, a request tracked in Outlook, a change made on another device). Hidden pages do not
 * ask; the queue reloads when the person comes back anyway. A failed ask is tried again at the next turn: the queue on
 * screen stays, and its own errors are the queue's to show.
 */
export function useQueueStamp(api: Pick<ApiClient, 'getQueueStamp'>, shownStamp: string | null, busy: boolean, reload: () => void, pollMs = QUEUE_STAMP_POLL_MS): void {
  const latest = useRef({ shownStamp, busy, reload });
  latest.current = { shownStamp, busy, reload };
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const ask = async (): Promise<void> => {
      const { shownStamp: shown, busy: loading } = latest.current;
      if (shown !== null && !loading && document.visibilityState === 'visible') {
        const { stamp } = await api.getQueueStamp().catch(() => ({ stamp: shown }));
        const now = latest.current;
        if (!stopped && stamp !== now.shownStamp && !now.busy) now.reload();
      }
      if (!stopped) timer = setTimeout(() => void ask(), pollMs);
    };
    timer = setTimeout(() => void ask(), pollMs);
    return () => {
      stopped = true;
      if (timer !== null) clearTimeout(timer);
    };
  }, [api, pollMs]);
}
