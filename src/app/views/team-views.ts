/**
 * Who I am, my teams, and a team's settings (categories, standards, working calendar, privacy).
 * The API sends these as JSON (src/contracts/api.ts re-exports them): instants are ISO-8601 UTC strings.
 */
import type { ServiceStandard } from '../../domain/standards';
import type { WorkingCalendar } from '../../domain/working-time';
import type { PersonRef } from '../records';

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

/**
 * GET /api/me/categories — the categories a request I track belongs to: those of my home team's standards (the team my
 * requests are filed under, DESIGN "Team of a request"), or the default list when I have no home team (no team, or
 * several and none chosen yet: see {@link HomeTeamResponse}). Tracking or updating a request with any other category
 * is 400 `unknown_category`.
 */
export interface MyCategoriesResponse {
  team: { id: string; displayName: string } | null;
  categories: string[];
}

/**
 * GET, PUT /api/me/home-team — the team my requests count for when I track them outside a channel (DESIGN "Team of a
 * request"). In exactly one team, that team, without asking; in several, the one I chose in the tab — until I choose,
 * my requests get no team (the default standards) and `choiceNeeded` asks the tab to ask me. PUT `{teamId}` with a
 * team I am not in is 400 `not_a_member` and changes nothing.
 */
export interface HomeTeamResponse {
  /** My home team, or null (in no team; or in several and not chosen yet). */
  team: { id: string; displayName: string } | null;
  /** 'chosen': I picked it; 'onlyTeam': it is my only team; null when there is no home team. */
  source: 'chosen' | 'onlyTeam' | null;
  /** I belong to several teams and have not chosen one of them. */
  choiceNeeded: boolean;
  /** My teams (what I can choose from), by name. */
  teams: { id: string; displayName: string }[];
}

/** PUT /api/me/home-team */
export interface HomeTeamBody {
  teamId: string;
}

/** GET, PUT /api/teams/:groupId/standards */
export interface TeamSettings {
  teamId: string;
  categories: string[];
  standards: ServiceStandard[];
  calendar: Pick<WorkingCalendar, 'timeZone' | 'windows'>;
  /** Local dates 'YYYY-MM-DD'. */
  holidays: string[];
  pauseForOutOfOffice: boolean;
  privacy: { minGroupSize: number; individualView: boolean };
  /**
   * The owners' digest (issue 20): at the start of each owner's working day, the team's breached and at-risk counts
   * and the oldest open request's age in their Teams activity feed; names only where `privacy.individualView` is on.
   * Off by default. A save that leaves it out keeps it as it was.
   */
  ownersDigest: boolean;
}

/** PUT /api/teams/:groupId/standards: the settings to save; `ownersDigest` may be left out (it stays as it was). */
export type TeamSettingsBody = Omit<TeamSettings, 'teamId' | 'ownersDigest'> & { teamId?: string; ownersDigest?: boolean };

/**
 * What saving a team's settings did (PUT /api/teams/:groupId/standards answers {@link TeamSettings} plus `outcome`).
 * Calendars and standards are history: a save changes what applies from now on, never the past.
 */
export interface TeamSettingsSaveOutcome {
  /** The instant the saved settings apply from (ISO-8601 UTC). */
  appliesFrom: string;
  /** The standards changed: they apply to requests tracked from `appliesFrom` on; requests tracked before keep theirs. */
  standardsChanged: boolean;
  /**
   * The calendar, holidays or out-of-office setting changed, so the stored due times of the team's open requests were
   * recomputed: how many were recomputed and how many of them moved. Null when none of those changed.
   */
  dueTimes: { recomputed: number; changed: number } | null;
  /** Holidays dated before today that the body left out: kept, since clocks already counted them. */
  pastHolidaysKept: string[];
  /** Holidays dated before today that the body added: not applied, for the same reason. */
  pastHolidaysNotAdded: string[];
}

/** PUT /api/teams/:groupId/standards: the settings as saved, and what the save did. */
export interface SavedTeamSettings extends TeamSettings {
  outcome: TeamSettingsSaveOutcome;
}
