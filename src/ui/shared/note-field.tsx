import { Field, Textarea, makeStyles, tokens } from '@fluentui/react-components';
import { NOTE_MAX_CHARACTERS, noteFits } from '../../domain/request-note';
import { noteStrings } from './note-strings';

const useStyles = makeStyles({
  hint: { display: 'flex', justifyContent: 'space-between', gap: tokens.spacingHorizontalM },
  counter: { fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' },
});

export interface NoteFieldProps {
  value: string;
  onChange: (value: string) => void;
  /** BCP 47 locale for the counter's numbers ("1,000" / "1.000"). */
  locale?: string;
  disabled?: boolean;
}

/**
 * A request's private note: a counter ("123 / 1,000") under the box and, once over the limit, a Field validation
 * message next to it. It never cuts what was typed or pasted: the form refuses to save until the note fits.
 */
export function NoteField({ value, onChange, locale, disabled }: NoteFieldProps) {
  const styles = useStyles();
  const numbers = new Intl.NumberFormat(locale);
  const used = numbers.format(value.length);
  const max = numbers.format(NOTE_MAX_CHARACTERS);
  const fits = noteFits(value);
  return (
    <Field
      label={noteStrings.label}
      validationState={fits ? 'none' : 'error'}
      validationMessage={fits ? undefined : noteStrings.tooLong(numbers.format(value.length - NOTE_MAX_CHARACTERS), max)}
      hint={{
        className: styles.hint,
        children: (
          <>
            <span>{noteStrings.hint}</span>
            <span className={styles.counter} aria-label={noteStrings.counterLabel(used, max)} data-testid="note-counter">{noteStrings.counter(used, max)}</span>
          </>
        ),
      }}
    >
      <Textarea value={value} resize="vertical" disabled={disabled} onChange={(_e, data) => onChange(data.value)} />
    </Field>
  );
}
