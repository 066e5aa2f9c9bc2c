/**
 * GET /api/me/export: everything Turnaround stores about the caller.
 * The API sends these as JSON (src/contracts/api.ts re-exports them): instants are ISO-8601 UTC strings.
 */
import type { Priority } from '../../domain/priority';
import type { RequestSource, RequestStatus, ResponseSource } from '../../domain/request-lifecycle';
import type { PersonRef, WarningChoice } from '../records';
import type { Suggestion } from './inbox-views';

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
  /** When first resolved (a reopen keeps it). */
  firstResolvedAt: string | null;
  reopenCount: number;
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
    /** Every address Turnaround knows me by (mail, UPN, proxy addresses, addresses my mail came from), lower-cased. */
    addresses: string[];
    department: string | null;
    managerId: string | null;
    /** My working calendar as read from Outlook's mailboxSettings; null = the team's default applies. */
    calendar: unknown;
    refreshedAt: string;
  } | null;
  teams: { id: string; displayName: string; role: 'owner' | 'member' }[];
  /** The team I chose for my requests (GET /api/me/home-team); null when I have not chosen one. */
  homeTeamId: string | null;
  /** What reaches my Teams activity feed (GET /api/me/preferences): my choice, or the default when I never chose. */
  warnings: WarningChoice;
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
