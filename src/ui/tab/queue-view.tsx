import { Caption1, Dropdown, Field, MessageBar, MessageBarBody, Option, Switch, makeStyles, tokens } from '@fluentui/react-components';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useMemo, useRef, useState } from 'react';
import type { QueueResponse, RequestView } from '../../contracts/api';
import { useApiData } from '../shared/use-api-data';
import { categoriesOf, filterQueue, sortByDue, type QueueActionName, type QueueStatusFilter } from './queue-model';
import { QUEUE_ROW_HEIGHT, QueueRow } from './queue-row';
import { EmptyState, ErrorState, LoadingState } from './state-views';
import { useTabServices } from './tab-services';
import { tabStrings } from './tab-strings';

const useStyles = makeStyles({
  view: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, minHeight: 0, flexGrow: 1 },
  filters: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalL, alignItems: 'flex-end' },
  dropdown: { minWidth: '180px' },
  scroller: {
    flexGrow: 1, minHeight: '240px', overflowY: 'auto', position: 'relative',
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium,
  },
});

const STATUS_FILTERS: QueueStatusFilter[] = ['all', 'onTrack', 'atRisk', 'breached', 'waiting', 'resolved'];
const ALL = '__all__';

export interface QueueViewProps {
  /** Bumped by the sync bar when a sync finishes. */
  refreshKey: number;
}

/** Open requests ordered by due time, filterable by status and category, virtualised for thousands of rows. */
export function QueueView({ refreshKey }: QueueViewProps) {
  const { api, host } = useTabServices();
  const styles = useStyles();
  const [showResolved, setShowResolved] = useState(false);
  const [status, setStatus] = useState<QueueStatusFilter>('all');
  const [category, setCategory] = useState<string | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);
  const [notice, setNotice] = useState<{ intent: 'success' | 'error'; text: string } | null>(null);
  const queue = useApiData<QueueResponse>(() => api.getQueue(showResolved ? 'all' : 'open'), [api, showResolved, refreshKey]);

  const sorted = useMemo(() => sortByDue(queue.data?.requests ?? []), [queue.data]);
  const categories = useMemo(() => categoriesOf(sorted), [sorted]);
  const shown = useMemo(() => filterQueue(sorted, status, category), [sorted, status, category]);

  const { setData } = queue;
  const onAction = useCallback((request: RequestView, action: QueueActionName) => {
    if (action === 'open') {
      if (request.webLink) host.openLink(request.webLink).catch((e: unknown) => setNotice({ intent: 'error', text: String(e) }));
      return;
    }
    setBusyId(request.id);
    api.updateRequest(request.id, { action }).then(
      (updated) => {
        setData((q) => ({
          ...q,
          requests: action === 'untrack' || updated === null
            ? q.requests.filter((r) => r.id !== request.id)
            : q.requests.map((r) => (r.id === request.id ? updated : r)),
        }));
        setNotice({ intent: 'success', text: tabStrings.queue.done(tabStrings.actions[action]) });
      },
      (e: unknown) => setNotice({ intent: 'error', text: tabStrings.errors.generic(e instanceof Error ? e.message : String(e)) }),
    ).finally(() => setBusyId(null));
  }, [api, host, setData]);

  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: shown.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => QUEUE_ROW_HEIGHT,
    overscan: 8,
    initialRect: { width: 800, height: 600 },
  });

  const s = tabStrings.queue;
  if (queue.state === 'error' && queue.data === null) return <ErrorState error={queue.error} onRetry={queue.reload} />;
  if (queue.data === null) return <LoadingState />;

  return (
    <section className={styles.view} aria-label={tabStrings.nav.queue}>
      <div className={styles.filters}>
        <Field label={s.statusFilter}>
          <Dropdown
            className={styles.dropdown}
            value={status === 'all' ? s.allStatuses : tabStrings.status[status]}
            selectedOptions={[status]}
            onOptionSelect={(_e, d) => setStatus((d.optionValue as QueueStatusFilter | undefined) ?? 'all')}
          >
            {STATUS_FILTERS.map((f) => <Option key={f} value={f}>{f === 'all' ? s.allStatuses : tabStrings.status[f]}</Option>)}
          </Dropdown>
        </Field>
        <Field label={s.categoryFilter}>
          <Dropdown
            className={styles.dropdown}
            value={category ?? s.allCategories}
            selectedOptions={[category ?? ALL]}
            onOptionSelect={(_e, d) => setCategory(d.optionValue === ALL || d.optionValue === undefined ? null : d.optionValue)}
          >
            <Option value={ALL}>{s.allCategories}</Option>
            {categories.map((c) => <Option key={c} value={c}>{c}</Option>)}
          </Dropdown>
        </Field>
        <Switch label={s.showResolved} checked={showResolved} onChange={(_e, d) => setShowResolved(d.checked)} />
        <Caption1 role="status" aria-live="polite">{s.count(shown.length, sorted.length)}</Caption1>
      </div>
      {notice && (
        <MessageBar intent={notice.intent} role="status">
          <MessageBarBody>{notice.text}</MessageBarBody>
        </MessageBar>
      )}
      {queue.state === 'error' && <ErrorState error={queue.error} onRetry={queue.reload} />}
      {sorted.length === 0 ? <EmptyState text={s.empty} /> : shown.length === 0 ? <EmptyState text={s.emptyFiltered} /> : (
        <div ref={scrollRef} className={styles.scroller} data-testid="queue-scroller">
          <div role="list" aria-label={s.listLabel} style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualizer.getVirtualItems().map((item) => {
              const request = shown[item.index];
              if (!request) return null;
              return (
                <QueueRow
                  key={request.id} request={request} locale={host.context.locale} busy={busyId === request.id} onAction={onAction}
                  posInSet={item.index + 1} setSize={shown.length}
                  style={{ position: 'absolute', top: 0, left: 0, right: 0, transform: `translateY(${item.start}px)` }}
                />
              );
            })}
          </div>
        </div>
      )}
    </section>
  );
}
