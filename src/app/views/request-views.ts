/**
 * What the request use cases answer and accept: a tracked request with its two clocks, its history, the caller's asks,
 * and the actions a request takes.
 * The API sends these as JSON (src/contracts/api.ts re-exports them): instants are ISO-8601 UTC strings.
 */
import type { ClockStatus } from '../../domain/clocks';
import type { Priority } from '../../domain/priority';
import type { RequestSource, RequestStatus, ResponseSource } from '../../domain/request-lifecycle';
import type { PersonRef } from '../records';

export interface ClockView {
  status: ClockStatus;
  targetMinutes: number;
  usedMinutes: number;
  /** Negative once breached. */
  remainingMinutes: number;
  /** When the target is reached in the assignee's working time; null while paused (waiting on requester). */
  dueAt: string | null;
  /** When the clock stopped (first response / resolution), else null. */
  stoppedAt: string | null;
  /**
   * Once the target is exceeded (breached, missed) and `dueAt` is known: how many of the assignee's working days began
   * after `dueAt` and up to the stop (or now), on their calendar (holidays and out of office excluded). 0 within the
   * day of the breach. Absent otherwise.
   */
  overdueWorkingDays?: number;
}

export interface RequestView {
  id: string;
  source: RequestSource;
  messageId: string;
  chatId: string | null;
  /** Outlook web link of the email, or the Teams deep link of the chat message. */
  webLink: string | null;
  requester: PersonRef;
  assignee: PersonRef;
  teamId: string | null;
  subject: string;
  /** A short preview (≤ 255 chars) — never the body. */
  preview: string;
  category: string | null;
  priority: Priority;
  note: string | null;
  status: RequestStatus;
  /** Tracked although the sender is not a colleague. */
  colleagueOverride: boolean;
  receivedAt: string;
  firstResponseAt: string | null;
  firstResponseSource: ResponseSource | null;
  resolvedAt: string | null;
  /** How many times the request was reopened (0 when never). */
  reopenCount: number;
  waitingSince: string | null;
  clocks: { firstResponse: ClockView; resolution: ClockView };
  /** Only in the answer to a PATCH that made an undoable change (resolve, reopen, wait, resume, respond): how to undo it. */
  undo?: UndoOffer;
}

/** PATCH /api/requests/:id `{action: "untrack"}` → 200: the request left every list; undo brings it back until `undo.until`. */
export interface UntrackResponse {
  id: string;
  untracked: true;
  undo: UndoOffer;
}

/**
 * One entry of a request's history as its assignee sees it. `received` comes from the request's receivedAt (the
 * requester acted); the rest are the stored events. Never a message body.
 */
export type RequestEventKind =
  | 'received' | 'tracked' | 'responded' | 'waiting' | 'resumed' | 'resolved' | 'reopened' | 'updated' | 'untracked' | 'breach'
  | 'undone';

export interface RequestEventView {
  id: string;
  type: RequestEventKind;
  at: string;
  /** The person who acted; null for the system (sync and scheduler). */
  actor: PersonRef | null;
  /** `responded`: the message that answered — how it was found (mail or chat seen in Graph, or marked by hand). */
  response: {
    source: ResponseSource;
    /** The answering message's id when known (null when marked by hand or cleared). */
    messageId: string | null;
    /** A link that opens the answering message, when known. */
    webLink: string | null;
    /**
     * The first response recorded earlier was taken away because its message was deleted: only in history written
     * before a delivered response stayed (issue 17); nothing clears a first response now.
     */
    cleared: boolean;
  } | null;
  /** `updated`: the fields that changed ('teamId', 'category', 'priority', 'note'). */
  fields: string[] | null;
  /** `breach`: which clock passed its target. */
  clock: 'firstResponse' | 'resolution' | null;
  /** `undone`: the kind of change that was undone (e.g. 'resolved', 'untracked'). */
  undid: RequestEventKind | null;
  /**
   * Working minutes the clock had used when this event stopped it, as the server evaluated it in the assignee's working
   * time: on the `responded` entry of the current first response and the `resolved` entry of the current resolution;
   * null elsewhere.
   */
  workingMinutes: number | null;
  /** With `workingMinutes`: whether the stop was within the target (`met`) or not (`missed`). */
  clockStatus: 'met' | 'missed' | null;
}

/** GET /api/requests/:id — the caller's own request with its history, oldest first. */
export interface RequestDetailResponse {
  request: RequestView;
  events: RequestEventView[];
}

/** GET /api/requests/lookup?source=&messageId= */
export interface LookupResponse {
  tracked: boolean;
  request: RequestView | null;
  sender: (PersonRef & { isColleague: boolean }) | null;
}

/** GET /api/me/queue?include=open|all */
export interface QueueResponse {
  now: string;
  requests: RequestView[];
  /** The stamp of the open requests this answer was built from (src/app/queue-stamp.ts), to compare with GET /api/me/queue/stamp. */
  stamp: string;
}

/** GET /api/me/queue/stamp — the open queue's stamp now; it differs from the last answer's when the queue changed. */
export interface QueueStampResponse {
  stamp: string;
}

/** GET /api/me/asks — what I asked colleagues for; never the assignee's note. */
export interface AskView {
  id: string;
  source: RequestSource;
  assignee: PersonRef;
  subject: string;
  status: RequestStatus;
  receivedAt: string;
  firstResponseAt: string | null;
  resolvedAt: string | null;
  firstResponseDueAt: string | null;
}

export interface AsksResponse {
  requests: AskView[];
}

/** POST /api/requests — idempotent per (source, messageId, me). 201 when created, 200 when it already existed. */
export interface TrackRequestBody {
  source: RequestSource;
  messageId: string;
  /** The chat's id, or for a channel message the channel's id ('19:…@thread.tacv2'). */
  chatId?: string;
  /** A channel message: the channel's team (Graph group id); the request belongs to that team. */
  teamId?: string;
  /** A channel message: its thread's root message id (the message itself when it is the root; the default). */
  threadId?: string;
  category?: string;
  priority?: Priority;
  note?: string;
  /** Track a non-colleague's message anyway; recorded on the request. */
  override?: boolean;
}

/** PATCH /api/requests/:id */
export type RequestAction =
  | { action: 'resolve' }
  | { action: 'reopen' }
  | { action: 'wait' }
  | { action: 'resume' }
  | { action: 'respond' }
  | { action: 'untrack' }
  /**
   * `teamId`: move the request to another of my teams (400 `not_a_member` otherwise); its due time follows the new
   * team's standards and calendar. The category it keeps must be one of the new team's (else 400 `unknown_category`):
   * send one of them, or `category: null`, with the move.
   */
  | { action: 'update'; category?: string | null; priority?: Priority; note?: string | null; teamId?: string }
  /** Puts back the change recorded by event `eventId` (an {@link UndoOffer}): 200 with the request as it was. */
  | { action: 'undo'; eventId: string };

/**
 * How to undo the change a PATCH /api/requests/:id just made: send `{action: "undo", eventId}` before `until`, while
 * it is still the request's latest change. Errors: 409 `undo_expired` (too late), `undo_superseded` (it changed again).
 */
export interface UndoOffer {
  eventId: string;
  /** What the change was. */
  action: 'resolve' | 'reopen' | 'wait' | 'resume' | 'respond' | 'untrack';
  /** ISO instant: after it the change stands (an untracked request is then deleted for good). */
  until: string;
}
