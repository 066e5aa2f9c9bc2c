/** The working calendar as a value: where and when someone works (the engine is working-time.ts). */

export type DayOfWeek = 'sunday' | 'monday' | 'tuesday' | 'wednesday' | 'thursday' | 'friday' | 'saturday';

/**
 * A recurring working window in local wall time. `end <= start` means the window runs past midnight into the next day
 * (a night shift Mon 22:00–06:00 belongs to Monday); `end` may be '24:00'.
 */
export interface WorkingWindow { days: DayOfWeek[]; start: string; end: string }

/** A weekly pattern the calendar followed before its current one: in force until `until` (a UTC instant, exclusive). */
export interface PastWeeklyPattern {
  until: Date;
  timeZone: string;
  windows: WorkingWindow[];
}

/**
 * Where and when someone works. Treated as an immutable value: compiled calendars are cached by object identity and by
 * content, so change a calendar by making a new object.
 *
 * A calendar is history (DESIGN "Calendars are history"): `timeZone` and `windows` are the weekly pattern in force now
 * and from the last past pattern's `until` on; `pastPatterns` are the patterns in force before. Holidays and closed
 * periods are dated, so each applies under whichever pattern is in force on its date.
 */
export interface WorkingCalendar {
  /** IANA ('Europe/London'), Windows ('GMT Standard Time') or POSIX TZ rule string (Graph custom zones). */
  timeZone: string;
  /** Several windows a day are allowed (lunch break, split shift); overlapping windows count once. */
  windows: WorkingWindow[];
  /** Local dates 'YYYY-MM-DD' whose windows (those starting on that date) are removed. */
  holidays?: string[];
  /** Absences (out of office) as UTC instants [from, to). */
  closed?: { from: Date; to: Date }[];
  /**
   * Earlier weekly patterns, oldest first, `until` strictly ascending: the first was in force before its `until`, each
   * next one from the previous `until` to its own. Absent or empty: `timeZone` and `windows` always applied.
   */
  pastPatterns?: PastWeeklyPattern[];
}
