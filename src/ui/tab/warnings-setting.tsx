/**
 * What reaches the person's Teams activity feed (issue 20), in My turnaround next to the home team: warnings and the
 * working-day digest (the default), the digest only, or nothing — with what is sent, when, and how to stop it. A choice
 * is saved as soon as it is made (GET, PUT /api/me/preferences), as Teams' own settings are; a failed save puts the
 * previous choice back and says why.
 */
import { Button, Card, CardHeader, Field, MessageBar, MessageBarActions, MessageBarBody, Radio, RadioGroup, Subtitle2, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import type { WarningChoice } from '../../contracts/api';
import { useApiData } from '../shared/use-api-data';
import { useTabServices } from './tab-services';
import { tabStrings } from './tab-strings';

const t = tabStrings.warnings;

/** The three choices in the order the tab offers them (the default first). */
const CHOICES: readonly WarningChoice[] = ['warningsAndDigest', 'digestOnly', 'off'];

const useStyles = makeStyles({
  card: { gap: tokens.spacingVerticalS },
  hint: { display: 'block', color: tokens.colorNeutralForeground3 },
});

/** The person's choice of warnings and digest, as a radio group saved on change. */
export function WarningsSetting() {
  const { api } = useTabServices();
  const styles = useStyles();
  const preferences = useApiData(() => api.getPreferences(), [api]);
  const [saving, setSaving] = useState(false);
  const [outcome, setOutcome] = useState<{ kind: 'saved' | 'failed'; text: string } | null>(null);
  const current = preferences.data?.warnings ?? null;

  const choose = (next: WarningChoice) => {
    if (current === null || next === current) return;
    const previous = current;
    // Shown chosen at once; put back if the server refuses.
    preferences.setData(() => ({ warnings: next }));
    setSaving(true);
    setOutcome(null);
    api.setPreferences({ warnings: next }).then(
      (saved) => {
        preferences.setData(() => saved);
        setOutcome({ kind: 'saved', text: t.saved(t.options[saved.warnings].label) });
      },
      (e: unknown) => {
        preferences.setData(() => ({ warnings: previous }));
        setOutcome({ kind: 'failed', text: t.failed(e instanceof Error ? e.message : String(e)) });
      },
    ).finally(() => setSaving(false));
  };

  let body;
  if (current === null && preferences.state === 'error') {
    body = (
      <MessageBar intent="error">
        <MessageBarBody>{t.loadFailed}</MessageBarBody>
        <MessageBarActions><Button onClick={preferences.reload}>{tabStrings.retry}</Button></MessageBarActions>
      </MessageBar>
    );
  } else if (current === null) {
    body = <Text>{tabStrings.loading}</Text>;
  } else {
    body = (
      <>
        <Field label={t.label}>
          <RadioGroup value={current} disabled={saving} onChange={(_e, d) => choose(d.value as WarningChoice)}>
            {CHOICES.map((choice) => (
              <Radio
                key={choice}
                value={choice}
                label={{ children: (
                  <>
                    {t.options[choice].label}
                    <Text size={200} className={styles.hint}>{t.options[choice].hint}</Text>
                  </>
                ) }}
              />
            ))}
          </RadioGroup>
        </Field>
        <Text size={200}>{t.howToStop}</Text>
        {outcome?.kind === 'saved' && <Text role="status">{outcome.text}</Text>}
        {outcome?.kind === 'failed' && <MessageBar intent="error"><MessageBarBody>{outcome.text}</MessageBarBody></MessageBar>}
      </>
    );
  }
  return (
    <section aria-labelledby="warnings-setting">
      <Card className={styles.card}>
        <CardHeader header={<Subtitle2 as="h2" id="warnings-setting">{t.title}</Subtitle2>} description={<Text>{t.what}</Text>} />
        {body}
      </Card>
    </section>
  );
}
