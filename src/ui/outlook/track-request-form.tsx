import { useState } from 'react';
import { Button, Checkbox, Field, Input, MessageBar, MessageBarBody, MessageBarTitle, Select, Textarea, makeStyles, tokens } from '@fluentui/react-components';
import type { Priority, TrackRequestBody } from '../../contracts/api';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
});

const PRIORITIES: { value: Priority; label: string }[] = [
  { value: 'low', label: 'Low' },
  { value: 'normal', label: 'Normal' },
  { value: 'high', label: 'High' },
  { value: 'urgent', label: 'Urgent' },
];

export interface TrackRequestFormProps {
  /** The sender is not a colleague: explain, and require the override box. */
  external: boolean;
  busy: boolean;
  onTrack: (choice: Omit<TrackRequestBody, 'source' | 'messageId'>) => void;
}

/** Track the open email: category, priority and a note; an external sender needs an explicit, recorded override. */
export function TrackRequestForm({ external, busy, onTrack }: TrackRequestFormProps) {
  const styles = useStyles();
  const [category, setCategory] = useState('');
  const [priority, setPriority] = useState<Priority>('normal');
  const [note, setNote] = useState('');
  const [override, setOverride] = useState(false);
  const blocked = external && !override;
  return (
    <form
      className={styles.root}
      aria-label="Track this email"
      onSubmit={(event) => {
        event.preventDefault();
        if (blocked || busy) return;
        onTrack({
          ...(category.trim() ? { category: category.trim() } : {}),
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
      <Field label="Category" hint="For example IT, Payroll or HR — your team's service standards may depend on it.">
        <Input value={category} maxLength={64} onChange={(_e, data) => setCategory(data.value)} />
      </Field>
      <Field label="Priority">
        <Select value={priority} onChange={(_e, data) => setPriority(data.value as Priority)}>
          {PRIORITIES.map((p) => (
            <option key={p.value} value={p.value}>{p.label}</option>
          ))}
        </Select>
      </Field>
      <Field label="Note" hint="Only you see it.">
        <Textarea value={note} maxLength={500} onChange={(_e, data) => setNote(data.value)} />
      </Field>
      {external && <Checkbox checked={override} onChange={(_e, data) => setOverride(data.checked === true)} label="Track it anyway (recorded as an override)" />}
      <Button appearance="primary" type="submit" disabled={blocked || busy}>Track request</Button>
    </form>
  );
}
