/** The {@link UndoOffer} an API answer carries after a person's undoable change (see src/domain/request-undo.ts). */
import type { UndoOffer } from './views/request-views';
import { undoDeadline, type UndoableEventType } from '../domain/request-undo';
import type { RequestEvent } from './records';

const ACTION_OF: Record<UndoableEventType, UndoOffer['action']> = {
  resolved: 'resolve', reopened: 'reopen', waiting: 'wait', resumed: 'resume', responded: 'respond', untracked: 'untrack',
};

/**
 * The offer to undo the change the caller just wrote: its event is the newest of `type` by `actorId` at `at` (written
 * in the same call, so found even when a sync wrote another event right after).
 */
export function undoOfferFor(events: readonly RequestEvent[], type: UndoableEventType, actorId: string, at: Date): UndoOffer | null {
  for (let i = events.length - 1; i >= 0; i -= 1) {
    const e = events[i] as RequestEvent;
    if (e.type === type && e.actorId === actorId && e.at.getTime() === at.getTime()) {
      return { eventId: e.id, action: ACTION_OF[type], until: undoDeadline(e.at).toISOString() };
    }
  }
  return null;
}
