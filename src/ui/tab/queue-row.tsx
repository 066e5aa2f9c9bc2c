import {
  Badge, Button, Caption1, Menu, MenuItem, MenuList, MenuPopover, Text, makeStyles, mergeClasses, tokens,
} from '@fluentui/react-components';
import { Chat20Regular, Mail20Regular, MoreHorizontal20Regular } from '@fluentui/react-icons';
import { memo, useRef, useState, type CSSProperties } from 'react';
import type { RequestView } from '../../contracts/api';
import { formatDuePhrase, formatClockPhrase } from '../shared/format-duration';
import { activeClock, availableActions, badgeStatus, type QueueActionName, type QueueBadgeStatus } from './queue-model';
import { formatWhen } from './tab-services';
import { tabStrings } from './tab-strings';

export const QUEUE_ROW_HEIGHT = 76;

const useStyles = makeStyles({
  row: {
    display: 'grid',
    gridTemplateColumns: '24px minmax(0, 1fr) minmax(140px, 220px) auto',
    alignItems: 'center',
    columnGap: tokens.spacingHorizontalM,
    padding: `0 ${tokens.spacingHorizontalM}`,
    height: `${QUEUE_ROW_HEIGHT}px`,
    boxSizing: 'border-box',
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  main: { display: 'flex', flexDirection: 'column', minWidth: 0, gap: '2px' },
  line: { whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' },
  meta: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'center' },
  due: { display: 'flex', flexDirection: 'column', gap: '4px', alignItems: 'flex-start' },
  breached: { color: tokens.colorPaletteRedForeground1 },
  subtle: { color: tokens.colorNeutralForeground3 },
});

const BADGE_COLOR: Record<QueueBadgeStatus, 'success' | 'warning' | 'danger' | 'informative' | 'subtle'> = {
  onTrack: 'success', atRisk: 'warning', breached: 'danger', waiting: 'informative', resolved: 'subtle',
};

export interface QueueRowProps {
  request: RequestView;
  locale: string;
  busy: boolean;
  onAction: (request: RequestView, action: QueueActionName) => void;
  posInSet: number;
  setSize: number;
  /** Position inside the virtual list. */
  style?: CSSProperties;
}

/** One request in the queue: requester, source, subject, received, due phrase, status, category, priority, actions. */
export const QueueRow = memo(function QueueRow({ request, locale, busy, onAction, posInSet, setSize, style }: QueueRowProps) {
  const styles = useStyles();
  const actionsRef = useRef<HTMLButtonElement>(null);
  const [menuOpen, setMenuOpen] = useState(false);
  const status = badgeStatus(request);
  const { kind, clock } = activeClock(request);
  const s = tabStrings.queue;
  const due = status === 'resolved' ? formatClockPhrase(request.clocks.resolution) : status === 'waiting' ? formatClockPhrase(request.clocks.firstResponse.stoppedAt ? request.clocks.resolution : request.clocks.firstResponse) : formatDuePhrase(clock.remainingMinutes);
  const SourceIcon = request.source === 'email' ? Mail20Regular : Chat20Regular;
  const sourceLabel = request.source === 'email' ? s.sourceEmail : s.sourceChat;
  return (
    <div role="listitem" aria-posinset={posInSet} aria-setsize={setSize} className={styles.row} style={style} data-request-id={request.id}>
      <SourceIcon aria-label={sourceLabel} role="img" />
      <div className={styles.main}>
        <Text weight="semibold" className={styles.line}>{request.subject || request.preview}</Text>
        <Caption1 className={mergeClasses(styles.line, styles.subtle)}>
          {request.requester.displayName}{request.requester.department ? ` · ${request.requester.department}` : ''} · {s.received(formatWhen(request.receivedAt, locale))}
        </Caption1>
        <div className={styles.meta}>
          <Badge appearance="outline" color="brand" size="small">{request.category ?? s.noCategory}</Badge>
          <Badge appearance="outline" color={request.priority === 'urgent' || request.priority === 'high' ? 'danger' : 'informative'} size="small">{tabStrings.priority[request.priority]}</Badge>
        </div>
      </div>
      <div className={styles.due}>
        <Badge appearance="filled" color={BADGE_COLOR[status]}>{tabStrings.status[status]}</Badge>
        <Caption1 className={status === 'breached' ? styles.breached : undefined}>
          {status === 'resolved' || status === 'waiting' ? due : `${kind === 'firstResponse' ? s.firstResponse : s.resolution}: ${due}`}
        </Caption1>
      </div>
      <Button
        ref={actionsRef}
        appearance="subtle"
        icon={<MoreHorizontal20Regular />}
        disabled={busy}
        aria-label={s.actionsFor(request.subject)}
        title={s.actionsFor(request.subject)}
        aria-haspopup="menu"
        aria-expanded={menuOpen}
        onClick={() => setMenuOpen(true)}
      />
      {menuOpen && (
        // The menu is mounted only when opened: thousands of rows scroll by without a Menu each.
        <Menu
          open
          positioning={{ target: actionsRef.current, position: 'below', align: 'end' }}
          onOpenChange={(_e, d) => {
            if (!d.open) {
              setMenuOpen(false);
              actionsRef.current?.focus();
            }
          }}
        >
          <MenuPopover>
            <MenuList>
              {availableActions(request).map((action) => (
                <MenuItem key={action} onClick={() => onAction(request, action)}>{tabStrings.actions[action]}</MenuItem>
              ))}
            </MenuList>
          </MenuPopover>
        </Menu>
      )}
    </div>
  );
});
