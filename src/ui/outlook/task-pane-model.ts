/**
 * The task pane's states, decided from the open item alone (no I/O): what the pane shows before it asks the API.
 * Kept pure so the decision is tested without React or Office.
 */
import type { LookupResponse } from '../../contracts/api';
import type { OpenMailItem } from './outlook-host-types';

/** What the pane shows. */
export type TaskPaneState =
  | { kind: 'loading' }
  | { kind: 'noItem' }
  | { kind: 'compose' }
  | { kind: 'notMessage' }
  | { kind: 'notSaved' }
  | { kind: 'ready'; item: OpenMailItem & { restItemId: string }; lookup: LookupResponse }
  | { kind: 'error'; code: string; message: string };

/** The state for an item before lookup: null when the item can be looked up (a saved, received message). */
export function stateBeforeLookup(item: OpenMailItem | null): TaskPaneState | null {
  if (item === null) return { kind: 'noItem' };
  if (item.mode === 'compose') return { kind: 'compose' };
  if (item.itemType !== 'message') return { kind: 'notMessage' };
  if (item.restItemId === null) return { kind: 'notSaved' };
  return null;
}

/** The sender is known to the server and is not a colleague: tracking needs an explicit override. */
export function needsOverride(lookup: LookupResponse): boolean {
  return lookup.sender !== null && !lookup.sender.isColleague;
}
