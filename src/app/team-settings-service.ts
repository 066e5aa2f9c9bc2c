/**
 * Reading (members) and editing (owners) a team's standards, calendar, holidays and privacy. Saving validates the
 * calendar and standards through the domain (a bad time zone or target is a validation error, nothing is stored).
 * Calendars and standards are history: a save applies from its instant on (src/app/team-settings.ts mergeTeamSettings).
 */
import type { SavedTeamSettings, TeamSettings, TeamSettingsBody } from './views/team-views';
import { HISTORY_KEPT_DAYS } from '../domain/calendar-history';
import { isDomainError } from '../domain/domain-error';
import { validateStandard } from '../domain/standards';
import { compileCalendar } from '../domain/working-time';
import type { Clock } from './clock';
import type { UserContext } from './m365-ports';
import type { TeamSettingsRecord } from './records';
import type { Stores } from './store-ports';
import type { DirectoryService } from './directory-service';
import { requireMember, requireOwner } from './team-access';
import { recomputeTeamDueTimes } from './team-due-times';
import { defaultTeamSettings, fromTeamSettingsDto, mergeTeamSettings, teamWorkingCalendar, toTeamSettingsDto } from './team-settings';

const DAY_MS = 86_400_000;

export interface TeamSettingsDeps {
  stores: Stores;
  clock: Clock;
  directory: DirectoryService;
  /** Days of settings history kept (the request retention); default {@link HISTORY_KEPT_DAYS}. */
  historyDays?: number;
}

export async function getTeamSettings(deps: TeamSettingsDeps, user: UserContext, teamId: string): Promise<TeamSettings> {
  await requireMember(deps.directory, user, teamId);
  const stored = await deps.stores.teamSettings.get(user.tenantId, teamId);
  return toTeamSettingsDto(stored ?? defaultTeamSettings(user.tenantId, teamId, deps.clock.now()));
}

/**
 * Saves the settings as of now: a changed weekly pattern applies from now, holidays dated before today stay as they
 * were (left out ones are kept, added ones are not applied — both reported), changed standards apply to requests tracked
 * from now on. When the calendar, holidays or out-of-office setting changed, the stored due times of the team's open
 * requests are recomputed. The owners' digest is switched as the body says, and stays as it was when the body leaves it
 * out. The answer says what the save did.
 * @throws DomainError `not_found`, `forbidden`, or a validation code (`unknown_time_zone`, `invalid_standard`…).
 */
export async function putTeamSettings(deps: TeamSettingsDeps, user: UserContext, teamId: string, body: TeamSettingsBody): Promise<SavedTeamSettings> {
  await requireOwner(deps.directory, user, teamId);
  const now = deps.clock.now();
  const fresh = fromTeamSettingsDto(user.tenantId, teamId, { ...body, ownersDigest: body.ownersDigest ?? false }, now);
  for (const s of fresh.standards) validateStandard(s);
  compileCalendar(teamWorkingCalendar(fresh));
  const { stored, repaired } = await storedForSave(deps.stores, fresh, now);
  // A client that does not know the setting yet sends none: what owners chose before stays.
  if (body.ownersDigest === undefined) fresh.ownersDigest = stored.ownersDigest;
  const merged = mergeTeamSettings(stored, fresh, now, new Date(now.getTime() - (deps.historyDays ?? HISTORY_KEPT_DAYS) * DAY_MS));
  await deps.stores.teamSettings.put(merged.record);
  const dueTimes = merged.calendarChanged || repaired ? await recomputeTeamDueTimes(deps, user.tenantId, teamId) : null;
  return {
    ...toTeamSettingsDto(merged.record),
    outcome: {
      appliesFrom: now.toISOString(),
      standardsChanged: merged.standardsChanged,
      dueTimes,
      pastHolidaysKept: merged.pastHolidaysKept,
      pastHolidaysNotAdded: merged.pastHolidaysNotAdded,
    },
  };
}

/**
 * The stored settings a save is merged into: the defaults when the team never saved any. A stored calendar that
 * cannot be used (`stored_calendar_invalid`, or one that no longer compiles) is the server's fault, and a save with a
 * valid one repairs it: the saved calendar and holidays replace it rather than join its history (`repaired`: due
 * times are recomputed).
 */
async function storedForSave(stores: Stores, fresh: TeamSettingsRecord, now: Date): Promise<{ stored: TeamSettingsRecord; repaired: boolean }> {
  let stored: TeamSettingsRecord | null;
  try {
    stored = await stores.teamSettings.get(fresh.tenantId, fresh.teamId);
  } catch (error) {
    if (!isDomainError(error, 'stored_calendar_invalid')) throw error;
    return { stored: fresh, repaired: true };
  }
  if (stored === null) return { stored: defaultTeamSettings(fresh.tenantId, fresh.teamId, now), repaired: false };
  try {
    compileCalendar(teamWorkingCalendar(stored));
    return { stored, repaired: false };
  } catch (error) {
    if (!isDomainError(error)) throw error;
    return { stored: { ...stored, calendar: fresh.calendar, holidays: fresh.holidays }, repaired: true };
  }
}
