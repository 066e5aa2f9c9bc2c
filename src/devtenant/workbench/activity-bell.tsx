/**
 * The Teams workbench's bell: Teams' "Activity" for the signed-in person. It polls the dev tenant's record of what the
 * person received through Graph's activity feed (`GET /dev/activity?upn=…`), shows how many entries they have not seen
 * on a badge, and opens a panel listing the entries (type icon, text, time); picking one hands it to the host page,
 * which opens the personal tab on the entry's sub-entity as Teams does.
 */
import {
  Button, Caption1, CounterBadge, Popover, PopoverSurface, PopoverTrigger, Subtitle2, Text, makeStyles, mergeClasses, tokens,
  useArrowNavigationGroup,
} from '@fluentui/react-components';
import {
  Alert20Regular, Alert24Regular, CalendarLtr20Regular, ErrorCircle20Regular, Heart20Regular, Warning20Regular,
} from '@fluentui/react-icons';
import { useCallback, useEffect, useId, useRef, useState, type ReactElement } from 'react';
import {
  activityTypeLabel, bellLabel, formatActivityTime, markAllSeen, parseSeen, seenStorageKey, unseenEntries,
  type ActivityEntryJson, type ActivityFeedJson,
} from './activity-feed-model';

/** How often the bell asks for the feed: Teams shows a notification within seconds, and /dev/activity is cheap. */
export const ACTIVITY_POLL_MS = 3_000;

const useStyles = makeStyles({
  // The badge sits beside the button, not in it: Fluent's Button clips its content (overflow: hidden).
  bellWrap: { position: 'relative', display: 'inline-flex' },
  badge: { position: 'absolute', top: '0', right: '0', pointerEvents: 'none' },
  surface: { width: '380px', maxWidth: 'calc(100vw - 32px)', padding: '0', display: 'flex', flexDirection: 'column', maxHeight: '70vh' },
  heading: { margin: '0', padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalL}`, borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}` },
  list: { listStyleType: 'none', margin: '0', padding: tokens.spacingVerticalXS, overflowY: 'auto' },
  entry: {
    display: 'flex', width: '100%', justifyContent: 'flex-start', alignItems: 'flex-start', gap: tokens.spacingHorizontalM,
    textAlign: 'start', fontWeight: tokens.fontWeightRegular, padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
  },
  unread: { fontWeight: tokens.fontWeightSemibold },
  icon: { flexShrink: 0, marginTop: '2px', color: tokens.colorBrandForeground1 },
  lines: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS, minWidth: 0 },
  meta: { color: tokens.colorNeutralForeground3 },
  note: { padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalL}`, color: tokens.colorNeutralForeground2 },
});

function TypeIcon({ type, className }: { type: string; className: string }): ReactElement {
  const props = { className, 'aria-hidden': true } as const;
  switch (type) {
    case 'requestAtRisk': return <Warning20Regular {...props} />;
    case 'requestBreached': return <ErrorCircle20Regular {...props} />;
    case 'workdayDigest': return <CalendarLtr20Regular {...props} />;
    case 'thanksReceived': return <Heart20Regular {...props} />;
    default: return <Alert20Regular {...props} />;
  }
}

function readSeen(upn: string): Set<string> {
  try {
    return parseSeen(window.localStorage.getItem(seenStorageKey(upn)));
  } catch {
    return new Set(); // storage blocked: the badge then counts the whole feed, which is still right for a first visit
  }
}

function writeSeen(upn: string, seen: ReadonlySet<string>): void {
  try {
    window.localStorage.setItem(seenStorageKey(upn), JSON.stringify([...seen]));
  } catch {
    // storage blocked or full: the badge resets on reload, nothing else depends on it
  }
}

export interface ActivityBellProps {
  /** The signed-in person's user principal name. */
  upn: string;
  locale: string;
  /** The viewer's IANA time zone (the workbench's `timeZone`), or null for the device's. */
  timeZone: string | null;
  /** The person picked an entry: the host opens what it points at. */
  onOpen: (entry: ActivityEntryJson) => void;
}

/** The bell button with its unread badge, and the panel of the person's feed it opens. */
export function ActivityBell({ upn, locale, timeZone, onOpen }: ActivityBellProps): ReactElement {
  const styles = useStyles();
  const headingId = useId();
  const arrowNavigation = useArrowNavigationGroup({ axis: 'vertical', circular: true });
  const [feed, setFeed] = useState<ActivityFeedJson | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [seen, setSeen] = useState<Set<string>>(() => readSeen(upn));
  const [open, setOpen] = useState(false);
  // What was unread when the panel opened: shown in bold while it stays open, though the badge is cleared.
  const [unreadAtOpen, setUnreadAtOpen] = useState<ReadonlySet<string>>(new Set());
  const inFlight = useRef(false);

  const poll = useCallback(async () => {
    if (inFlight.current) return;
    inFlight.current = true;
    try {
      const response = await fetch(`/dev/activity?${new URLSearchParams({ upn }).toString()}`, { headers: { Accept: 'application/json' } });
      if (!response.ok) {
        setFailure(`The activity feed did not load (HTTP ${String(response.status)}).`);
        return;
      }
      setFeed((await response.json()) as ActivityFeedJson);
      setFailure(null);
    } catch (err) {
      setFailure(`The activity feed did not load (${err instanceof Error ? err.message : String(err)}).`);
    } finally {
      inFlight.current = false;
    }
  }, [upn]);

  useEffect(() => {
    void poll();
    const timer = window.setInterval(() => void poll(), ACTIVITY_POLL_MS);
    return () => window.clearInterval(timer);
  }, [poll]);

  const entries = feed?.value ?? [];
  const unread = unseenEntries(entries, seen).length;

  const changeOpen = (next: boolean) => {
    if (next) {
      // Opening the feed clears the badge, as in Teams; the entries stay marked until the panel closes.
      setUnreadAtOpen(new Set(unseenEntries(entries, seen).map((e) => e.id)));
      const nowSeen = markAllSeen(entries);
      setSeen(nowSeen);
      writeSeen(upn, nowSeen);
    }
    setOpen(next);
  };

  const pick = (entry: ActivityEntryJson) => {
    setOpen(false);
    onOpen(entry);
  };

  return (
    <span className={styles.bellWrap}>
      <Popover open={open} onOpenChange={(_e, d) => changeOpen(d.open)} positioning="below-end" trapFocus>
        <PopoverTrigger disableButtonEnhancement>
          <Button appearance="subtle" aria-label={bellLabel(unread)} data-testid="activity-bell" icon={<Alert24Regular />} />
        </PopoverTrigger>
        <PopoverSurface className={styles.surface} aria-labelledby={headingId}>
          <Subtitle2 as="h2" id={headingId} className={styles.heading}>Activity</Subtitle2>
          {failure !== null && <Caption1 role="alert" className={styles.note}>{failure}</Caption1>}
          {feed !== null && !feed.teamsAppInstalled && (
            <Caption1 className={styles.note}>Turnaround is not installed in Teams for you, so it cannot send you notifications.</Caption1>
          )}
          {entries.length === 0 ? (
            <Text className={styles.note}>Nothing yet. Turnaround's warnings, digests and thanks appear here.</Text>
          ) : (
            <ul className={styles.list} aria-labelledby={headingId} {...arrowNavigation}>
              {entries.map((entry) => {
                const isUnread = unreadAtOpen.has(entry.id);
                const opens = entry.subEntityId !== null || entry.topic.webUrl !== null;
                return (
                  <li key={entry.id} data-activity-id={entry.id}>
                    <Button
                      appearance="subtle"
                      className={mergeClasses(styles.entry, isUnread && styles.unread)}
                      disabled={!opens}
                      onClick={() => pick(entry)}
                    >
                      <TypeIcon type={entry.type} className={styles.icon} />
                      <span className={styles.lines}>
                        <span>{entry.text}</span>
                        <Caption1 className={styles.meta}>
                          {`${activityTypeLabel(entry.type)} · `}
                          {entry.topic.source === 'text' ? `${entry.topic.value} · ` : ''}
                          <time dateTime={entry.time}>{formatActivityTime(entry.time, locale, timeZone)}</time>
                          {isUnread ? ' · unread' : ''}
                        </Caption1>
                      </span>
                    </Button>
                  </li>
                );
              })}
            </ul>
          )}
        </PopoverSurface>
      </Popover>
      {unread > 0 && <CounterBadge className={styles.badge} count={unread} size="small" color="danger" aria-hidden data-testid="activity-count" />}
    </span>
  );
}
