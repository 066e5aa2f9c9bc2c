/**
 * What Turnaround puts in the Teams activity feed (issue 20): the notifications for a clock at risk or breached and for
 * the working-day digests, with the manifest's template parameters (manifest.json `activities.activityTypes`:
 * requestAtRisk and requestBreached `{requester}` `{due}`, workdayDigest `{summary}`). Subjects and names only —
 * never a message body.
 */
import type { ClockName } from '../../domain/clocks';
import type { ClockTransitionKind } from '../../domain/clock-transitions';
import { requestActivityTopic, type ActivityTopic } from '../../domain/request-deep-link';
import { resolveZone } from '../../domain/zone-offsets';
import type { ActivityNotification } from '../m365-ports';

/** Teams shows the first 150 characters of the preview. */
const PREVIEW_MAX = 150;
const CLOCK_WORDS: Record<ClockName, string> = { firstResponse: 'first response', resolution: 'resolution' };

function preview(text: string): string {
  return text.length <= PREVIEW_MAX ? text : `${text.slice(0, PREVIEW_MAX - 1)}…`;
}

/** Wall times are formatted as UTC instants once the zone's offset is added. */
const WALL_TIME = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/**
 * A due instant as the recipient reads it, in their time zone: "Tue 14:00" (24-hour clock; the weekday tells today from
 * another day without knowing when the notification is read). The zone is as their calendar names it — IANA, Windows
 * (Outlook's mailbox settings: 'W. Europe Standard Time') or a POSIX rule for a custom zone — so it goes through
 * resolveZone, not straight to Intl, which knows only IANA names.
 */
export function dueText(dueAt: Date, timeZone: string): string {
  const parts = WALL_TIME.formatToParts(dueAt.getTime() + resolveZone(timeZone).offsetMsAt(dueAt.getTime()));
  const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('weekday')} ${part('hour')}:${part('minute')}`;
}

/**
 * The feed's chain id for one clock of one request (a positive 31-bit FNV-1a hash of both): Teams replaces a
 * notification by a later one with the same chain id, so "breached" takes the place of "at risk".
 */
export function clockChainId(requestId: string, clock: ClockName): number {
  let hash = 0x811c9dc5;
  for (const ch of `${requestId}:${clock}`) {
    hash ^= ch.codePointAt(0) ?? 0;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return (hash & 0x7fffffff) || 1;
}

/** What a warning is about. */
export interface WarningSubject {
  requestId: string;
  subject: string;
  requesterName: string;
  clock: ClockName;
  kind: ClockTransitionKind;
  /** When the clock's target is (or was) used up. */
  dueAt: Date;
  /** The recipient's time zone, for `{due}`. */
  timeZone: string;
}

/** The notification for a clock turning at risk or breached; a click opens the personal tab on the request. */
export function warningNotification(teamsAppId: string, w: WarningSubject): ActivityNotification {
  const due = dueText(w.dueAt, w.timeZone);
  const subject = w.subject.trim() === '' ? '(no subject)' : w.subject.trim();
  const state = w.kind === 'atRisk' ? `${CLOCK_WORDS[w.clock]} at risk, due ${due}` : `${CLOCK_WORDS[w.clock]} past its due time (${due})`;
  return {
    activityType: w.kind === 'atRisk' ? 'requestAtRisk' : 'requestBreached',
    topic: requestActivityTopic(teamsAppId, w.requestId, subject),
    previewText: preview(`${subject}: ${state}`),
    templateParameters: { requester: w.requesterName.trim() === '' ? 'A colleague' : w.requesterName.trim(), due },
    chainId: clockChainId(w.requestId, w.clock),
  };
}

/**
 * A digest notification: `summary` as the feed's text, the topic opening the tab on `requestId` (the most urgent
 * request, or for an owners' digest the oldest open one).
 */
export function digestNotification(teamsAppId: string, requestId: string, topicLabel: string, summary: string, previewText: string): ActivityNotification {
  const topic: ActivityTopic = requestActivityTopic(teamsAppId, requestId, topicLabel);
  return { activityType: 'workdayDigest', topic, previewText: preview(previewText), templateParameters: { summary } };
}
