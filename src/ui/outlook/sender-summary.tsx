import { Badge, Text, makeStyles, tokens } from '@fluentui/react-components';
import type { LookupResponse } from '../../contracts/api';
import type { OpenMailItem } from './outlook-host-types';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  line: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  subject: { color: tokens.colorNeutralForeground2 },
});

/** Who sent the open message, and whether the server counts them as a colleague (tenant's verified domains). */
export function SenderSummary({ item, lookup }: { item: OpenMailItem; lookup: LookupResponse }) {
  const styles = useStyles();
  const name = lookup.sender?.displayName ?? item.from?.displayName ?? 'Unknown sender';
  const address = lookup.sender?.mail ?? item.from?.emailAddress ?? null;
  return (
    <section className={styles.root} aria-label="Sender">
      <div className={styles.line}>
        <Text weight="semibold">{name}</Text>
        {lookup.sender &&
          (lookup.sender.isColleague ? (
            <Badge appearance="tint" color="brand">Colleague{lookup.sender.department ? ` · ${lookup.sender.department}` : ''}</Badge>
          ) : (
            <Badge appearance="tint" color="warning">External</Badge>
          ))}
      </div>
      {address && <Text size={200}>{address}</Text>}
      <Text size={200} className={styles.subject} truncate wrap={false}>{item.subject || '(no subject)'}</Text>
    </section>
  );
}
