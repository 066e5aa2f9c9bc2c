/**
 * The standards editor: a team's standards, working calendar, holidays, out-of-office pause, privacy and the owners'
 * digest. Owners edit and save; everyone else sees the settings read-only, with a notice that only owners edit them. A save applies from
 * its instant on (settings are history): the saved message says what the server did — new standards apply to requests
 * tracked from now on, a calendar change recomputed the due times of N open requests, past holidays stayed as they
 * were. Validation runs on save: each problem shows next to its field, and the outcome (saved, or
 * what to fix) shows in a MessageBar at the top of the form, scrolled into view with focus moved to it. The Save bar
 * sticks to the bottom within the flow and never covers the field being edited. Unsaved edits are reported to the
 * parent (for its "Leave without saving?" dialog) and guard a reload or close with `beforeunload`.
 */
import { useEffect, useRef, useState, type FocusEvent } from 'react';
import { Button, Divider, MessageBar, MessageBarBody, MessageBarTitle, Spinner, Text, makeStyles, tokens } from '@fluentui/react-components';
import type { TeamSettings, TeamSettingsSaveOutcome } from '../../contracts/api';
import type { ApiClient } from '../shared/api-client';
import { ApiError } from '../shared/api-error';
import { CalendarSection } from './calendar-section';
import { HolidaysSection } from './holidays-section';
import type { HolidaySource } from './holiday-import';
import { OwnersDigestSection } from './owners-digest-section';
import { PrivacySection } from './privacy-section';
import { StandardsSection } from './standards-section';
import { problemsAtFields, validateSettings, type SettingsProblem } from './validate-settings';
import { useBeforeUnloadGuard } from './use-before-unload-guard';

export interface StandardsEditorProps {
  api: Pick<ApiClient, 'getTeamSettings' | 'putTeamSettings'>;
  groupId: string;
  isOwner: boolean;
  /** The year the holiday import starts on. */
  currentYear: number;
  holidaySource?: HolidaySource;
  /** Called with the saved settings (e.g. to refresh the dashboard). */
  onSaved?(settings: TeamSettings): void;
  /** Called when the draft starts or stops differing from the saved settings. */
  onDirtyChange?(dirty: boolean): void;
}

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: '16px', maxWidth: '960px' },
  // Sticky within the flow: it keeps its own place at the end (so it never hides the last field) and is opaque.
  actions: {
    display: 'flex', gap: '8px', alignItems: 'center', position: 'sticky', bottom: 0, zIndex: 1, paddingBlock: '8px',
    backgroundColor: tokens.colorNeutralBackground1, borderTop: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  status: { outlineOffset: '2px', scrollMarginTop: '8px' },
  problems: { margin: 0, paddingInlineStart: '20px' },
});

type Status = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved'; outcome: TeamSettingsSaveOutcome } | { kind: 'invalid' } | { kind: 'failed'; message: string; code: string };

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/** What a save did, in the editor's words: each sentence only when the server says it happened. */
export function savedSentences(outcome: TeamSettingsSaveOutcome): string[] {
  const out: string[] = [];
  if (outcome.standardsChanged) {
    out.push('The new standards apply to requests tracked from now on; requests already tracked keep the targets they were tracked under.');
  }
  if (outcome.dueTimes !== null) {
    const { recomputed, changed } = outcome.dueTimes;
    out.push(recomputed === 0
      ? 'The new calendar applies from now on; the team has no open requests whose due times it changes.'
      : `Due times of ${plural(recomputed, 'open request', 'open requests')} were recomputed for the new calendar (${changed} moved); time already counted keeps the calendar it was counted with.`);
  }
  if (outcome.pastHolidaysKept.length > 0) {
    out.push(`Past holidays stay as they were, so ${outcome.pastHolidaysKept.join(', ')} ${outcome.pastHolidaysKept.length === 1 ? 'is' : 'are'} kept.`);
  }
  if (outcome.pastHolidaysNotAdded.length > 0) {
    out.push(`Holidays before today are not added: ${outcome.pastHolidaysNotAdded.join(', ')}.`);
  }
  return out;
}

export function StandardsEditor({ api, groupId, isOwner, currentYear, holidaySource, onSaved, onDirtyChange }: StandardsEditorProps) {
  const styles = useStyles();
  const statusRef = useRef<HTMLDivElement>(null);
  const actionsRef = useRef<HTMLDivElement>(null);
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

  const dirty = draft !== null && loaded !== null && isOwner && JSON.stringify(draft) !== JSON.stringify(loaded);
  useEffect(() => { onDirtyChange?.(dirty); }, [dirty, onDirtyChange]);
  useBeforeUnloadGuard(dirty);

  // A save's outcome is shown at the top of the form: bring it into view and move focus to it (screen readers read it).
  useEffect(() => {
    if (status.kind !== 'saved' && status.kind !== 'failed' && status.kind !== 'invalid') return;
    const bar = statusRef.current;
    bar?.scrollIntoView?.({ block: 'start' });
    bar?.focus({ preventScroll: true });
  }, [status]);

  if (loadError) {
    return <MessageBar intent="error"><MessageBarBody><MessageBarTitle>The standards could not be loaded</MessageBarTitle>{loadError}</MessageBarBody></MessageBar>;
  }
  if (!draft || !loaded) return <Spinner label="Loading the team's standards…" />;

  const readOnly = !isOwner;
  /** Keeps the field that takes focus clear of the sticky Save bar (a browser scrolls it just into the viewport). */
  const keepClearOfActions = (event: FocusEvent<HTMLElement>) => {
    const bar = actionsRef.current;
    if (!bar || bar.contains(event.target)) return;
    const overlap = event.target.getBoundingClientRect().bottom - bar.getBoundingClientRect().top;
    if (overlap > 0) window.scrollBy({ top: overlap + 8 });
  };
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
      const { outcome, ...saved } = await api.putTeamSettings(groupId, draft);
      setLoaded(saved);
      setDraft(saved);
      setStatus({ kind: 'saved', outcome });
      onSaved?.(saved);
    } catch (error) {
      if (error instanceof ApiError && error.problem.errors?.length) setProblems(problemsAtFields(error.problem.errors));
      setStatus({
        kind: 'failed',
        message: error instanceof Error ? error.message : String(error),
        code: error instanceof ApiError ? error.code : 'unknown',
      });
    }
  };

  const sectionProps = { settings: draft, onChange: change, problems, readOnly };
  return (
    <section className={styles.root} aria-labelledby="standards-heading" onFocusCapture={keepClearOfActions}>
      <Text as="h2" id="standards-heading" size={500} weight="semibold">Standards, calendar and privacy</Text>
      {readOnly && (
        <MessageBar intent="info"><MessageBarBody>Only the team's owners edit standards. You can see them here.</MessageBarBody></MessageBar>
      )}
      <div ref={statusRef} tabIndex={-1} className={styles.status} data-testid="standards-status">
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
            <MessageBarBody>{['Saved.', ...savedSentences(status.outcome)].join(' ')}</MessageBarBody>
          </MessageBar>
        )}
      </div>
      <StandardsSection {...sectionProps} />
      <Divider />
      <CalendarSection {...sectionProps} />
      <Divider />
      <HolidaysSection {...sectionProps} holidaySource={holidaySource} defaultYear={currentYear} />
      <Divider />
      <PrivacySection {...sectionProps} />
      <Divider />
      <OwnersDigestSection {...sectionProps} />
      {!readOnly && (
        <div className={styles.actions} ref={actionsRef}>
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
