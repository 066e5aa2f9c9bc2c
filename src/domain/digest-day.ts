/**
 * Which working day's digest is due (issue 20): a person's digest goes at the first working instant of each of their
 * working days, once per local date. A scheduler that looks now and then (or was down at that instant) asks whether
 * today's digest instant has come; yesterday's is never sent late.
 */
import { localDateAt } from './calendar-history';
import { isDomainError } from './domain-error';
import { isWorkingTime, nextWorkingDayBegin, type WorkingCalendar } from './working-time';

/** Far enough back that the day's beginning is found on a 25-hour DST day too. */
const LOOKBACK_MS = 36 * 3_600_000;

/** Today's digest instant, and the local date (in the calendar's zone) it is for. */
export interface DigestDay {
  /** The first working instant of the day (UTC). */
  at: Date;
  /** 'YYYY-MM-DD' in `calendar.timeZone`: the key of "once per working day". */
  localDate: string;
}

/**
 * The digest instant of the working day that has begun by `now` on the person's local date of `now`, or null when
 * their day has not begun yet (before 09:00 on a 09:00–17:00 day), today is not a working day for them (weekend,
 * holiday, wholly out of office), or `now` is outside their working time. So a digest missed at 09:00 (downtime) still
 * goes later that working day, never after it ends (quiet hours hold for digests too) and never the next day.
 * @throws calendar errors as compileCalendar; a calendar with no working time at all gives null.
 */
export function digestDayAt(now: Date, calendar: WorkingCalendar): DigestDay | null {
  const nowMs = now.getTime();
  let latest: Date | null = null;
  try {
    let begin = nextWorkingDayBegin(new Date(nowMs - LOOKBACK_MS), calendar);
    while (begin.getTime() <= nowMs) {
      latest = begin;
      begin = nextWorkingDayBegin(begin, calendar);
    }
  } catch (error) {
    if (!isDomainError(error, 'no_working_time')) throw error;
  }
  if (latest === null || !isWorkingTime(now, calendar)) return null;
  const localDate = localDateAt(latest, calendar.timeZone);
  return localDate === localDateAt(now, calendar.timeZone) ? { at: latest, localDate } : null;
}
