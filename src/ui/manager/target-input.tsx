/** A working-time target entered as hours and minutes, held as whole minutes (NaN when a box is not a number). */
import { Field, Input, makeStyles } from '@fluentui/react-components';

const useStyles = makeStyles({ row: { display: 'flex', gap: '4px', alignItems: 'center' }, box: { width: '5.5em' } });

export interface TargetInputProps {
  label: string;
  minutes: number;
  onChange(minutes: number): void;
  validationMessage?: string;
  readOnly: boolean;
}

/** Splits whole minutes into the two boxes; NaN shows empty boxes. */
export function splitMinutes(minutes: number): { hours: string; minutes: string } {
  if (!Number.isFinite(minutes)) return { hours: '', minutes: '' };
  return { hours: String(Math.floor(minutes / 60)), minutes: String(minutes % 60) };
}

/** Hours and minutes as typed → total minutes; an empty box counts as 0, anything else non-numeric gives NaN. */
export function joinMinutes(hours: string, minutes: string): number {
  const h = hours.trim() === '' ? 0 : Number(hours);
  const m = minutes.trim() === '' ? 0 : Number(minutes);
  return h * 60 + m;
}

export function TargetInput({ label, minutes, onChange, validationMessage, readOnly }: TargetInputProps) {
  const styles = useStyles();
  const parts = splitMinutes(minutes);
  return (
    <Field label={label} validationMessage={validationMessage} validationState={validationMessage ? 'error' : 'none'}>
      <div className={styles.row} role="group" aria-label={label}>
        <Input className={styles.box} type="number" min={0} aria-label={`${label}, hours`} value={parts.hours} readOnly={readOnly}
          onChange={(_e, d) => onChange(joinMinutes(d.value, parts.minutes))} contentAfter="h" />
        <Input className={styles.box} type="number" min={0} max={59} aria-label={`${label}, minutes`} value={parts.minutes} readOnly={readOnly}
          onChange={(_e, d) => onChange(joinMinutes(parts.hours, d.value))} contentAfter="m" />
      </div>
    </Field>
  );
}
