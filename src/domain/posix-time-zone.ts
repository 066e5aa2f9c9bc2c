import type { ZoneRules } from './zone-rules';

/**
 * POSIX TZ rule strings ("std offset [dst [offset] [,start[/time],end[/time]]]", IEEE 1003.1 §8.3), the fixed
 * rule-based form used for Microsoft Graph custom time zones (`customTimeZone` with `bias`, `standardOffset`,
 * `daylightOffset`). Only the `Mm.w.d` date form is supported (the form Windows/Graph rules translate to); week 5
 * means "last". Offsets in POSIX are hours WEST of Greenwich (UTC-5 is written `5`).
 */

interface TransitionRule { month: number; week: number; weekday: number; timeSeconds: number }

const NAME = String.raw`(?:[A-Za-z]{3,}|<[A-Za-z0-9+-]{1,}>)`;
const OFFSET = String.raw`([+-]?\d{1,2}(?::\d{2}){0,2})`;
const RULE = String.raw`M(\d{1,2})\.(\d)\.(\d)(?:/([+-]?\d{1,3}(?::\d{2}){0,2}))?`;
const POSIX = new RegExp(`^${NAME}${OFFSET}(?:${NAME}${OFFSET}?(?:,${RULE},${RULE})?)?$`);

function hmsToSeconds(text: string): number {
  const sign = text.startsWith('-') ? -1 : 1;
  const [h = '0', m = '0', s = '0'] = text.replace(/^[+-]/, '').split(':');
  return sign * (Number(h) * 3600 + Number(m) * 60 + Number(s));
}

/** Day of month of the rule's transition in `year` (1-based). */
function ruleDay(year: number, rule: TransitionRule): number {
  const firstWeekday = new Date(Date.UTC(year, rule.month - 1, 1)).getUTCDay();
  const daysInMonth = new Date(Date.UTC(year, rule.month, 0)).getUTCDate();
  let day = 1 + ((rule.weekday - firstWeekday + 7) % 7) + (rule.week - 1) * 7;
  while (day > daysInMonth) day -= 7;
  return day;
}

class PosixZone implements ZoneRules {
  private readonly years = new Map<number, [number, number]>();

  constructor(
    readonly id: string,
    private readonly standardMs: number,
    private readonly daylightMs: number,
    private readonly start: TransitionRule | null,
    private readonly end: TransitionRule | null,
  ) {}

  offsetMsAt(utcMs: number): number {
    if (this.start === null || this.end === null) return this.standardMs;
    const year = new Date(utcMs).getUTCFullYear();
    const [dstStart, dstEnd] = this.transitions(year);
    const inDaylight = dstStart < dstEnd ? utcMs >= dstStart && utcMs < dstEnd : utcMs >= dstStart || utcMs < dstEnd;
    return inDaylight ? this.daylightMs : this.standardMs;
  }

  /** UTC instants of the change to daylight time and back in `year`; rule times are local time before each change. */
  private transitions(year: number): [number, number] {
    const cached = this.years.get(year);
    if (cached !== undefined) return cached;
    const at = (rule: TransitionRule, offsetMs: number): number =>
      Date.UTC(year, rule.month - 1, ruleDay(year, rule)) + rule.timeSeconds * 1000 - offsetMs;
    const pair: [number, number] = [at(this.start as TransitionRule, this.standardMs), at(this.end as TransitionRule, this.daylightMs)];
    this.years.set(year, pair);
    return pair;
  }
}

function toRule(month?: string, week?: string, weekday?: string, time?: string): TransitionRule | null {
  const rule = { month: Number(month), week: Number(week), weekday: Number(weekday), timeSeconds: time === undefined ? 7200 : hmsToSeconds(time) };
  if (!(rule.month >= 1 && rule.month <= 12 && rule.week >= 1 && rule.week <= 5 && rule.weekday >= 0 && rule.weekday <= 6)) return null;
  return rule;
}

/** Parses a POSIX TZ string; undefined when it is not one (the caller then reports `unknown_time_zone`). */
export function parsePosixTimeZone(text: string): ZoneRules | undefined {
  const m = POSIX.exec(text);
  if (m === null) return undefined;
  const standardMs = 0 - hmsToSeconds(m[1] ?? '0') * 1000; // 0 − x, never −0
  if (Math.abs(standardMs) > 26 * 3_600_000) return undefined;
  const hasDaylight = /^(?:[A-Za-z]{3,}|<[A-Za-z0-9+-]+>)[+-]?[\d:]+(?:[A-Za-z]{3,}|<[A-Za-z0-9+-]+>)/.test(text);
  if (!hasDaylight) return new PosixZone(text, standardMs, standardMs, null, null);
  const daylightMs = m[2] === undefined ? standardMs + 3_600_000 : 0 - hmsToSeconds(m[2]) * 1000;
  // Without explicit rules POSIX implies US rules; we require them instead (a custom zone always states its rules).
  if (m[3] === undefined) return undefined;
  const start = toRule(m[3], m[4], m[5], m[6]);
  const end = toRule(m[7], m[8], m[9], m[10]);
  if (start === null || end === null) return undefined;
  return new PosixZone(text, standardMs, daylightMs, start, end);
}

/** Formats an offset east of UTC in minutes as a POSIX offset (hours west): +60 → "-1", -330 → "5:30". */
export function posixOffset(offsetEastMinutes: number): string {
  const west = -offsetEastMinutes;
  const sign = west < 0 ? '-' : '';
  const abs = Math.abs(west);
  const h = Math.floor(abs / 60);
  const m = abs % 60;
  return `${sign}${h}${m === 0 ? '' : `:${String(m).padStart(2, '0')}`}`;
}

/** A POSIX zone name for an offset east of UTC in minutes: 330 → "<+0530>". */
export function posixZoneName(offsetEastMinutes: number): string {
  const abs = Math.abs(offsetEastMinutes);
  const hhmm = `${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
  return `<${offsetEastMinutes < 0 ? '-' : '+'}${hhmm}>`;
}
