/**
 * The JSON the API speaks, shared by the server (src/server) and every surface (src/ui). Types only — no runtime code —
 * so UI bundles pay nothing for them. Instants are ISO-8601 UTC strings; durations are working minutes unless a name
 * says otherwise. Errors are application/problem+json: {@link Problem}.
 */

export type RequestSource = 'email' | 'chat';
export type Priority = 'low' | 'normal' | 'high' | 'urgent';
/** `open` (clocks running), `waiting` (on the requester: resolution clock paused), `resolved`. Untracked requests disappear. */
export type RequestStatus = 'open' | 'waiting' | 'resolved';
/** Per clock: `onTrack` → `atRisk` (75 % of target used) → `breached` while running; `met` or `missed` once stopped. */
export type ClockStatus = 'onTrack' | 'atRisk' | 'breached' | 'met' | 'missed';
/** How the first response was established: seen in Graph (mail or chat) or marked by hand (a phone call). */
export type ResponseSource = 'email' | 'chat' | 'manual';

export interface Clock {
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

export interface PersonRef {
  id: string;
  displayName: string;
  mail: string | null;
  department: string | null;
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
  waitingSince: string | null;
  clocks: { firstResponse: Clock; resolution: Clock };
  /** Only in the answer to a PATCH that made an undoable change (resolve, reopen, wait, resume, respond): how to undo it. */
  undo?: UndoOffer;
}

export interface TeamRef {
  id: string;
  displayName: string;
  isOwner: boolean;
  /** Owners turned per-person rows on: members are told so in their own tab. */
  individualView: boolean;
}

/** GET /api/me */
export interface MeResponse {
  user: PersonRef;
  tenantId: string;
  teams: TeamRef[];
  demo: boolean;
}

/** GET /api/me/queue?include=open|all */
export interface QueueResponse {
  now: string;
  requests: RequestView[];
}

export interface ClockStats {
  /** Stopped clocks (met + missed): the requests the median and 90th percentile are computed over. */
  count: number;
  medianMinutes: number | null;
  p90Minutes: number | null;
  /** met ÷ (met + missed + breached), 0..1; null when that denominator is 0. */
  withinStandardShare: number | null;
  /** Stopped at or under the target. */
  met: number;
  /** Stopped over the target. */
  missed: number;
  /** Still running and already past the target (counted as misses in the share). */
  breached: number;
  /** Still running within the target: not in the share yet. met + missed + breached + running = requests received. */
  running: number;
}

/**
 * How a period's request counts add up ("what counts"): received = resolved + open; the open backlog is every request
 * open now, so it also holds `openReceivedEarlier` requests received before the period.
 */
export interface PeriodCounts {
  /** Requests received in the period: the weekly, department and category rows add up to this. */
  received: number;
  /** Of those, resolved by now. */
  resolved: number;
  /** Of those, still open (or waiting on the requester). */
  open: number;
  /** Open now but received before the period: in the backlog, not in the period's figures. */
  openReceivedEarlier: number;
}

export interface WeeklyPoint {
  /** Monday 00:00 UTC of the week. */
  weekStart: string;
  received: number;
  firstResponse: ClockStats;
  resolution: ClockStats;
}

/** GET /api/me/stats?period=30d|90d */
export interface StatsResponse {
  period: { from: string; to: string; days: number };
  firstResponse: ClockStats;
  resolution: ClockStats;
  openBacklog: number;
  oldestOpenMinutes: number | null;
  weekly: WeeklyPoint[];
  /** How the counts above add up. */
  counts: PeriodCounts;
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

/** GET /api/me/suggestions */
export interface Suggestion {
  id: string;
  source: RequestSource;
  messageId: string;
  chatId: string | null;
  from: PersonRef;
  subject: string;
  preview: string;
  receivedAt: string;
  /** Why it was suggested, in words ("asks a question", "says 'could you'", "mentions a deadline"). */
  reason: string;
  /** Already answered by me: ranked lower. */
  answered: boolean;
  score: number;
}
/**
 * GET /api/me/suggestions. Dismissing one: `POST /api/me/suggestions/:id/dismiss` → 204 with no body, remembered by the
 * server (it is not listed again); 404 `not_found` for an id that is not one of the caller's suggestions.
 */
export interface SuggestionsResponse {
  suggestions: Suggestion[];
}

/**
 * GET /api/me/categories — the categories a request I track belongs to: those of my home team's standards (the team my
 * requests are filed under, DESIGN "Team of a request"), or the default list when I am in no team. Tracking or
 * updating a request with any other category is 400 `unknown_category`.
 */
export interface MyCategoriesResponse {
  team: { id: string; displayName: string } | null;
  categories: string[];
}

/** GET /api/me/chats/recent */
export interface RecentChatMessage {
  chatId: string;
  messageId: string;
  chatTopic: string | null;
  from: PersonRef;
  preview: string;
  createdAt: string;
  tracked: boolean;
}
export interface RecentChatsResponse {
  messages: RecentChatMessage[];
}

/** POST /api/requests — idempotent per (source, messageId, me). 201 when created, 200 when it already existed. */
export interface TrackRequestBody {
  source: RequestSource;
  messageId: string;
  chatId?: string;
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
  | { action: 'update'; category?: string | null; priority?: Priority; note?: string | null }
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
    /** The first response recorded earlier is no longer found (its message was deleted). */
    cleared: boolean;
  } | null;
  /** `updated`: the fields that changed ('category', 'priority', 'note'). */
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

export interface WorkingWindowDto {
  days: ('sunday' | 'monday' | 'tuesday' | 'wednesday' | 'thursday' | 'friday' | 'saturday')[];
  /** Local 'HH:MM'. */
  start: string;
  end: string;
}

export interface ServiceStandardDto {
  id: string;
  name: string;
  /** null = any category. */
  category: string | null;
  /** null = any priority. */
  priority: Priority | null;
  firstResponseTargetMinutes: number;
  resolutionTargetMinutes: number;
}

/** GET, PUT /api/teams/:groupId/standards */
export interface TeamSettings {
  teamId: string;
  categories: string[];
  standards: ServiceStandardDto[];
  calendar: { timeZone: string; windows: WorkingWindowDto[] };
  /** Local dates 'YYYY-MM-DD'. */
  holidays: string[];
  pauseForOutOfOffice: boolean;
  privacy: { minGroupSize: number; individualView: boolean };
}

export interface DepartmentRow {
  department: string;
  requests: number;
  firstResponse: ClockStats;
  resolution: ClockStats;
}
export interface CategoryRow {
  category: string;
  requests: number;
  /** Requests with either clock breached (open) or missed (stopped). */
  breaches: number;
  firstResponse: ClockStats;
  resolution: ClockStats;
}
export interface PersonRow {
  person: PersonRef;
  requests: number;
  firstResponse: ClockStats;
  resolution: ClockStats;
  openBacklog: number;
}

/** GET /api/teams/:groupId/dashboard?period=7d|30d|90d */
export interface DashboardResponse {
  teamId: string;
  teamName: string;
  period: { from: string; to: string; days: number };
  minGroupSize: number;
  peopleWithData: number;
  /** False when fewer than minGroupSize people have data: every number below is then null/empty. */
  enoughData: boolean;
  firstResponse: ClockStats | null;
  resolution: ClockStats | null;
  backlog: { open: number; breachedNow: number; oldestOpenMinutes: number | null } | null;
  weekly: WeeklyPoint[];
  departments: DepartmentRow[];
  categories: CategoryRow[];
  /** Present only when the team's owners turned individual view on and the caller is an owner. */
  people: PersonRow[] | null;
  /** How the request counts add up; null with the other figures when there is not enough data. */
  counts: PeriodCounts | null;
}

export type SyncPhase = 'idle' | 'directory' | 'mail' | 'chats' | 'suggestions' | 'done' | 'failed';

/** POST /api/sync (202), GET /api/sync/status */
export interface SyncStatus {
  running: boolean;
  phase: SyncPhase;
  itemsSeen: number;
  requestsUpdated: number;
  /** Requests of mine whose first response (a reply of mine, mail or chat) this run found. */
  repliesFound: number;
  startedAt: string | null;
  finishedAt: string | null;
  error: string | null;
}

/** Every error body (application/problem+json). The UI branches on `code`, e.g. `consent_required`. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  requestId?: string;
  /** Field-level problems for validation errors. */
  errors?: { path: string; message: string }[];
}

/** A request I serve (I am its assignee), as stored, with its full history. */
export interface ExportedRequest {
  id: string;
  source: RequestSource;
  messageId: string;
  conversationId: string | null;
  chatId: string | null;
  threadId: string | null;
  webLink: string | null;
  requester: PersonRef;
  teamId: string | null;
  subject: string;
  /** ≤ 255 characters — never the body. */
  preview: string;
  category: string | null;
  priority: Priority;
  note: string | null;
  colleagueOverride: boolean;
  status: RequestStatus;
  receivedAt: string;
  firstResponseAt: string | null;
  firstResponseSource: ResponseSource | null;
  resolvedAt: string | null;
  waitingPeriods: { from: string; to: string | null }[];
  dueAt: string | null;
  createdAt: string;
  updatedAt: string;
  events: ExportedRequestEvent[];
}

export interface ExportedRequestEvent {
  id: string;
  requestId: string;
  type: string;
  /** A person id, or 'system' for sync and scheduler. */
  actorId: string;
  at: string;
  data: Record<string, unknown> | null;
}

/** A request a colleague tracks where I am the requester — as "My asks" shows it: never the assignee's note, category or priority. */
export interface ExportedAsk {
  id: string;
  source: RequestSource;
  assignee: PersonRef;
  subject: string;
  /** The ≤ 255-character preview of what I wrote. */
  preview: string;
  status: RequestStatus;
  receivedAt: string;
  firstResponseAt: string | null;
  resolvedAt: string | null;
}

/** A suggestion as exported: the sender by id only, and whether I dismissed it. */
export interface ExportedSuggestion extends Omit<Suggestion, 'from'> {
  fromId: string;
  dismissed: boolean;
}

/** Sync progress per resource. The delta link itself is withheld: it is Graph's opaque cursor, not data about me. */
export interface ExportedSyncState {
  /** 'inbox', 'sentitems' or 'chat:<chatId>'. */
  resource: string;
  hasDeltaLink: boolean;
  watermark: string | null;
  lastRunAt: string | null;
}

/** GET /api/me/export (a `turnaround-export.json` attachment): everything Turnaround stores about the caller. */
export interface PersonalDataExport {
  format: 'turnaround-personal-data-export';
  version: 1;
  exportedAt: string;
  tenantId: string;
  personId: string;
  /** My directory entry as cached from Microsoft Graph; null when none is cached. */
  profile: {
    id: string;
    displayName: string;
    mail: string | null;
    userPrincipalName: string | null;
    department: string | null;
    managerId: string | null;
    /** My working calendar as read from Outlook's mailboxSettings; null = the team's default applies. */
    calendar: unknown;
    refreshedAt: string;
  } | null;
  teams: { id: string; displayName: string; role: 'owner' | 'member' }[];
  requestsAsAssignee: ExportedRequest[];
  /** The history of requests I untracked (the requests are gone; their events stay until retention or deletion). */
  untrackedRequestHistory: ExportedRequestEvent[];
  requestsAsRequester: ExportedAsk[];
  /** Including dismissed ones. */
  suggestions: ExportedSuggestion[];
  syncState: ExportedSyncState[];
  /** What the file leaves out and why, in words. */
  notes: string[];
}
