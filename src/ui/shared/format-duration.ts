/**
 * Words for working-time durations and clocks, shared by every surface. Inputs are working minutes (the assignee's
 * working time, as the server evaluated it), never wall-clock time.
 */
import type { Clock } from '../../contracts/api';

/** "45 m", "1 h 20 m", "3 h", "0 m". Rounds to whole minutes; a negative value is formatted by its magnitude. */
export function formatWorkingMinutes(minutes: number): string {
  const total = Math.round(Math.abs(minutes));
  const hours = Math.floor(total / 60);
  const rest = total % 60;
  if (hours === 0) return `${rest} m`;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} m`;
}

/** "due in 1 h 20 m working time" for remainingMinutes ≥ 0, "breached 3 h ago" once negative. */
export function formatDuePhrase(remainingMinutes: number): string {
  if (remainingMinutes >= 0) return `due in ${formatWorkingMinutes(remainingMinutes)} working time`;
  return `breached ${formatWorkingMinutes(-remainingMinutes)} ago`;
}

/**
 * The phrase for one clock: running → {@link formatDuePhrase}; paused (dueAt null while running) → "paused";
 * stopped → "met in 2 h" / "missed by 30 m".
 */
export function formatClockPhrase(clock: Clock): string {
  if (clock.status === 'met') return `met in ${formatWorkingMinutes(clock.usedMinutes)}`;
  if (clock.status === 'missed') return `missed by ${formatWorkingMinutes(clock.usedMinutes - clock.targetMinutes)}`;
  if (clock.dueAt === null && clock.stoppedAt === null && clock.remainingMinutes >= 0) {
    return `paused, ${formatWorkingMinutes(clock.remainingMinutes)} left`;
  }
  return formatDuePhrase(clock.remainingMinutes);
}

/** A percentage for a 0..1 share: "83 %"; "–" for null. */
export function formatShare(share: number | null): string {
  return share === null ? '–' : `${Math.round(share * 100)} %`;
}

/** Working minutes or "–" for null (statistics with no data). */
export function formatOptionalMinutes(minutes: number | null): string {
  return minutes === null ? '–' : formatWorkingMinutes(minutes);
}
