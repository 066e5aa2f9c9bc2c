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
  count: number;
  medianMinutes: number | null;
  p90Minutes: number | null;
  /** 0..1, null when count is 0. */
  withinStandardShare: number | null;
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
  | { action: 'update'; category?: string | null; priority?: Priority; note?: string | null };

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
  breaches: number;
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
}

export type SyncPhase = 'idle' | 'directory' | 'mail' | 'chats' | 'suggestions' | 'done' | 'failed';

/** POST /api/sync (202), GET /api/sync/status */
export interface SyncStatus {
  running: boolean;
  phase: SyncPhase;
  itemsSeen: number;
  requestsUpdated: number;
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
