/**
 * Pure validation of a team's settings before the standards editor sends them. The server validates again; this gives
 * the owner every problem at once, each with a path the editor shows next to the field.
 */
import type { TeamSettings } from '../../contracts/api';

export interface SettingsProblem {
  /** Dotted path into TeamSettings, e.g. 'standards.2.resolutionTargetMinutes'. */
  path: string;
  message: string;
}

/** The smallest group the dashboard may show numbers for: below this, aggregates could identify people. */
export const MIN_GROUP_SIZE_FLOOR = 3;

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isRealDate(value: string): boolean {
  const match = DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function checkTarget(problems: SettingsProblem[], path: string, label: string, minutes: number): boolean {
  if (!Number.isInteger(minutes) || minutes <= 0) {
    problems.push({ path, message: `${label} must be a positive whole number of minutes.` });
    return false;
  }
  return true;
}

/** Returns every problem found; an empty list means the settings can be saved. */
export function validateSettings(settings: TeamSettings): SettingsProblem[] {
  const problems: SettingsProblem[] = [];

  const seenCategories = new Set<string>();
  settings.categories.forEach((category, index) => {
    const name = category.trim();
    if (name === '') problems.push({ path: `categories.${index}`, message: 'A category needs a name.' });
    else if (seenCategories.has(name.toLowerCase())) problems.push({ path: `categories.${index}`, message: `The category "${name}" is listed twice.` });
    seenCategories.add(name.toLowerCase());
  });

  if (settings.standards.length === 0) problems.push({ path: 'standards', message: 'Keep at least one standard (it can cover any category and priority).' });
  const seenCombos = new Map<string, number>();
  settings.standards.forEach((standard, index) => {
    const at = `standards.${index}`;
    const label = standard.name.trim() || `Standard ${index + 1}`;
    if (standard.name.trim() === '') problems.push({ path: `${at}.name`, message: 'A standard needs a name.' });
    if (standard.category !== null && !seenCategories.has(standard.category.trim().toLowerCase())) {
      problems.push({ path: `${at}.category`, message: `${label}: the category "${standard.category}" is not in the team's categories.` });
    }
    const firstOk = checkTarget(problems, `${at}.firstResponseTargetMinutes`, `${label}: the first-response target`, standard.firstResponseTargetMinutes);
    const resolutionOk = checkTarget(problems, `${at}.resolutionTargetMinutes`, `${label}: the resolution target`, standard.resolutionTargetMinutes);
    if (firstOk && resolutionOk && standard.resolutionTargetMinutes < standard.firstResponseTargetMinutes) {
      problems.push({ path: `${at}.resolutionTargetMinutes`, message: `${label}: the resolution target must be at least the first-response target.` });
    }
    const combo = `${standard.category?.toLowerCase() ?? '*'}|${standard.priority ?? '*'}`;
    const earlier = seenCombos.get(combo);
    if (earlier !== undefined) {
      const what = `${standard.category ?? 'any category'} / ${standard.priority ?? 'any priority'}`;
      problems.push({ path: `${at}.category`, message: `${label}: standard ${earlier + 1} already covers ${what}.` });
    } else seenCombos.set(combo, index);
  });

  if (settings.calendar.timeZone.trim() === '') problems.push({ path: 'calendar.timeZone', message: 'Choose the calendar\'s time zone.' });
  if (settings.calendar.windows.length === 0) problems.push({ path: 'calendar.windows', message: 'Add at least one working window.' });
  settings.calendar.windows.forEach((window, index) => {
    const at = `calendar.windows.${index}`;
    const label = `Working window ${index + 1}`;
    if (window.days.length === 0) problems.push({ path: `${at}.days`, message: `${label}: pick at least one day.` });
    const startOk = TIME.test(window.start);
    const endOk = TIME.test(window.end);
    if (!startOk) problems.push({ path: `${at}.start`, message: `${label}: the start must be a time as HH:MM (24-hour).` });
    if (!endOk) problems.push({ path: `${at}.end`, message: `${label}: the end must be a time as HH:MM (24-hour).` });
    if (startOk && endOk && window.start === window.end) problems.push({ path: `${at}.end`, message: `${label}: the start and end must differ.` });
  });

  const seenHolidays = new Set<string>();
  settings.holidays.forEach((date, index) => {
    if (!isRealDate(date)) problems.push({ path: `holidays.${index}`, message: `"${date}" is not a date as YYYY-MM-DD.` });
    else if (seenHolidays.has(date)) problems.push({ path: `holidays.${index}`, message: `${date} is listed twice.` });
    seenHolidays.add(date);
  });

  const { minGroupSize } = settings.privacy;
  if (!Number.isInteger(minGroupSize) || minGroupSize < MIN_GROUP_SIZE_FLOOR) {
    problems.push({ path: 'privacy.minGroupSize', message: `The minimum group size must be a whole number of at least ${MIN_GROUP_SIZE_FLOOR}.` });
  }
  return problems;
}

/** The messages for one field (exact path), joined for a Field's validationMessage; undefined when it is fine. */
export function messageFor(problems: SettingsProblem[], path: string): string | undefined {
  const messages = problems.filter((p) => p.path === path).map((p) => p.message);
  return messages.length === 0 ? undefined : messages.join(' ');
}

/** Server problems whose `path` is an error code rather than a field: the field each one is about. */
const FIELD_OF_CODE: Record<string, string> = {
  unknown_time_zone: 'calendar.timeZone',
};

/** The server's problems with each one's path pointing at the field it is about, so the editor shows it there. */
export function problemsAtFields(problems: readonly SettingsProblem[]): SettingsProblem[] {
  return problems.map((p) => ({ ...p, path: FIELD_OF_CODE[p.path] ?? p.path }));
}
