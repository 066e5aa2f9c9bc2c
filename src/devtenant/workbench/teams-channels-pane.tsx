/**
 * The Teams workbench's Teams (issue 21): the signed-in person's teams from the demo organisation, each team's
 * channels, and a channel's threads — the root message with its replies under it
 * (GET /dev/workbench/teams/teams). Every message, root or reply, has the same "…" → "More actions" → "Track as
 * request" as in Chat ({@link useMessageAction}); the invoke names the channel and the thread, so the dev route builds
 * it as Teams does for a channel message.
 */
import { Body1, Body1Strong, Button, MessageBar, MessageBarBody, Spinner, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { MessageActionDialog } from './message-action-dialog';
import type { TeamsChatsPaneProps } from './teams-chats-pane';
import type { WorkbenchTeam } from './teams-channels-route';
import { WorkbenchMessage, useMessageAction } from './workbench-message';

const useStyles = makeStyles({
  pane: { display: 'flex', flexGrow: 1, minHeight: 0 },
  list: {
    width: '280px', flexShrink: 0, overflowY: 'auto', margin: 0, padding: tokens.spacingVerticalS, listStyle: 'none',
    borderRight: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`, backgroundColor: tokens.colorNeutralBackground2,
  },
  channels: { listStyle: 'none', margin: 0, paddingLeft: tokens.spacingHorizontalM },
  channelButton: { width: '100%', justifyContent: 'flex-start', textAlign: 'left' },
  selected: { backgroundColor: tokens.colorNeutralBackground1Selected },
  threads: { flexGrow: 1, overflowY: 'auto', padding: tokens.spacingHorizontalL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  thread: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  // Replies sit under their root, indented, as Teams shows a thread.
  replies: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, paddingLeft: tokens.spacingHorizontalXXXL },
});

export function TeamsChannelsPane({ upn, theme, timeZone, context, getToken }: TeamsChatsPaneProps) {
  const styles = useStyles();
  const [teams, setTeams] = useState<WorkbenchTeam[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const action = useMessageAction(upn, timeZone);

  useEffect(() => {
    fetch(`/dev/workbench/teams/teams?${new URLSearchParams({ user: upn }).toString()}`, { headers: { Accept: 'application/json' } })
      .then(async (response) => {
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        const body = (await response.json()) as { teams: WorkbenchTeam[] };
        setTeams(body.teams);
        setSelected((s) => s ?? body.teams.flatMap((t) => t.channels)[0]?.id ?? null);
      })
      .catch((error: unknown) => setLoadError(error instanceof Error ? error.message : String(error)));
  }, [upn]);

  if (loadError !== null) return <MessageBar intent="error"><MessageBarBody>The teams could not be read: {loadError}</MessageBarBody></MessageBar>;
  if (teams === null) return <Spinner label="Loading teams…" />;
  const team = teams.find((t) => t.channels.some((c) => c.id === selected)) ?? null;
  const channel = team?.channels.find((c) => c.id === selected) ?? null;

  return (
    <div className={styles.pane}>
      <ul className={styles.list} aria-label="Teams">
        {teams.length === 0 && <li><Body1>No teams.</Body1></li>}
        {teams.map((t) => (
          <li key={t.id}>
            <Body1Strong>{t.displayName}</Body1Strong>
            <ul className={styles.channels} aria-label={`Channels of ${t.displayName}`}>
              {t.channels.map((c) => (
                <li key={c.id}>
                  <Button appearance="subtle" className={mergeClasses(styles.channelButton, c.id === selected && styles.selected)} aria-current={c.id === selected ? 'true' : undefined} onClick={() => setSelected(c.id)}>
                    {c.displayName}
                  </Button>
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
      <section className={styles.threads} aria-label={team && channel ? `Channel: ${team.displayName} › ${channel.displayName}` : 'Channel'}>
        {channel === null && <Body1>No channels.</Body1>}
        {channel?.threads.length === 0 && <Body1>No conversations yet.</Body1>}
        {channel?.threads.map(({ root, replies }) => (
          <div key={root.id} className={styles.thread} role="group" aria-label={`Thread started by ${root.from ?? 'Teams'}`} data-thread-id={root.id}>
            <WorkbenchMessage message={root} timeZone={timeZone} onTrack={() => action.track({ channelId: channel.id, threadId: root.id, messageId: root.id })} />
            {replies.length > 0 && (
              <div className={styles.replies}>
                {replies.map((r) => (
                  <WorkbenchMessage key={r.id} message={r} timeZone={timeZone} onTrack={() => action.track({ channelId: channel.id, threadId: root.id, messageId: r.id })} />
                ))}
              </div>
            )}
          </div>
        ))}
      </section>
      <MessageActionDialog state={action.dialog} theme={theme} context={context} getToken={getToken} onSubmit={action.submit} onClose={action.close} />
    </div>
  );
}
