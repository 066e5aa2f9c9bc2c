import { useState } from 'react';
import { Button, Checkbox, Dropdown, Field, MessageBar, MessageBarBody, MessageBarTitle, Option, Select, makeStyles, tokens } from '@fluentui/react-components';
import type { MyCategoriesResponse, Priority, TrackRequestBody } from '../../contracts/api';
import { PRIORITIES } from '../../domain/priority';
import { noteFits } from '../../domain/request-note';
import { NoteField } from '../shared/note-field';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
});

const PRIORITY_LABEL: Record<Priority, string> = { low: 'Low', normal: 'Normal', high: 'High', urgent: 'Urgent' };

export interface TrackRequestFormProps {
  /** The sender is not a colleague: explain, and require the override box. */
  external: boolean;
  busy: boolean;
  /** My home team's categories (GET /api/me/categories); null while loading or when they could not be read. */
  categories: MyCategoriesResponse | null;
  onTrack: (choice: Omit<TrackRequestBody, 'source' | 'messageId'>) => void;
  /** The form's accessible name: what it tracks. Default "Track this email" (the Outlook task pane). */
  label?: string;
}

const NO_CATEGORY = '__none__';

/**
 * Track a message: a category from my team's list, priority and a note; an external sender needs an explicit, recorded
 * override. The one track form of the Outlook task pane and of the Teams "Track as request" dialog (issue 21).
 */
export function TrackRequestForm({ external, busy, categories, onTrack, label = 'Track this email' }: TrackRequestFormProps) {
  const styles = useStyles();
  const [category, setCategory] = useState(NO_CATEGORY);
  const [priority, setPriority] = useState<Priority>('normal');
  const [note, setNote] = useState('');
  const [override, setOverride] = useState(false);
  // A note over the limit is never cut: the form waits until it fits (the field says by how much).
  const blocked = (external && !override) || !noteFits(note);
  return (
    <form
      className={styles.root}
      aria-label={label}
      onSubmit={(event) => {
        event.preventDefault();
        if (blocked || busy) return;
        onTrack({
          ...(category !== NO_CATEGORY ? { category } : {}),
          priority,
          ...(note.trim() ? { note: note.trim() } : {}),
          ...(external ? { override: true } : {}),
        });
      }}
    >
      {external && (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>Not a colleague</MessageBarTitle>
            This sender is outside your organisation. Turnaround measures requests from colleagues; you can still track it,
            and it will be marked as an override in your queue and your team&apos;s numbers.
          </MessageBarBody>
        </MessageBar>
      )}
      <Field
        label="Category"
        hint={categories === null
          ? 'Loading your team’s categories…'
          : `${categories.team ? `${categories.team.displayName}’s categories` : 'Default categories (no home team: choose one in the Turnaround tab in Teams)'} — your team's service standards may depend on them.`}
      >
        <Dropdown
          value={category === NO_CATEGORY ? 'None' : category}
          selectedOptions={[category]}
          disabled={categories === null}
          onOptionSelect={(_e, data) => setCategory(data.optionValue ?? NO_CATEGORY)}
        >
          <Option value={NO_CATEGORY} text="None">None</Option>
          {(categories?.categories ?? []).map((c) => <Option key={c} value={c}>{c}</Option>)}
        </Dropdown>
      </Field>
      <Field label="Priority">
        <Select value={priority} onChange={(_e, data) => setPriority(data.value as Priority)}>
          {PRIORITIES.map((p) => (
            <option key={p} value={p}>{PRIORITY_LABEL[p]}</option>
          ))}
        </Select>
      </Field>
      <NoteField value={note} onChange={setNote} />
      {external && <Checkbox checked={override} onChange={(_e, data) => setOverride(data.checked === true)} label="Track it anyway (recorded as an override)" />}
      <Button appearance="primary" type="submit" disabled={blocked || busy}>Track request</Button>
    </form>
  );
}
