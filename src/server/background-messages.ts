/**
 * What the server's thread and its background worker thread tell each other (src/server/background-thread.ts and
 * src/server/background-worker.ts): plain data, as `postMessage` copies it.
 */
import type { ApplicationAccessState } from '../app/application-access-health';
import type { Config } from './config';

/** What the worker tells the server's thread. */
export type FromBackgroundWorker =
  | { type: 'ready' }
  | { type: 'access'; state: WireAccessState }
  | { type: 'stopped' };

/**
 * What the server's thread tells the worker: `wake` (a change was recorded), `clock` (the dev tenant's clock the server
 * follows moved: its offset to the system clock), `stop` (finish and close).
 */
export type ToBackgroundWorker = { type: 'wake' } | { type: 'clock'; offsetMs: number } | { type: 'stop' };

/** What the worker starts with. */
export interface BackgroundWorkerData {
  config: Config;
  /** SIMULATED_CLOCK_URL: the offset of the followed clock to the system clock (else null: the system clock). */
  clockOffsetMs: number | null;
}

/** An application-access state between threads (`since` as ISO text). */
export type WireAccessState = { status: 'ok' } | { status: 'refused'; code: string; since: string; detail: string };

export function toWire(state: ApplicationAccessState): WireAccessState {
  return state.status === 'ok' ? state : { ...state, since: state.since.toISOString() };
}

export function fromWire(state: WireAccessState): ApplicationAccessState {
  return state.status === 'ok' ? state : { ...state, since: new Date(state.since) };
}
