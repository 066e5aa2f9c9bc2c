import { DomainError } from '../domain/domain-error';
import { compileCalendar, type WorkingCalendar } from '../domain/working-time';

/**
 * A working calendar read back from the store, checked before clocks run on it (compiling is cached by content, so
 * this costs one lookup per calendar). A stored calendar that does not compile is the server's fault — it was saved
 * by an older rule, or written by hand — so its error becomes `stored_calendar_invalid` (a 500-class problem naming
 * it) rather than the caller-blaming code (`unknown_time_zone`, `invalid_time`…) it would otherwise surface as.
 * @param whose names the calendar in the log message, e.g. `team t-1` or `person p-1`.
 * @throws DomainError `stored_calendar_invalid`.
 */
export function usableStoredCalendar(calendar: WorkingCalendar, whose: string): WorkingCalendar {
  try {
    compileCalendar(calendar);
    return calendar;
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    throw new DomainError('stored_calendar_invalid', `The stored working calendar of ${whose} cannot be used: ${error.code}: ${error.message}`);
  }
}
