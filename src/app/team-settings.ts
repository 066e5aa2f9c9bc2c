/**
 * A team's service settings: standards, default calendar, holidays and privacy. Reading needs membership, editing
 * needs ownership (checked by the caller through {@link DirectoryService}). A team that never saved settings gets the
 * defaults: first response 240 and resolution 960 working minutes, Monday–Friday 09:00–17:00 UTC.
 */
import type { TeamSettings } from './views/team-views';
import { DEFAULT_STANDARD } from '../domain/standards';
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
    updatedAt: at,
  };
}

/** The team's default calendar, with its holidays, as a domain WorkingCalendar. */
export function teamWorkingCalendar(settings: TeamSettingsRecord): WorkingCalendar {
  return {
    timeZone: settings.calendar.timeZone,
    windows: settings.calendar.windows.map((w) => ({ days: [...w.days], start: w.start, end: w.end })),
    holidays: settings.holidays,
  };
}
