/** Privacy: the minimum group size for aggregates (≥ 3) and whether owners see per-person rows. */
import { Field, Input, Switch, Text, makeStyles } from '@fluentui/react-components';
import type { SettingsSectionProps } from './settings-section-props';
import { MIN_GROUP_SIZE_FLOOR, messageFor } from './validate-settings';

const useStyles = makeStyles({ column: { display: 'flex', flexDirection: 'column', gap: '12px' } });

export function PrivacySection({ settings, onChange, problems, readOnly }: SettingsSectionProps) {
  const styles = useStyles();
  const { privacy } = settings;
  return (
    <div className={styles.column}>
      <Text as="h3" size={400} weight="semibold">Privacy</Text>
      <Field label="Minimum group size" hint={`The dashboard shows numbers only when at least this many people have data (${MIN_GROUP_SIZE_FLOOR} or more).`}
        validationMessage={messageFor(problems, 'privacy.minGroupSize')}>
        <Input type="number" min={MIN_GROUP_SIZE_FLOOR} value={Number.isFinite(privacy.minGroupSize) ? String(privacy.minGroupSize) : ''} readOnly={readOnly}
          onChange={(_e, d) => onChange({ ...settings, privacy: { ...privacy, minGroupSize: d.value.trim() === '' ? NaN : Number(d.value) } })} />
      </Field>
      <Switch label="Individual view: owners see per-person rows" checked={privacy.individualView} disabled={readOnly}
        onChange={(_e, d) => onChange({ ...settings, privacy: { ...privacy, individualView: d.checked } })} />
      <Text>
        {privacy.individualView
          ? 'Every member of the team is told in their own tab that individual view is on.'
          : 'Off: the dashboard shows the team\'s aggregates only; nobody\'s own numbers are sent to anyone else.'}
      </Text>
    </div>
  );
}
