import {
  Caption1, Dropdown, Field, Menu, MenuItem, MenuList, MenuPopover, MessageBar, MessageBarBody, Option, Switch, makeStyles, tokens,
} from '@fluentui/react-components';
import { useCallback, useMemo, useRef, useState } from 'react';
import type { QueueResponse, RequestView } from '../../contracts/api';
import { useApiData } from '../shared/use-api-data';
import { availableActions, categoriesOf, filterQueue, sortByDue, withChange, type QueueActionName, type QueueStatusFilter } from './queue-model';
import { QueueList } from './queue-list';
import { RequestDetailPanel } from './request-detail-panel';
import { takeDeepLinkedRequest } from './request-detail-model';
import { EmptyState, ErrorState, LoadingState } from './state-views';
import { useTabServices } from './tab-services';
import { tabStrings } from './tab-strings';
import { useQueueStamp } from './use-queue-stamp';
import { useRequestActions, type RequestChanged } from './use-request-actions';

const useStyles = makeStyles({
  view: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, minHeight: 0, flexGrow: 1 },
  filters: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalL, alignItems: 'flex-end' },
  dropdown: { minWidth: '180px' },
});

const STATUS_FILTERS: QueueStatusFilter[] = ['all', 'onTrack', 'atRisk', 'breached', 'waiting', 'resolved'];
const ALL = '__all__';

export interface QueueViewProps {
  /** Bumped by the sync bar when a sync finishes. */
  refreshKey: number;
  /** The open queue, already requested while the tab started (used once, for the first load). */
  initialQueue?: Promise<QueueResponse>;
  /** How often the visible queue asks whether it changed (default QUEUE_STAMP_POLL_MS, use-queue-stamp.ts). */
  stampPollMs?: number;
}

/**
 * Open requests ordered by due time, filterable by status and category, virtualised for thousands of rows. One
 * actions menu serves every row: it opens at the row's actions button and gives focus back to it when it closes.
 */
export function QueueView({ refreshKey, initialQueue, stampPollMs }: QueueViewProps) {
  const { api, host } = useTabServices();
  const styles = useStyles();
  const [showResolved, setShowResolved] = useState(false);
  const [status, setStatus] = useState<QueueStatusFilter>('all');
  const [category, setCategory] = useState<string | null>(null);
  // Only for what has no toast: a failure to open the original message.
  const [notice, setNotice] = useState<{ intent: 'success' | 'error'; text: string } | null>(null);
  const [menu, setMenu] = useState<{ request: RequestView; button: HTMLButtonElement } | null>(null);
  // The request whose detail panel is open: a row's click, or a deep link (`request:<id>`) when the tab starts.
  const [detailId, setDetailId] = useState<string | null>(() => takeDeepLinkedRequest(host.context));
  const prefetched = useRef(initialQueue);
  const queue = useApiData<QueueResponse>(() => {
    const early = prefetched.current;
    prefetched.current = undefined;
    return early && !showResolved ? early : api.getQueue(showResolved ? 'all' : 'open');
  }, [api, showResolved, refreshKey], { refreshOnFocus: true });

  const sorted = useMemo(() => sortByDue(queue.data?.requests ?? []), [queue.data]);
  const categories = useMemo(() => categoriesOf(sorted), [sorted]);
  const shown = useMemo(() => filterQueue(sorted, status, category), [sorted, status, category]);

  const { setData, reload } = queue;
  useQueueStamp(api, queue.data?.stamp ?? null, queue.state === 'loading', reload, stampPollMs);
  // A change the server confirmed shows at once (a resolved row leaves while resolved ones are hidden; an undone untrack
  // comes back), then the queue is read again so every row and the count are the server's.
  const onChanged = useCallback((change: RequestChanged) => {
    setData((q) => ({ ...q, requests: withChange(q.requests, change.id, change.request, showResolved) }));
    reload();
  }, [setData, reload, showResolved]);
  const requestActions = useRequestActions(onChanged);
  // The detail panel saved the note: the row shows it at once.
  const onUpdated = useCallback((updated: RequestView) => {
    setData((q) => ({ ...q, requests: q.requests.map((r) => (r.id === updated.id ? updated : r)) }));
  }, [setData]);
  const { run, busyId } = requestActions;
  const onAction = useCallback((request: RequestView, action: QueueActionName) => {
    if (action === 'open') {
      if (request.webLink) host.openLink(request.webLink).catch((e: unknown) => setNotice({ intent: 'error', text: String(e) }));
      return;
    }
    run(request, action);
  }, [host, run]);

  const openActions = useCallback((request: RequestView, button: HTMLButtonElement) => setMenu({ request, button }), []);
  const openDetail = useCallback((request: RequestView) => setDetailId(request.id), []);
  const detailSummary = useMemo(() => (detailId === null ? undefined : sorted.find((r) => r.id === detailId)), [sorted, detailId]);
  // The anchor row may scroll out of the window and unmount: close rather than float over another row.
  const closeOnScroll = useCallback(() => setMenu((m) => (m === null || m.button.isConnected ? m : null)), []);
  const closeMenu = () => {
    if (menu?.button.isConnected) menu.button.focus();
    setMenu(null);
  };

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
        <QueueList
          requests={shown} locale={host.context.locale} busyId={busyId} menuOpenId={menu?.request.id ?? null}
          onOpenActions={openActions} onOpenDetail={openDetail} onScroll={menu === null ? undefined : closeOnScroll}
        />
      )}
      {detailId !== null && (
        <RequestDetailPanel requestId={detailId} summary={detailSummary} busy={busyId === detailId} onClose={() => setDetailId(null)} onAction={onAction} onUpdated={onUpdated} />
      )}
      {menu && (
        <Menu open positioning={{ target: menu.button, position: 'below', align: 'end' }} onOpenChange={(_e, d) => { if (!d.open) closeMenu(); }}>
          <MenuPopover>
            <MenuList aria-label={s.actionsFor(menu.request.subject)}>
              {availableActions(menu.request).map((action) => (
                <MenuItem key={action} onClick={() => onAction(menu.request, action)}>{tabStrings.actions[action]}</MenuItem>
              ))}
            </MenuList>
          </MenuPopover>
        </Menu>
      )}
      {requestActions.ui}
    </section>
  );
}
