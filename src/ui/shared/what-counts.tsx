/**
 * "What counts": an inline disclosure beside the turnaround figures that says which requests each figure includes and
 * shows the numbers that make them add up (received = resolved + open; share = met ÷ (met + missed + open past the
 * target); open now = open from the period + open from before). Used by the team dashboard and "My turnaround".
 */
import { Accordion, AccordionHeader, AccordionItem, AccordionPanel, makeStyles, tokens } from '@fluentui/react-components';
import type { ClockStats, PeriodCounts } from '../../contracts/api';
import { whatCountsStrings as s } from './what-counts-strings';

export interface WhatCountsProps {
  counts: PeriodCounts;
  firstResponse: ClockStats;
  resolution: ClockStats;
  /** Requests open now, whenever received (the backlog figure). */
  openNow: number;
  /** Open requests with a clock past its target now, whenever received (the dashboard's "breached now"). */
  breachedNow?: number;
  /** The time zone the weekly figures' weeks run in (the API's `weeksTimeZone`). */
  weeksTimeZone?: string;
  /** Open by default (e.g. for a screenshot or a deep link). */
  defaultOpen?: boolean;
}

const useStyles = makeStyles({
  list: { margin: 0, paddingInlineStart: tokens.spacingHorizontalL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
});

export function WhatCounts({ counts, firstResponse, resolution, openNow, breachedNow, weeksTimeZone, defaultOpen = false }: WhatCountsProps) {
  const styles = useStyles();
  const clock = (name: string, stats: ClockStats) => (
    <li key={name}>
      {s.share(name, stats.withinStandardShare, stats.met, stats.missed, stats.breached)}
      {s.running(stats.running)}
    </li>
  );
  return (
    <Accordion collapsible defaultOpenItems={defaultOpen ? ['what-counts'] : []}>
      <AccordionItem value="what-counts">
        <AccordionHeader as="h3" size="small">{s.title}</AccordionHeader>
        <AccordionPanel>
          <ul className={styles.list} aria-label={s.title}>
            <li>{s.received(counts.received, counts.resolved, counts.open)}</li>
            {clock(s.firstResponse, firstResponse)}
            {clock(s.resolution, resolution)}
            <li>{s.times(s.firstResponse, firstResponse.count)} {s.times(s.resolution, resolution.count)}</li>
            <li>{s.backlog(openNow, counts.open, counts.openReceivedEarlier)}{breachedNow === undefined ? '' : ` ${s.breachedNow(breachedNow)}`}</li>
            {weeksTimeZone !== undefined && <li>{s.weeks(weeksTimeZone)}</li>}
            <li>{s.workingTime}</li>
          </ul>
        </AccordionPanel>
      </AccordionItem>
    </Accordion>
  );
}
