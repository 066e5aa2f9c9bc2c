/**
 * A team's service settings: standards, default calendar, holidays and privacy. Reading needs membership, editing
 * needs ownership (checked by the caller through {@link DirectoryService}). A team that never saved settings gets the
 * defaults: first response 240 and resolution 960 working minutes, Monday–Friday 09:00–17:00 UTC.
 */
import type { TeamSettings } from './views/team-views';
import { mergeCalendarChange, samePattern } from '../domain/calendar-history';
import { DEFAULT_STANDARD } from '../domain/standards';
import { mergeStandardsChange } from '../domain/standards-history';
import type { WorkingCalendar } from '../domain/working-time';
import type { TeamSettingsRecord } from './records';

export const DEFAULT_MIN_GROUP_SIZE = 5;

/** The categories a team has before its owners name their own (the one definition; the demo's teams name theirs). */
export const DEFAULT_CATEGORIES: readonly string[] = ['Question', 'Access', 'Data', 'Approval', 'Other'];

/** The settings a team has before its owners change anything. */
export function defaultTeamSettings(tenantId: string, teamId: string, at: Date): TeamSettingsRecord {
  return {
    tenantId,
    teamId,
    categories: [...DEFAULT_CATEGORIES],
    standards: [
      {
        id: DEFAULT_STANDARD.id,
        name: DEFAULT_STANDARD.name ?? 'Default',
        category: null,
        priority: null,
        firstResponseTargetMinutes: DEFAULT_STANDARD.firstResponseTargetMinutes,
        resolutionTargetMinutes: DEFAULT_STANDARD.resolutionTargetMinutes,
      },
    ],
    calendar: { timeZone: 'UTC', windows: [{ days: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'], start: '09:00', end: '17:00' }] },
    holidays: [],
    pauseForOutOfOffice: true,
    minGroupSize: DEFAULT_MIN_GROUP_SIZE,
    individualView: false,
    ownersDigest: false,
    updatedAt: at,
  };
}

/** The record as the API shows it. */
export function toTeamSettingsDto(record: TeamSettingsRecord): TeamSettings {
  return {
    teamId: record.teamId,
    categories: [...record.categories],
    standards: record.standards.map((s) => ({ ...s })),
    calendar: {
      timeZone: record.calendar.timeZone,
      windows: record.calendar.windows.map((w) => ({ days: [...w.days], start: w.start, end: w.end })),
    },
    holidays: [...record.holidays],
    pauseForOutOfOffice: record.pauseForOutOfOffice,
    privacy: { minGroupSize: record.minGroupSize, individualView: record.individualView },
    ownersDigest: record.ownersDigest,
  };
}

/** The API shape as a record to store. */
export function fromTeamSettingsDto(tenantId: string, teamId: string, dto: Omit<TeamSettings, 'teamId'>, at: Date): TeamSettingsRecord {
  return {
    tenantId,
    teamId,
    categories: [...dto.categories],
    standards: dto.standards.map((s) => ({ ...s })),
    calendar: { timeZone: dto.calendar.timeZone, windows: dto.calendar.windows.map((w) => ({ days: [...w.days], start: w.start, end: w.end })) },
    holidays: [...dto.holidays],
    pauseForOutOfOffice: dto.pauseForOutOfOffice,
    minGroupSize: dto.privacy.minGroupSize,
    individualView: dto.privacy.individualView,
    ownersDigest: dto.ownersDigest,
    updatedAt: at,
  };
}

/** The team's default calendar, with its holidays and its past weekly patterns, as a domain WorkingCalendar. */
export function teamWorkingCalendar(settings: TeamSettingsRecord): WorkingCalendar {
  const calendar: WorkingCalendar = {
    timeZone: settings.calendar.timeZone,
    windows: settings.calendar.windows.map((w) => ({ days: [...w.days], start: w.start, end: w.end })),
    holidays: settings.holidays,
  };
  if ((settings.calendar.pastPatterns ?? []).length > 0) calendar.pastPatterns = settings.calendar.pastPatterns;
  return calendar;
}

/** A save of a team's settings merged into what was stored: the record to store and what changed. */
export interface TeamSettingsMerge {
  record: TeamSettingsRecord;
  standardsChanged: boolean;
  /** The weekly pattern, the holidays or the out-of-office setting changed: open requests fall due differently. */
  calendarChanged: boolean;
  pastHolidaysKept: string[];
  pastHolidaysNotAdded: string[];
}

/**
 * The settings to store when owners save `fresh` at `now` over `stored` (the defaults when never saved). Calendars
 * and standards are history (src/domain/calendar-history.ts, standards-history.ts): a changed weekly pattern applies
 * from `now`, past holidays stay as they were, and changed standards apply to requests tracked from `now` on. History
 * ending before `keepSince` is dropped.
 */
export function mergeTeamSettings(stored: TeamSettingsRecord, fresh: TeamSettingsRecord, now: Date, keepSince: Date): TeamSettingsMerge {
  const calendar = mergeCalendarChange(teamWorkingCalendar(stored), teamWorkingCalendar(fresh), now, keepSince);
  const standards = mergeStandardsChange({ standards: stored.standards, past: stored.pastStandards ?? [] }, fresh.standards, now, keepSince);
  const holidays = calendar.calendar.holidays ?? [];
  const record: TeamSettingsRecord = {
    ...fresh,
    calendar: { timeZone: calendar.calendar.timeZone, windows: calendar.calendar.windows },
    holidays,
  };
  if (calendar.calendar.pastPatterns !== undefined) record.calendar.pastPatterns = calendar.calendar.pastPatterns;
  if (standards.past.length > 0) record.pastStandards = standards.past;
  else delete record.pastStandards;
  const sameHolidays = holidays.length === stored.holidays.length && [...stored.holidays].sort().every((d, i) => d === holidays[i]);
  return {
    record,
    standardsChanged: standards.changed,
    calendarChanged: !samePattern(stored.calendar, fresh.calendar) || !sameHolidays || stored.pauseForOutOfOffice !== fresh.pauseForOutOfOffice,
    pastHolidaysKept: calendar.pastHolidaysKept,
    pastHolidaysNotAdded: calendar.pastHolidaysNotAdded,
  };
}
