/**
 * Undo of a change to a request, as a pure rule. A lifecycle change (resolve, reopen, wait, resume, respond) records the
 * lifecycle state it replaced in its event (`data.before`); an untrack keeps the request aside (soft state). Undo puts
 * the state back exactly — but only while the change is the request's latest and within {@link UNDO_WINDOW_MINUTES}.
 * `now` is a parameter; nothing here reads a clock.
 */
import { DomainError } from './domain-error';
import type { LifecycleState, RequestStatus } from './request-lifecycle';

/** How long a change can be undone, in minutes (wall-clock: undo is about a mis-click, not about working time). */
export const UNDO_WINDOW_MINUTES = 10;
const UNDO_WINDOW_MS = UNDO_WINDOW_MINUTES * 60_000;

/** The event types a person's change leaves, and whether undo can put the state back. */
export const UNDOABLE_EVENT_TYPES = ['resolved', 'reopened', 'waiting', 'resumed', 'responded', 'untracked'] as const;
export type UndoableEventType = (typeof UNDOABLE_EVENT_TYPES)[number];

/** Events that do not change what a person sees of the request's state (a breach is only a note of a clock's fate). */
const NOT_A_CHANGE = new Set(['breach']);

/** The lifecycle part of a request as it was before a change, as JSON (instants as ISO strings). */
export interface LifecycleSnapshot {
  status: RequestStatus;
  firstResponseAt: string | null;
  firstResponseSource: LifecycleState['firstResponseSource'];
  resolvedAt: string | null;
  firstResolvedAt: string | null;
  reopenCount: number;
  waitingPeriods: { from: string; to: string | null }[];
}

/** What undo puts back: the lifecycle fields of {@link LifecycleState} except `receivedAt`, which never changes. */
export type RestoredLifecycle = Omit<LifecycleState, 'receivedAt'>;

/** A request event as the rule needs it. */
export interface UndoEvent {
  /** Sorts by creation (the store's ids are time-ordered). */
  id: string;
  type: string;
  /** The person who made the change, or 'system'. */
  actorId: string;
  at: Date;
  data: Record<string, unknown> | null;
}

/** The state a change replaced, to keep in its event's `data.before`. */
export function snapshotLifecycle(state: Omit<LifecycleState, 'receivedAt'>): LifecycleSnapshot {
  return {
    status: state.status,
    firstResponseAt: state.firstResponseAt?.toISOString() ?? null,
    firstResponseSource: state.firstResponseSource,
    resolvedAt: state.resolvedAt?.toISOString() ?? null,
    firstResolvedAt: state.firstResolvedAt?.toISOString() ?? null,
    reopenCount: state.reopenCount,
    waitingPeriods: state.waitingPeriods.map((p) => ({ from: p.from.toISOString(), to: p.to?.toISOString() ?? null })),
  };
}

/** When the change made at `changedAt` can no longer be undone. */
export function undoDeadline(changedAt: Date): Date {
  return new Date(changedAt.getTime() + UNDO_WINDOW_MS);
}

function isUndoableType(type: string): type is UndoableEventType {
  return (UNDOABLE_EVENT_TYPES as readonly string[]).includes(type);
}

const STATUSES = new Set(['open', 'waiting', 'resolved']);
const SOURCES = new Set(['email', 'chat', 'manual', null]);

function instant(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** The snapshot in an event's data, read back strictly; null when there is none or it is malformed. */
function readSnapshot(data: Record<string, unknown> | null): RestoredLifecycle | null {
  const raw = data?.before as Partial<LifecycleSnapshot> | undefined;
  if (raw === undefined || raw === null || typeof raw !== 'object') return null;
  if (!STATUSES.has(raw.status as string) || !SOURCES.has(raw.firstResponseSource as string | null)) return null;
  if (!Array.isArray(raw.waitingPeriods)) return null;
  // A snapshot written before reopens were counted (no `firstResolvedAt`, `reopenCount`) is one undo cannot put back.
  if (!Number.isInteger(raw.reopenCount) || (raw.reopenCount as number) < 0 || raw.firstResolvedAt === undefined) return null;
  const firstResponseAt = raw.firstResponseAt === null ? null : instant(raw.firstResponseAt);
  const resolvedAt = raw.resolvedAt === null ? null : instant(raw.resolvedAt);
  const firstResolvedAt = raw.firstResolvedAt === null ? null : instant(raw.firstResolvedAt);
  if ((raw.firstResponseAt !== null && firstResponseAt === null) || (raw.resolvedAt !== null && resolvedAt === null)) return null;
  if (raw.firstResolvedAt !== null && firstResolvedAt === null) return null;
  const waitingPeriods: RestoredLifecycle['waitingPeriods'] = [];
  for (const p of raw.waitingPeriods) {
    const from = instant(p?.from);
    const to = p?.to === null ? null : instant(p?.to);
    if (from === null || (p.to !== null && to === null)) return null;
    waitingPeriods.push({ from, to });
  }
  return {
    status: raw.status as RequestStatus, firstResponseAt, firstResponseSource: raw.firstResponseSource ?? null, resolvedAt, firstResolvedAt,
    reopenCount: raw.reopenCount as number, waitingPeriods,
  };
}

/** The outcome of {@link decideUndo}: put the lifecycle back, or bring an untracked request back. */
export type UndoDecision =
  | { kind: 'restoreLifecycle'; undoes: UndoableEventType; state: RestoredLifecycle }
  | { kind: 'restoreUntracked'; undoes: 'untracked' };

/**
 * Whether the change `target` can be undone at `now`, given every event of its request (any order), and what undo
 * must write. "Later" is the order the events were written in — their ids sort by creation — not their `at`: sync
 * records a first response found now at the instant it was sent, which may be before the change.
 * @throws DomainError `undo_unavailable` when the event is not a change undo can reverse (or not the person's own);
 * `undo_expired` after {@link UNDO_WINDOW_MINUTES}; `undo_superseded` when another change came after it (an undo
 * included: a change is undone once).
 */
export function decideUndo(target: UndoEvent, events: readonly UndoEvent[], actorId: string, now: Date): UndoDecision {
  if (!isUndoableType(target.type) || target.actorId !== actorId) {
    throw new DomainError('undo_unavailable', 'This change cannot be undone.');
  }
  if (now.getTime() > undoDeadline(target.at).getTime()) {
    throw new DomainError('undo_expired', `A change can be undone for ${UNDO_WINDOW_MINUTES} minutes; this one is older.`);
  }
  const later = events.some((e) => e.id !== target.id && !NOT_A_CHANGE.has(e.type) && e.id > target.id);
  if (later) throw new DomainError('undo_superseded', 'The request changed again after this change; undo the later change first.');
  if (target.type === 'untracked') return { kind: 'restoreUntracked', undoes: 'untracked' };
  const state = readSnapshot(target.data);
  if (state === null) throw new DomainError('undo_unavailable', 'This change did not record what it replaced, so it cannot be undone.');
  return { kind: 'restoreLifecycle', undoes: target.type, state };
}
