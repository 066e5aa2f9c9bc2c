/**
 * A working calendar as the store keeps it (a person's, or a team's default): JSON text (out-of-office instants and the
 * ends of past weekly patterns as ISO strings). Read back, it is checked against the domain's WorkingCalendar shape and
 * its instants revived as Dates — the one mapping between the column and the domain type. A value that does not fit is the server's fault (written by an older version or by
 * hand), never the caller's input: DomainError `stored_calendar_invalid`.
 */
import { z } from 'zod';
import { DomainError } from '../domain/domain-error';
import type { DayOfWeek, WorkingCalendar } from '../domain/working-time';

const DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const satisfies readonly DayOfWeek[];
const instant = z.union([z.string(), z.date()]).transform((value, ctx) => {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) ctx.addIssue({ code: 'custom', message: 'not an instant' });
  return date;
});

const windows = z.array(z.object({ days: z.array(z.enum(DAYS)), start: z.string(), end: z.string() }));
const storedCalendar = z.object({
  timeZone: z.string().min(1),
  windows,
  holidays: z.array(z.string()).optional(),
  closed: z.array(z.object({ from: instant, to: instant })).optional(),
  pastPatterns: z.array(z.object({ until: instant, timeZone: z.string().min(1), windows })).optional(),
});
const storedTeamCalendar = storedCalendar.pick({ timeZone: true, windows: true, pastPatterns: true });

/** The column value for a calendar (null = the team's default applies). */
export function storedCalendarJson(calendar: WorkingCalendar | null | undefined): string | null {
  return calendar === null || calendar === undefined ? null : JSON.stringify(calendar);
}

/**
 * Parses a person's stored calendar column.
 * @param whose names it in the error, e.g. `person p-1`.
 * @throws DomainError `stored_calendar_invalid` when the text is not JSON or not a WorkingCalendar.
 */
export function calendarFromStoredJson(text: string | null, whose: string): WorkingCalendar | null {
  if (text === null) return null;
  const json = parseJson(text, whose);
  if (json === null) return null;
  const calendar: WorkingCalendar = checked(storedCalendar, json, whose);
  return calendar;
}

/**
 * Parses a team's stored default calendar column (time zone, windows and past weekly patterns; its holidays are
 * stored apart).
 * @param whose names it in the error, e.g. `team t-1`.
 * @throws DomainError `stored_calendar_invalid`.
 */
export function teamCalendarFromStoredJson(text: string, whose: string): Pick<WorkingCalendar, 'timeZone' | 'windows' | 'pastPatterns'> {
  const calendar: Pick<WorkingCalendar, 'timeZone' | 'windows' | 'pastPatterns'> = checked(storedTeamCalendar, parseJson(text, whose), whose);
  if (calendar.pastPatterns === undefined) delete calendar.pastPatterns;
  return calendar;
}

function parseJson(text: string, whose: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new DomainError('stored_calendar_invalid', `The stored working calendar of ${whose} is not JSON.`);
  }
}

function checked<T>(schema: z.ZodType<T>, json: unknown, whose: string): T {
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new DomainError('stored_calendar_invalid', `The stored working calendar of ${whose} is not a working calendar: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim());
}
