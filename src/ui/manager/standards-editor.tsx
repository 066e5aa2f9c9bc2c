/**
 * The standards editor: a team's standards, working calendar, holidays, out-of-office pause and privacy. Owners edit
 * and save (the server recomputes open requests' due times); everyone else sees the settings read-only, with a notice
 * that only owners edit them. Validation runs on save and lists every problem at once.
 */
import { useEffect, useState } from 'react';
import { Button, Divider, MessageBar, MessageBarBody, MessageBarTitle, Spinner, Text, makeStyles } from '@fluentui/react-components';
import type { TeamSettings } from '../../contracts/api';
import type { ApiClient } from '../shared/api-client';
import { ApiError } from '../shared/api-error';
import { CalendarSection } from './calendar-section';
import { HolidaysSection } from './holidays-section';
import type { HolidaySource } from './holiday-import';
import { PrivacySection } from './privacy-section';
import { StandardsSection } from './standards-section';
import { validateSettings, type SettingsProblem } from './validate-settings';

export interface StandardsEditorProps {
  api: Pick<ApiClient, 'getTeamSettings' | 'putTeamSettings'>;
  groupId: string;
  isOwner: boolean;
  /** The year the holiday import starts on. */
  currentYear: number;
  holidaySource?: HolidaySource;
  /** Called with the saved settings (e.g. to refresh the dashboard). */
  onSaved?(settings: TeamSettings): void;
}

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: '16px', maxWidth: '960px' },
  actions: { display: 'flex', gap: '8px', alignItems: 'center', position: 'sticky', bottom: 0, paddingBlock: '8px' },
  problems: { margin: 0, paddingInlineStart: '20px' },
});

type Status = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved' } | { kind: 'invalid' } | { kind: 'failed'; message: string; code: string };

export function StandardsEditor({ api, groupId, isOwner, currentYear, holidaySource, onSaved }: StandardsEditorProps) {
  const styles = useStyles();
  const [loaded, setLoaded] = useState<TeamSettings | null>(null);
  const [draft, setDraft] = useState<TeamSettings | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [problems, setProblems] = useState<SettingsProblem[]>([]);
  const [status, setStatus] = useState<Status>({ kind: 'idle' });

  useEffect(() => {
    let current = true;
    api.getTeamSettings(groupId).then(
      (settings) => { if (current) { setLoaded(settings); setDraft(settings); } },
      (error: unknown) => current && setLoadError(error instanceof Error ? error.message : String(error)),
    );
    return () => { current = false; };
  }, [api, groupId]);

  if (loadError) {
    return <MessageBar intent="error"><MessageBarBody><MessageBarTitle>The standards could not be loaded</MessageBarTitle>{loadError}</MessageBarBody></MessageBar>;
  }
  if (!draft || !loaded) return <Spinner label="Loading the team's standards…" />;

  const readOnly = !isOwner;
  const dirty = JSON.stringify(draft) !== JSON.stringify(loaded);
  const change = (next: TeamSettings) => {
    setDraft(next);
    if (status.kind !== 'saving') setStatus({ kind: 'idle' });
    if (problems.length > 0) setProblems(validateSettings(next));
  };

  const save = async () => {
    const found = validateSettings(draft);
    setProblems(found);
    if (found.length > 0) { setStatus({ kind: 'invalid' }); return; }
    setStatus({ kind: 'saving' });
    try {
      const saved = await api.putTeamSettings(groupId, draft);
      setLoaded(saved);
      setDraft(saved);
      setStatus({ kind: 'saved' });
      onSaved?.(saved);
    } catch (error) {
      if (error instanceof ApiError && error.problem.errors?.length) setProblems(error.problem.errors);
      setStatus({
        kind: 'failed',
        message: error instanceof Error ? error.message : String(error),
        code: error instanceof ApiError ? error.code : 'unknown',
      });
    }
  };

  const sectionProps = { settings: draft, onChange: change, problems, readOnly };
  return (
    <section className={styles.root} aria-labelledby="standards-heading">
      <Text as="h2" id="standards-heading" size={500} weight="semibold">Standards, calendar and privacy</Text>
      {readOnly && (
        <MessageBar intent="info"><MessageBarBody>Only the team's owners edit standards. You can see them here.</MessageBarBody></MessageBar>
      )}
      <StandardsSection {...sectionProps} />
      <Divider />
      <CalendarSection {...sectionProps} />
      <Divider />
      <HolidaysSection {...sectionProps} holidaySource={holidaySource} defaultYear={currentYear} />
      <Divider />
      <PrivacySection {...sectionProps} />
      {status.kind === 'invalid' && (
        <MessageBar intent="error" role="alert">
          <MessageBarBody>
            <MessageBarTitle>Fix {problems.length === 1 ? 'this' : `these ${problems.length}`} before saving</MessageBarTitle>
            <ul className={styles.problems}>{problems.map((p) => <li key={p.path + p.message}>{p.message}</li>)}</ul>
          </MessageBarBody>
        </MessageBar>
      )}
      {status.kind === 'failed' && (
        <MessageBar intent="error" role="alert">
          <MessageBarBody><MessageBarTitle>Not saved</MessageBarTitle>{status.message} ({status.code})</MessageBarBody>
        </MessageBar>
      )}
      {status.kind === 'saved' && (
        <MessageBar intent="success" role="status">
          <MessageBarBody>Saved. Due times of the team's open requests were recomputed with the new standards.</MessageBarBody>
        </MessageBar>
      )}
      {!readOnly && (
        <div className={styles.actions}>
          <Button appearance="primary" onClick={() => void save()} disabled={status.kind === 'saving' || !dirty}>
            {status.kind === 'saving' ? 'Saving…' : 'Save standards'}
          </Button>
          <Button onClick={() => { setDraft(loaded); setProblems([]); setStatus({ kind: 'idle' }); }} disabled={!dirty || status.kind === 'saving'}>
            Discard changes
          </Button>
        </div>
      )}
    </section>
  );
}
