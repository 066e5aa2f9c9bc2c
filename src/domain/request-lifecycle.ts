/**
 * The lifecycle of a tracked request, as pure transitions: resolve, reopen, wait (on the requester), resume and
 * respond (marked by hand). Each returns the new state and the event to record, or throws DomainError
 * `invalid_transition` when the action makes no sense in the current state (resolving twice, resuming what is not
 * waiting…). `now` is a parameter; nothing here reads a clock.
 */
import { DomainError } from './domain-error';

/** Where a request came from: a mail or a Teams chat message. */
export type RequestSource = 'email' | 'chat';
/** `open` (clocks running), `waiting` (on the requester: resolution clock paused), `resolved`. Untracked requests disappear. */
export type RequestStatus = 'open' | 'waiting' | 'resolved';
/** How the first response was established: seen in Graph (mail or chat) or marked by hand (a phone call). */
export type ResponseSource = 'email' | 'chat' | 'manual';
export type LifecycleAction = 'resolve' | 'reopen' | 'wait' | 'resume' | 'respond';
export type LifecycleEventType = 'resolved' | 'reopened' | 'waiting' | 'resumed' | 'responded';

export interface LifecyclePeriod {
  from: Date;
  /** null while still waiting. */
  to: Date | null;
}

/** The part of a request the lifecycle changes. */
export interface LifecycleState {
  status: RequestStatus;
  receivedAt: Date;
  firstResponseAt: Date | null;
  firstResponseSource: ResponseSource | null;
  resolvedAt: Date | null;
  /** When the request was first resolved: set by the first resolve, kept by reopen (the first-response clock stops here). */
  firstResolvedAt: Date | null;
  /** How many times the request was reopened. */
  reopenCount: number;
  waitingPeriods: LifecyclePeriod[];
}

export interface LifecycleTransition {
  state: LifecycleState;
  eventType: LifecycleEventType;
}

const EVENT: Record<LifecycleAction, LifecycleEventType> = {
  resolve: 'resolved',
  reopen: 'reopened',
  wait: 'waiting',
  resume: 'resumed',
  respond: 'responded',
};

function invalid(action: LifecycleAction, state: LifecycleState, why: string): DomainError {
  return new DomainError('invalid_transition', `Cannot ${action} a request that is ${state.status}: ${why}.`);
}

/** Closes the open waiting period (if any) at `at` (never before it started). */
function closeWaiting(periods: LifecyclePeriod[], at: Date): LifecyclePeriod[] {
  return periods.map((p) => (p.to === null ? { from: p.from, to: at.getTime() < p.from.getTime() ? p.from : at } : p));
}

/** The later of `now` and `receivedAt`: nothing happens to a request before it was received. */
function notBeforeReceived(state: LifecycleState, now: Date): Date {
  return now.getTime() < state.receivedAt.getTime() ? state.receivedAt : now;
}

/**
 * Applies `action` at `now` (UTC).
 * @throws DomainError `invalid_transition` when the action is not allowed in the current state.
 */
export function applyLifecycleAction(state: LifecycleState, action: LifecycleAction, now: Date): LifecycleTransition {
  const at = notBeforeReceived(state, now);
  const next = (changes: Partial<LifecycleState>): LifecycleTransition => ({ state: { ...state, ...changes }, eventType: EVENT[action] });
  switch (action) {
    case 'resolve':
      if (state.status === 'resolved') throw invalid(action, state, 'it is already resolved');
      return next({ status: 'resolved', resolvedAt: at, firstResolvedAt: state.firstResolvedAt ?? at, waitingPeriods: closeWaiting(state.waitingPeriods, at) });
    case 'reopen':
      if (state.status !== 'resolved') throw invalid(action, state, 'only resolved requests can be reopened');
      // The resolution clock resumes; the time spent resolved does not count (DESIGN.md "Reopen"): it is paused like a
      // wait, [resolvedAt, now), which pauses the resolution clock only. `firstResolvedAt` stays, so a first-response
      // clock the resolve stopped stays stopped; the request counts the reopen.
      return next({
        status: 'open',
        resolvedAt: null,
        reopenCount: state.reopenCount + 1,
        waitingPeriods: state.resolvedAt !== null && state.resolvedAt.getTime() < at.getTime()
          ? [...state.waitingPeriods, { from: state.resolvedAt, to: at }]
          : state.waitingPeriods,
      });
    case 'wait':
      if (state.status !== 'open') throw invalid(action, state, 'only open requests can wait on the requester');
      return next({ status: 'waiting', waitingPeriods: [...state.waitingPeriods, { from: at, to: null }] });
    case 'resume':
      if (state.status !== 'waiting') throw invalid(action, state, 'it is not waiting on the requester');
      return next({ status: 'open', waitingPeriods: closeWaiting(state.waitingPeriods, at) });
    case 'respond':
      if (state.firstResponseAt !== null) throw invalid(action, state, 'a first response is already recorded');
      return next({ firstResponseAt: at, firstResponseSource: 'manual' });
  }
}
