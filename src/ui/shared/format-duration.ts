/**
 * Words for working-time durations and clocks, shared by every surface (tab, Outlook card, manager). Inputs are working
 * minutes (the assignee's working time, as the server evaluated it), never wall-clock time — so every phrase says
 * "of working time" or counts "working days", and whole working days come from the server (`overdueWorkingDays`,
 * counted on the assignee's calendar), never from minutes divided by an assumed day length.
 */
import type { ClockView } from '../../contracts/api';

/** "45 m", "1 h 20 m", "3 h", "0 m". Rounds to whole minutes; a negative value is formatted by its magnitude. */
export function formatWorkingMinutes(minutes: number): string {
  const total = Math.round(Math.abs(minutes));
  const hours = Math.floor(total / 60);
  const rest = total % 60;
  if (hours === 0) return `${rest} m`;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} m`;
}

/** "1 working day", "3 working days". */
export function formatWorkingDays(days: number): string {
  return days === 1 ? '1 working day' : `${days} working days`;
}

const dueFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * "Mon 10:30": a due instant in the viewer's time zone and locale (one formatter per locale and zone: creating one
 * costs more than formatting a row). `timeZone` undefined = the browser's zone.
 */
export function formatDueInstant(iso: string, locale?: string, timeZone?: string): string {
  const key = `${locale ?? ''}|${timeZone ?? ''}`;
  let format = dueFormats.get(key);
  if (format === undefined) {
    format = new Intl.DateTimeFormat(locale, { weekday: 'short', hour: '2-digit', minute: '2-digit', ...(timeZone === undefined ? {} : { timeZone }) });
    dueFormats.set(key, format);
  }
  return format.format(new Date(iso));
}

/** How far past its target a clock is: whole working days once one began since the breach, else working time. */
function overdue(clock: ClockView): string {
  const days = clock.overdueWorkingDays ?? 0;
  return days >= 1 ? formatWorkingDays(days) : `${formatWorkingMinutes(clock.remainingMinutes)} of working time`;
}

/**
 * A running clock: "due in 2 h 52 m of working time (Mon 10:30)" (the due instant in the viewer's zone and locale),
 * or once past its target "breached 3 working days ago" / "breached 45 m of working time ago".
 */
export function formatDuePhrase(clock: ClockView, locale?: string, timeZone?: string): string {
  if (clock.remainingMinutes >= 0) {
    const at = clock.dueAt === null ? '' : ` (${formatDueInstant(clock.dueAt, locale, timeZone)})`;
    return `due in ${formatWorkingMinutes(clock.remainingMinutes)} of working time${at}`;
  }
  return `breached ${overdue(clock)} ago`;
}

/**
 * The phrase for one clock: running → {@link formatDuePhrase}; paused (dueAt null while running) → "paused, 1 h 40 m
 * of working time left"; stopped → "met in 2 h of working time" / "missed by 3 working days".
 */
export function formatClockPhrase(clock: ClockView, locale?: string, timeZone?: string): string {
  if (clock.status === 'met') return `met in ${formatWorkingMinutes(clock.usedMinutes)} of working time`;
  if (clock.status === 'missed') {
    const days = clock.overdueWorkingDays ?? 0;
    return `missed by ${days >= 1 ? formatWorkingDays(days) : `${formatWorkingMinutes(clock.usedMinutes - clock.targetMinutes)} of working time`}`;
  }
  if (clock.dueAt === null && clock.stoppedAt === null && clock.remainingMinutes >= 0) {
    return `paused, ${formatWorkingMinutes(clock.remainingMinutes)} of working time left`;
  }
  return formatDuePhrase(clock, locale, timeZone);
}

/** A percentage for a 0..1 share: "83 %"; "–" for null. */
export function formatShare(share: number | null): string {
  return share === null ? '–' : `${Math.round(share * 100)} %`;
}

/** Working minutes or "–" for null (statistics with no data). */
export function formatOptionalMinutes(minutes: number | null): string {
  return minutes === null ? '–' : formatWorkingMinutes(minutes);
}
