/**
 * The JSON the API speaks, shared by the server (src/server) and every surface (src/ui). Types only — no runtime code —
 * so UI bundles pay nothing for them. Instants are ISO-8601 UTC strings; durations are working minutes unless a name
 * says otherwise. Errors are application/problem+json: {@link Problem}.
 *
 * The vocabulary is defined once, inside: the request's words (priority, status, clock status) in src/domain, the views
 * the use cases answer with in src/app/views. This file re-exports them; inner code never imports it (lint).
 */
export type { ClockStatus } from '../domain/clocks';
export type { Priority } from '../domain/priority';
export type { ServiceStandard } from '../domain/standards';
export type { DayOfWeek, WorkingWindow } from '../domain/working-time';
export type { RequestSource, RequestStatus, ResponseSource } from '../domain/request-lifecycle';
export type { PersonRef } from '../app/records';
import type { SyncStatus } from '../app/views/sync-views';
export type { ClockView, RequestView, UndoOffer, UntrackResponse, RequestEventKind, RequestEventView, RequestDetailResponse, LookupResponse, QueueResponse, QueueStampResponse, AskView, AsksResponse, TrackRequestBody, RequestAction } from '../app/views/request-views';
export type { ClockStats, PeriodCounts, WeeklyPoint, StatsResponse, DepartmentRow, CategoryRow, PersonRow, DashboardResponse } from '../app/views/figure-views';
export type { TeamRef, MeResponse, MyCategoriesResponse, HomeTeamResponse, HomeTeamBody, TeamSettings, TeamSettingsBody, TeamSettingsSaveOutcome, SavedTeamSettings } from '../app/views/team-views';
export type { WarningChoice } from '../app/records';
export type { MyPreferences } from '../app/views/preference-views';
export type { Suggestion, SuggestionsResponse, RecentChatMessage, RecentChatsResponse } from '../app/views/inbox-views';
export type { SyncPhase, SyncStatus } from '../app/views/sync-views';

/** POST /api/sync (202) and GET /api/sync/status: the person's sync run, and when Turnaround syncs them. */
export interface SyncStatusResponse extends SyncStatus {
  /**
   * `continuous`: background sync runs whether or not the person uses the app (application access, the default);
   * `when_open`: only while they use it (GRAPH_BACKGROUND_ACCESS=delegated) — the tab syncs when it opens and says so.
   */
  backgroundSync: 'continuous' | 'when_open';
}
export type { ExportedRequest, ExportedRequestEvent, ExportedAsk, ExportedSuggestion, ExportedSyncState, PersonalDataExport } from '../app/views/personal-data-export';

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
