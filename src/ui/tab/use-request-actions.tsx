import {
  Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, DialogTrigger, Link, Toast, ToastTitle, Toaster,
  useId, useToastController,
} from '@fluentui/react-components';
import { useCallback, useRef, useState, type ReactElement, type ReactNode } from 'react';
import type { RequestView, UndoOffer } from '../../contracts/api';
import { isApiErrorCode } from '../shared/api-client';
import type { QueueActionName } from './queue-model';
import { useTabServices } from './tab-services';
import { tabStrings } from './tab-strings';

/** An action on a request that changes it on the server (opening the original message is not one). */
export type RequestChangeAction = Exclude<QueueActionName, 'open'>;

/** Actions that take something away: asked about in a Dialog first. */
const CONFIRMED: ReadonlySet<RequestChangeAction> = new Set(['reopen', 'untrack']);

/** How long the toast with Undo stays (paused while hovered or the window is blurred). The server allows longer. */
const TOAST_MS = 15_000;

/** What the server answered: the request after the change (null once untracked) — the view puts it in its list. */
export interface RequestChanged {
  /** The request the change was about. */
  id: string;
  /** Its state now; null when it left every list (untracked). */
  request: RequestView | null;
  /** What was done: an action, or `undo` (the request is back as it was before the undone change). */
  action: RequestChangeAction | 'undo';
}

export interface RequestActions {
  /** Runs `action` on `request`: Reopen and Untrack ask first; every change ends in a toast, with Undo when the server offers one. */
  run: (request: RequestView, action: RequestChangeAction) => void;
  /** The request whose change is under way (its buttons wait), or null. */
  busyId: string | null;
  /** The confirmation Dialog and the Toaster: render once where the view is. */
  ui: ReactNode;
}

/**
 * Changing a request the way a Microsoft 365 user expects: a Fluent `Dialog` confirms destructive actions in plain
 * words, then a toast says what happened and offers **Undo**. Undo is the server's (`{action: "undo", eventId}`): the
 * change is kept there as a soft state with a restore, so it works from any surface and survives a reload. The queue
 * and the request detail panel both use this hook, so an action behaves the same wherever it is started.
 */
export function useRequestActions(onChanged: (change: RequestChanged) => void): RequestActions {
  const { api } = useTabServices();
  const toasterId = useId('request-changes');
  const { dispatchToast, dismissToast } = useToastController(toasterId);
  const [confirming, setConfirming] = useState<{ request: RequestView; action: RequestChangeAction } | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);
  const changed = useRef(onChanged);
  changed.current = onChanged;
  const c = tabStrings.changes;

  const notify = useCallback((intent: 'success' | 'error' | 'warning', title: string, action?: ReactElement, toastId?: string) => {
    dispatchToast(
      <Toast>
        <ToastTitle action={action}>{title}</ToastTitle>
      </Toast>,
      { intent, timeout: action === undefined ? 6_000 : TOAST_MS, pauseOnHover: true, pauseOnWindowBlur: true, ...(toastId === undefined ? {} : { toastId }) },
    );
  }, [dispatchToast]);

  const undo = useCallback(async (request: RequestView, offer: UndoOffer, toastId: string) => {
    dismissToast(toastId);
    setBusyId(request.id);
    try {
      const back = await api.changeRequest(request.id, { action: 'undo', eventId: offer.eventId });
      changed.current({ id: request.id, request: back.request, action: 'undo' });
      notify('success', c.undone(request.subject));
    } catch (e) {
      if (isApiErrorCode(e, 'undo_expired')) notify('warning', c.undoExpired);
      else if (isApiErrorCode(e, 'undo_superseded')) notify('warning', c.undoSuperseded);
      else notify('error', c.failed(e instanceof Error ? e.message : String(e)));
    } finally {
      setBusyId(null);
    }
  }, [api, c, dismissToast, notify]);

  const perform = useCallback(async (request: RequestView, action: RequestChangeAction) => {
    setBusyId(request.id);
    try {
      const change = await api.changeRequest(request.id, { action });
      changed.current({ id: request.id, request: change.request, action });
      const offer = change.undo;
      const toastId = `${request.id}:${offer?.eventId ?? action}`;
      const undoLink = offer === null ? undefined : (
        <Link as="button" onClick={() => { void undo(request, offer, toastId); }}>{c.undo}</Link>
      );
      notify('success', c.done[action](request.subject), undoLink, toastId);
    } catch (e) {
      notify('error', c.failed(e instanceof Error ? e.message : String(e)));
    } finally {
      setBusyId(null);
    }
  }, [api, c, notify, undo]);

  const run = useCallback((request: RequestView, action: RequestChangeAction) => {
    if (CONFIRMED.has(action)) setConfirming({ request, action });
    else void perform(request, action);
  }, [perform]);

  // The Dialog keeps its words while it animates closed.
  const asked = useRef<{ request: RequestView; action: RequestChangeAction } | null>(null);
  if (confirming !== null) asked.current = confirming;
  const shown = asked.current;
  const question = shown === null ? null : c.confirm[shown.action as 'reopen' | 'untrack'];
  const ui = (
    <>
      <Toaster toasterId={toasterId} position="bottom-end" />
      <Dialog modalType="alert" open={confirming !== null} onOpenChange={(_e, d) => { if (!d.open) setConfirming(null); }}>
        <DialogSurface>
          {shown !== null && question !== null && (
            <DialogBody>
              <DialogTitle>{question.title}</DialogTitle>
              <DialogContent>{question.body(shown.request.subject)}</DialogContent>
              <DialogActions>
                <Button
                  appearance="primary"
                  onClick={() => {
                    if (confirming === null) return;
                    setConfirming(null);
                    void perform(confirming.request, confirming.action);
                  }}
                >
                  {question.action}
                </Button>
                <DialogTrigger disableButtonEnhancement>
                  <Button appearance="secondary">{c.confirm.cancel}</Button>
                </DialogTrigger>
              </DialogActions>
            </DialogBody>
          )}
        </DialogSurface>
      </Dialog>
    </>
  );
  return { run, busyId, ui };
}
