/**
 * Pure logic of the request detail panel: the deep link it opens from, the words for each history entry, and times in
 * the viewer's zone. Durations are the working minutes the server evaluated — never a difference of two clock times.
 */
import type { RequestEventView, RequestView } from '../../contracts/api';
import { requestIdFromSubPage } from '../../domain/request-deep-link';
import { formatWorkingMinutes } from '../shared/format-duration';
import { tabStrings } from './tab-strings';

// One definition of the sub-page format, shared with the activity feed's deep links (src/domain).
export { requestIdFromSubPage, requestSubPage } from '../../domain/request-deep-link';

const s = tabStrings.detail;

/** What happened, in words. */
export function eventTitle(e: RequestEventView, request: RequestView): string {
  switch (e.type) {
    case 'received': return s.events.received[request.source];
    case 'tracked': return s.events.tracked;
    case 'responded':
      if (e.response?.cleared) return s.events.responseCleared;
      return s.events.responded[e.response?.source ?? 'manual'];
    case 'waiting': return s.events.waiting;
    case 'resumed': return e.actor === null ? s.events.resumedBySync : s.events.resumed;
    case 'resolved': return s.events.resolved;
    case 'reopened': return s.events.reopened;
    case 'updated': {
      const fields = (e.fields ?? []).map((f) => s.fields[f] ?? f);
      return fields.length === 0 ? s.events.updatedNothing : s.events.updated(fields.join(', '));
    }
    case 'untracked': return s.events.untracked;
    case 'breach': return s.events.breach[e.clock ?? 'firstResponse'];
    case 'undone': {
      const change = e.undid === null ? undefined : s.undoneChange[e.undid];
      return change === undefined ? s.events.undoneSomething : s.events.undone(change);
    }
  }
}

/** Who did it: "from Ana" (received), "found by Sync" (a response the sync found), "by Ben". */
export function eventActor(e: RequestEventView): string {
  const name = e.actor?.displayName ?? s.sync;
  if (e.type === 'received') return s.from(name);
  if (e.type === 'responded' && e.response !== null && e.response.source !== 'manual') return s.foundBy(name);
  return s.by(name);
}

/**
 * "First response after 2 h 10 m of working time, within the 4 h target" on the entry that stopped a clock as it
 * stands now (the server marks it with the clock's evaluated minutes); null elsewhere.
 */
export function eventDuration(e: RequestEventView, request: RequestView): string | null {
  if (e.workingMinutes === null || e.clockStatus === null) return null;
  const clock = e.type === 'responded' ? request.clocks.firstResponse : e.type === 'resolved' ? request.clocks.resolution : null;
  if (clock === null) return null;
  const duration = formatWorkingMinutes(e.workingMinutes);
  const target = formatWorkingMinutes(clock.targetMinutes);
  const verdict = e.clockStatus === 'met' ? s.withinTarget(target) : s.overTarget(target);
  return `${e.type === 'responded' ? s.firstResponseAfter(duration) : s.resolvedAfter(duration)}, ${verdict}`;
}

const formats = new Map<string, Intl.DateTimeFormat>();

/**
 * "Mon 10 Mar, 14:05 GMT" in the viewer's locale and time zone (the host's, else the device's). An unknown zone
 * falls back to the device's rather than failing.
 */
export function formatEventTime(iso: string, locale: string, timeZone: string | null | undefined): string {
  const key = `${locale}\u0000${timeZone ?? ''}`;
  let format = formats.get(key);
  if (format === undefined) {
    const options: Intl.DateTimeFormatOptions = { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' };
    try {
      format = new Intl.DateTimeFormat(locale, timeZone ? { ...options, timeZone } : options);
    } catch {
      format = new Intl.DateTimeFormat(locale, options);
    }
    formats.set(key, format);
  }
  return format.format(new Date(iso));
}

const followedDeepLinks = new WeakSet<object>();

/**
 * The request the host's deep link opens (`request:<id>` in its sub-page), once per host context: the panel opens when
 * the tab starts, not again each time the person comes back to the queue view.
 */
export function takeDeepLinkedRequest(context: { readonly subPageId?: string | null }): string | null {
  if (followedDeepLinks.has(context)) return null;
  followedDeepLinks.add(context);
  return requestIdFromSubPage(context.subPageId);
}
