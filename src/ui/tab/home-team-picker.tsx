import {
  Body1, Button, Card, CardHeader, Caption1, Dropdown, Field, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle, Option, Subtitle2,
  makeStyles, tokens,
} from '@fluentui/react-components';
import { Dismiss20Regular } from '@fluentui/react-icons';
import { useState } from 'react';
import type { HomeTeamResponse } from '../../contracts/api';
import { isApiErrorCode } from '../shared/api-client';
import { useApiData } from '../shared/use-api-data';
import { useTabServices } from './tab-services';
import { tabStrings } from './tab-strings';

const useStyles = makeStyles({
  chooser: { display: 'flex', flexWrap: 'wrap', alignItems: 'flex-end', gap: tokens.spacingHorizontalM, marginTop: tokens.spacingVerticalS },
  dropdown: { minWidth: '220px' },
  card: { gap: tokens.spacingVerticalS },
});

const t = tabStrings.homeTeam;

interface ChooserProps {
  homeTeam: HomeTeamResponse;
  /** The server's answer after a save. */
  onSaved(next: HomeTeamResponse): void;
  /** The person's teams changed meanwhile (the team chosen is no longer theirs): read them again. */
  onStale(): void;
}

/** The person's teams in a dropdown, and Save (PUT /api/me/home-team). */
function HomeTeamChooser({ homeTeam, onSaved, onStale }: ChooserProps) {
  const { api } = useTabServices();
  const styles = useStyles();
  const [selected, setSelected] = useState<string | null>(homeTeam.team?.id ?? null);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const unchanged = homeTeam.source === 'chosen' && selected === homeTeam.team?.id;
  const save = (teamId: string) => {
    setSaving(true);
    setError(null);
    api.setHomeTeam(teamId).then(onSaved, (e: unknown) => {
      if (isApiErrorCode(e, 'not_a_member')) {
        setError(t.notMember);
        onStale();
      } else setError(t.failed(e instanceof Error ? e.message : String(e)));
    }).finally(() => setSaving(false));
  };
  return (
    <>
      <div className={styles.chooser}>
        <Field label={t.label}>
          <Dropdown
            className={styles.dropdown}
            placeholder={t.placeholder}
            value={homeTeam.teams.find((team) => team.id === selected)?.displayName ?? ''}
            selectedOptions={selected === null ? [] : [selected]}
            onOptionSelect={(_e, d) => setSelected(d.optionValue ?? null)}
            disabled={saving}
          >
            {homeTeam.teams.map((team) => <Option key={team.id} value={team.id}>{team.displayName}</Option>)}
          </Dropdown>
        </Field>
        <Button appearance="primary" disabled={saving || selected === null || unchanged} onClick={() => { if (selected !== null) save(selected); }}>{t.save}</Button>
      </div>
      {error !== null && <MessageBar intent="error"><MessageBarBody>{error}</MessageBarBody></MessageBar>}
    </>
  );
}

/**
 * Asks, once, a person in several teams which team their requests count for (DESIGN "Team of a request"): a message
 * bar above the views, which the queue stays usable under. Gone once they choose (a confirmation they can close
 * replaces it); nothing is shown to a person in one team or none, or who has chosen.
 */
export function HomeTeamPrompt() {
  const { api } = useTabServices();
  const home = useApiData(() => api.getHomeTeam(), [api]);
  const [saved, setSaved] = useState<string | null>(null);
  if (saved !== null) {
    return (
      <MessageBar intent="success">
        <MessageBarBody>{t.saved(saved)}</MessageBarBody>
        <MessageBarActions containerAction={<Button appearance="transparent" aria-label={t.dismiss} icon={<Dismiss20Regular />} onClick={() => setSaved(null)} />} />
      </MessageBar>
    );
  }
  if (home.data === null || !home.data.choiceNeeded) return null;
  return (
    <MessageBar intent="info" layout="multiline" data-testid="home-team-prompt">
      <MessageBarBody>
        <MessageBarTitle>{t.promptTitle}</MessageBarTitle>
        {t.promptBody}
        <HomeTeamChooser
          homeTeam={home.data}
          onSaved={(next) => { home.setData(() => next); setSaved(next.team?.displayName ?? ''); }}
          onStale={home.reload}
        />
      </MessageBarBody>
    </MessageBar>
  );
}

/** Where the home team is seen and changed later (My turnaround): the chooser for several teams, a sentence otherwise. */
export function HomeTeamSetting() {
  const { api } = useTabServices();
  const styles = useStyles();
  const home = useApiData(() => api.getHomeTeam(), [api]);
  const [saved, setSaved] = useState<string | null>(null);
  const data = home.data;
  if (data === null) return null;
  let body;
  if (data.teams.length === 0) body = <Body1>{t.none}</Body1>;
  else if (data.teams.length === 1) body = <Body1>{t.only(data.teams[0]!.displayName)}</Body1>;
  else {
    body = (
      <>
        <Caption1>{t.settingHint}</Caption1>
        <HomeTeamChooser
          key={`${data.team?.id ?? ''}:${data.source ?? ''}`}
          homeTeam={data}
          onSaved={(next) => { home.setData(() => next); setSaved(next.team?.displayName ?? ''); }}
          onStale={home.reload}
        />
        {saved !== null && <Body1 role="status">{t.saved(saved)}</Body1>}
      </>
    );
  }
  return (
    <section aria-labelledby="home-team-setting">
      <Card className={styles.card}>
        <CardHeader header={<Subtitle2 as="h2" id="home-team-setting">{t.settingTitle}</Subtitle2>} />
        {body}
      </Card>
    </section>
  );
}
