import { makeStyles, tokens } from '@fluentui/react-components';
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useRef } from 'react';
import type { RequestView } from '../../contracts/api';
import { QUEUE_ROW_HEIGHT, QueueRow } from './queue-row';
import { markOnce } from './start-marks';
import { tabStrings } from './tab-strings';

/** Rows rendered beyond each edge of the viewport: enough for keyboard and wheel steps, few enough to mount quickly. */
export const QUEUE_OVERSCAN_ROWS = 3;

const useStyles = makeStyles({
  scroller: {
    flexGrow: 1, minHeight: '240px', overflowY: 'auto', position: 'relative',
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium,
    overscrollBehavior: 'contain',
  },
  // Its height is set from the rows and its width from the scroller, so its contents never resize it: strict
  // containment lets the browser lay out and paint a scrolled frame without looking outside the list.
  list: { position: 'relative', width: '100%', contain: 'strict' },
});

export interface QueueListProps {
  requests: readonly RequestView[];
  locale: string;
  busyId: string | null;
  /** The request whose actions menu is open. */
  menuOpenId: string | null;
  /** Stable: opens the one actions menu for a row. */
  onOpenActions: (request: RequestView, button: HTMLButtonElement) => void;
  /** Stable: opens a request's detail panel (a click on its row, or Enter on its subject). */
  onOpenDetail: (request: RequestView) => void;
  /** Stable: called when the list scrolls (the open menu's row may scroll away). */
  onScroll?: () => void;
}

/**
 * The virtual list of requests. Its own component so a scrolled frame re-renders only the list (the filters and
 * the rest of the tab stay as they are); rows are memoised on primitive props, so rows already on screen are skipped.
 */
export const QueueList = memo(function QueueList({ requests, locale, busyId, menuOpenId, onOpenActions, onOpenDetail, onScroll }: QueueListProps) {
  const styles = useStyles();
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: requests.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => QUEUE_ROW_HEIGHT,
    overscan: QUEUE_OVERSCAN_ROWS,
    initialRect: { width: 800, height: 600 },
    getItemKey: (index) => requests[index]?.id ?? index,
  });
  const items = virtualizer.getVirtualItems();
  const hasRows = items.length > 0;
  useEffect(() => {
    // For the benchmark's breakdown of the time to an interactive queue (a no-op cost otherwise).
    if (hasRows) markOnce('tab:rows');
  }, [hasRows]);

  return (
    <div ref={scrollRef} className={styles.scroller} data-testid="queue-scroller" onScroll={onScroll}>
      <div role="list" aria-label={tabStrings.queue.listLabel} className={styles.list} style={{ height: virtualizer.getTotalSize() }}>
        {items.map((item) => {
          const request = requests[item.index];
          if (!request) return null;
          return (
            <QueueRow
              key={request.id} request={request} locale={locale} busy={busyId === request.id} menuOpen={menuOpenId === request.id}
              onOpenActions={onOpenActions} onOpenDetail={onOpenDetail} posInSet={item.index + 1} setSize={requests.length} top={item.start}
            />
          );
        })}
      </div>
    </div>
  );
});
