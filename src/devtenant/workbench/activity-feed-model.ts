/**
 * What the Teams workbench's bell needs besides rendering: the person's feed as `GET /dev/activity` answers it, which
 * entries they have not seen yet, the bell's accessible label and how an entry's time reads. No React, no fetch, so
 * the rules are unit-tested (tests/unit/devtenant/workbench/activity-feed-model.test.ts).
 */
import type { ActivityEntryJson } from '../activity-control-routes';

export type { ActivityEntryJson } from '../activity-control-routes';

/** The body of `GET /dev/activity?upn=…` (src/devtenant/activity-control-routes.ts). */
export interface ActivityFeedJson {
  upn: string;
  userId: string;
  /** Graph refuses notifications to someone without Turnaround's Teams app, so their feed stays empty. */
  teamsAppInstalled: boolean;
  /** Newest first. */
  value: ActivityEntryJson[];
}

/** How many entry ids the workbench remembers as seen per person: the feed itself keeps no more (FEED_LIMIT_PER_PERSON). */
export const SEEN_LIMIT = 500;

/** The entries not seen yet, in the feed's order (newest first). */
export function unseenEntries(feed: readonly ActivityEntryJson[], seen: ReadonlySet<string>): ActivityEntryJson[] {
  return feed.filter((entry) => !seen.has(entry.id));
}

/**
 * The seen ids after the person opened the feed: every entry shown counts as seen (as Teams clears its Activity badge
 * when the pane opens). Ids no longer in the feed are dropped, so the list never outgrows it.
 */
export function markAllSeen(feed: readonly ActivityEntryJson[]): Set<string> {
  return new Set(feed.slice(0, SEEN_LIMIT).map((entry) => entry.id));
}

/** The bell's accessible name, with the count a sighted person reads on its badge. */
export function bellLabel(unread: number): string {
  if (unread === 0) return 'Activity, no unread notifications';
  return `Activity, ${String(unread)} unread notification${unread === 1 ? '' : 's'}`;
}

/** A short word for an activity type, read before the entry's text (the icon's meaning, for screen readers). */
export function activityTypeLabel(type: string): string {
  switch (type) {
    case 'requestAtRisk': return 'At risk';
    case 'requestBreached': return 'Past due';
    case 'workdayDigest': return 'Your day';
    case 'thanksReceived': return 'Thanks';
    default: return 'Notification';
  }
}

/**
 * "Mon 14:05" in the viewer's locale and time zone (the workbench's `timeZone`, else the device's); an unknown zone
 * falls back to the device's rather than failing. `iso` is the simulator's receipt time (simulated clock, UTC).
 */
export function formatActivityTime(iso: string, locale: string, timeZone: string | null): string {
  const options: Intl.DateTimeFormatOptions = { weekday: 'short', hour: '2-digit', minute: '2-digit' };
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat(locale, timeZone ? { ...options, timeZone } : options);
  } catch {
    format = new Intl.DateTimeFormat(locale, options);
  }
  return format.format(new Date(iso));
}

/** The localStorage key of a person's seen ids (per person: the workbench switches who is signed in). */
export function seenStorageKey(upn: string): string {
  return `turnaround.workbench.activitySeen.${upn.toLowerCase()}`;
}

/** Seen ids read back from storage; anything unreadable counts as nothing seen. */
export function parseSeen(stored: string | null): Set<string> {
  if (stored === null) return new Set();
  try {
    const parsed: unknown = JSON.parse(stored);
    return new Set(Array.isArray(parsed) ? parsed.filter((id): id is string => typeof id === 'string').slice(0, SEEN_LIMIT) : []);
  } catch {
    return new Set();
  }
}
