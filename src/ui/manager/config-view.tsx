/**
 * The configurable tab's configuration page: shows the team the tab is being added to, lets the user pick the view the
 * tab opens on, and lets an owner confirm the team's standards (saved with the tab). Non-owners may add the tab too;
 * they are told that only owners edit standards. Save follows Teams' handshake: the host asks, this page (optionally
 * saves the confirmed standards,) sends the tab's config and reports success or the reason for failure.
 */
import { useEffect, useRef, useState } from 'react';
import { Checkbox, MessageBar, MessageBarBody, MessageBarTitle, Radio, RadioGroup, Field, Spinner, Text, makeStyles } from '@fluentui/react-components';
import type { MeResponse, TeamSettings } from '../../contracts/api';
import type { ApiClient } from '../shared/api-client';
import type { ConfigHost } from '../shared/host-types';
import { formatWorkingMinutes } from '../shared/format-duration';

export type StartView = 'dashboard' | 'standards';

export interface ConfigViewProps {
  host: ConfigHost;
  api: Pick<ApiClient, 'getMe' | 'getTeamSettings' | 'putTeamSettings'>;
  /** The app's origin, e.g. https://turnaround.contoso.com — the content URL is built on it. */
  origin: string;
}

/** The tab's instance config for a team and a start view. The group id travels in the URL, never a token. */
export function tabConfigFor(origin: string, groupId: string, view: StartView) {
  const url = `${origin}/manager?${new URLSearchParams({ team: groupId, view }).toString()}`;
  return { entityId: `turnaround-team-${groupId}`, contentUrl: url, websiteUrl: url, suggestedDisplayName: 'Turnaround' };
}

const useStyles = makeStyles({ root: { display: 'flex', flexDirection: 'column', gap: '16px', maxWidth: '720px' }, list: { margin: 0 } });

type Loaded = { me: MeResponse; settings: TeamSettings | null; isOwner: boolean };

export function ConfigView({ host, api, origin }: ConfigViewProps) {
  const styles = useStyles();
  const groupId = host.context.teamGroupId;
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [view, setView] = useState<StartView>('dashboard');
  const [confirmed, setConfirmed] = useState(false);
  const latest = useRef({ view, confirmed, loaded });
  latest.current = { view, confirmed, loaded };

  useEffect(() => {
    if (!groupId) return;
    let current = true;
    (async () => {
      const me = await api.getMe();
      const team = me.teams.find((t) => t.id === groupId);
      const settings = await api.getTeamSettings(groupId).catch(() => null);
      if (current) setLoaded({ me, settings, isOwner: team?.isOwner ?? false });
    })().catch((e: unknown) => current && setError(e instanceof Error ? e.message : String(e)));
    return () => { current = false; };
  }, [api, groupId]);

  useEffect(() => {
    if (!groupId) return;
    host.registerOnSaveHandler((save) => {
      const { view: chosen, confirmed: ok, loaded: state } = latest.current;
      (async () => {
        if (state?.isOwner && ok && state.settings) await api.putTeamSettings(groupId, state.settings);
        await host.setConfig(tabConfigFor(origin, groupId, chosen));
      })().then(
        () => save.notifySuccess(),
        (e: unknown) => save.notifyFailure(`Turnaround could not be added: ${e instanceof Error ? e.message : String(e)}`),
      );
    });
  }, [host, api, groupId, origin]);

  const valid = Boolean(groupId && loaded && (!loaded.isOwner || confirmed || !loaded.settings));
  useEffect(() => { host.setValidityState(valid); }, [host, valid]);

  if (!groupId) {
    return (
      <MessageBar intent="warning"><MessageBarBody><MessageBarTitle>Add Turnaround to a team channel</MessageBarTitle>
        The team dashboard belongs to a team: add it from a channel's "+" (Add a tab).</MessageBarBody></MessageBar>
    );
  }
  const teamName = loaded?.me.teams.find((t) => t.id === groupId)?.displayName ?? host.context.teamName ?? 'this team';
  return (
    <section className={styles.root} aria-labelledby="config-heading">
      <Text as="h1" id="config-heading" size={600} weight="semibold">Add Turnaround to {teamName}</Text>
      <Text>The tab shows how {teamName} serves its colleagues against the standards its owners set: aggregates only, unless the owners turn individual view on (and every member is told).</Text>
      {error && <MessageBar intent="error"><MessageBarBody>{error}</MessageBarBody></MessageBar>}
      {!loaded && !error && <Spinner label="Loading the team…" />}
      {loaded && (
        <>
          <Field label="The tab opens on">
            <RadioGroup value={view} onChange={(_e, d) => setView(d.value as StartView)}>
              <Radio value="dashboard" label="Team dashboard" />
              <Radio value="standards" label={loaded.isOwner ? 'Standards editor' : 'Standards (read-only for members)'} />
            </RadioGroup>
          </Field>
          {!loaded.isOwner && (
            <MessageBar intent="info"><MessageBarBody>You can add the tab. Only the team's owners edit standards, calendar and privacy.</MessageBarBody></MessageBar>
          )}
          {loaded.isOwner && loaded.settings && (
            <>
              <Text as="h2" size={400} weight="semibold">The team's standards</Text>
              <ul className={styles.list} aria-label="Standards to confirm">
                {loaded.settings.standards.map((s) => (
                  <li key={s.id}>
                    {s.name} ({s.category ?? 'any category'}, {s.priority ?? 'any priority'}): first response within {formatWorkingMinutes(s.firstResponseTargetMinutes)}, resolved within {formatWorkingMinutes(s.resolutionTargetMinutes)} of working time
                  </li>
                ))}
              </ul>
              <Checkbox checked={confirmed} onChange={(_e, d) => setConfirmed(d.checked === true)}
                label="Use these standards for the team (you can change them in the tab at any time)" />
            </>
          )}
        </>
      )}
    </section>
  );
}
