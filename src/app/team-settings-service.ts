/**
 * Reading (members) and editing (owners) a team's standards, calendar, holidays and privacy. Saving validates the
 * calendar and standards through the domain (a bad time zone or target is a validation error, nothing is stored).
 */
import type { TeamSettings } from './views/team-views';
import { validateStandard } from '../domain/standards';
import { compileCalendar } from '../domain/working-time';
import type { Clock } from './clock';
import type { UserContext } from './m365-ports';
import type { Stores } from './store-ports';
import type { DirectoryService } from './directory-service';
import { requireMember, requireOwner } from './team-access';
import { recomputeTeamDueTimes } from './team-due-times';
import { defaultTeamSettings, fromTeamSettingsDto, teamWorkingCalendar, toTeamSettingsDto } from './team-settings';

export interface TeamSettingsDeps {
  stores: Stores;
  clock: Clock;
  directory: DirectoryService;
}

export async function getTeamSettings(deps: TeamSettingsDeps, user: UserContext, teamId: string): Promise<TeamSettings> {
  await requireMember(deps.directory, user, teamId);
  const stored = await deps.stores.teamSettings.get(user.tenantId, teamId);
  return toTeamSettingsDto(stored ?? defaultTeamSettings(user.tenantId, teamId, deps.clock.now()));
}

/**
 * Saves the settings and recomputes the stored due times of the team's open requests.
 * @throws DomainError `not_found`, `forbidden`, or a validation code (`unknown_time_zone`, `invalid_standard`…).
 */
export async function putTeamSettings(deps: TeamSettingsDeps, user: UserContext, teamId: string, body: Omit<TeamSettings, 'teamId'>): Promise<TeamSettings> {
  await requireOwner(deps.directory, user, teamId);
  const record = fromTeamSettingsDto(user.tenantId, teamId, body, deps.clock.now());
  for (const s of record.standards) validateStandard(s);
  compileCalendar(teamWorkingCalendar(record));
  await deps.stores.teamSettings.put(record);
  // The editor says so on success: the team's open requests now fall due under the new standards and calendar.
  await recomputeTeamDueTimes(deps, user.tenantId, teamId);
  return toTeamSettingsDto(record);
}
