import { DomainError } from './domain-error';
import { posixOffset, posixZoneName } from './posix-time-zone';
import type { DayOfWeek, WorkingCalendar } from './working-time';
import { resolveZone, wallTimeToUtcMs } from './zone-offsets';

/**
 * Structural shapes of the Microsoft Graph v1.0 `mailboxSettings` parts we read (see shared/graph/v1.0-entities.json).
 * Declared here so the domain stays free of the Graph client.
 */
export interface GraphDateTimeTimeZone { dateTime: string; timeZone?: string | null }
export interface GraphTimeZoneOffset {
  time?: string | null;
  dayOccurrence?: number | null;
  dayOfWeek?: string | null;
  month?: number | null;
  year?: number | null;
  /** standardTimeZoneOffset: minutes added to the zone bias in standard time (usually 0). */
  bias?: number | null;
  /** daylightTimeZoneOffset: minutes added to the zone bias in daylight time (usually −60). */
  daylightBias?: number | null;
}
export interface GraphTimeZoneBase {
  name?: string | null;
  '@odata.type'?: string;
  /** customTimeZone: minutes to add to local time to get UTC (UTC+02:00 is −120). */
  bias?: number | null;
  standardOffset?: GraphTimeZoneOffset | null;
  daylightOffset?: GraphTimeZoneOffset | null;
}
export interface GraphWorkingHours {
  daysOfWeek?: string[] | null;
  startTime?: string | null;
  endTime?: string | null;
  timeZone?: GraphTimeZoneBase | null;
}
export interface GraphAutomaticRepliesSetting {
  status?: string | null;
  scheduledStartDateTime?: GraphDateTimeTimeZone | null;
  scheduledEndDateTime?: GraphDateTimeTimeZone | null;
}
export interface GraphMailboxSettings {
  timeZone?: string | null;
  workingHours?: GraphWorkingHours | null;
  automaticRepliesSetting?: GraphAutomaticRepliesSetting | null;
}

export interface CalendarFromGraphOptions {
  /** Team holidays, local dates 'YYYY-MM-DD'. */
  holidays?: string[];
  /** Subtract a scheduled out-of-office period (default true; teams may turn it off). */
  includeOutOfOffice?: boolean;
  /** Zone when Graph gives none (default 'UTC'). */
  fallbackTimeZone?: string;
}

const DAYS: readonly DayOfWeek[] = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
/** Outlook's default working hours, used when a mailbox has none. */
const DEFAULT_DAYS: DayOfWeek[] = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'];

function toDay(value: string | null | undefined, field: string): DayOfWeek {
  const day = String(value ?? '').toLowerCase() as DayOfWeek;
  if (!DAYS.includes(day)) throw new DomainError('invalid_day_of_week', `${field}: "${String(value)}" is not a day of the week.`);
  return day;
}

/** Graph Edm.TimeOfDay ('08:00:00.0000000') → 'HH:MM' (seconds are dropped). */
function toClock(value: string | null | undefined, fallback: string, field: string): string {
  if (value === null || value === undefined || value === '') return fallback;
  const m = /^(\d{1,2}):(\d{2})(?::\d{2}(?:\.\d+)?)?$/.exec(value);
  if (m === null || Number(m[1]) > 23 || Number(m[2]) > 59) throw new DomainError('invalid_time', `${field} "${value}" is not a time of day.`);
  return `${String(m[1]).padStart(2, '0')}:${m[2]}`;
}

function ruleTime(value: string | null | undefined): string {
  const m = /^(\d{1,2}):(\d{2})(?::(\d{2}))?/.exec(value ?? '');
  return m === null ? '02:00:00' : `${m[1]}:${m[2]}:${m[3] ?? '00'}`;
}

function hasRule(offset: GraphTimeZoneOffset | null | undefined): offset is GraphTimeZoneOffset {
  return offset !== null && offset !== undefined && typeof offset.month === 'number' && offset.month >= 1 && offset.month <= 12;
}

/**
 * A Graph `customTimeZone` as a POSIX TZ rule string, which {@link resolveZone} evaluates with fixed yearly rules.
 * Windows rules give the transition time in the local time in force before the change, as POSIX does; a `year` other
 * than 0 (a rule for one year only) is treated as recurring.
 */
export function customTimeZoneToPosix(zone: GraphTimeZoneBase): string {
  const bias = zone.bias ?? 0;
  const standardEast = -(bias + (zone.standardOffset?.bias ?? 0));
  const std = `${posixZoneName(standardEast)}${posixOffset(standardEast)}`;
  const daylight = zone.daylightOffset;
  if (!hasRule(daylight) || !hasRule(zone.standardOffset)) return std;
  const daylightEast = -(bias + (daylight.daylightBias ?? -60));
  if (daylightEast === standardEast) return std;
  const rule = (o: GraphTimeZoneOffset, field: string): string =>
    `M${o.month}.${Math.min(5, Math.max(1, o.dayOccurrence ?? 1))}.${DAYS.indexOf(toDay(o.dayOfWeek ?? 'sunday', field))}/${ruleTime(o.time)}`;
  return `${std}${posixZoneName(daylightEast)}${posixOffset(daylightEast)},${rule(daylight, 'daylightOffset.dayOfWeek')},${rule(zone.standardOffset, 'standardOffset.dayOfWeek')}`;
}

function isCustom(zone: GraphTimeZoneBase): boolean {
  return /customTimeZone$/i.test(zone['@odata.type'] ?? '') || (typeof zone.bias === 'number' && (zone.standardOffset != null || zone.daylightOffset != null));
}

/** A Graph dateTimeTimeZone as a UTC instant ('2024-03-01T08:00:00.0000000' in 'Pacific Standard Time'). */
export function instantFromGraph(value: GraphDateTimeTimeZone, field: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?(Z)?$/.exec(value?.dateTime ?? '');
  if (m === null) throw new DomainError('invalid_instant', `${field} "${String(value?.dateTime)}" is not a date-time.`);
  const wallMs = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0), Math.floor(Number(`0.${m[7] ?? '0'}`) * 1000));
  if (!Number.isFinite(wallMs)) throw new DomainError('invalid_instant', `${field} "${value.dateTime}" is not a date-time.`);
  if (m[8] === 'Z') return new Date(wallMs);
  return new Date(wallTimeToUtcMs(resolveZone(value.timeZone ?? 'UTC'), wallMs));
}

/**
 * Builds a WorkingCalendar from Graph `mailboxSettings`: `workingHours` (days, start/end local times, time zone as a
 * Windows or IANA name, or a custom zone with bias and standard/daylight rules) and a `scheduled`
 * `automaticRepliesSetting` as a closed period. Without `workingHours`, Outlook's default Mon–Fri 08:00–17:00 applies
 * in `mailboxSettings.timeZone`. `alwaysEnabled` automatic replies have no end and are not treated as absence.
 * Graph gives only the current or next scheduled absence and the working hours as they are now: the sync merges this
 * into the stored calendar ({@link mergeCalendarChange} in calendar-history.ts), which keeps past absences and hours.
 * @throws DomainError `unknown_time_zone`, `invalid_time`, `invalid_day_of_week`, `invalid_instant`.
 */
export function calendarFromGraph(settings: GraphMailboxSettings, options: CalendarFromGraphOptions = {}): WorkingCalendar {
  const hours = settings.workingHours ?? null;
  const zone = hours?.timeZone ?? null;
  let timeZone: string;
  if (zone !== null && isCustom(zone)) timeZone = customTimeZoneToPosix(zone);
  else timeZone = zone?.name?.trim() || settings.timeZone?.trim() || options.fallbackTimeZone || 'UTC';
  resolveZone(timeZone); // validate now, with a DomainError, rather than on first use

  const days = hours?.daysOfWeek == null ? DEFAULT_DAYS : hours.daysOfWeek.map((d, i) => toDay(d, `workingHours.daysOfWeek[${i}]`));
  const start = toClock(hours?.startTime, '08:00', 'workingHours.startTime');
  const end = toClock(hours?.endTime, '17:00', 'workingHours.endTime');
  const calendar: WorkingCalendar = { timeZone, windows: days.length === 0 ? [] : [{ days, start, end }] };
  if (options.holidays !== undefined && options.holidays.length > 0) calendar.holidays = [...options.holidays];

  const replies = settings.automaticRepliesSetting;
  if ((options.includeOutOfOffice ?? true) && replies?.status?.toLowerCase() === 'scheduled' && replies.scheduledStartDateTime && replies.scheduledEndDateTime) {
    const from = instantFromGraph(replies.scheduledStartDateTime, 'scheduledStartDateTime');
    const to = instantFromGraph(replies.scheduledEndDateTime, 'scheduledEndDateTime');
    if (to.getTime() > from.getTime()) calendar.closed = [{ from, to }];
  }
  return calendar;
}
