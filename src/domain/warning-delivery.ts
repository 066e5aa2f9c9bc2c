/**
 * Quiet hours (issue 20): a warning reaches its recipient inside their working time; one that falls outside it — at
 * night, on a weekend or holiday, while they are out of office — waits for their next digest, which is sent at the
 * first working minute of each working day in their own time zone.
 */
import { isWorkingTime, nextWorkingDayBegin, type WorkingCalendar } from './working-time';

/** What to do with a warning: send it now, or fold it into the digest due at `digestAt` (UTC). */
export type WarningDelivery = { action: 'sendNow' } | { action: 'hold'; digestAt: Date };

/**
 * When a person's next digest is due after `after` (strictly): the first working instant of their next working day —
 * 09:00 local for a 09:00–17:00 calendar, skipping weekends, holidays and days wholly out of office, and later that
 * morning when an absence takes its start. A digest sent at 09:00 asks for the next one from 09:00 itself, so the
 * answer is the next working day's 09:00, never the same instant.
 * @throws DomainError `no_working_time` when the calendar has no working day after `after`; calendar errors as
 * compileCalendar.
 */
export function nextDigestAt(after: Date, calendar: WorkingCalendar): Date {
  return nextWorkingDayBegin(after, calendar);
}

/**
 * Send now or hold: `at` is when the warning would go out (its transition instant, or the moment it is delivered late)
 * and `calendar` the recipient's — their working hours with holidays, and their out-of-office periods as `closed` (quiet
 * hours apply while they are away whether or not their team pauses clocks for it). Inside working time (windows are
 * half-open: 17:00 is already outside a 09:00–17:00 day) it is sent; otherwise it is held for {@link nextDigestAt}.
 */
export function warningDelivery(at: Date, calendar: WorkingCalendar): WarningDelivery {
  return isWorkingTime(at, calendar) ? { action: 'sendNow' } : { action: 'hold', digestAt: nextDigestAt(at, calendar) };
}
