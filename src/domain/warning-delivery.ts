/**
 * Quiet hours (issue 20): a warning reaches its recipient inside their working time; one that falls outside it — at
 * night, on a weekend or holiday, while they are out of office — waits for their next digest, which is sent at the
 * first working minute of each working day in their own time zone, and so does one that turns at that very instant.
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
 * How far into a working day a clock used up (or 75 % used) at the previous close turns: `atRisk` at the day's first
 * working instant, `breached` 1 ms later — breached means past the target, the first working millisecond after it
 * (src/domain/clock-transitions.ts).
 */
export const OVERNIGHT_TRANSITION_MS = 1;

/**
 * Send now or hold: `at` is when the warning would go out (its transition instant, or the moment it is delivered late),
 * `transitionAt` the instant the clock turned (`at` unless given), and `calendar` the recipient's — their working hours
 * with holidays, and their out-of-office periods as `closed` (quiet hours apply while they are away whether or not
 * their team pauses clocks for it).
 * - Outside working time (windows are half-open: 17:00 is already outside a 09:00–17:00 day) it is held for
 *   {@link nextDigestAt}.
 * - A transition the moment a working day begins ({@link OVERNIGHT_TRANSITION_MS}) is held for that day's digest, due
 *   at that same instant: the clock's target (or 75 % of it) was used up when work stopped the evening before, and the
 *   digest, composed from that instant on, already counts it ("1 breached"), so a warning beside it would say the same
 *   thing twice. On a busy morning these are most of a day's warnings, all in one minute, more than Graph's 5 sends a
 *   second per tenant could carry on time.
 * - Otherwise it is sent.
 */
export function warningDelivery(at: Date, calendar: WorkingCalendar, transitionAt: Date = at): WarningDelivery {
  if (!isWorkingTime(at, calendar)) return { action: 'hold', digestAt: nextDigestAt(at, calendar) };
  // nextWorkingDayBegin is strictly after its argument: from just before the window, it finds a day that began at most
  // OVERNIGHT_TRANSITION_MS before the transition, if one did.
  const dayBegin = nextWorkingDayBegin(new Date(transitionAt.getTime() - OVERNIGHT_TRANSITION_MS - 1), calendar);
  if (dayBegin.getTime() <= transitionAt.getTime()) return { action: 'hold', digestAt: dayBegin };
  return { action: 'sendNow' };
}
