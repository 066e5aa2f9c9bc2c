/**
 * Working-time arithmetic the demo generator uses to place messages and reply delays inside people's Outlook working
 * hours. Deliberately independent of src/domain's engine (the generator must not share code with what it tests).
 */

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;

/** A person's working hours in one IANA zone, as minutes after local midnight. */
export interface WorkingPattern {
  ianaZone: string;
  daysOfWeek: readonly string[];
  startMinute: number;
  endMinute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsetCache = new Map<string, number>();

/** The zone's UTC offset in minutes at the given instant (e.g. +60 for Berlin in winter). Cached per zone and hour. */
export function zoneOffsetMinutes(ianaZone: string, atMs: number): number {
  const hourKey = `${ianaZone}|${Math.floor(atMs / 3_600_000)}`;
  const cached = offsetCache.get(hourKey);
  if (cached !== undefined) return cached;
  let fmt = formatters.get(ianaZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-US', {
      timeZone: ianaZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric',
    });
    formatters.set(ianaZone, fmt);
  }
  const parts: Record<string, number> = {};
  for (const p of fmt.formatToParts(new Date(atMs))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const asUtc = Date.UTC(parts.year ?? 1970, (parts.month ?? 1) - 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0);
  const offset = Math.round((asUtc - Math.floor(atMs / MINUTE_MS) * MINUTE_MS) / MINUTE_MS);
  offsetCache.set(hourKey, offset);
  return offset;
}

/** The UTC working window [startMs, endMs) on the local calendar day that contains `localDayStartUtcGuessMs`, or null on a day off. */
export function workingWindowOnLocalDay(pattern: WorkingPattern, localDayNumber: number): { startMs: number; endMs: number } | null {
  const weekday = WEEKDAYS[((localDayNumber % 7) + 11) % 7]; // day 0 (1970-01-01) was a Thursday
  if (!weekday || !pattern.daysOfWeek.includes(weekday)) return null;
  const localMidnightAsUtc = localDayNumber * DAY_MS;
  const offset = zoneOffsetMinutes(pattern.ianaZone, localMidnightAsUtc + 12 * 3_600_000);
  return {
    startMs: localMidnightAsUtc + (pattern.startMinute - offset) * MINUTE_MS,
    endMs: localMidnightAsUtc + (pattern.endMinute - offset) * MINUTE_MS,
  };
}

/** The local calendar day number (days since 1970-01-01 in the zone) of an instant. */
export function localDayNumber(pattern: WorkingPattern, atMs: number): number {
  return Math.floor((atMs + zoneOffsetMinutes(pattern.ianaZone, atMs) * MINUTE_MS) / DAY_MS);
}

/** Adds `workingMinutes` of the pattern's working time to `fromMs`; returns the resulting instant (UTC ms). */
export function addWorkingMinutes(pattern: WorkingPattern, fromMs: number, workingMinutes: number): number {
  let remainingMs = workingMinutes * MINUTE_MS;
  let day = localDayNumber(pattern, fromMs);
  for (let guard = 0; guard < 400; guard++, day++) {
    const w = workingWindowOnLocalDay(pattern, day);
    if (!w) continue;
    const start = Math.max(w.startMs, fromMs);
    if (start >= w.endMs) continue;
    if (start + remainingMs <= w.endMs) return start + remainingMs;
    remainingMs -= w.endMs - start;
  }
  return fromMs + workingMinutes * MINUTE_MS;
}
