import { findIana } from 'windows-iana';
import { DomainError } from './domain-error';
import { parsePosixTimeZone } from './posix-time-zone';
import type { ZoneRules } from './zone-rules';

export type { ZoneRules } from './zone-rules';

const DAY_MS = 86_400_000;
/** IANA offsets are sampled in blocks of this many days; transitions inside a block are found by bisection. */
const BLOCK_DAYS = 128;
const BLOCK_MS = BLOCK_DAYS * DAY_MS;

interface OffsetBlock { at: number[]; offsetMs: number[] }

/**
 * IANA zone backed by `Intl.DateTimeFormat` (`timeZoneName: 'longOffset'`). Offsets are sampled once a day and every
 * change is bisected to the second (Intl's resolution), then cached per 128-day block, so `offsetMsAt` is a lookup.
 * Limitation: two transitions within one day (none in current tzdb data) would be seen as at most one.
 */
class IntlZone implements ZoneRules {
  private readonly format: Intl.DateTimeFormat;
  private readonly blocks = new Map<number, OffsetBlock>();

  constructor(readonly id: string) {
    this.format = new Intl.DateTimeFormat('en-US', { timeZone: id, timeZoneName: 'longOffset' });
  }

  offsetMsAt(utcMs: number): number {
    const index = Math.floor(utcMs / BLOCK_MS);
    let block = this.blocks.get(index);
    if (block === undefined) {
      block = this.sampleBlock(index * BLOCK_MS);
      this.blocks.set(index, block);
    }
    let offset = block.offsetMs[0] ?? 0;
    for (let i = 1; i < block.at.length; i++) {
      if ((block.at[i] ?? Infinity) > utcMs) break;
      offset = block.offsetMs[i] ?? offset;
    }
    return offset;
  }

  private sampleBlock(startMs: number): OffsetBlock {
    const at = [startMs];
    const offsetMs = [this.readOffsetMs(startMs)];
    let previous = offsetMs[0] ?? 0;
    for (let day = 1; day <= BLOCK_DAYS; day++) {
      const t = startMs + day * DAY_MS;
      const current = this.readOffsetMs(t);
      if (current === previous) continue;
      // Bisect on whole seconds: lo has `previous`, hi has a different offset.
      let lo = t - DAY_MS;
      let hi = t;
      while (hi - lo > 1000) {
        const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
        if (this.readOffsetMs(mid) === previous) lo = mid;
        else hi = mid;
      }
      const changed = this.readOffsetMs(hi);
      if (hi < startMs + BLOCK_MS) {
        at.push(hi);
        offsetMs.push(changed);
      }
      previous = current;
    }
    return { at, offsetMs };
  }

  private readOffsetMs(utcMs: number): number {
    const part = this.format.formatToParts(utcMs).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
    const match = /^GMT(?:([+-])(\d{1,2})(?::(\d{2}))?(?::(\d{2}))?)?$/.exec(part);
    if (match === null) throw new DomainError('unknown_time_zone', `Unreadable offset "${part}" for time zone ${this.id}.`);
    if (match[1] === undefined) return 0;
    const sign = match[1] === '-' ? -1 : 1;
    return sign * ((Number(match[2]) * 60 + Number(match[3] ?? 0)) * 60 + Number(match[4] ?? 0)) * 1000;
  }
}

/**
 * Resolved zones by the name asked for. Names come from owners' settings and Graph mailboxSettings, so the cache is
 * bounded: past {@link ZONE_CACHE_LIMIT} names the least recently used is dropped (a Map keeps insertion order; a hit
 * moves its name to the end). Bounded by hand because src/domain imports no cache library (lint: pure modules only).
 */
export const ZONE_CACHE_LIMIT = 1_000;
const zoneCache = new Map<string, ZoneRules>();

function tryIntl(name: string): ZoneRules | undefined {
  try {
    return new IntlZone(name);
  } catch (error) {
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}

/**
 * Resolves a time zone name to its rules: an IANA name ('Europe/London'), a Windows name ('GMT Standard Time', mapped
 * with windows-iana), or a POSIX TZ rule string ('<+0100>-1<+0200>,M3.5.0/2,M10.5.0/3', used for Graph custom zones).
 * Results are cached for the process (the most recent {@link ZONE_CACHE_LIMIT} names).
 * @throws DomainError `unknown_time_zone` when the name is none of these.
 */
export function resolveZone(name: string): ZoneRules {
  const cached = zoneCache.get(name);
  if (cached !== undefined) {
    zoneCache.delete(name);
    zoneCache.set(name, cached);
    return cached;
  }
  const trimmed = typeof name === 'string' ? name.trim() : '';
  let rules: ZoneRules | undefined;
  if (trimmed !== '') {
    rules = tryIntl(trimmed);
    if (rules === undefined) {
      const iana = findIana(trimmed)[0];
      if (iana !== undefined) rules = tryIntl(iana);
    }
    rules ??= parsePosixTimeZone(trimmed);
  }
  if (rules === undefined) throw new DomainError('unknown_time_zone', `Unknown time zone "${String(name)}".`);
  zoneCache.set(name, rules);
  if (zoneCache.size > ZONE_CACHE_LIMIT) {
    const oldest = zoneCache.keys().next().value;
    if (oldest !== undefined) zoneCache.delete(oldest);
  }
  return rules;
}

/**
 * Converts a local wall-clock time (milliseconds since 1970-01-01T00:00 of the local calendar, i.e. the wall time read
 * as if it were UTC) to a UTC instant in milliseconds.
 *
 * Disambiguation follows Temporal's `'compatible'` rule: a wall time that occurs twice (clocks go back) maps to the
 * earlier instant; a wall time that does not exist (clocks go forward, e.g. 01:30 in London on the last Sunday of March)
 * is moved forward by the length of the gap (01:30 → 02:30 BST, i.e. 01:30 UTC).
 */
export function wallTimeToUtcMs(zone: ZoneRules, wallMs: number): number {
  const offsetBefore = zone.offsetMsAt(wallMs - DAY_MS);
  const offsetAfter = zone.offsetMsAt(wallMs + DAY_MS);
  const early = wallMs - offsetBefore;
  if (offsetBefore === offsetAfter) {
    // Usual case: no transition nearby. Still verify, in case the zone changed and changed back within two days.
    if (zone.offsetMsAt(early) === offsetBefore) return early;
    const mid = zone.offsetMsAt(wallMs);
    return wallMs - mid;
  }
  const late = wallMs - offsetAfter;
  const earlyValid = zone.offsetMsAt(early) === offsetBefore;
  const lateValid = zone.offsetMsAt(late) === offsetAfter;
  if (earlyValid && lateValid) return Math.min(early, late); // repeated hour: the earlier instant
  if (earlyValid) return early;
  if (lateValid) return late;
  return early; // skipped hour: read with the offset before the change, which lands after it (moves forward)
}
