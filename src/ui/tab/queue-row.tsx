import { makeStyles, mergeClasses, shorthands, tokens } from '@fluentui/react-components';
import { Chat20Regular, Mail20Regular, MoreHorizontal20Regular } from '@fluentui/react-icons';
import { memo } from 'react';
import type { RequestView } from '../../contracts/api';
import { formatDuePhrase, formatClockPhrase } from '../shared/format-duration';
import { activeClock, badgeStatus, type QueueBadgeStatus } from './queue-model';
import { formatWhen } from './tab-services';
import { tabStrings } from './tab-strings';

export const QUEUE_ROW_HEIGHT = 76;

/*
 * A row is plain elements styled with Fluent tokens (no Badge, Text or Button components): a virtual list mounts and
 * unmounts rows on every scrolled frame, and each Fluent component brings several hooks and style merges. The look
 * follows Fluent's Badge (filled/outline, small) and subtle icon Button; the actions button keeps a visible focus ring.
 */
const useStyles = makeStyles({
  row: {
    position: 'absolute', top: 0, left: 0, right: 0,
    display: 'grid',
    gridTemplateColumns: '24px minmax(0, 1fr) minmax(140px, 280px) 32px',
    alignItems: 'center',
    columnGap: tokens.spacingHorizontalM,
    padding: `0 ${tokens.spacingHorizontalM}`,
    height: `${QUEUE_ROW_HEIGHT}px`,
    boxSizing: 'border-box',
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground1,
    color: tokens.colorNeutralForeground1,
    fontFamily: tokens.fontFamilyBase,
    // Each row lays out and paints on its own: scrolling moves rows without re-laying out their neighbours.
    contain: 'layout paint style',
  },
  icon: { color: tokens.colorNeutralForeground2 },
  main: { display: 'flex', flexDirection: 'column', minWidth: 0, gap: '2px' },
  line: { whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' },
  subject: { fontSize: tokens.fontSizeBase300, lineHeight: tokens.lineHeightBase300, fontWeight: tokens.fontWeightSemibold },
  // The subject is the row's button that opens the detail panel (Enter or a click anywhere on the row but "…").
  subjectButton: {
    display: 'block', maxWidth: '100%', padding: 0, margin: 0, border: 'none', backgroundColor: 'transparent', color: 'inherit',
    fontFamily: 'inherit', textAlign: 'start', cursor: 'pointer', borderRadius: tokens.borderRadiusSmall,
    ':hover': { textDecorationLine: 'underline' },
    ':focus-visible': { outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}`, outlineOffset: '1px' },
    '@media (forced-colors: active)': { color: 'ButtonText', ':focus-visible': { outlineColor: 'Highlight' } },
  },
  // A ring, not a fill: the hover fills are cyan in Teams high contrast, where the row's white text would vanish on them.
  clickable: { cursor: 'pointer', ':hover': { boxShadow: `inset 0 0 0 ${tokens.strokeWidthThick} ${tokens.colorNeutralStroke1Hover}` } },
  caption: { fontSize: tokens.fontSizeBase200, lineHeight: tokens.lineHeightBase200 },
  subtle: { color: tokens.colorNeutralForeground3 },
  meta: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center' },
  due: { display: 'flex', flexDirection: 'column', gap: '4px', alignItems: 'flex-start', minWidth: 0 },
  breached: { color: tokens.colorPaletteRedForeground1 },
  // The due phrase wraps to two lines inside its column ("breached 6 h 38 m of working time ago" is wider than it),
  // never under the actions button.
  duePhrase: { maxWidth: '100%', overflow: 'hidden', display: '-webkit-box', WebkitLineClamp: 2, WebkitBoxOrient: 'vertical' },
  // Fluent's Badge (caption1Strong, 20 px; small: caption2Strong, 16 px), with the same colour tokens per appearance.
  badge: {
    display: 'inline-flex', alignItems: 'center', boxSizing: 'border-box', whiteSpace: 'nowrap',
    fontSize: tokens.fontSizeBase200, lineHeight: tokens.lineHeightBase200, fontWeight: tokens.fontWeightSemibold,
    height: '20px', padding: `0 calc(${tokens.spacingHorizontalXS} + ${tokens.spacingHorizontalXXS})`, borderRadius: tokens.borderRadiusCircular,
    ...shorthands.border(tokens.strokeWidthThin, 'solid', tokens.colorTransparentStroke),
  },
  small: { height: '16px', padding: `0 calc(${tokens.spacingHorizontalXXS} + ${tokens.spacingHorizontalXXS})`, fontSize: tokens.fontSizeBase100, lineHeight: tokens.lineHeightBase100 },
  brandOutline: { color: tokens.colorBrandForeground1, ...shorthands.borderColor('currentColor') },
  infoOutline: { color: tokens.colorNeutralForeground3, ...shorthands.borderColor(tokens.colorNeutralStroke2) },
  dangerOutline: { color: tokens.colorPaletteRedForeground3, ...shorthands.borderColor(tokens.colorPaletteRedBorder2) },
  onTrack: { backgroundColor: tokens.colorPaletteGreenBackground3, color: tokens.colorNeutralForegroundOnBrand },
  atRisk: { backgroundColor: tokens.colorPaletteYellowBackground3, color: tokens.colorNeutralForeground1Static },
  breachedBadge: { backgroundColor: tokens.colorPaletteRedBackground3, color: tokens.colorNeutralForegroundOnBrand },
  waiting: { backgroundColor: tokens.colorNeutralBackground5, color: tokens.colorNeutralForeground3 },
  resolved: { backgroundColor: tokens.colorNeutralBackground1, color: tokens.colorNeutralForeground1 },
  actions: {
    display: 'inline-flex', alignItems: 'center', justifyContent: 'center', width: '32px', height: '32px', padding: 0,
    backgroundColor: 'transparent', color: tokens.colorNeutralForeground2, cursor: 'pointer',
    borderRadius: tokens.borderRadiusMedium, ...shorthands.border(tokens.strokeWidthThin, 'solid', 'transparent'),
    ':hover': { backgroundColor: tokens.colorSubtleBackgroundHover, color: tokens.colorNeutralForeground2Hover },
    ':hover:active': { backgroundColor: tokens.colorSubtleBackgroundPressed },
    ':focus-visible': { outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}`, outlineOffset: '1px' },
    ':disabled': { cursor: 'not-allowed', color: tokens.colorNeutralForegroundDisabled, backgroundColor: 'transparent' },
    '@media (forced-colors: active)': { ':focus-visible': { outlineColor: 'Highlight' } },
  },
});

export interface QueueRowProps {
  request: RequestView;
  locale: string;
  busy: boolean;
  /** The row's actions menu is the one open now. */
  menuOpen: boolean;
  /** Opens the list's one actions menu for this request, anchored at `button`. Must be stable (memo). */
  onOpenActions: (request: RequestView, button: HTMLButtonElement) => void;
  /** Opens the request's detail panel. Must be stable (memo). */
  onOpenDetail: (request: RequestView) => void;
  posInSet: number;
  setSize: number;
  /** Offset inside the virtual list, in pixels. */
  top: number;
}

const STATUS_CLASS: Record<QueueBadgeStatus, 'onTrack' | 'atRisk' | 'breachedBadge' | 'waiting' | 'resolved'> = {
  onTrack: 'onTrack', atRisk: 'atRisk', breached: 'breachedBadge', waiting: 'waiting', resolved: 'resolved',
};

function duePhrase(request: RequestView, status: QueueBadgeStatus, locale: string): string {
  const s = tabStrings.queue;
  if (status === 'resolved') return formatClockPhrase(request.clocks.resolution, locale);
  if (status === 'waiting') return formatClockPhrase(request.clocks.firstResponse.stoppedAt ? request.clocks.resolution : request.clocks.firstResponse, locale);
  const { kind, clock } = activeClock(request);
  return `${kind === 'firstResponse' ? s.firstResponse : s.resolution}: ${formatDuePhrase(clock, locale)}`;
}

/** One request in the queue: requester, source, subject, received, due phrase, status, category, priority, actions. */
export const QueueRow = memo(function QueueRow({ request, locale, busy, menuOpen, onOpenActions, onOpenDetail, posInSet, setSize, top }: QueueRowProps) {
  const styles = useStyles();
  const status = badgeStatus(request);
  const s = tabStrings.queue;
  const SourceIcon = request.source === 'email' ? Mail20Regular : Chat20Regular;
  const sourceLabel = request.source === 'email' ? s.sourceEmail : s.sourceChat;
  const urgent = request.priority === 'urgent' || request.priority === 'high';
  const actionsLabel = s.actionsFor(request.subject);
  const due = duePhrase(request, status, locale);
  return (
    <div
      role="listitem" aria-posinset={posInSet} aria-setsize={setSize} className={mergeClasses(styles.row, styles.clickable)} style={{ transform: `translateY(${top}px)` }}
      data-request-id={request.id} onClick={() => onOpenDetail(request)}
    >
      <SourceIcon aria-label={sourceLabel} role="img" className={styles.icon} />
      <div className={styles.main}>
        <button type="button" className={mergeClasses(styles.subjectButton, styles.line, styles.subject)} data-part="subject" aria-haspopup="dialog" title={tabStrings.detail.openDetails}>
          {request.subject || request.preview}
        </button>
        <span className={mergeClasses(styles.line, styles.caption, styles.subtle)}>
          {request.requester.displayName}{request.requester.department ? ` · ${request.requester.department}` : ''} · {s.received(formatWhen(request.receivedAt, locale))}
        </span>
        <span className={styles.meta}>
          <span className={mergeClasses(styles.badge, styles.small, styles.brandOutline)}>{request.category ?? s.noCategory}</span>
          <span className={mergeClasses(styles.badge, styles.small, urgent ? styles.dangerOutline : styles.infoOutline)}>{tabStrings.priority[request.priority]}</span>
        </span>
      </div>
      <div className={styles.due}>
        <span className={mergeClasses(styles.badge, styles[STATUS_CLASS[status]])}>{tabStrings.status[status]}</span>
        <span className={mergeClasses(styles.duePhrase, styles.caption, status === 'breached' ? styles.breached : undefined)} title={due} data-part="due">{due}</span>
      </div>
      <button
        type="button"
        className={styles.actions}
        disabled={busy}
        aria-label={actionsLabel}
        title={actionsLabel}
        aria-haspopup="menu"
        aria-expanded={menuOpen}
        onClick={(e) => {
          // The row's own click opens the detail panel; "…" opens only the menu.
          e.stopPropagation();
          onOpenActions(request, e.currentTarget);
        }}
      >
        <MoreHorizontal20Regular aria-hidden />
      </button>
    </div>
  );
});
