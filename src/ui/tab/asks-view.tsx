import { Badge, Body1, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, makeStyles, tokens } from '@fluentui/react-components';
import type { AskView, AsksResponse } from '../../contracts/api';
import { useApiData } from '../shared/use-api-data';
import { EmptyState, ErrorState, LoadingState } from './state-views';
import { formatWhen, useTabServices } from './tab-services';
import { tabStrings } from './tab-strings';

const useStyles = makeStyles({ view: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, paddingBottom: tokens.spacingVerticalXXL } });

const STATUS_COLOR = { open: 'informative', waiting: 'warning', resolved: 'success' } as const;

/** The "First response" column: when it was answered, else when it is due. Never the resolution. */
function firstResponseText(ask: AskView, locale: string): string {
  const a = tabStrings.asks;
  if (ask.firstResponseAt) return a.answeredAt(formatWhen(ask.firstResponseAt, locale));
  if (ask.status === 'resolved') return '–'; // resolved without a reply (say, by phone)
  if (ask.firstResponseDueAt) return a.dueAt(formatWhen(ask.firstResponseDueAt, locale));
  return a.notAnswered;
}

/** The "Resolved" column. */
function resolvedText(ask: AskView, locale: string): string {
  return ask.resolvedAt ? formatWhen(ask.resolvedAt, locale) : tabStrings.asks.notResolved;
}

/** What I asked colleagues for and its status. */
export function AsksView({ refreshKey }: { refreshKey: number }) {
  const { api, host } = useTabServices();
  const styles = useStyles();
  const asks = useApiData<AsksResponse>(() => api.getAsks(), [api, refreshKey]);
  const a = tabStrings.asks;
  let body;
  if (asks.state === 'error' && asks.data === null) body = <ErrorState error={asks.error} onRetry={asks.reload} />;
  else if (asks.data === null) body = <LoadingState />;
  else if (asks.data.requests.length === 0) body = <EmptyState text={a.empty} />;
  else body = (
    <Table aria-label={tabStrings.nav.asks} size="small">
      <TableHeader>
        <TableRow>
          <TableHeaderCell>{a.subject}</TableHeaderCell>
          <TableHeaderCell>{a.assignee}</TableHeaderCell>
          <TableHeaderCell>{a.status}</TableHeaderCell>
          <TableHeaderCell>{a.received}</TableHeaderCell>
          <TableHeaderCell>{a.response}</TableHeaderCell>
          <TableHeaderCell>{a.resolved}</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {asks.data.requests.map((ask) => (
          <TableRow key={ask.id}>
            <TableCell>{ask.subject}</TableCell>
            <TableCell>{ask.assignee.displayName}</TableCell>
            <TableCell><Badge appearance="tint" color={STATUS_COLOR[ask.status]}>{a.statusText[ask.status]}</Badge></TableCell>
            <TableCell>{formatWhen(ask.receivedAt, host.context.locale)}</TableCell>
            <TableCell>{firstResponseText(ask, host.context.locale)}</TableCell>
            <TableCell>{resolvedText(ask, host.context.locale)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
  return (
    <section className={styles.view} aria-label={tabStrings.nav.asks}>
      <Body1>{a.intro}</Body1>
      {body}
    </section>
  );
}
