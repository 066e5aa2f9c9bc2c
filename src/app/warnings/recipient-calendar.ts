/**
 * The calendar quiet hours and digests follow (issue 20): the recipient's own working hours (their Outlook calendar,
 * else their team's) with the team's holidays, and their out-of-office periods as `closed` whether or not the team
 * pauses clocks for them — a person away hears nothing until their next digest. The clocks themselves keep following
 * request-view.ts's calendar; only delivery uses this one.
 */
import type { WorkingCalendar } from '../../domain/working-time';
import type { PersonRecord, TeamSettingsRecord } from '../records';
import { usableStoredCalendar } from '../stored-calendar';
import { teamWorkingCalendar } from '../team-settings';

/** The recipient's delivery calendar. @throws DomainError `stored_calendar_invalid` for a stored calendar that does not compile. */
export function recipientCalendar(person: PersonRecord | null, settings: TeamSettingsRecord): WorkingCalendar {
  const own = person?.calendar ?? null;
  if (own === null) return usableStoredCalendar(teamWorkingCalendar(settings), `team ${settings.teamId || '(none)'}`);
  return usableStoredCalendar({ ...own, holidays: [...(own.holidays ?? []), ...settings.holidays], closed: own.closed ?? [] }, `person ${person?.id ?? ''}`);
}
