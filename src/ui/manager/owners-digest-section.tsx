/**
 * The owners' digest (issue 20): whether each owner of the team gets, at the start of their own working day, the
 * team's breached and at-risk counts and the oldest open request's age in their Teams activity feed. Off by default;
 * people are named only while individual view is on (the privacy section above).
 */
import { Switch, Text, makeStyles } from '@fluentui/react-components';
import type { SettingsSectionProps } from './settings-section-props';

const useStyles = makeStyles({ column: { display: 'flex', flexDirection: 'column', gap: '12px' } });

export function OwnersDigestSection({ settings, onChange, readOnly }: SettingsSectionProps) {
  const styles = useStyles();
  const on = settings.ownersDigest;
  return (
    <div className={styles.column}>
      <Text as="h3" size={400} weight="semibold">Owners&apos; digest</Text>
      <Switch label="Owners' digest: a daily summary for each owner in Teams" checked={on} disabled={readOnly}
        onChange={(_e, d) => onChange({ ...settings, ownersDigest: d.checked })} />
      <Text>
        {on
          ? 'At the start of each owner\'s working day, Turnaround posts to their Teams activity feed how many of the team\'s requests are breached and at risk, and the age of the oldest open request.'
          : 'Off: owners get no digest. When on, each owner gets the breached and at-risk counts and the oldest open request\'s age at the start of their working day.'}
      </Text>
      <Text>
        {settings.privacy.individualView
          ? 'Individual view is on, so the digest names the people holding those requests.'
          : 'Individual view is off, so the digest names nobody: counts only.'}
      </Text>
    </div>
  );
}
