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
 * requests are filed under, DESIGN "Team of a request"), or the default list when I am in no team. Tracking or
 * updating a request with any other category is 400 `unknown_category`.
 */
export interface MyCategoriesResponse {
  team: { id: string; displayName: string } | null;
  categories: string[];
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
}
