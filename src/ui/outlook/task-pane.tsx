import { useCallback, useEffect, useRef, useState } from 'react';
import { Button, MessageBar, MessageBarBody, MessageBarTitle, Spinner, Text, makeStyles, tokens } from '@fluentui/react-components';
import type { LookupResponse, MyCategoriesResponse, RequestAction, RequestView, TrackRequestBody } from '../../contracts/api';
import { outlookCategoryName } from '../../domain/request-categories';
import type { ApiClient } from '../shared/api-client';
import type { OutlookHost } from './outlook-host-types';
import { SenderSummary } from './sender-summary';
import { TrackRequestForm } from '../shared/track-request-form';
import { TrackedRequestCard } from './tracked-request-card';
import { needsOverride, stateBeforeLookup, type TaskPaneState } from './task-pane-model';

/** The API calls the task pane makes. */
export type TaskPaneApi = Pick<ApiClient, 'lookupRequest' | 'trackRequest' | 'updateRequest' | 'getMyCategories'>;

export interface TaskPaneProps {
  host: OutlookHost;
  api: TaskPaneApi;
  locale?: string;
}

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, padding: tokens.spacingHorizontalL, boxSizing: 'border-box' },
});

/** Titles for the error codes the pane tells apart (the body is the server's detail). */
const ERROR_TITLES: Partial<Record<string, string>> = {
  consent_required: 'Consent needed',
  graph_unauthorized: 'Microsoft 365 refused access',
  message_not_found: 'Message not found',
};

function errorState(error: unknown): TaskPaneState {
  const code = (error as { code?: unknown }).code;
  return { kind: 'error', code: typeof code === 'string' ? code : 'unexpected', message: error instanceof Error ? error.message : String(error) };
}

function Notice({ title, children, intent = 'info' }: { title: string; children: React.ReactNode; intent?: 'info' | 'warning' | 'error' }) {
  return (
    <MessageBar intent={intent} layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>{title}</MessageBarTitle>
        {children}
      </MessageBarBody>
    </MessageBar>
  );
}

/**
 * The Outlook task pane: for the open message, who sent it and whether it is tracked; track it, or act on it.
 * Follows the selection while pinned (ItemChanged); a late answer for a previous item is dropped.
 */
export function TaskPane({ host, api, locale }: TaskPaneProps) {
  const styles = useStyles();
  const [state, setState] = useState<TaskPaneState>({ kind: 'loading' });
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);
  const [categoryNote, setCategoryNote] = useState<string | null>(null);
  const [categories, setCategories] = useState<MyCategoriesResponse | null>(null);
  const generation = useRef(0);

  // My home team's categories, once: they do not depend on the open item.
  useEffect(() => {
    let live = true;
    api.getMyCategories().then((c) => { if (live) setCategories(c); }, (error: unknown) => console.warn('Turnaround: cannot read your team’s categories', error));
    return () => { live = false; };
  }, [api]);

  const load = useCallback(async () => {
    const mine = ++generation.current;
    setActionError(null);
    setCategoryNote(null);
    let next: TaskPaneState;
    try {
      const item = host.currentItem();
      const early = stateBeforeLookup(item);
      if (early !== null || item === null || item.restItemId === null) {
        next = early ?? { kind: 'noItem' };
      } else {
        setState({ kind: 'loading' });
        const lookup = await api.lookupRequest('email', item.restItemId);
        next = { kind: 'ready', item: { ...item, restItemId: item.restItemId }, lookup };
      }
    } catch (error) {
      next = errorState(error);
    }
    if (mine === generation.current) setState(next);
  }, [host, api]);

  useEffect(() => {
    void load();
    host.onItemChanged(() => void load()).catch((error: unknown) => console.warn('Turnaround: cannot follow item changes', error));
  }, [host, load]);

  const showRequest = (lookup: LookupResponse, request: RequestView | null) => {
    setState((current) =>
      current.kind === 'ready' ? { ...current, lookup: { ...lookup, tracked: request !== null, request } } : current,
    );
  };

  const track = async (choice: Omit<TrackRequestBody, 'source' | 'messageId'>) => {
    if (state.kind !== 'ready') return;
    const mine = generation.current;
    setBusy(true);
    setActionError(null);
    try {
      const request = await api.trackRequest({ source: 'email', messageId: state.item.restItemId, ...choice });
      if (mine !== generation.current) return;
      showRequest(state.lookup, request);
      // The server sets the category through Graph; adding it here too shows it in Outlook at once. Best effort:
      // Office rejects a category missing from the mailbox's master list, and then Graph's copy arrives with the sync.
      if (host.supportsCategories) {
        const name = outlookCategoryName(request.category);
        host.addCategoryToItem(name).catch(() => setCategoryNote(`Outlook will show the "${name}" category after its next sync.`));
      }
    } catch (error) {
      setActionError(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  };

  const act = async (action: RequestAction) => {
    if (state.kind !== 'ready' || !state.lookup.request) return;
    const mine = generation.current;
    setBusy(true);
    setActionError(null);
    try {
      const request = await api.updateRequest(state.lookup.request.id, action);
      if (mine === generation.current) showRequest(state.lookup, action.action === 'untrack' ? null : request);
    } catch (error) {
      setActionError(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className={styles.root} data-state={state.kind} aria-busy={state.kind === 'loading' || busy}>
      {state.kind === 'loading' && <Spinner size="small" label="Looking up this email…" />}
      {state.kind === 'noItem' && <Notice title="No message selected">Select an email to track it or see its status.</Notice>}
      {state.kind === 'compose' && (
        <Notice title="Not offered while writing">Turnaround tracks emails colleagues sent you. Open a received message to track it.</Notice>
      )}
      {state.kind === 'notMessage' && <Notice title="Only emails can be tracked">This item is not an email message.</Notice>}
      {state.kind === 'notSaved' && (
        <Notice title="This message is not saved yet">Outlook has not saved it to your mailbox, so it has no id yet. Try again in a moment.</Notice>
      )}
      {state.kind === 'error' && (
        <Notice title={ERROR_TITLES[state.code] ?? 'Something went wrong'} intent="error">
          <Text block>{state.message}</Text>
          <Button size="small" onClick={() => void load()}>Try again</Button>
        </Notice>
      )}
      {state.kind === 'ready' && (
        <>
          <SenderSummary item={state.item} lookup={state.lookup} />
          {state.lookup.request ? (
            <TrackedRequestCard request={state.lookup.request} busy={busy} onAction={(a) => void act(a)} {...(locale ? { locale } : {})} />
          ) : (
            <TrackRequestForm key={state.item.restItemId} external={needsOverride(state.lookup)} busy={busy} categories={categories} onTrack={(c) => void track(c)} />
          )}
          {categoryNote && <Text size={200}>{categoryNote}</Text>}
        </>
      )}
      {actionError && <Notice title="That did not work" intent="error">{actionError}</Notice>}
    </main>
  );
}
